-- AlterTable
ALTER TABLE "BugEvent" ADD COLUMN     "atFromHistory" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BugChange" (
    "id" SERIAL NOT NULL,
    "bugId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "who" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "removed" TEXT NOT NULL,
    "added" TEXT NOT NULL,

    CONSTRAINT "BugChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BugHistoryFetch" (
    "bugId" INTEGER NOT NULL,
    "fetchedAt" TIMESTAMP(3),
    "blocks" INTEGER[],
    "whiteboard" TEXT NOT NULL DEFAULT '',
    "filedAt" TIMESTAMP(3),
    "filedBy" TEXT,
    "failedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "BugHistoryFetch_pkey" PRIMARY KEY ("bugId")
);

-- CreateTable
CREATE TABLE "MilestoneProposal" (
    "milestoneId" INTEGER NOT NULL,
    "bugId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3),
    "proposedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "previouslyRejected" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "MilestoneProposal_pkey" PRIMARY KEY ("milestoneId","bugId","kind")
);

-- CreateIndex
CREATE INDEX "BugChange_bugId_seq_idx" ON "BugChange"("bugId", "seq");

-- AddForeignKey
ALTER TABLE "BugChange" ADD CONSTRAINT "BugChange_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "Bug"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BugHistoryFetch" ADD CONSTRAINT "BugHistoryFetch_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "Bug"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MilestoneProposal" ADD CONSTRAINT "MilestoneProposal_milestoneId_bugId_fkey" FOREIGN KEY ("milestoneId", "bugId") REFERENCES "MilestoneBug"("milestoneId", "bugId") ON DELETE CASCADE ON UPDATE CASCADE;

