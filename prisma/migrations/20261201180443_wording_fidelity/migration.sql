-- CreateEnum
CREATE TYPE "wording_fidelity" AS ENUM ('VERBATIM', 'TRIMMED', 'PARAPHRASED', 'ALTERED');

-- AlterTable
ALTER TABLE "appearance" ADD COLUMN     "fidelity" "wording_fidelity",
ADD COLUMN     "fidelity_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "appearance_fidelity_statement_id_idx" ON "appearance"("fidelity", "statement_id");
