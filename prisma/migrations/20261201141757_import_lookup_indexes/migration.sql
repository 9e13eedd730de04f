-- Hand-written: expression indexes, which prisma/schema.prisma cannot express.

-- ClaimReview import finds claimants and outlets by name ignoring case, the
-- oldest first, a thousand names per call; these make each an index look-up
-- rather than a scan of every speaker or source. The id makes the index
-- ordered as the look-up wants, so the planner never prefers walking the
-- primary key (as it would on the embedded database, which keeps no
-- statistics).
CREATE INDEX "speaker_lower_name_idx" ON "speaker" (lower("name"), "id");
CREATE INDEX "source_lower_name_idx" ON "source" (lower("name"), "id");
