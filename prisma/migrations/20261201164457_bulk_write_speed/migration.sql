-- Writing a statement is cheaper by what nothing reads any more: the
-- trigram indexes of whole texts and quotes served the similarity search
-- the relevance engine replaced (close spellings are found word by word,
-- through search_word), and each statement written added dozens of
-- trigrams to each.
-- DropIndex
DROP INDEX "statement_quote_trgm_idx";

-- DropIndex
DROP INDEX "statement_text_trgm_idx";

-- DropForeignKey
ALTER TABLE "search_posting" DROP CONSTRAINT "search_posting_statement_id_fkey";

-- Without the foreign key, a statement's postings go with its document.
CREATE FUNCTION "search_document_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "search_posting" p USING "removed" r WHERE p."statement_id" = r."statement_id";
    RETURN NULL;
END $$;

CREATE TRIGGER "search_document_deleted" AFTER DELETE ON "search_document"
    REFERENCING OLD TABLE AS "removed" FOR EACH STATEMENT EXECUTE FUNCTION "search_document_deleted"();

DROP FUNCTION "search_length"(tsvector);

-- Indexing reads each field's words once: the lengths come from the same
-- pass that counts the postings (search_length unnested every vector a
-- second time), and JIT is off (see below).
CREATE OR REPLACE FUNCTION "search_reindex"("ids" uuid[]) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    DELETE FROM "search_document" WHERE "statement_id" = ANY("ids");
    WITH "fields" AS (
        SELECT s."id",
               s."text" || ' ' || coalesce(s."quote", '') || ' ' || coalesce(r."headlines", '') || ' ' || sp."names" AS "all_words",
               to_tsvector('english'::regconfig, s."text") AS "v_text",
               to_tsvector('english'::regconfig, coalesce(s."quote", '')) AS "v_quote",
               to_tsvector('english'::regconfig, coalesce(r."headlines", '')) AS "v_title",
               to_tsvector('english'::regconfig, sp."names") AS "v_speaker"
        FROM "statement" s
        -- The placeholder speaker of claims whose review names no claimant
        -- (claimreview.write.ts UNKNOWN_CLAIMANT_ID) has no name to find
        -- them by: indexed, its words would hold a posting for every one.
        CROSS JOIN LATERAL (
            SELECT CASE WHEN "id" = '00000000-0000-7000-8000-00000000c1a1' THEN '' ELSE "name" || ' ' || array_to_string("aliases", ' ') END AS "names"
            FROM "speaker" WHERE "id" = s."speaker_id"
        ) sp
        LEFT JOIN LATERAL (
            SELECT string_agg(er."headline", ' ' ORDER BY er."id") AS "headlines" FROM "external_review" er WHERE er."statement_id" = s."id"
        ) r ON true
        WHERE s."id" = ANY("ids")
    ), "terms" AS (
        SELECT f."id", t."field", t."lexeme", coalesce(cardinality(t."positions"), 1) AS "n"
        FROM "fields" f
        CROSS JOIN LATERAL (
            SELECT 1 AS "field", w."lexeme", w."positions" FROM unnest(f."v_text") w
            UNION ALL SELECT 2, w."lexeme", w."positions" FROM unnest(f."v_quote") w
            UNION ALL SELECT 3, w."lexeme", w."positions" FROM unnest(f."v_title") w
            UNION ALL SELECT 4, w."lexeme", w."positions" FROM unnest(f."v_speaker") w
        ) t
    ), "measured" AS (
        -- Lengths capped to fit the postings' smallints: past a few thousand words, length normalisation has done its work.
        SELECT f."id",
               least(coalesce(sum(t."n") FILTER (WHERE t."field" = 1), 0), 32767) AS "len_text",
               least(coalesce(sum(t."n") FILTER (WHERE t."field" = 2), 0), 32767) AS "len_quote",
               least(coalesce(sum(t."n") FILTER (WHERE t."field" = 3), 0), 32767) AS "len_title",
               least(coalesce(sum(t."n") FILTER (WHERE t."field" = 4), 0), 32767) AS "len_speaker"
        FROM "fields" f LEFT JOIN "terms" t ON t."id" = f."id"
        GROUP BY f."id"
    ), "documents" AS (
        INSERT INTO "search_document" ("statement_id", "len_text", "len_quote", "len_title", "len_speaker")
        SELECT "id", "len_text", "len_quote", "len_title", "len_speaker" FROM "measured"
    ), "words" AS (
        INSERT INTO "search_word" ("word")
        SELECT DISTINCT w FROM "fields", search_words_of("fields"."all_words") AS w
        ON CONFLICT DO NOTHING
    )
    INSERT INTO "search_posting" ("lexeme", "statement_id", "tf_text", "tf_quote", "tf_title", "tf_speaker", "len_text", "len_quote", "len_title", "len_speaker")
    SELECT t."lexeme", t."id",
           coalesce(sum(t."n") FILTER (WHERE t."field" = 1), 0), coalesce(sum(t."n") FILTER (WHERE t."field" = 2), 0),
           coalesce(sum(t."n") FILTER (WHERE t."field" = 3), 0), coalesce(sum(t."n") FILTER (WHERE t."field" = 4), 0),
           m."len_text", m."len_quote", m."len_title", m."len_speaker"
    FROM "terms" t JOIN "measured" m ON m."id" = t."id"
    GROUP BY t."lexeme", t."id", m."len_text", m."len_quote", m."len_title", m."len_speaker";
