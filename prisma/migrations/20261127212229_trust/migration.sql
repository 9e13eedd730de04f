-- CreateEnum
CREATE TYPE "role" AS ENUM ('CONTRIBUTOR', 'FACT_CHECKER', 'ADMIN');

-- AlterTable
ALTER TABLE "statement_link" ADD COLUMN     "created_by_id" UUID;

-- AlterTable
ALTER TABLE "verdict" ADD COLUMN     "reviewer_key_id" UUID;

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" UUID NOT NULL,
    "key_id" UUID,
    "key_name" TEXT NOT NULL,
    "key_role" "role",
    "operation" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim_review_import" (
    "id" UUID NOT NULL,
    "review_url" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "verdict_id" UUID,
    "publisher" TEXT,
    "document" JSONB NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "claim_review_import_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE INDEX "audit_entry_entity_type_entity_id_id_idx" ON "audit_entry"("entity_type", "entity_id", "id");

-- CreateIndex
CREATE INDEX "audit_entry_key_id_id_idx" ON "audit_entry"("key_id", "id");

-- CreateIndex
CREATE INDEX "audit_entry_created_at_id_idx" ON "audit_entry"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "claim_review_import_review_url_key" ON "claim_review_import"("review_url");

-- CreateIndex
CREATE INDEX "claim_review_import_statement_id_idx" ON "claim_review_import"("statement_id");

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "api_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim_review_import" ADD CONSTRAINT "claim_review_import_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_link" ADD CONSTRAINT "statement_link_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "api_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verdict" ADD CONSTRAINT "verdict_reviewer_key_id_fkey" FOREIGN KEY ("reviewer_key_id") REFERENCES "api_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below.

-- The audit trail is append-only, enforced by the database itself.
CREATE FUNCTION "forbid_audit_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry"
    FOR EACH ROW EXECUTE FUNCTION "forbid_audit_changes"();
CREATE TRIGGER "audit_entry_no_truncate" BEFORE TRUNCATE ON "audit_entry"
    FOR EACH STATEMENT EXECUTE FUNCTION "forbid_audit_changes"();

-- A key's hash is a SHA-256 hex digest; its prefix helps people tell keys apart.
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_hash_format" CHECK ("key_hash" ~ '^[0-9a-f]{64}$');
