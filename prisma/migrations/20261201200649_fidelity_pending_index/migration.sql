-- Start-up asks for appearances whose wording has not been classified yet
-- (backfillFidelity): after the first start there are none, and without
-- this index the question read the whole appearance table on every start.
CREATE INDEX "appearance_fidelity_pending_idx" ON "appearance" ("statement_id") WHERE "fidelity_at" IS NULL;
