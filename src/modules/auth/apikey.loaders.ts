import type { Db } from '../../db/client.js';
import { keyedLoader } from '../../loader-utils.js';

export function createApiKeyLoaders(db: Db) {
  return {
    /** Names only: who made something is public, the rest of a key is not. */
    apiKeyNameById: keyedLoader(
      (ids) => db.apiKey.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } }),
      (k) => k.id,
    ),
  };
}
