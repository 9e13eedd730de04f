import type { Db } from '../../db/client.js';
import { groupedLoader, keyedLoader } from '../../loader-utils.js';

export function createVerdictLoaders(db: Db) {
  return {
    /** Newest first: the first verdict of each group is the statement's current one. */
    verdictsByStatement: groupedLoader(
      (ids) =>
        db.verdict.findMany({
          where: { statementId: { in: [...ids] } },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
      (v) => v.statementId,
    ),
    latestVerdictByStatement: keyedLoader(
      (ids) =>
        db.verdict.findMany({
          where: { statementId: { in: [...ids] } },
          distinct: ['statementId'],
          orderBy: [{ statementId: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }],
        }),
      (v) => v.statementId,
    ),
    evidenceByVerdict: groupedLoader(
      (ids) => db.evidence.findMany({ where: { verdictId: { in: [...ids] } }, orderBy: [{ position: 'asc' }] }),
      (e) => e.verdictId,
    ),
  };
}
