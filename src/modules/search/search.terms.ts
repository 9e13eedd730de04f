import { Prisma } from '../../generated/prisma/client.js';
import { RELEVANCE } from './search.params.js';

/**
 * The arguments of the database's search_terms and search_rank functions
 * that say which words a query is ranked by (see the relevance_index
 * migration): each word of the query as the full-text parser stems it
 * (weight 1) and, when `near`, the stored words closest to a query word by
 * trigram similarity, stemmed the same way (weight RELEVANCE.nearWeight ×
 * similarity). A misspelling widens the words a query is ranked by; it
 * never admits a statement on its own terms, so "Damscus" ranks statements
 * saying "Damascus" and exact matches stay first.
 *
 * `near` is false where the caller wants exactly the words written (a
 * web-search query with operators).
 */
export function termArguments(text: string, near: boolean): Prisma.Sql {
  return Prisma.sql`${text}::text, ${near}::boolean, ${RELEVANCE.nearWeight}::float8, ${RELEVANCE.nearPerWord}::int,
    ${RELEVANCE.nearWordsMax}::int, ${RELEVANCE.shortQueryWords}::int`;
}

/** SQL selecting (lexeme, weight): the words a query is ranked by. */
export function termsSql(text: string, near: boolean): Prisma.Sql {
  return Prisma.sql`SELECT lexeme, weight FROM search_terms(${termArguments(text, near)})`;
}
