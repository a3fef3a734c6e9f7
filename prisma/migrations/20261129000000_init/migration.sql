-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('proposed', 'accepted', 'rejected', 'conflict');

-- CreateTable
CREATE TABLE "Release" (
    "id" SERIAL NOT NULL,
    "number" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" SERIAL NOT NULL,
    "releaseId" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "blockerTrackerId" INTEGER NOT NULL,
    "blockerTrackerAlias" TEXT,
    "feTrackerId" INTEGER NOT NULL,
    "feTrackerAlias" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "current" BOOLEAN NOT NULL DEFAULT false,
    "lastSyncAt" TIMESTAMP(3),
    "lastFullSyncAt" TIMESTAMP(3),
    "bugzillaWatermark" TIMESTAMP(3),
    "lastSyncAttemptAt" TIMESTAMP(3),
    "lastSyncError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bug" (
    "id" INTEGER NOT NULL,
    "alias" TEXT[],
    "summary" TEXT NOT NULL DEFAULT '',
    "component" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT '',
    "resolution" TEXT NOT NULL DEFAULT '',
    "whiteboard" TEXT NOT NULL DEFAULT '',
    "keywords" TEXT[],
    "flags" JSONB,
    "needinfo" TEXT[],
    "prioritized" BOOLEAN NOT NULL DEFAULT false,
    "dependsOn" INTEGER[],
    "blocks" INTEGER[],
    "lastChangeTime" TIMESTAMP(3),
    "openDependsOn" INTEGER[],
    "inaccessible" TEXT,
    "fetchedAt" TIMESTAMP(3),

    CONSTRAINT "Bug_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MilestoneBug" (
    "id" SERIAL NOT NULL,
    "milestoneId" INTEGER NOT NULL,
    "bugId" INTEGER NOT NULL,
    "blocker" "ReviewState",
    "fe" "ReviewState",
    "accepted0Day" BOOLEAN NOT NULL DEFAULT false,
    "acceptedPreviousRelease" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT '',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MilestoneBug_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BugEvent" (
    "id" SERIAL NOT NULL,
    "bugId" INTEGER NOT NULL,
    "milestoneId" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" TEXT,
    "newValue" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "syncRunId" INTEGER,

    CONSTRAINT "BugEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT NOT NULL DEFAULT 'running',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Release_number_key" ON "Release"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_releaseId_version_key" ON "Milestone"("releaseId", "version");

-- CreateIndex
CREATE INDEX "MilestoneBug_milestoneId_active_idx" ON "MilestoneBug"("milestoneId", "active");

-- CreateIndex
CREATE UNIQUE INDEX "MilestoneBug_milestoneId_bugId_key" ON "MilestoneBug"("milestoneId", "bugId");

-- CreateIndex
CREATE INDEX "BugEvent_bugId_at_idx" ON "BugEvent"("bugId", "at");

-- CreateIndex
CREATE INDEX "SyncRun_source_startedAt_idx" ON "SyncRun"("source", "startedAt");

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MilestoneBug" ADD CONSTRAINT "MilestoneBug_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MilestoneBug" ADD CONSTRAINT "MilestoneBug_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "Bug"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BugEvent" ADD CONSTRAINT "BugEvent_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "Bug"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BugEvent" ADD CONSTRAINT "BugEvent_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- At most one current milestone (Prisma cannot express partial indexes).
CREATE UNIQUE INDEX "Milestone_single_current_key" ON "Milestone" ("current") WHERE "current";
