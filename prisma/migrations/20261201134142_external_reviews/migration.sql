-- CreateTable
CREATE TABLE "external_review" (
    "id" UUID NOT NULL,
    "statement_id" UUID NOT NULL,
    "publisher" TEXT,
    "publisher_url" TEXT,
    "url" TEXT,
    "headline" TEXT,
    "review_date" TIMESTAMPTZ(3),
    "rating_text" TEXT,
    "rating_key" TEXT,
    "rating_value" DOUBLE PRECISION,
    "best_rating" DOUBLE PRECISION,
    "worst_rating" DOUBLE PRECISION,
    "status" "verification_status",
    "verdict_id" UUID,
    "document" JSONB NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "external_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim_review_rating" (
    "rating_key" TEXT NOT NULL,
    "rating" TEXT NOT NULL,
    "status" "verification_status" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "claim_review_rating_pkey" PRIMARY KEY ("rating_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "external_review_url_key" ON "external_review"("url");

-- CreateIndex
CREATE UNIQUE INDEX "external_review_verdict_id_key" ON "external_review"("verdict_id");

-- CreateIndex
CREATE INDEX "external_review_statement_id_id_idx" ON "external_review"("statement_id", "id");

-- CreateIndex
CREATE INDEX "external_review_rating_key_idx" ON "external_review"("rating_key");

-- AddForeignKey
ALTER TABLE "external_review" ADD CONSTRAINT "external_review_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below.

-- Reviews imported before this migration become external reviews. Their
-- verdicts stay (verdicts are never deleted); external_review.verdict_id
-- records which verdicts were imported, so that our ClaimReview feed and
-- Statement.claimReview leave them out. The fields are read from the stored
-- document the way the import reads them: JSON-LD allows one value or
-- several, and a value object ({"@value": ...}) for text.
CREATE FUNCTION "claim_review_json_text"(value jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v jsonb := value;
    t text;
BEGIN
    IF jsonb_typeof(v) = 'array' THEN v := v -> 0; END IF;
    IF jsonb_typeof(v) = 'object' THEN v := v -> '@value'; END IF;
    IF jsonb_typeof(v) NOT IN ('string', 'number') THEN RETURN NULL; END IF;
    t := btrim(v #>> '{}');
    RETURN CASE WHEN t = '' THEN NULL ELSE t END;
END;
$$;

CREATE FUNCTION "claim_review_json_first"(value jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'array' THEN value -> 0 ELSE value END
$$;

-- A date or number the import would not have read is no reason to fail the migration.
CREATE FUNCTION "claim_review_try_timestamptz"(value text) RETURNS timestamptz LANGUAGE plpgsql AS $$
BEGIN
    RETURN value::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END;
$$;

CREATE FUNCTION "claim_review_try_float"(value text) RETURNS double precision LANGUAGE plpgsql AS $$
BEGIN
    IF value !~ '^-?[0-9]+(\.[0-9]+)?$' THEN RETURN NULL; END IF;
    RETURN value::double precision;
END;
$$;

INSERT INTO "external_review" (
    "id", "statement_id", "publisher", "publisher_url", "url", "headline", "review_date",
    "rating_text", "rating_key", "rating_value", "best_rating", "worst_rating", "status",
    "verdict_id", "document", "imported_at"
)
SELECT
    i."id",
    i."statement_id",
    i."publisher",
    CASE WHEN reviewer.url ~* '^https?://' THEN reviewer.url END,
    i."review_url",
    coalesce("claim_review_json_text"(i."document" -> 'name'), "claim_review_json_text"(i."document" -> 'headline')),
    "claim_review_try_timestamptz"("claim_review_json_text"(i."document" -> 'datePublished')),
    rating.alternate_name,
    nullif(btrim(regexp_replace(lower(rating.alternate_name), '[^[:alnum:]]+', ' ', 'g')), ''),
    "claim_review_try_float"("claim_review_json_text"(rating.node -> 'ratingValue')),
    "claim_review_try_float"("claim_review_json_text"(rating.node -> 'bestRating')),
    "claim_review_try_float"("claim_review_json_text"(rating.node -> 'worstRating')),
    v."status",
    v."id",
    i."document",
    i."imported_at"
FROM "claim_review_import" i
LEFT JOIN "verdict" v ON v."id" = i."verdict_id"
CROSS JOIN LATERAL (
    SELECT "claim_review_json_first"(i."document" -> 'reviewRating') AS node
) r
CROSS JOIN LATERAL (
    SELECT r.node, "claim_review_json_text"(r.node -> 'alternateName') AS alternate_name
) rating
CROSS JOIN LATERAL (
    SELECT "claim_review_json_text"(
        "claim_review_json_first"(coalesce(i."document" -> 'author', i."document" -> 'publisher')) -> 'url'
    ) AS url
) reviewer;

DROP FUNCTION "claim_review_json_text"(jsonb);
DROP FUNCTION "claim_review_json_first"(jsonb);
DROP FUNCTION "claim_review_try_timestamptz"(text);
DROP FUNCTION "claim_review_try_float"(text);

DROP TABLE "claim_review_import";

-- The import's duplicate check (the same speaker's statement with the same
-- text, ignoring case and surrounding blanks) repeats this expression, so it
-- is an index look-up instead of a scan of the speaker's statements.
CREATE INDEX "statement_speaker_text_key_idx" ON "statement" ("speaker_id", md5(lower(btrim("text"))));
