-- CreateTable
CREATE TABLE "Update" (
    "alias" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "releaseName" TEXT NOT NULL,
    "stableTag" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "request" TEXT,
    "karma" INTEGER NOT NULL DEFAULT 0,
    "stableKarma" INTEGER,
    "url" TEXT NOT NULL DEFAULT '',
    "submitter" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3),
    "pushedAt" TIMESTAMP(3),
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Update_pkey" PRIMARY KEY ("alias")
);

-- CreateTable
CREATE TABLE "UpdateBug" (
    "updateAlias" TEXT NOT NULL,
    "bugId" INTEGER NOT NULL,

    CONSTRAINT "UpdateBug_pkey" PRIMARY KEY ("updateAlias","bugId")
);

-- CreateTable
CREATE TABLE "Build" (
    "nvr" TEXT NOT NULL,
    "tags" TEXT[],
    "tagsFetchedAt" TIMESTAMP(3),
    "kojiError" TEXT,

    CONSTRAINT "Build_pkey" PRIMARY KEY ("nvr")
);

-- CreateTable
CREATE TABLE "UpdateBuild" (
    "updateAlias" TEXT NOT NULL,
    "nvr" TEXT NOT NULL,

    CONSTRAINT "UpdateBuild_pkey" PRIMARY KEY ("updateAlias","nvr")
);

-- CreateTable
CREATE TABLE "DiscussionTicket" (
    "bugId" INTEGER NOT NULL,
    "issueId" INTEGER,
    "url" TEXT,
    "status" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[],
    "meeting" BOOLEAN NOT NULL DEFAULT false,
    "lastUpdated" TIMESTAMP(3),
    "fetchedAt" TIMESTAMP(3),
    "createdByApp" BOOLEAN NOT NULL DEFAULT false,
    "claimedAt" TIMESTAMP(3),

    CONSTRAINT "DiscussionTicket_pkey" PRIMARY KEY ("bugId")
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" SERIAL NOT NULL,
    "bugId" INTEGER NOT NULL,
    "tracker" TEXT NOT NULL,
    "voter" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "commentId" INTEGER NOT NULL,
    "votedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Vote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "login" TEXT NOT NULL,
    "subject" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "groups" TEXT[],
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" SERIAL NOT NULL,
    "submissionKey" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "bugId" INTEGER NOT NULL,
    "milestoneId" INTEGER NOT NULL,
    "blocker" BOOLEAN NOT NULL,
    "fe" BOOLEAN NOT NULL,
    "justification" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL DEFAULT 'writing',
    "ccAdded" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UpdateBug_bugId_idx" ON "UpdateBug"("bugId");

-- CreateIndex
CREATE INDEX "UpdateBuild_nvr_idx" ON "UpdateBuild"("nvr");

-- CreateIndex
CREATE UNIQUE INDEX "DiscussionTicket_issueId_key" ON "DiscussionTicket"("issueId");

-- CreateIndex
CREATE UNIQUE INDEX "Vote_bugId_tracker_voter_key" ON "Vote"("bugId", "tracker", "voter");

-- CreateIndex
CREATE UNIQUE INDEX "User_login_key" ON "User"("login");

-- CreateIndex
CREATE UNIQUE INDEX "User_subject_key" ON "User"("subject");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_submissionKey_key" ON "Proposal"("submissionKey");

-- CreateIndex
CREATE INDEX "Proposal_userId_createdAt_idx" ON "Proposal"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "UpdateBug" ADD CONSTRAINT "UpdateBug_updateAlias_fkey" FOREIGN KEY ("updateAlias") REFERENCES "Update"("alias") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateBug" ADD CONSTRAINT "UpdateBug_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "Bug"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateBuild" ADD CONSTRAINT "UpdateBuild_updateAlias_fkey" FOREIGN KEY ("updateAlias") REFERENCES "Update"("alias") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateBuild" ADD CONSTRAINT "UpdateBuild_nvr_fkey" FOREIGN KEY ("nvr") REFERENCES "Build"("nvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiscussionTicket" ADD CONSTRAINT "DiscussionTicket_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "Bug"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_bugId_fkey" FOREIGN KEY ("bugId") REFERENCES "DiscussionTicket"("bugId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone"("id") ON DELETE CASCADE ON UPDATE CASCADE;

