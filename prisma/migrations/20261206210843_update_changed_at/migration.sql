-- AlterTable
ALTER TABLE "Update" ADD COLUMN     "changedAt" TIMESTAMP(3);

