import type { Db } from '../../db/client.js';
import { APPEARANCES, countRelated, fetchCapped, sourceOrder, uuidList } from '../../db/related-rows.js';
import type { Appearance } from '../../generated/prisma/client.js';
import { countLoader, groupedLoader } from '../../loader-utils.js';

/** Appearances per statement, earliest publication first, at most `cap` (see related-rows.ts). */
export function createAppearanceLoaders(db: Db, cap: number) {
  return {
    appearancesByStatement: groupedLoader((ids) => fetchCapped<Appearance>(db, APPEARANCES, ids, cap), (a) => a.statementId),
    appearanceCount: countLoader((ids) => countRelated(db, APPEARANCES, ids)),
    /** The outlets that carried each statement, in order of first appearance. */
    sourceIdsByStatement: groupedLoader(
      async (ids) =>
        ids.length === 0
          ? []
          : db.$queryRaw<{ statementId: string; sourceId: string }[]>`
              SELECT o.statement_id::text AS "statementId", o.source_id::text AS "sourceId"
              FROM (${sourceOrder(uuidList(ids), cap)}) o ORDER BY o.statement_id, o.n`,
      (row) => row.statementId,
    ),
  };
}
