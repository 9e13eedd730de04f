-- search_rank takes the page it is asked for: the best `top` statements
-- (all when null) scoring at least `min_score`, past a relevance cursor
-- (`after_rank`, `after_id`) when given. similarStatements and a search
-- with no other filter asked for every statement holding a word of the
-- query (a pasted post: thousands) and then kept five; the function now
-- keeps them as it ranks, and hands back five rows instead of thousands.
--
-- The score is the same BM25F, written with fewer operations per posting
-- (the sum over postings is the engine's hot loop): per field,
-- w * tf / (1 - b + b * len / avg) as tf * w / (d + c * len) with d and c
-- computed once, and the saturation ntf * (k1 + 1) / (k1 + ntf) as
-- (k1 + 1) - (k1 + 1) * k1 / (k1 + ntf), which reads ntf once. Ranks are
-- rounded as before (1e-9), so orders and cursors stay as they were.
DROP FUNCTION "search_rank"(text, boolean, float8, integer, integer, integer, integer, float8, float8, float8, float8, float8, float8);

CREATE FUNCTION "search_rank"("query" text, "near" boolean, "near_weight" float8, "near_per_word" integer, "near_words_max" integer, "short_query_words" integer, "max_terms" integer, "k1" float8, "b" float8, "w_text" float8, "w_quote" float8, "w_title" float8, "w_speaker" float8,
    "top" integer DEFAULT NULL, "min_score" float8 DEFAULT 0, "after_rank" float8 DEFAULT NULL, "after_id" uuid DEFAULT NULL)
RETURNS TABLE ("id" uuid, "rank" float8, "score" float8) LANGUAGE plpgsql STABLE SET jit = off AS $$
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
    d float8 := 1 - "b";
    c_text float8;
    c_quote float8;
    c_title float8;
    c_speaker float8;
    sat float8 := "k1" + 1;
    sat_k float8 := ("k1" + 1) * "k1";
BEGIN
    SELECT greatest(sum(t.documents), 1), greatest(sum(t.len_text)::float8 / greatest(sum(t.documents), 1), 1),
           greatest(sum(t.len_quote)::float8 / greatest(sum(t.documents), 1), 1), greatest(sum(t.len_title)::float8 / greatest(sum(t.documents), 1), 1),
           greatest(sum(t.len_speaker)::float8 / greatest(sum(t.documents), 1), 1)
    INTO n, avg_text, avg_quote, avg_title, avg_speaker
    FROM search_total t;
    c_text := "b" / avg_text;
    c_quote := "b" / avg_quote;
    c_title := "b" / avg_title;
    c_speaker := "b" / avg_speaker;
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
               round(sum(t.wi * (sat - sat_k / ("k1"
                   + p.tf_text * "w_text" / (d + c_text * p.len_text)
                   + p.tf_quote * "w_quote" / (d + c_quote * p.len_quote)
                   + p.tf_title * "w_title" / (d + c_title * p.len_title)
                   + p.tf_speaker * "w_speaker" / (d + c_speaker * p.len_speaker)))) / best * 1e9) / 1e9 AS rank
        FROM unnest(lexemes, term_weights) AS t(lexeme, wi)
        CROSS JOIN LATERAL (SELECT * FROM search_posting sp WHERE sp.lexeme = t.lexeme) p
        GROUP BY p.statement_id
    ) r
    WHERE round(least(r.rank, 1) * 10000) / 10000 >= "min_score"
      AND ("after_rank" IS NULL OR r.rank < "after_rank" OR (r.rank = "after_rank" AND r.statement_id < "after_id"))
    ORDER BY r.rank DESC, r.statement_id DESC
    LIMIT "top";
END $$;
