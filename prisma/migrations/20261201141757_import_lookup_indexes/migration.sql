-- Hand-written: expression indexes, which prisma/schema.prisma cannot express.

-- ClaimReview import finds claimants and outlets by name ignoring case, a
-- thousand names per call; these make each an index look-up rather than a
-- scan of every speaker or source.
CREATE INDEX "speaker_lower_name_idx" ON "speaker" (lower("name"));
CREATE INDEX "source_lower_name_idx" ON "source" (lower("name"));
