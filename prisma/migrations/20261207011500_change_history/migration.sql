-- AlterTable
ALTER TABLE "Update" ADD COLUMN     "stableAt" TIMESTAMP(3),
ADD COLUMN     "testingAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "VoteCast" (
    "id" SERIAL NOT NULL,
    "bugId" INTEGER NOT NULL,
    "tracker" TEXT NOT NULL,
    "voter" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "commentId" INTEGER NOT NULL,
    "votedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VoteCast_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VoteCast_bugId_votedAt_idx" ON "VoteCast"("bugId", "votedAt");

-- AddForeignKey
ALTER TABLE "VoteCast" ADD CONSTRAINT "VoteCast_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "DiscussionTicket"("bugId") ON DELETE CASCADE ON UPDATE CASCADE;


-- Every vote cast is shown by the changes page and its feed: a change moves the data version
-- (see 20261206213210_data_version).
CREATE CONSTRAINT TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE ON "VoteCast"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION blockerbugs_bump_data_version();
