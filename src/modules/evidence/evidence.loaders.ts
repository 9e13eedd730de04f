import type { Db } from '../../db/client.js';
import { keyedLoader } from '../../loader-utils.js';

export function createEvidenceLoaders(db: Db) {
  return {
    /** Each evidence item's snapshot: its first successful fetch. */
    snapshotByEvidence: keyedLoader(
      (ids) => db.evidenceCheck.findMany({ where: { evidenceId: { in: [...ids] }, baseline: true }, omit: { body: true } }),
      (c) => c.evidenceId,
    ),
    /** Each evidence item's latest check, whatever it found. */
    latestCheckByEvidence: keyedLoader(
      (ids) =>
        db.evidenceCheck.findMany({
          where: { evidenceId: { in: [...ids] } },
          distinct: ['evidenceId'],
          orderBy: [{ evidenceId: 'asc' }, { fetchedAt: 'desc' }, { id: 'desc' }],
          omit: { body: true },
        }),
      (c) => c.evidenceId,
    ),
  };
}
