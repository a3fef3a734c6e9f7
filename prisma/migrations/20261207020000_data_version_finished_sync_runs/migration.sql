-- A sync run still running is on no cached page (the pages show the last finished run of each source,
-- the sync status pages are never cached): writing one leaves the data version alone, so a sync moves
-- it once less per source. Finishing a run, or changing or deleting a finished one, moves it as before.
-- (Same body as blockerbugs_bump_data_version, behind the condition: no comment here may hold a
-- semicolon, see the data_version migration.)
CREATE FUNCTION blockerbugs_bump_data_version_finished_run() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF (TG_OP <> ''DELETE'' AND NEW."outcome" <> ''running'')
     OR (TG_OP <> ''INSERT'' AND OLD."outcome" <> ''running'') THEN
    IF current_setting(''blockerbugs.data_version_bumped'', true) IS DISTINCT FROM ''on'' THEN
      PERFORM set_config(''blockerbugs.data_version_bumped'', ''on'', true)\x3b
      UPDATE "DataVersion"
        SET "version" = "version" + 1, "changedAt" = clock_timestamp() AT TIME ZONE ''UTC''
        WHERE "id" = 1\x3b
    END IF\x3b
  END IF\x3b
  RETURN NULL\x3b
END';

DROP TRIGGER data_version ON "SyncRun";
CREATE CONSTRAINT TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE ON "SyncRun"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION blockerbugs_bump_data_version_finished_run();
