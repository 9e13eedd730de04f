import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../../config.js';
import { inTransaction, type DbClient } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, BadUserInputError, NotFoundError } from '../../errors.js';
import { Prisma, type Statement as StatementRow } from '../../generated/prisma/client.js';
import type { VerificationStatus } from '../../generated/prisma/enums.js';
import { fromGlobalId, isUuid } from '../../ids.js';
import { isCursorObject, isCursorTime, pageRequest, encodeCursor, type PageArgs } from '../../pagination.js';
import { requiredText } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { STATEMENT_COLUMNS } from '../statement/statement.service.js';
import { PROVISIONAL_STATUSES } from '../verdict/verdict.rules.js';
import { buildClaimReview, type ClaimReviewDocument, type ClaimReviewParts } from './claimreview.build.js';
import { parseReview, reviewUrlOf, unwrap, type Candidate } from './claimreview.parse.js';
import { FINDING_STATUSES, normaliseRating, parseCustomRatings, RatingTable, type FindingStatus } from './claimreview.ratings.js';
import {
  ImportOutcome,
  MAX_IMPORT,
  type ClaimReviewImportItem,
  type ClaimReviewImportResult,
  type ClaimReviewRatingMapping,
} from './claimreview.type.js';
import { lockImports, ratingEntityId, writeBatch, type ReviewToWrite, type WrittenOutcome } from './claimreview.write.js';

/**
 * Reviews per transaction. Larger batches are much cheaper per review (each
 * kind of row is one statement, and the indexes of a thousand statements are
 * updated together), but on the embedded database every other request waits
 * while one is open. So a call starts with a small batch and sizes the next
 * ones to take about BATCH_TARGET_MS each, up to a whole call.
 */
const FIRST_BATCH = 50;
const BATCH_TARGET_MS = 750;
/**
 * The size the last batch written to each database settled on. A file is
 * sent a thousand documents a call, and every batch costs a fixed part
 * besides its rows (a transaction, some fifteen statements, the relevance
 * index's flush): starting every call at FIRST_BATCH again made a call five
 * or six batches, the first ones mostly that fixed part. A call now starts
 * at the size the previous one ended with, still sized to BATCH_TARGET_MS.
 */
const settledBatch = new WeakMap<object, number>();
const BATCH_PAUSE_TURNS = 50;
const RATING_MAX = 200;

export type ClaimReviewConfig = Pick<Config, 'graphql' | 'publicUrl' | 'claimReview'>;

/** A statement that exists but has no finding: there is nothing to publish yet. */
class NoFindingError extends AppError {
  readonly code = 'NOT_FOUND' as const;
}

/**
 * Verdicts an earlier version of the import recorded from other
 * fact-checkers' reviews (see the external_reviews migration). They stay in
 * the statements' history, but they are not ours to publish.
 */
async function importedVerdictIds(db: DbClient, statementIds: string[]): Promise<string[]> {
  const rows = await db.externalReview.findMany({
    where: { statementId: { in: statementIds }, verdictId: { not: null } },
    select: { verdictId: true },
  });
  return rows.map((r) => r.verdictId!);
}

/** A page of the ClaimReview feed. */
export interface ClaimReviewFeedPage {
  reviews: ClaimReviewDocument[];
  first: number;
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

type FeedCursor = { t: string; id: string };
const isFeedCursor = (v: unknown): v is FeedCursor => isCursorObject(v) && isCursorTime(v.t) && isUuid(v.id);

/**
 * ClaimReview (schema.org) out and in: publishes each statement's finding
 * (ours only) as a ClaimReview for search engines and aggregators, and
 * imports other fact-checkers' ClaimReviews as external reviews of
 * statements, kept apart from our verdicts.
 */
export class ClaimReviewService {
  readonly ratings: RatingTable;

  constructor(
    private readonly db: DbClient,
    private readonly config: ClaimReviewConfig,
  ) {
    this.ratings = ratingTableFor(config.claimReview.ratingsFile);
  }

