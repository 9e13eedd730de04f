import { Prisma } from '../../generated/prisma/client.js';
import { RELEVANCE } from './search.params.js';
import { termArguments } from './search.terms.js';

const { k1, b, weights } = RELEVANCE;

/**
 * Every statement holding at least one of a query's words (see
 * termArguments), ranked by BM25F over the relevance index, as SQL
 * selecting (id, rank, score); the database's search_rank function does
 * the work (relevance_index migration). It reads the index by word, so the
 * work grows with how many statements share the query's words, not with
 * the number of statements; document frequencies come from the postings
 * read anyway, the totals from search_total's slots.
 *
 * `rank` orders: the BM25F score divided by what a statement of average
 * length holding each of the query's words once would score, so it means
 * the same whatever the query's length. `score` is `rank` capped at 1, for
 * callers' thresholds (`minScore`): 1 is "every word of the query, as often
 * as a typical statement would say it". Both are rounded, so that a cursor
 * holding `rank` finds its place again exactly.
 */
export function rankedSql(text: string, near: boolean, page?: RankPage): Prisma.Sql {
  const paging = page
    ? Prisma.sql`, ${page.top}::int, ${page.minScore ?? 0}::float8, ${page.after?.rank ?? null}::float8, ${page.after?.id ?? null}::uuid`
    : Prisma.empty;
  const ranked = Prisma.sql`SELECT id, rank, score FROM search_rank(${termArguments(text, near)}, ${RELEVANCE.maxTerms}::int, ${k1}::float8, ${b}::float8,
    ${weights.text}::float8, ${weights.quote}::float8, ${weights.title}::float8, ${weights.speaker}::float8${paging})`;
  if (!page) return ranked;
  if (!Number.isSafeInteger(page.top) || page.top < 0) throw new Error(`not a page size: ${page.top}`);
  // The LIMIT again outside: the planner takes a function for a thousand
  // rows whatever it returns, and would join a page of five to the
  // statement table by reading the whole table. Written into the text, as
  // compiled reads write page sizes: a prepared page's generic plan then
  // knows its size.
  return Prisma.sql`${ranked} ORDER BY rank DESC, id DESC LIMIT ${Prisma.raw(String(page.top))}`;
}

/**
 * A page of the ranking, cut inside the database (search_rank_top
 * migration): the best `top` statements scoring at least `minScore`, past
 * `after` (a rank and an id, as a relevance cursor holds them). A long post
 * ranks thousands of statements; only the page leaves the function.
 */
export interface RankPage {
  top: number;
  minScore?: number;
  after?: { rank: number; id: string };
}
