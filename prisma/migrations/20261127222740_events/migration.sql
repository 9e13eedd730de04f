-- CreateEnum
CREATE TYPE "event_type" AS ENUM ('STATEMENT_CREATED', 'STATEMENT_UPDATED', 'VERDICT_SET', 'LINK_CREATED', 'LINK_REMOVED', 'CANDIDATES_EXTRACTED');

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "type" "event_type" NOT NULL,
    "statement_id" UUID,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "event_statement_id_id_idx" ON "event"("statement_id", "id");

-- CreateIndex
CREATE INDEX "event_created_at_idx" ON "event"("created_at");

-- Wakes every instance's dispatcher when the inserting transaction commits
-- (notifications are delivered at commit, never for a rollback). The
-- dispatchers also poll, so a lost notification only delays delivery.
CREATE FUNCTION event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('factcheck_events', NEW.id::text);
  RETURN NEW;
END;
$$;

CREATE TRIGGER event_notify AFTER INSERT ON "event" FOR EACH ROW EXECUTE FUNCTION event_notify();
