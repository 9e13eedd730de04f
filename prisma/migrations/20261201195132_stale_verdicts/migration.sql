-- CreateEnum
CREATE TYPE "reopen_reason" AS ENUM ('NEW_APPEARANCE', 'REPEATED');

-- AlterEnum
ALTER TYPE "event_type" ADD VALUE 'REVIEW_REOPENED';

-- AlterTable
ALTER TABLE "source" ADD COLUMN     "reach" INTEGER;

-- AlterTable
ALTER TABLE "verdict" ADD COLUMN     "reopen_reason" "reopen_reason",
ADD COLUMN     "review_after" TIMESTAMPTZ(3);

-- An audience is a count.
ALTER TABLE "source" ADD CONSTRAINT "source_reach_check" CHECK ("reach" IS NULL OR "reach" >= 0);
