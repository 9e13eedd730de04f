import type { Db } from '../../db/client.js';
import { keyedLoader } from '../../loader-utils.js';

export function createSpeakerLoaders(db: Db) {
  return {
    speakerById: keyedLoader((ids) => db.speaker.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id),
  };
}
