-- Trigram matching for typo-tolerant search (a contrib extension that ships
-- with PostgreSQL and with the embedded PGlite build).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "source_kind" AS ENUM ('NEWS_AGENCY', 'BROADCASTER', 'NEWSPAPER', 'STATE_MEDIA', 'GOVERNMENT', 'ONLINE', 'OTHER');

-- CreateEnum
CREATE TYPE "speaker_kind" AS ENUM ('PERSON', 'ORGANIZATION', 'GOVERNMENT_BODY');

-- CreateEnum
CREATE TYPE "verification_status" AS ENUM ('UNVERIFIED', 'IN_REVIEW', 'TRUE', 'MOSTLY_TRUE', 'MIXED', 'MISLEADING', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN');

-- CreateEnum
CREATE TYPE "link_kind" AS ENUM ('REBUTS', 'SUPPORTS', 'REPEATS', 'CLARIFIES');

-- CreateEnum
CREATE TYPE "evidence_stance" AS ENUM ('SUPPORTS', 'REFUTES', 'CONTEXT');

-- CreateTable
CREATE TABLE "source" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "source_kind" NOT NULL,
    "country" CHAR(2),
    "homepage_url" TEXT,
    "state_affiliated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "speaker" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "speaker_kind" NOT NULL,
    "affiliation" TEXT,
    "title" TEXT,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "speaker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement" (
    "id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "quote" TEXT,
    "speaker_id" UUID NOT NULL,
    "stated_at" TIMESTAMPTZ(3),
    "language" TEXT NOT NULL DEFAULT 'en',
    "status" "verification_status" NOT NULL DEFAULT 'UNVERIFIED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appearance" (
    "id" UUID NOT NULL,
    "statement_id" UUID NOT NULL,
    "source_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "wording" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appearance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement_link" (
    "id" UUID NOT NULL,
    "from_id" UUID NOT NULL,
    "to_id" UUID NOT NULL,
    "kind" "link_kind" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "statement_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verdict" (
    "id" UUID NOT NULL,
    "statement_id" UUID NOT NULL,
    "status" "verification_status" NOT NULL,
    "rationale" TEXT,
    "reviewer" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verdict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" UUID NOT NULL,
    "verdict_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "stance" "evidence_stance" NOT NULL,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "source_slug_key" ON "source"("slug");

-- CreateIndex
CREATE INDEX "speaker_name_trgm_idx" ON "speaker" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "statement_speaker_id_id_idx" ON "statement"("speaker_id", "id");

-- CreateIndex
CREATE INDEX "statement_status_id_idx" ON "statement"("status", "id");

-- CreateIndex
CREATE INDEX "statement_language_id_idx" ON "statement"("language", "id");

-- CreateIndex
CREATE INDEX "statement_stated_at_id_idx" ON "statement"("stated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "statement_text_trgm_idx" ON "statement" USING GIN ("text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "statement_quote_trgm_idx" ON "statement" USING GIN ("quote" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "appearance_source_id_statement_id_idx" ON "appearance"("source_id", "statement_id");

-- CreateIndex
CREATE UNIQUE INDEX "appearance_statement_id_url_key" ON "appearance"("statement_id", "url");

-- CreateIndex
CREATE INDEX "statement_link_to_id_kind_idx" ON "statement_link"("to_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "statement_link_from_id_to_id_kind_key" ON "statement_link"("from_id", "to_id", "kind");

-- CreateIndex
CREATE INDEX "verdict_statement_id_created_at_id_idx" ON "verdict"("statement_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "evidence_verdict_id_position_key" ON "evidence"("verdict_id", "position");

-- AddForeignKey
ALTER TABLE "statement" ADD CONSTRAINT "statement_speaker_id_fkey" FOREIGN KEY ("speaker_id") REFERENCES "speaker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appearance" ADD CONSTRAINT "appearance_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appearance" ADD CONSTRAINT "appearance_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_link" ADD CONSTRAINT "statement_link_from_id_fkey" FOREIGN KEY ("from_id") REFERENCES "statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_link" ADD CONSTRAINT "statement_link_to_id_fkey" FOREIGN KEY ("to_id") REFERENCES "statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verdict" ADD CONSTRAINT "verdict_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_verdict_id_fkey" FOREIGN KEY ("verdict_id") REFERENCES "verdict"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below: what prisma/schema.prisma cannot express.

-- Full-text search over what was said: the text and the verbatim quote.
-- The service's search query repeats this exact expression so the planner
-- uses the index.
CREATE INDEX "statement_fts_idx" ON "statement"
    USING GIN (to_tsvector('english'::regconfig, "text" || ' ' || coalesce("quote", '')));

-- Integrity that must hold whatever client writes to the database.
ALTER TABLE "statement_link" ADD CONSTRAINT "statement_link_not_self" CHECK ("from_id" <> "to_id");
ALTER TABLE "statement" ADD CONSTRAINT "statement_version_positive" CHECK ("version" >= 1);
ALTER TABLE "statement" ADD CONSTRAINT "statement_text_not_blank" CHECK (length(btrim("text")) > 0);
ALTER TABLE "verdict" ADD CONSTRAINT "verdict_rationale_required" CHECK (
    "status" IN ('UNVERIFIED', 'IN_REVIEW') OR length(btrim(coalesce("rationale", ''))) > 0
);

-- A fact-check is never lost or overwritten: verdicts and their evidence are
-- append-only, enforced by the database itself.
CREATE FUNCTION "forbid_verdict_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'verdict history is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "verdict_append_only" BEFORE UPDATE OR DELETE ON "verdict"
    FOR EACH ROW EXECUTE FUNCTION "forbid_verdict_changes"();
CREATE TRIGGER "evidence_append_only" BEFORE UPDATE OR DELETE ON "evidence"
    FOR EACH ROW EXECUTE FUNCTION "forbid_verdict_changes"();
CREATE TRIGGER "verdict_no_truncate" BEFORE TRUNCATE ON "verdict"
    FOR EACH STATEMENT EXECUTE FUNCTION "forbid_verdict_changes"();
CREATE TRIGGER "evidence_no_truncate" BEFORE TRUNCATE ON "evidence"
    FOR EACH STATEMENT EXECUTE FUNCTION "forbid_verdict_changes"();
