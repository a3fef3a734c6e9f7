-- CreateTable
CREATE TABLE "BodhiRelease" (
    "name" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "stableTag" TEXT NOT NULL DEFAULT '',
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BodhiRelease_pkey" PRIMARY KEY ("name")
);

