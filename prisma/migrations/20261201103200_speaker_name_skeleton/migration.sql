-- AlterTable
ALTER TABLE "speaker" ADD COLUMN     "name_skeleton" TEXT;

-- CreateIndex
CREATE INDEX "speaker_name_skeleton_idx" ON "speaker"("name_skeleton");

-- Rows written before this column have no skeleton: SQL cannot compute one
-- (it needs Unicode decomposition and the confusables map of src/names.ts),
-- so SpeakerService fills them in before its first look-alike check.
