-- CreateEnum
CREATE TYPE "candidate_status" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- CreateTable
CREATE TABLE "article" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "source_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "language" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candidate" (
    "id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "speaker_text" TEXT NOT NULL,
    "speaker_name" TEXT NOT NULL,
    "speaker_id" UUID,
    "speaker_score" DOUBLE PRECISION,
    "quote" TEXT,
    "text" TEXT NOT NULL,
    "verb" TEXT NOT NULL,
    "stance" TEXT NOT NULL,
    "carrier" TEXT,
    "carrier_source_id" UUID,
    "stated_at" TIMESTAMPTZ(3),
    "start_offset" INTEGER NOT NULL,
    "end_offset" INTEGER NOT NULL,
    "suggestions" JSONB NOT NULL DEFAULT '[]',
    "status" "candidate_status" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "statement_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,

    CONSTRAINT "candidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "article_url_key" ON "article"("url");

-- CreateIndex
CREATE UNIQUE INDEX "candidate_statement_id_key" ON "candidate"("statement_id");

-- CreateIndex
CREATE UNIQUE INDEX "candidate_article_id_position_key" ON "candidate"("article_id", "position");

-- AddForeignKey
ALTER TABLE "article" ADD CONSTRAINT "article_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate" ADD CONSTRAINT "candidate_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate" ADD CONSTRAINT "candidate_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below.
ALTER TABLE "candidate" ADD CONSTRAINT "candidate_stance_known" CHECK ("stance" IN ('ASSERTS', 'DENIES'));
ALTER TABLE "candidate" ADD CONSTRAINT "candidate_offsets" CHECK ("start_offset" >= 0 AND "end_offset" >= "start_offset");
ALTER TABLE "candidate" ADD CONSTRAINT "candidate_decision" CHECK (
    ("status" = 'PENDING' AND "decided_at" IS NULL)
    OR ("status" = 'ACCEPTED' AND "statement_id" IS NOT NULL AND "decided_at" IS NOT NULL)
    OR ("status" = 'REJECTED' AND "decided_at" IS NOT NULL AND length(btrim(coalesce("reason", ''))) > 0)
);
