import type { Db } from '../../db/client.js';
import { keyedLoader } from '../../loader-utils.js';

export function createStatementLoaders(db: Db) {
  return {
    statementById: keyedLoader((ids) => db.statement.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id),
  };
}
