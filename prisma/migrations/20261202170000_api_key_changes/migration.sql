-- Every instance may remember keys it has found valid for a few seconds
-- (API_KEY_CACHE_MS). A key revoked or changed anywhere (another instance,
-- the apikey command, SQL by hand) is announced here, by id, so that each
-- instance forgets it at once; an empty payload (TRUNCATE) forgets them all.
CREATE FUNCTION "api_key_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('factcheck_api_keys', '');
    ELSE
        PERFORM pg_notify('factcheck_api_keys', OLD."id"::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "api_key_changed" AFTER UPDATE OR DELETE ON "api_key"
    FOR EACH ROW EXECUTE FUNCTION "api_key_changed"();
CREATE TRIGGER "api_key_truncated" AFTER TRUNCATE ON "api_key"
    FOR EACH STATEMENT EXECUTE FUNCTION "api_key_changed"();
