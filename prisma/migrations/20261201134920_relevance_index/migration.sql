-- CreateTable
CREATE TABLE "search_document" (
    "statement_id" UUID NOT NULL,
    "len_text" INTEGER NOT NULL,
    "len_quote" INTEGER NOT NULL,
    "len_title" INTEGER NOT NULL,
    "len_speaker" INTEGER NOT NULL,

    CONSTRAINT "search_document_pkey" PRIMARY KEY ("statement_id")
);

-- CreateTable
CREATE TABLE "search_posting" (
    "lexeme" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "tf_text" SMALLINT NOT NULL,
    "tf_quote" SMALLINT NOT NULL,
    "tf_title" SMALLINT NOT NULL,
    "tf_speaker" SMALLINT NOT NULL,
    "len_text" SMALLINT NOT NULL,
    "len_quote" SMALLINT NOT NULL,
    "len_title" SMALLINT NOT NULL,
    "len_speaker" SMALLINT NOT NULL,

    CONSTRAINT "search_posting_pkey" PRIMARY KEY ("lexeme","statement_id")
);

-- CreateTable
CREATE TABLE "search_total" (
    "slot" SMALLINT NOT NULL,
    "documents" BIGINT NOT NULL DEFAULT 0,
    "len_text" BIGINT NOT NULL DEFAULT 0,
    "len_quote" BIGINT NOT NULL DEFAULT 0,
    "len_title" BIGINT NOT NULL DEFAULT 0,
    "len_speaker" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "search_total_pkey" PRIMARY KEY ("slot")
);

-- CreateIndex
CREATE INDEX "search_posting_statement_id_idx" ON "search_posting"("statement_id");

