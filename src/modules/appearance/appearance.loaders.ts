import type { Db } from '../../db/client.js';
import { groupedLoader } from '../../loader-utils.js';

export function createAppearanceLoaders(db: Db) {
  return {
    appearancesByStatement: groupedLoader(
      (ids) =>
        db.appearance.findMany({
          where: { statementId: { in: [...ids] } },
          // Earliest publication first: the first appearance is where a claim surfaced.
          orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
        }),
      (a) => a.statementId,
    ),
  };
}
