import type { Db } from '../../db/client.js';
import { countRelated, fetchCapped, LINKS_FROM, LINKS_TO } from '../../db/related-rows.js';
import { Prisma, type StatementLink } from '../../generated/prisma/client.js';
import { countLoader, groupedLoader } from '../../loader-utils.js';

/** Links per statement, oldest first, at most `cap` of each kind (see related-rows.ts). */
export function createLinkLoaders(db: Db, cap: number) {
  return {
    linksFrom: groupedLoader((ids) => fetchCapped<StatementLink>(db, LINKS_FROM, ids, cap), (l) => l.fromId),
    linksTo: groupedLoader((ids) => fetchCapped<StatementLink>(db, LINKS_TO, ids, cap), (l) => l.toId),
    /** All REBUTS links pointing at each statement, however many. */
    rebuttalCount: countLoader((ids) => countRelated(db, LINKS_TO, ids, Prisma.sql`r.kind = 'REBUTS'`)),
  };
}
