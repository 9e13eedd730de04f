import type { Db } from '../../db/client.js';
import { keyedLoader } from '../../loader-utils.js';

export function createSourceLoaders(db: Db) {
  return {
    sourceById: keyedLoader((ids) => db.source.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id),
  };
}