  /** The ClaimReview for already loaded rows; null when the verdict is not a finding. */
  build(parts: ClaimReviewParts): ClaimReviewDocument | null {
    return buildClaimReview(parts, this.config);
  }

  /** One statement's ClaimReview; NOT_FOUND when the statement does not exist or has no finding. */
  async forStatement(globalId: string, field = 'id'): Promise<ClaimReviewDocument> {
    const id = fromGlobalId('Statement', globalId, field);
    const parts = await this.loadParts([id]);
    const found = parts.get(id);
    if (!found) {
      const exists = await this.db.statement.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw new NotFoundError('Statement', globalId, field);
    }
    const document = found ? this.build(found) : null;
    if (!document) {
      throw new NoFindingError(`Statement ${globalId} has no finding yet, so there is no ClaimReview for it`, {
        entity: 'ClaimReview',
        id: globalId,
        field,
      });
    }
    return document;
  }

  /**
   * Every published finding, newest verdict first, for aggregators that
   * crawl the whole set. Keyset pagination on the verdict's time and id, so
   * new verdicts never shift the pages a crawler is walking.
   */
  async feed(page: PageArgs): Promise<ClaimReviewFeedPage> {
    const { maxPageSize } = this.config.graphql;
    // Unlike GraphQL lists, 0 is refused: an empty page would point at itself
    // as the next one, and a crawler would loop.
    if (page.first != null && (page.first < 1 || page.first > maxPageSize)) {
      throw new BadUserInputError(`first must be between 1 and ${maxPageSize} (got ${page.first})`, 'first', { maxPageSize });
    }
    const request = pageRequest(page, this.config.graphql, isFeedCursor);
    const provisional = Prisma.join([...PROVISIONAL_STATUSES].map((s) => Prisma.sql`CAST(${s} AS verification_status)`));
    const after = request.after
      ? Prisma.sql`AND (lv.created_at, lv.id) < (${new Date(request.after.t)}::timestamptz, ${request.after.id}::uuid)`
      : Prisma.empty;
    const rows = await this.db.$queryRaw<{ id: string; createdAt: Date; statementId: string }[]>`
      SELECT lv.id, lv.created_at AS "createdAt", s.id AS "statementId"
      FROM statement s
      CROSS JOIN LATERAL (
        SELECT v.id, v.created_at, v.status FROM verdict v
        WHERE v.statement_id = s.id AND NOT EXISTS (SELECT 1 FROM external_review e WHERE e.verdict_id = v.id)
        ORDER BY v.created_at DESC, v.id DESC
        LIMIT 1
      ) lv
      WHERE s.status NOT IN (${provisional}) AND lv.status NOT IN (${provisional}) ${after}
      ORDER BY lv.created_at DESC, lv.id DESC
      LIMIT ${request.first + 1}`;
    const visible = rows.slice(0, request.first);
    const parts = await this.loadParts(visible.map((r) => r.statementId));
    const reviews = visible
      .map((row) => parts.get(row.statementId))
      .map((found) => (found ? this.build(found) : null))
      .filter((review): review is ClaimReviewDocument => review !== null);
    const last = visible.at(-1);
    return {
      reviews,
      first: request.first,
      nextCursor:
        rows.length > request.first && last ? encodeCursor({ t: new Date(last.createdAt).toISOString(), id: last.id }) : null,
    };
  }

  /** Statements with their appearances, sources, latest verdict, its evidence and the speaker it judged; those without a verdict are left out. */
  private async loadParts(ids: string[]): Promise<Map<string, ClaimReviewParts>> {
    if (ids.length === 0) return new Map();
    const imported = await importedVerdictIds(this.db, ids);
    const rows = await this.db.statement.findMany({
      where: { id: { in: ids } },
      include: {
        appearances: { include: { source: true } },
        verdicts: {
          where: imported.length === 0 ? undefined : { id: { notIn: imported } },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: 1,
          include: { evidence: true, judgedSpeaker: true },
        },
      },
    });
    const result = new Map<string, ClaimReviewParts>();
    for (const { appearances, verdicts, ...statement } of rows) {
      const [latest] = verdicts;
      if (!latest) continue;
      const { evidence, judgedSpeaker: speaker, ...verdict } = latest;
      result.set(statement.id, {
        statement,
        speaker,
        appearances: appearances.map(({ source, ...appearance }) => ({ appearance, source })),
        verdict,
        evidence,
      });
    }
    return result;
  }

