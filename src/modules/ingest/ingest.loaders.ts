import type { Db } from '../../db/client.js';
import { groupedLoader, keyedLoader } from '../../loader-utils.js';

export function createIngestLoaders(db: Db) {
  return {
    articleById: keyedLoader((ids) => db.article.findMany({ where: { id: { in: [...ids] } } }), (a) => a.id),
    candidatesByArticle: groupedLoader(
      (ids) => db.candidate.findMany({ where: { articleId: { in: [...ids] } }, orderBy: [{ articleId: 'asc' }, { position: 'asc' }] }),
      (c) => c.articleId,
    ),
  };
}