-- AddForeignKey
ALTER TABLE "search_document" ADD CONSTRAINT "search_document_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "search_posting" ADD CONSTRAINT "search_posting_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "search_document"("statement_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below: what prisma/schema.prisma cannot express.

-- The relevance index (see src/modules/search): for each statement, how often
-- each stemmed word occurs in its text, its quote, the headlines of reviews
-- of it and its speaker's names, and each field's length in words. Kept by
-- the triggers below, so every writer (the API, imports, bulk SQL) keeps it.

-- Ranking reads postings by word and nothing else: with every column in
-- the key's index, PostgreSQL answers from the index alone once a vacuum
-- has marked the table's pages visible, instead of visiting a heap page per
-- posting; one index rather than a key and a covering index halves what
-- each posting costs to write.
ALTER TABLE "search_posting" DROP CONSTRAINT "search_posting_pkey",
    ADD CONSTRAINT "search_posting_pkey" PRIMARY KEY ("lexeme", "statement_id")
    INCLUDE ("tf_text", "tf_quote", "tf_title", "tf_speaker", "len_text", "len_quote", "len_title", "len_speaker");

-- Close spellings are looked up in search_word's trigram index on every
-- search. A GIN index's pending list (fastupdate) is read in full by each
-- lookup until a vacuum merges it, which after a bulk import (and always,
-- in the embedded database, which never vacuums) makes every search slow;
-- words are written once each, so writing them straight into the index
-- costs little.
ALTER INDEX "search_word_trgm_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('search_word_trgm_idx');

-- Words of a tsvector, counting repeats.
CREATE FUNCTION "search_length"("v" tsvector) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(sum(coalesce(cardinality(w.positions), 1)), 0)::integer FROM unnest("v") AS w
$$;

CREATE FUNCTION "search_reindex"("ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
    ), "measured" AS (
        -- Lengths capped to fit the postings' smallints: past a few thousand words, length normalisation has done its work.
        SELECT f.*, least(search_length(f."v_text"), 32767) AS "len_text", least(search_length(f."v_quote"), 32767) AS "len_quote",
               least(search_length(f."v_title"), 32767) AS "len_title", least(search_length(f."v_speaker"), 32767) AS "len_speaker"
        FROM "fields" f
    ), "documents" AS (
        INSERT INTO "search_document" ("statement_id", "len_text", "len_quote", "len_title", "len_speaker")
        SELECT "id", "len_text", "len_quote", "len_title", "len_speaker" FROM "measured"
    ), "words" AS (
        INSERT INTO "search_word" ("word")
        SELECT DISTINCT w FROM "fields", search_words_of("fields"."all_words") AS w
        ON CONFLICT DO NOTHING
    )
    INSERT INTO "search_posting" ("lexeme", "statement_id", "tf_text", "tf_quote", "tf_title", "tf_speaker", "len_text", "len_quote", "len_title", "len_speaker")
    SELECT t."lexeme", f."id",
           coalesce(sum(t."n") FILTER (WHERE t."field" = 1), 0), coalesce(sum(t."n") FILTER (WHERE t."field" = 2), 0),
           coalesce(sum(t."n") FILTER (WHERE t."field" = 3), 0), coalesce(sum(t."n") FILTER (WHERE t."field" = 4), 0),
           f."len_text", f."len_quote", f."len_title", f."len_speaker"
    FROM "measured" f
    CROSS JOIN LATERAL (
        SELECT 1 AS "field", w."lexeme", coalesce(cardinality(w."positions"), 1) AS "n" FROM unnest(f."v_text") w
        UNION ALL SELECT 2, w."lexeme", coalesce(cardinality(w."positions"), 1) FROM unnest(f."v_quote") w
        UNION ALL SELECT 3, w."lexeme", coalesce(cardinality(w."positions"), 1) FROM unnest(f."v_title") w
        UNION ALL SELECT 4, w."lexeme", coalesce(cardinality(w."positions"), 1) FROM unnest(f."v_speaker") w
    ) t
    GROUP BY t."lexeme", f."id", f."len_text", f."len_quote", f."len_title", f."len_speaker";
END $$;

-- Running totals for BM25's document count and average field lengths. The
-- slot is drawn once per statement (a scalar subquery): drawn per row, an
-- insert would land in no slot or in several.
INSERT INTO "search_total" ("slot") SELECT generate_series(0, 15);

CREATE FUNCTION "search_total_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "search_total" t SET "documents" = t."documents" + d."documents", "len_text" = t."len_text" + d."len_text",
           "len_quote" = t."len_quote" + d."len_quote", "len_title" = t."len_title" + d."len_title", "len_speaker" = t."len_speaker" + d."len_speaker"
    FROM (SELECT count(*) AS "documents", coalesce(sum("len_text"), 0) AS "len_text", coalesce(sum("len_quote"), 0) AS "len_quote",
                 coalesce(sum("len_title"), 0) AS "len_title", coalesce(sum("len_speaker"), 0) AS "len_speaker" FROM "changed") d
    WHERE t."slot" = (SELECT floor(random() * 16)::smallint) AND d."documents" > 0;
    RETURN NULL;
END $$;

CREATE FUNCTION "search_total_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "search_total" t SET "documents" = t."documents" - d."documents", "len_text" = t."len_text" - d."len_text",
           "len_quote" = t."len_quote" - d."len_quote", "len_title" = t."len_title" - d."len_title", "len_speaker" = t."len_speaker" - d."len_speaker"
    FROM (SELECT count(*) AS "documents", coalesce(sum("len_text"), 0) AS "len_text", coalesce(sum("len_quote"), 0) AS "len_quote",
                 coalesce(sum("len_title"), 0) AS "len_title", coalesce(sum("len_speaker"), 0) AS "len_speaker" FROM "changed") d
    WHERE t."slot" = (SELECT floor(random() * 16)::smallint) AND d."documents" > 0;
    RETURN NULL;
END $$;

CREATE TRIGGER "search_document_added" AFTER INSERT ON "search_document"
    REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "search_total_added"();
CREATE TRIGGER "search_document_removed" AFTER DELETE ON "search_document"
    REFERENCING OLD TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "search_total_removed"();

-- What changes a statement's index entry: its own words, its speaker's
-- names, the headlines of reviews of it. Each such write marks the
-- statement in search_pending; at commit, one deferred trigger reindexes
-- every statement the transaction marked, once, in bulk: an import that
-- writes a thousand statements and then their reviews indexes each
-- statement once, not twice and not row by row.
CREATE TABLE "search_pending" (
    "statement_id" UUID NOT NULL,

    CONSTRAINT "search_pending_pkey" PRIMARY KEY ("statement_id")
);

CREATE FUNCTION "search_mark"("ids" uuid[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO "search_pending" ("statement_id") SELECT DISTINCT u FROM unnest("ids") AS u WHERE u IS NOT NULL
    ON CONFLICT DO NOTHING
$$;

-- The first call at commit takes every mark the transaction made (other
-- transactions' marks are invisible until they commit, and they flush
-- their own first); the calls for the other marked rows find none.
CREATE FUNCTION "search_flush"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    "ids" uuid[];
BEGIN
    WITH "taken" AS (DELETE FROM "search_pending" RETURNING "statement_id")
    SELECT array_agg("statement_id") INTO "ids" FROM "taken";
    IF "ids" IS NOT NULL THEN PERFORM search_reindex("ids"); END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "search_pending_flush" AFTER INSERT ON "search_pending"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "search_flush"();

CREATE FUNCTION "search_statements_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(ARRAY(SELECT "id" FROM "inserted"));
    RETURN NULL;
END $$;

CREATE FUNCTION "search_statement_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(ARRAY[NEW."id"]);
    RETURN NULL;
END $$;

CREATE FUNCTION "search_speaker_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(ARRAY(SELECT "id" FROM "statement" WHERE "speaker_id" = NEW."id"));
    RETURN NULL;
END $$;

CREATE FUNCTION "search_reviews_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(ARRAY(SELECT "statement_id" FROM "inserted" WHERE "headline" IS NOT NULL));
    RETURN NULL;
END $$;

CREATE FUNCTION "search_review_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM search_mark(ARRAY[OLD."statement_id"]);
    ELSE
        PERFORM search_mark(ARRAY[OLD."statement_id", NEW."statement_id"]);
    END IF;
    RETURN NULL;
END $$;

-- search_reindex keeps search_word too, for every field.
DROP TRIGGER "statement_words_inserted" ON "statement";
DROP TRIGGER "statement_words_updated" ON "statement";
DROP FUNCTION "remember_inserted_words"();
DROP FUNCTION "remember_updated_words"();

CREATE TRIGGER "search_statements_inserted" AFTER INSERT ON "statement"
    REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "search_statements_inserted"();
CREATE TRIGGER "search_statement_updated" AFTER UPDATE OF "text", "quote", "speaker_id" ON "statement"
    FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text" OR OLD."quote" IS DISTINCT FROM NEW."quote" OR OLD."speaker_id" IS DISTINCT FROM NEW."speaker_id")
    EXECUTE FUNCTION "search_statement_updated"();
CREATE TRIGGER "search_speaker_updated" AFTER UPDATE OF "name", "aliases" ON "speaker"
    FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."aliases" IS DISTINCT FROM NEW."aliases")
    EXECUTE FUNCTION "search_speaker_updated"();
CREATE TRIGGER "search_reviews_inserted" AFTER INSERT ON "external_review"
    REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "search_reviews_inserted"();
CREATE TRIGGER "search_review_changed" AFTER UPDATE OF "headline", "statement_id" OR DELETE ON "external_review"
    FOR EACH ROW EXECUTE FUNCTION "search_review_changed"();

-- The ranking (src/modules/search explains each stage and where the
-- parameters come from). Functions, so that PostgreSQL plans their queries
-- once per connection rather than on every search: a search's plan is
-- always the same walk of the indexes whatever its words. That plan must
-- not depend on table statistics, which are stale right after a bulk import
-- and never refreshed at all in the embedded database (it has no
-- autovacuum): with statistics of a near-empty table, PostgreSQL would
-- cache a plan reading every posting. Hence postings are read term by term
-- (LATERAL), a shape only an index lookup serves.

-- The weighted stemmed words a query is ranked by: its own (weight 1) and,
-- when `near`, the stored words closest by trigram similarity to its words
-- (to those of a short query, or to words the index has never seen),
-- stemmed the same way, at `near_weight` times their similarity.
CREATE FUNCTION "search_terms"("query" text, "near" boolean, "near_weight" float8, "near_per_word" integer, "near_words_max" integer, "short_query_words" integer)
-- ROWS: a query has tens of words, not the thousand PostgreSQL assumes of a
-- function, which would make it read the whole index rather than look words up.
RETURNS TABLE ("lexeme" text, "weight" float8) LANGUAGE plpgsql STABLE ROWS 30 AS $$
#variable_conflict use_column
BEGIN
    IF NOT "near" THEN
        RETURN QUERY SELECT DISTINCT w.lexeme, 1::float8 FROM unnest(to_tsvector('english'::regconfig, "query")) w;
        RETURN;
    END IF;
    RETURN QUERY
    WITH words AS (
        SELECT w.lexeme AS word, count(*) OVER () AS n FROM unnest(to_tsvector('simple'::regconfig, "query")) w
        WHERE length(w.lexeme) BETWEEN 4 AND 40 AND w.lexeme !~ '^[0-9]'
    ), looked_up AS (
        SELECT words.word FROM words
        WHERE words.n <= "short_query_words" OR NOT EXISTS (SELECT 1 FROM search_word sw WHERE sw.word = words.word)
        ORDER BY length(words.word) DESC, words.word
        LIMIT "near_words_max"
    ), near_words AS (
        SELECT e.lexeme, max("near_weight" * (1 - c.distance)) AS weight
        FROM looked_up q
        CROSS JOIN LATERAL (
            SELECT sw.word, (q.word <<-> sw.word)::float8 AS distance FROM search_word sw
            WHERE q.word <<% sw.word AND sw.word <> q.word
            ORDER BY distance, sw.word
            LIMIT "near_per_word"
        ) c
        CROSS JOIN LATERAL unnest(to_tsvector('english'::regconfig, c.word)) e
        GROUP BY e.lexeme
    )
    SELECT t.lexeme, max(t.weight) FROM (
        SELECT w.lexeme, 1::float8 AS weight FROM unnest(to_tsvector('english'::regconfig, "query")) w
        UNION ALL SELECT nw.lexeme, nw.weight FROM near_words nw
    ) t GROUP BY t.lexeme;
END $$;

-- BM25F over the index for a query's terms (search_terms): every statement
-- holding one of them, with `rank` (the score over what a statement of average length
-- holding each term once would score) and `score` (rank capped at 1).
CREATE FUNCTION "search_rank"("query" text, "near" boolean, "near_weight" float8, "near_per_word" integer, "near_words_max" integer, "short_query_words" integer, "max_terms" integer, "k1" float8, "b" float8, "w_text" float8, "w_quote" float8, "w_title" float8, "w_speaker" float8)
RETURNS TABLE ("id" uuid, "rank" float8, "score" float8) LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
    n float8;
    avg_text float8;
    avg_quote float8;
    avg_title float8;
    avg_speaker float8;
    lexemes text[];
    term_weights float8[];
    best float8;
BEGIN
    SELECT greatest(sum(t.documents), 1), greatest(sum(t.len_text)::float8 / greatest(sum(t.documents), 1), 1),
           greatest(sum(t.len_quote)::float8 / greatest(sum(t.documents), 1), 1), greatest(sum(t.len_title)::float8 / greatest(sum(t.documents), 1), 1),
           greatest(sum(t.len_speaker)::float8 / greatest(sum(t.documents), 1), 1)
    INTO n, avg_text, avg_quote, avg_title, avg_speaker
    FROM search_total t;
    -- Each term's weight times its idf, for the terms the index holds (the
    -- count reads only an index). A pasted transcript of thousands of words
    -- would read the postings of every common word: only the "max_terms"
    -- rarest count, where a post has tens.
    SELECT array_agg(k.lexeme), array_agg(k.wi), sum(k.wi)
    INTO lexemes, term_weights, best
    FROM (
        SELECT q.lexeme, q.weight * ln(1 + (n - f.df + 0.5) / (f.df + 0.5)) AS wi
        FROM search_terms("query", "near", "near_weight", "near_per_word", "near_words_max", "short_query_words") q
        CROSS JOIN LATERAL (SELECT count(*)::float8 AS df FROM search_posting p WHERE p.lexeme = q.lexeme) f
        WHERE f.df > 0
        ORDER BY f.df, q.lexeme
        LIMIT "max_terms"
    ) k;
    IF lexemes IS NULL THEN RETURN; END IF;
    RETURN QUERY
    SELECT r.statement_id, r.rank, round(least(r.rank, 1) * 10000) / 10000
    FROM (
        SELECT p.statement_id,
               round(sum(t.wi * x.ntf * ("k1" + 1) / ("k1" + x.ntf)) / best * 1e9) / 1e9 AS rank
        FROM unnest(lexemes, term_weights) AS t(lexeme, wi)
        CROSS JOIN LATERAL (SELECT * FROM search_posting sp WHERE sp.lexeme = t.lexeme) p
        CROSS JOIN LATERAL (
            SELECT "w_text" * p.tf_text / (1 - "b" + "b" * p.len_text / avg_text)
                 + "w_quote" * p.tf_quote / (1 - "b" + "b" * p.len_quote / avg_quote)
                 + "w_title" * p.tf_title / (1 - "b" + "b" * p.len_title / avg_title)
                 + "w_speaker" * p.tf_speaker / (1 - "b" + "b" * p.len_speaker / avg_speaker) AS ntf
        ) x
        GROUP BY p.statement_id
    ) r;
END $$;

SELECT search_reindex(ARRAY(SELECT "id" FROM "statement"));
