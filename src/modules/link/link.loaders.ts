import type { Db } from '../../db/client.js';
import { groupedLoader } from '../../loader-utils.js';

export function createLinkLoaders(db: Db) {
  const order = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];
  return {
    linksFrom: groupedLoader((ids) => db.statementLink.findMany({ where: { fromId: { in: [...ids] } }, orderBy: order }), (l) => l.fromId),
    linksTo: groupedLoader((ids) => db.statementLink.findMany({ where: { toId: { in: [...ids] } }, orderBy: order }), (l) => l.toId),
  };
}