  /**
   * Imports other fact-checkers' ClaimReviews as external reviews attached
   * to matching or new statements: never as our verdicts. Every review is
   * checked first; the good ones are then written together, a batch per
   * transaction, so a bad review never stops the others and none is ever
   * half-written. Importing a review URL again changes nothing.
   */
  async import(actor: Actor | null, documents: unknown[]): Promise<ClaimReviewImportResult> {
    const by = requireRole(actor, 'FACT_CHECKER');
    if (documents.length > MAX_IMPORT) {
      throw new BadUserInputError(`documents takes at most ${MAX_IMPORT} documents (got ${documents.length})`, 'documents', {
        max: MAX_IMPORT,
      });
    }
    const candidates: Candidate[] = [];
    for (const document of documents) unwrap(document, 0, candidates);
    if (candidates.length > MAX_IMPORT) {
      throw new BadUserInputError(
        `documents holds ${candidates.length} ClaimReviews once @graph arrays and DataFeeds are unwrapped; at most ${MAX_IMPORT} per call`,
        'documents',
        { max: MAX_IMPORT },
      );
    }

    const outcomes = new Map<number, WrittenOutcome>();
    const good: ReviewToWrite[] = [];
    candidates.forEach((candidate, index) => {
      const parsed = candidate.reason !== undefined ? { reason: candidate.reason } : parseReview(candidate.node);
      if ('reason' in parsed) outcomes.set(index, { outcome: ImportOutcome.SKIPPED, reason: parsed.reason, statementId: null });
      else good.push({ index, review: parsed });
    });
    let size = settledBatch.get(this.db) ?? FIRST_BATCH;
    for (let start = 0; start < good.length; ) {
      // Between two batches nothing is held. Requests that arrived meanwhile
      // (on the embedded database, all of them wait for the open transaction,
      // and advance only between its statements) get turns of the event loop
      // to reach the database first.
      if (start > 0) for (let turn = 0; turn < BATCH_PAUSE_TURNS; turn++) await new Promise(setImmediate);
      // The rest in as few batches as the size allows, of even sizes: no small last batch that is mostly fixed cost.
      const left = good.length - start;
      const batch = good.slice(start, start + Math.ceil(left / Math.ceil(left / size)));
      start += batch.length;
      const began = performance.now();
      const written = await this.writeWithRetry(by, batch);
      for (const [index, outcome] of written) outcomes.set(index, outcome);
      const perReview = (performance.now() - began) / batch.length;
      size = Math.max(FIRST_BATCH, Math.min(MAX_IMPORT, Math.floor(BATCH_TARGET_MS / Math.max(perReview, 0.01))));
      settledBatch.set(this.db, size);
    }

    const statementIds = [...new Set([...outcomes.values()].flatMap((o) => (o.statementId ? [o.statementId] : [])))];
    const statements = new Map(
      statementIds.length === 0
        ? []
        : (
            await this.db.$queryRaw<StatementRow[]>`
              SELECT ${STATEMENT_COLUMNS} FROM statement s
              WHERE s.id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(${JSON.stringify(statementIds)} AS jsonb)) AS uuid)))`
          ).map((s) => [s.id, s]),
    );
    const goodAt = new Map(good.map((g) => [g.index, g]));
    const items: ClaimReviewImportItem[] = candidates.map((candidate, index) => {
      const outcome = outcomes.get(index)!;
      const parsed = goodAt.get(index);
      return {
        index,
        reviewUrl: parsed?.review.reviewUrl ?? reviewUrlOf(candidate.node),
        outcome: outcome.outcome,
        reason: outcome.reason,
        statement: outcome.statementId ? (statements.get(outcome.statementId) ?? null) : null,
      };
    });
    const count = (outcome: ImportOutcome) => items.filter((item) => item.outcome === outcome).length;
    return {
      created: count(ImportOutcome.CREATED),
      matched: count(ImportOutcome.MATCHED),
      skipped: count(ImportOutcome.SKIPPED),
      items,
    };
  }

