import { readRows, type DbClient } from '../../db/client.js';
import { BadUserInputError } from '../../errors.js';
import { Prisma, type Statement as StatementRow } from '../../generated/prisma/client.js';
import type { PageLimits } from '../../pagination.js';
import { searchText } from '../../validation.js';
import { STATEMENT_COLUMNS } from '../statement/statement.service.js';
import { QUERY_MAX } from './search.params.js';
import { searchPlan } from './search.plan.js';

/** A stored statement and how well it answers a query, from 0 to 1 (see rankedSql). */
export interface RankedStatement {
  statement: StatementRow;
  score: number;
}

export interface SimilarOptions {
  first: number;
  /** Leave out statements scoring below this. */
  minScore?: number;
  /** The field a bad query is reported against. */
  field?: string;
}

/**
 * "Has this been checked before?": the one relevance engine behind
 * similarStatements, relevance search and candidate linking at ingestion.
 * Stages, each in its own file: the query as sent is cleaned
 * (search.query.ts), turned into weighted stemmed words with close
 * spellings (search.terms.ts), and statements are ranked by BM25F over the
 * relevance index (search.rank.ts). A second-stage rerank (word pairs,
 * numbers, coverage of the query's weight) was tried and moved nothing on
 * the train split, so there is none (bench/MATCHING.md).
 */
export class RelevanceService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: Pick<PageLimits, 'maxPageSize'>,
  ) {}

  private checkOptions(first: number, minScore: number): void {
    if (!Number.isInteger(first) || first < 1 || first > this.limits.maxPageSize) {
      throw new BadUserInputError(`first must be between 1 and ${this.limits.maxPageSize}`, 'first');
    }
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
      throw new BadUserInputError('minScore must be between 0 and 1', 'minScore');
    }
  }

  /**
   * similar() for many texts in one query (an article's candidates): each
   * text's best few are ranked on their own and tagged with its index, so
   * the answer is the same as asking one by one, in one round trip.
   */
  async similarMany(texts: string[], { first, minScore = 0, field = 'text' }: SimilarOptions): Promise<RankedStatement[][]> {
    this.checkOptions(first, minScore);
    if (texts.length === 0) return [];
    const parts = texts.map((text, i) => {
      const rankedPage = searchPlan(searchText(field, text, QUERY_MAX), { operators: false }).rankedPage!;
      return Prisma.sql`SELECT ${i}::int AS i, b.id, b.rank, b.score FROM (${rankedPage({ top: first, minScore })}) b`;
    });
    const rows = await readRows<StatementRow & { score: number; i: number }>(
      this.db,
      Prisma.sql`
        SELECT r.i, ${STATEMENT_COLUMNS}, r.score
        FROM (${Prisma.join(parts, ' UNION ALL ')}) r
        JOIN statement s ON s.id = r.id
        ORDER BY r.i, r.rank DESC, s.id DESC`,
    );
    const out: RankedStatement[][] = texts.map(() => []);
    for (const { i, score, ...statement } of rows) out[i]!.push({ statement, score });
    return out;
  }

  /** Stored statements answering a text, best first. */
  async similar(text: string, { first, minScore = 0, field = 'text' }: SimilarOptions): Promise<RankedStatement[]> {
    const query = searchText(field, text, QUERY_MAX);
    this.checkOptions(first, minScore);
    // A plain query always ranks (only -words do not, and there are no operators here).
    const rankedPage = searchPlan(query, { operators: false }).rankedPage!;
    // The best few first, then their rows: joining every ranked statement would cost more than ranking them.
    const rows = await readRows<StatementRow & { score: number }>(
      this.db,
      Prisma.sql`
        SELECT ${STATEMENT_COLUMNS}, r.score
        FROM (${rankedPage({ top: first, minScore })}) r
        JOIN statement s ON s.id = r.id
        ORDER BY r.rank DESC, s.id DESC`,
    );
    return rows.map(({ score, ...statement }) => ({ statement, score }));
  }
}
