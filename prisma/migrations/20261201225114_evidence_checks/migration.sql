-- CreateEnum
CREATE TYPE "evidence_result" AS ENUM ('OK', 'CHANGED', 'MOVED', 'GONE', 'REFUSED');

-- AlterEnum
ALTER TYPE "event_type" ADD VALUE 'EVIDENCE_ROTTED';

-- CreateTable
CREATE TABLE "evidence_check" (
    "id" UUID NOT NULL,
    "evidence_id" UUID NOT NULL,
    "result" "evidence_result" NOT NULL,
    "baseline" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT NOT NULL,
    "http_status" INTEGER,
    "final_url" TEXT,
    "redirects" INTEGER NOT NULL DEFAULT 0,
    "content_type" TEXT,
    "size" INTEGER,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "sha256" TEXT,
    "title" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "body" BYTEA,
    "stored_bytes" INTEGER,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_fetch" (
    "evidence_id" UUID NOT NULL,
    "due_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "evidence_fetch_pkey" PRIMARY KEY ("evidence_id")
);

-- CreateIndex
CREATE INDEX "evidence_check_evidence_id_fetched_at_id_idx" ON "evidence_check"("evidence_id", "fetched_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "evidence_fetch_due_at_idx" ON "evidence_fetch"("due_at");

-- AddForeignKey
ALTER TABLE "evidence_check" ADD CONSTRAINT "evidence_check_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_fetch" ADD CONSTRAINT "evidence_fetch_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- What a fetch found is history, as the verdict it checks is: appended, never changed.
CREATE TRIGGER "evidence_check_append_only" BEFORE UPDATE OR DELETE ON "evidence_check"
    FOR EACH ROW EXECUTE FUNCTION "forbid_verdict_changes"();
ALTER TABLE "evidence_check" ADD CONSTRAINT "evidence_check_size_check" CHECK ("size" IS NULL OR "size" >= 0);