  /**
   * A batch is planned from what its transaction reads, under the import
   * lock, so only a write outside imports (a source given the same slug
   * meanwhile) can collide with it; the batch then rolled back whole and is
   * planned again.
   */
  private async writeWithRetry(actor: Actor, batch: ReviewToWrite[]): Promise<Map<number, WrittenOutcome>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.db, (tx) => writeBatch(tx, actor, this.ratings, batch));
      } catch (error) {
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /**
   * Maps a rating, as publishers word it, to one of our statuses from now
   * on, in every process (imports read the mappings afresh), and gives that
   * status to the external reviews already imported with this rating and
   * no status. A null status removes the mapping; reviews keep the status
   * they have.
   */
  async mapRating(actor: Actor | null, rating: string, status: VerificationStatus | null): Promise<ClaimReviewRatingMapping> {
    const by = requireRole(actor, 'ADMIN');
    const text = requiredText('rating', rating, RATING_MAX);
    const key = normaliseRating(text);
    if (key === '') throw new BadUserInputError('rating must hold a letter or a digit', 'rating');
    if (status !== null && !(FINDING_STATUSES as readonly string[]).includes(status)) {
      throw new BadUserInputError(`status must be a finding (${FINDING_STATUSES.join(', ')}), not ${status}`, 'status');
    }
    return inTransaction(this.db, async (tx) => {
      await lockImports(tx);
      const before = await tx.claimReviewRating.findUnique({ where: { ratingKey: key } });
      if (status === null) {
        if (!before) return { rating: text, status: null, updatedReviews: 0 };
        await tx.claimReviewRating.delete({ where: { ratingKey: key } });
        await recordAudit(tx, by, { operation: 'mapClaimReviewRating', entityType: 'ClaimReviewRating', entityId: ratingEntityId(key), before });
        return { rating: text, status: null, updatedReviews: 0 };
      }
      const after = await tx.claimReviewRating.upsert({
        where: { ratingKey: key },
        create: { ratingKey: key, rating: text, status },
        update: { rating: text, status },
      });
      const updatedReviews = await tx.$executeRaw`
        UPDATE external_review SET status = CAST(${status} AS verification_status) WHERE rating_key = ${key} AND status IS NULL`;
      await recordAudit(tx, by, {
        operation: 'mapClaimReviewRating',
        entityType: 'ClaimReviewRating',
        entityId: ratingEntityId(key),
        before,
        after: { ...after, updatedReviews },
      });
      return { rating: text, status, updatedReviews };
    });
  }
}

// ---------------------------------------------------------------------------
// Ratings file

const ratingTables = new Map<string, RatingTable>();

/**
 * The rating table for a CLAIMREVIEW_RATINGS_FILE, read once per process:
 * services are created per transaction during an import, and the file is
 * start-up configuration, not something to re-read on every review.
 */
export function ratingTableFor(file: string | undefined): RatingTable {
  const key = file ?? '';
  let table = ratingTables.get(key);
  if (!table) {
    table = new RatingTable(file === undefined ? {} : readRatingsFile(file));
    ratingTables.set(key, table);
  }
  return table;
}

export function readRatingsFile(file: string): Record<string, FindingStatus> {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`CLAIMREVIEW_RATINGS_FILE (${file}) cannot be read: ${(error as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    throw new ConfigError([`CLAIMREVIEW_RATINGS_FILE (${file}) is not valid JSON: ${(error as Error).message}`]);
  }
  return parseCustomRatings(value, file);
}

