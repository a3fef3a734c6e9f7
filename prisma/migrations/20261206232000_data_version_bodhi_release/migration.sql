-- Bodhi's current releases decide which previous-release updates the pages show: a change moves the data version.
CREATE CONSTRAINT TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE ON "BodhiRelease"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION blockerbugs_bump_data_version();
