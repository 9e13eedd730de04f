import type { Db } from '../../db/client.js';
import { countRelated, fetchCapped, uuidList, type RelatedRows } from '../../db/related-rows.js';
import { rowsFromJson } from '../../db/json-rows.js';
import type { ExternalReview, Verdict } from '../../generated/prisma/client.js';
import { countLoader, groupedLoader, keyedLoader } from '../../loader-utils.js';

/** Imports of a whole fact-checker's archive can attach any number of reviews to one claim: read at most `cap` per statement. */
export const EXTERNAL_REVIEWS: RelatedRows = {
  table: 'external_review',
  parent: 'statement_id',
  groupAlso: [],
  // Newest review first; reviews that give no date after those that do.
  order: 'r.review_date DESC NULLS LAST, r.id DESC',
};

export function createClaimReviewLoaders(db: Db, cap: number) {
  return {
    externalReviewsByStatement: groupedLoader(
      async (ids) =>
        // JSON rows keep timestamps as text unless the field ends in At.
        (await fetchCapped<ExternalReview>(db, EXTERNAL_REVIEWS, ids, cap)).map((r) => ({
          ...r,
          reviewDate: r.reviewDate === null ? null : new Date(r.reviewDate),
        })),
      (r) => r.statementId,
    ),
    externalReviewCount: countLoader((ids) => countRelated(db, EXTERNAL_REVIEWS, ids)),
    /**
     * Each statement's latest verdict of our own: verdicts an earlier version
     * of the import recorded from other fact-checkers' reviews are passed over.
     */
    ownLatestVerdictByStatement: keyedLoader(async (ids) => {
      if (ids.length === 0) return [];
      const [row] = await db.$queryRaw<{ rows: unknown }[]>`
        SELECT coalesce(json_agg(v), '[]') AS rows FROM (
          SELECT DISTINCT ON (v.statement_id) v.* FROM verdict v
          WHERE v.statement_id IN (${uuidList(ids)})
            AND NOT EXISTS (SELECT 1 FROM external_review e WHERE e.verdict_id = v.id)
          ORDER BY v.statement_id, v.created_at DESC, v.id DESC
        ) v`;
      return rowsFromJson<Verdict>(row?.rows);
    }, (v) => v.statementId),
  };
}
