-- AlterTable
ALTER TABLE "Bug" ADD COLUMN     "assignee" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Update" ADD COLUMN     "gating" TEXT;

