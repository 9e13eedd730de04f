-- CreateTable
CREATE TABLE "search_word" (
    "word" TEXT NOT NULL,

    CONSTRAINT "search_word_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "search_word_trgm_idx" ON "search_word" USING GIN ("word" gin_trgm_ops);

-- Hand-written below: what prisma/schema.prisma cannot express.

-- The words of statements, as the full-text parser splits them (lower case,
-- not stemmed). Words never leave: one no longer used only widens a search
-- by a term that matches nothing.
CREATE FUNCTION "search_words_of"("body" text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT w.lexeme FROM unnest(to_tsvector('simple'::regconfig, "body")) AS w
    WHERE length(w.lexeme) BETWEEN 3 AND 40
$$;

-- Inserted statements are read once per INSERT statement (not per row), so
-- bulk loads stay fast.
CREATE FUNCTION "remember_inserted_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "search_word" ("word")
    SELECT DISTINCT w FROM "inserted", search_words_of("inserted"."text" || ' ' || coalesce("inserted"."quote", '')) AS w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION "remember_updated_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "search_word" ("word")
    SELECT w FROM search_words_of(NEW."text" || ' ' || coalesce(NEW."quote", '')) AS w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER "statement_words_inserted" AFTER INSERT ON "statement"
    REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "remember_inserted_words"();
-- Verdicts update statements too (status, version): only a new wording needs new words.
CREATE TRIGGER "statement_words_updated" AFTER UPDATE OF "text", "quote" ON "statement"
    FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text" OR OLD."quote" IS DISTINCT FROM NEW."quote")
    EXECUTE FUNCTION "remember_updated_words"();

INSERT INTO "search_word" ("word")
SELECT DISTINCT w FROM "statement", search_words_of("statement"."text" || ' ' || coalesce("statement"."quote", '')) AS w
ON CONFLICT DO NOTHING;
