-- A verdict is about exact words: each verdict row keeps the statement's
-- version, text, quote and speaker it judged, and ClaimReview publishes
-- those, never the statement's current words. A link keeps its creator's
-- role, which removing it requires.

-- AlterTable
ALTER TABLE "statement_link" ADD COLUMN     "created_by_role" "role";

-- AlterTable
ALTER TABLE "verdict" ADD COLUMN     "judged_quote" TEXT,
ADD COLUMN     "judged_speaker_id" UUID,
ADD COLUMN     "judged_speaker_name" TEXT,
ADD COLUMN     "judged_text" TEXT,
ADD COLUMN     "reopened_by_edit" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "statement_version" INTEGER;

-- Existing links: the role the audit trail recorded for the key that made
-- the link, else the key's role; a link whose maker is unknown is treated as
-- an ADMIN's, so that nobody below can remove it.
UPDATE "statement_link" l SET "created_by_role" = coalesce(
  (SELECT a."key_role" FROM "audit_entry" a
    WHERE a."entity_type" = 'StatementLink' AND a."entity_id" = l."id" AND a."operation" = 'linkStatements'
    ORDER BY a."id" LIMIT 1),
  (SELECT k."role" FROM "api_key" k WHERE k."id" = l."created_by_id"),
  'ADMIN');

-- Existing verdicts: the version judged is the one setVerdict's audit entry
-- recorded. The words of that version are those the first later edit's audit
-- entry saw before it changed them; with no later edit, the current words.
-- Verdicts are append-only (verdict_append_only); this one backfill is the
-- only update they ever get.
ALTER TABLE "verdict" DISABLE TRIGGER "verdict_append_only";
WITH judged AS (
  SELECT v."id", v."statement_id", coalesce((va."before"->>'version')::int, s."version") AS "version"
  FROM "verdict" v
  JOIN "statement" s ON s."id" = v."statement_id"
  LEFT JOIN LATERAL (
    SELECT a."before" FROM "audit_entry" a
    WHERE a."entity_type" = 'Verdict' AND a."entity_id" = v."id" AND a."operation" = 'setVerdict'
    ORDER BY a."id" LIMIT 1
  ) va ON true
), words AS (
  SELECT j."id", j."version",
    CASE WHEN e."before" IS NULL THEN s."text" ELSE e."before"->>'text' END AS "text",
    CASE WHEN e."before" IS NULL THEN s."quote" ELSE e."before"->>'quote' END AS "quote",
    CASE WHEN e."before" IS NULL THEN s."speaker_id" ELSE (e."before"->>'speakerId')::uuid END AS "speaker_id"
  FROM judged j
  JOIN "statement" s ON s."id" = j."statement_id"
  LEFT JOIN LATERAL (
    SELECT a."before" FROM "audit_entry" a
    WHERE a."entity_type" = 'Statement' AND a."entity_id" = j."statement_id" AND a."operation" = 'updateStatement'
      AND (a."before"->>'version')::int > j."version"
    ORDER BY (a."before"->>'version')::int, a."id" LIMIT 1
  ) e ON true
)
UPDATE "verdict" v SET
  "statement_version" = w."version",
  "judged_text" = w."text",
  "judged_quote" = w."quote",
  "judged_speaker_id" = w."speaker_id",
  "judged_speaker_name" = sp."name"
FROM words w JOIN "speaker" sp ON sp."id" = w."speaker_id"
WHERE v."id" = w."id";
ALTER TABLE "verdict" ENABLE TRIGGER "verdict_append_only";

ALTER TABLE "statement_link" ALTER COLUMN "created_by_role" SET NOT NULL;
ALTER TABLE "verdict" ALTER COLUMN "judged_speaker_id" SET NOT NULL,
ALTER COLUMN "judged_speaker_name" SET NOT NULL,
ALTER COLUMN "judged_text" SET NOT NULL,
ALTER COLUMN "statement_version" SET NOT NULL;

-- AddForeignKey
ALTER TABLE "verdict" ADD CONSTRAINT "verdict_judged_speaker_id_fkey" FOREIGN KEY ("judged_speaker_id") REFERENCES "speaker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
