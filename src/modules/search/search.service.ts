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

  /** Stored statements answering a text, best first. */
  async similar(text: string, { first, minScore = 0, field = 'text' }: SimilarOptions): Promise<RankedStatement[]> {
    const query = searchText(field, text, QUERY_MAX);
    if (!Number.isInteger(first) || first < 1 || first > this.limits.maxPageSize) {
      throw new BadUserInputError(`first must be between 1 and ${this.limits.maxPageSize}`, 'first');
    }
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
      throw new BadUserInputError('minScore must be between 0 and 1', 'minScore');
    }
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