END $$;

-- The flush runs once per transaction, not once per marked statement: only
-- the first mark of a transaction queues it (a deferred constraint trigger
-- fires for each row it was queued for, and each firing after the first
-- found nothing to do). The flag is transaction-local, so a rolled-back
-- savepoint forgets it together with the rows it marked, and the flush
-- clears it, so marks made after SET CONSTRAINTS ... IMMEDIATE queue a
-- flush of their own.
CREATE FUNCTION "search_flush_armed"() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF current_setting('search.flush_queued', true) = 'on' THEN RETURN false; END IF;
    PERFORM set_config('search.flush_queued', 'on', true);
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION "search_flush"() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    "ids" uuid[];
BEGIN
    PERFORM set_config('search.flush_queued', 'off', true);
    WITH "taken" AS (DELETE FROM "search_pending" RETURNING "statement_id")
    SELECT array_agg("statement_id") INTO "ids" FROM "taken";
    IF "ids" IS NOT NULL THEN PERFORM search_reindex("ids"); END IF;
    RETURN NULL;
END $$;

DROP TRIGGER "search_pending_flush" ON "search_pending";
CREATE CONSTRAINT TRIGGER "search_pending_flush" AFTER INSERT ON "search_pending"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (search_flush_armed()) EXECUTE FUNCTION "search_flush"();

-- The relevance functions run short statements whose row estimates are
-- poor (an array of ids, a query's words), so the cost model often crosses
-- jit_above_cost and PostgreSQL spends longer compiling than running:
-- reindexing 1,000 imported statements took 1.1-1.5 s with JIT and 0.22 s
-- without. JIT never pays here. PGlite has no JIT; the setting changes
-- nothing there.
ALTER FUNCTION "search_terms"(text, boolean, float8, integer, integer, integer) SET jit = off;
ALTER FUNCTION "search_rank"(text, boolean, float8, integer, integer, integer, integer, float8, float8, float8, float8, float8, float8) SET jit = off;

-- A notification only wakes the dispatchers, which then read the outbox by
-- id (event.dispatcher.ts), so one per INSERT statement is enough: a bulk
-- import writing a thousand events no longer runs a thousand triggers.
DROP TRIGGER event_notify ON "event";
DROP FUNCTION event_notify();
CREATE FUNCTION event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "added") THEN
    PERFORM pg_notify('factcheck_events', (SELECT max(id) FROM "added")::text);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER event_notify AFTER INSERT ON "event" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION event_notify();
