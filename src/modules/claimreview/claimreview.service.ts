import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../../config.js';
import { inTransaction, type DbClient } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, BadUserInputError, NotFoundError } from '../../errors.js';
import {
  Prisma,
  type Source as SourceRow,
  type Speaker as SpeakerRow,
  type Statement as StatementRow,
} from '../../generated/prisma/client.js';
import type { SpeakerKind } from '../../generated/prisma/enums.js';
import { fromGlobalId, isUuid, toGlobalId } from '../../ids.js';
import { isCursorObject, isCursorTime, pageRequest, encodeCursor, type PageArgs } from '../../pagination.js';
import { createServices } from '../../services.js';
import { httpUrl, languageTag, pastDate, requiredText, unsafeTextReason } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { TEXT_MAX } from '../statement/statement.service.js';
import { PROVISIONAL_STATUSES } from '../verdict/verdict.rules.js';
import { buildClaimReview, type ClaimReviewDocument, type ClaimReviewParts } from './claimreview.build.js';
import {
  parseCustomRatings,
  RatingTable,
  stanceFor,
  type FindingStatus,
  type RatingInput,
} from './claimreview.ratings.js';
import { ImportOutcome, MAX_IMPORT, type ClaimReviewImportItem, type ClaimReviewImportResult } from './claimreview.type.js';

const NAME_MAX = 200;
/** Wrappers inside wrappers are legal JSON-LD, but nobody nests them deeper than this. */
const MAX_NESTING = 4;

export type ClaimReviewConfig = Pick<Config, 'graphql' | 'publicUrl' | 'claimReview'>;

/** A statement that exists but has no finding: there is nothing to publish yet. */
class NoFindingError extends AppError {
  readonly code = 'NOT_FOUND' as const;
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
 * ClaimReview (schema.org) out and in: publishes each statement's finding as
 * a ClaimReview for search engines and aggregators, and imports other
 * fact-checkers' ClaimReviews as statements with verdicts.
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
        WHERE v.statement_id = s.id
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
    const rows = await this.db.statement.findMany({
      where: { id: { in: ids } },
      include: {
        appearances: { include: { source: true } },
        verdicts: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, include: { evidence: true, judgedSpeaker: true } },
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
   * Imports ClaimReviews, each on its own in its own transaction: a bad one
   * is skipped with its reason and never half-written, and never stops the
   * others. Importing a review URL again changes nothing.
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

    const reviews = candidates.map((candidate) => {
      const unsafe = candidate.reason ?? unsafeJsonReason(candidate.node);
      return unsafe === undefined ? this.parse(candidate.node) : { reason: unsafe };
    });
    // Reviews imported before are answered from one query, without a transaction each.
    const urls = reviews.flatMap((review) => ('reason' in review ? [] : [review.reviewUrl]));
    const known = new Map(
      (await this.db.externalReview.findMany({ where: { url: { in: urls } }, include: { statement: true } })).map((r) => [
        r.url,
        r.statement,
      ]),
    );

    const items: ClaimReviewImportItem[] = [];
    for (const [index, candidate] of candidates.entries()) {
      // Each review is its own short transaction, so between two of them
      // nothing is held: requests that arrived meanwhile (on the embedded
      // database, all of them wait for the open transaction) go first.
      if (index > 0) await new Promise(setImmediate);
      const parsed = reviews[index]!;
      if ('reason' in parsed) {
        items.push({ index, reviewUrl: reviewUrlOf(candidate.node), outcome: ImportOutcome.SKIPPED, reason: parsed.reason, statement: null });
        continue;
      }
      const previous = known.get(parsed.reviewUrl);
      if (previous) {
        items.push({ index, reviewUrl: parsed.reviewUrl, outcome: ImportOutcome.MATCHED, reason: 'already imported', statement: previous });
        continue;
      }
      items.push({ index, ...(await this.importOne(by, parsed)) });
    }
    const count = (outcome: ImportOutcome) => items.filter((item) => item.outcome === outcome).length;
    return {
      created: count(ImportOutcome.CREATED),
      matched: count(ImportOutcome.MATCHED),
      skipped: count(ImportOutcome.SKIPPED),
      items,
    };
  }

  /** Reads one ClaimReview into what the import needs, or the reason it cannot be imported. */
  parse(node: unknown): ParsedReview | { reason: string } {
    try {
      return this.parseOrThrow(node);
    } catch (error) {
      if (error instanceof BadUserInputError) return { reason: error.message };
      throw error;
    }
  }

  private parseOrThrow(node: unknown): ParsedReview {
    if (!isObject(node)) throw new BadUserInputError(`not a JSON object (got ${describe(node)})`);
    const types = typesOf(node);
    if (!types.includes('ClaimReview')) {
      throw new BadUserInputError(types.length === 0 ? 'not a ClaimReview: @type is missing' : `not a ClaimReview: @type is ${types.join(', ')}`);
    }
    const rawUrl = text(node.url);
    if (rawUrl === undefined) throw new BadUserInputError('url is missing: it identifies the review');
    const reviewUrl = httpUrl('url', rawUrl);
    const claimReviewed = requiredText('claimReviewed', text(node.claimReviewed) ?? '', TEXT_MAX);

    const ratingNode = first(node.reviewRating);
    if (!isObject(ratingNode)) throw new BadUserInputError('reviewRating is missing');
    const rating: RatingInput = {
      alternateName: text(ratingNode.alternateName) ?? null,
      ratingValue: number(ratingNode.ratingValue) ?? null,
      bestRating: number(ratingNode.bestRating) ?? null,
      worstRating: number(ratingNode.worstRating) ?? null,
    };
    const numeric = rating.ratingValue != null && rating.bestRating != null && rating.worstRating != null;
    if (rating.alternateName == null && !numeric) {
      throw new BadUserInputError('reviewRating needs an alternateName, or a ratingValue with bestRating and worstRating');
    }
    const match = this.ratings.map(rating);
    if (!match) throw new BadUserInputError(`unknown rating ${describeRating(rating)}: add it to CLAIMREVIEW_RATINGS_FILE to import it`);

    const claim = first(node.itemReviewed);
    const author = isObject(claim) ? first(claim.author) : undefined;
    const authorName = isObject(author) ? text(author.name) : undefined;
    if (!isObject(author) || authorName === undefined) throw new BadUserInputError('itemReviewed.author.name is missing: who made the claim?');
    const claimNode = claim as JsonObject;

    const reviewer = first(node.author) ?? first(node.publisher);
    const publisher = (isObject(reviewer) ? text(reviewer.name) : text(reviewer)) ?? new URL(reviewUrl).hostname;

    return {
      reviewUrl,
      claimReviewed,
      status: match.status,
      ratingLabel: rating.alternateName ?? `${rating.ratingValue} on a scale from ${rating.worstRating} to ${rating.bestRating}`,
      publisher: publisher.slice(0, NAME_MAX),
      speaker: {
        name: requiredText('itemReviewed.author.name', authorName, NAME_MAX),
        kind: speakerKind(typesOf(author)),
        title: text(author.jobTitle) ?? null,
      },
      statedAt: date('itemReviewed.datePublished', claimNode.datePublished),
      language: language(claimNode.inLanguage ?? node.inLanguage),
      appearances: appearancesOf(claimNode),
      document: node,
    };
  }

  private async importOne(actor: Actor, review: ParsedReview): Promise<Omit<ClaimReviewImportItem, 'index'>> {
    const item = (outcome: ImportOutcome, reason: string | null, statement: StatementRow | null) => ({
      reviewUrl: review.reviewUrl,
      outcome,
      reason,
      statement,
    });
    try {
      // A review imported meanwhile (after the lookup in `import`) fails the
      // unique review URL when its record is written, and is reported below.
      return await inTransaction(this.db, async (tx) => {
        // The services over this transaction: every rule and audit entry of
        // an API write applies, and all of it commits or none of it does.
        const services = createServices(tx, this.config);
        const found = await findSpeaker(tx, review.speaker.name);
        const speaker =
          found ??
          (await services.speakers.create(actor, { name: review.speaker.name, kind: review.speaker.kind, title: review.speaker.title }));
        const sourceIds: string[] = [];
        for (const appearance of review.appearances) {
          const source = await findOrCreateSource(tx, services, actor, appearance);
          sourceIds.push(toGlobalId('Source', source.id));
        }
        const appearances = review.appearances.map((a, i) => ({ sourceId: sourceIds[i]!, url: a.url, publishedAt: a.publishedAt }));

        // A speaker created just now has no statements yet.
        let statement = found ? await findStatement(tx, speaker.id, review.claimReviewed) : null;
        const created = statement === null;
        if (statement === null) {
          statement = await services.statements.create(actor, {
            speakerId: toGlobalId('Speaker', speaker.id),
            text: review.claimReviewed,
            statedAt: review.statedAt,
            language: review.language,
            appearances,
          });
        } else {
          const known = new Set(
            (await tx.appearance.findMany({ where: { statementId: statement.id }, select: { url: true } })).map((a) => a.url),
          );
          for (const appearance of appearances) {
            if (known.has(appearance.url)) continue;
            await services.appearances.add(actor, { statementId: toGlobalId('Statement', statement.id), ...appearance });
          }
        }

        // Read inside the transaction: adding appearances moved the version.
        const version = created
          ? statement.version
          : (await tx.statement.findUniqueOrThrow({ where: { id: statement.id }, select: { version: true } })).version;
        const verdict = await services.verdicts.set(actor, {
          statementId: toGlobalId('Statement', statement.id),
          expectedVersion: version,
          status: review.status,
          rationale: `Imported from ${review.publisher}: rated "${review.ratingLabel}" (${review.reviewUrl})`,
          evidence: [{ url: review.reviewUrl, title: `${review.publisher} review`, stance: stanceFor(review.status) }],
        });
        const record = await tx.externalReview.create({
          data: {
            url: review.reviewUrl,
            statementId: statement.id,
            verdictId: verdict.id,
            publisher: review.publisher,
            document: review.document as Prisma.InputJsonObject,
          },
        });
        await recordAudit(tx, actor, { operation: 'importClaimReviews', entityType: 'Statement', entityId: statement.id, after: record });
        const current = await tx.statement.findUniqueOrThrow({ where: { id: statement.id } });
        return created
          ? item(ImportOutcome.CREATED, null, current)
          : item(ImportOutcome.MATCHED, 'the claim was already recorded: the review was added as its latest verdict', current);
      });
    } catch (error) {
      // A rule the services enforce (a date in the future, too many
      // appearances, a slug taken meanwhile): the transaction rolled back.
      if (error instanceof AppError && ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT'].includes(error.code)) {
        return item(ImportOutcome.SKIPPED, error.message, null);
      }
      // The same review imported concurrently: the other import won.
      if (isUniqueViolation(error)) {
        const previous = await this.db.externalReview.findUnique({ where: { url: review.reviewUrl }, include: { statement: true } });
        if (previous) return item(ImportOutcome.MATCHED, 'already imported', previous.statement);
      }
      throw error;
    }
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

// ---------------------------------------------------------------------------
// Reading ClaimReview JSON-LD

type JsonObject = Record<string, unknown>;

export interface ParsedAppearance {
  url: string;
  publishedAt: Date | null;
  publisherName: string | null;
  publisherUrl: string | null;
}

export interface ParsedReview {
  reviewUrl: string;
  claimReviewed: string;
  status: FindingStatus;
  /** The rating as the publisher worded it, for the rationale. */
  ratingLabel: string;
  publisher: string;
  speaker: { name: string; kind: SpeakerKind; title: string | null };
  statedAt: Date | null;
  language: string | undefined;
  appearances: ParsedAppearance[];
  document: JsonObject;
}

/** One entry of the flattened input: a node to read, or a wrapper already known to hold nothing. */
interface Candidate {
  node: unknown;
  reason?: string;
}

/**
 * Flattens the input: a JSON-LD array, a `@graph` (whose other nodes, such
 * as the WebPage or Organization a page also describes, are not reviews and
 * are passed over), or a DataFeed whose elements are ClaimReviews or
 * DataFeedItems holding one.
 */
function unwrap(value: unknown, depth: number, out: Candidate[]): void {
  if (depth > MAX_NESTING) {
    out.push({ node: value, reason: `nested more than ${MAX_NESTING} wrappers deep` });
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.push({ node: value, reason: 'an empty array holds no ClaimReview' });
    for (const element of value) unwrap(element, depth + 1, out);
    return;
  }
  if (!isObject(value)) {
    out.push({ node: value });
    return;
  }
  if (Array.isArray(value['@graph'])) {
    const relevant = value['@graph'].filter((n) => isObject(n) && ['ClaimReview', 'DataFeed'].some((t) => typesOf(n).includes(t)));
    if (relevant.length === 0) out.push({ node: value, reason: '@graph holds no ClaimReview' });
    for (const node of relevant) unwrap(node, depth + 1, out);
    return;
  }
  if (typesOf(value).includes('DataFeed')) {
    const elements = value.dataFeedElement === undefined ? [] : Array.isArray(value.dataFeedElement) ? value.dataFeedElement : [value.dataFeedElement];
    if (elements.length === 0) out.push({ node: value, reason: 'the DataFeed has no dataFeedElement' });
    for (const element of elements) {
      unwrap(isObject(element) && typesOf(element).includes('DataFeedItem') ? element.item : element, depth + 1, out);
    }
    return;
  }
  out.push({ node: value });
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `@type` names without a vocabulary prefix ("schema:ClaimReview", "https://schema.org/ClaimReview"). */
function typesOf(node: JsonObject): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, '').trim());
}

/** JSON-LD allows one value or several; where we need one, the first. */
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Text, trimmed; undefined when absent or blank. JSON-LD value objects ({"@value": ...}) count. */
function text(value: unknown): string | undefined {
  const v = first(value);
  const raw = isObject(v) ? v['@value'] : v;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const trimmed = String(raw).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Numbers arrive as JSON numbers or, as often, as strings ("1"). */
function number(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined || !/^-?\d+(\.\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

function date(field: string, value: unknown): Date | null {
  const raw = text(value);
  if (raw === undefined) return null;
  const parsed = new Date(raw);
  if (Number.isNaN(parsed.getTime())) throw new BadUserInputError(`${field} is not a date (got "${raw.slice(0, 40)}")`);
  return pastDate(field, parsed) ?? null;
}

/** A claim's language when it is a valid tag; otherwise the statement default, since a label we cannot read is no reason to refuse the review. */
function language(value: unknown): string | undefined {
  const v = first(value);
  const raw = isObject(v) ? (text(v.alternateName) ?? text(v.name)) : text(v);
  if (raw === undefined) return undefined;
  try {
    return languageTag('inLanguage', raw);
  } catch {
    return undefined;
  }
}

const ORGANIZATION_TYPES = new Set(['NGO', 'Corporation', 'PoliticalParty', 'Consortium', 'WorkersUnion', 'Project']);

/**
 * The speaker kind an author's @type implies. Without a type we assume a
 * person, which is who most claims come from.
 */
function speakerKind(types: string[]): SpeakerKind {
  if (types.includes('Person')) return 'PERSON';
  if (types.includes('GovernmentOrganization')) return 'GOVERNMENT_BODY';
  if (types.some((t) => t.endsWith('Organization') || ORGANIZATION_TYPES.has(t))) return 'ORGANIZATION';
  return 'PERSON';
}

/** `appearance` and `firstAppearance`, each a URL or a CreativeWork, once per URL. */
function appearancesOf(claim: JsonObject): ParsedAppearance[] {
  const raw = [
    ...(Array.isArray(claim.appearance) ? claim.appearance : claim.appearance === undefined ? [] : [claim.appearance]),
    ...(claim.firstAppearance === undefined ? [] : [first(claim.firstAppearance)]),
  ];
  const byUrl = new Map<string, ParsedAppearance>();
  raw.forEach((entry, index) => {
    const field = `itemReviewed.appearance[${index}]`;
    const work: JsonObject = isObject(entry) ? entry : { url: entry };
    const rawUrl = text(work.url);
    // A work without a URL cannot be recorded as an appearance, and says nothing the claim needs.
    if (rawUrl === undefined) return;
    const url = httpUrl(`${field}.url`, rawUrl);
    const publisher = first(work.publisher) ?? first(work.author);
    const publisherUrl = isObject(publisher) ? text(publisher.url) : undefined;
    const found: ParsedAppearance = {
      url,
      publishedAt: date(`${field}.datePublished`, work.datePublished),
      publisherName: (isObject(publisher) ? text(publisher.name) : text(publisher))?.slice(0, NAME_MAX) ?? null,
      publisherUrl: publisherUrl === undefined ? null : httpUrl(`${field}.publisher.url`, publisherUrl),
    };
    const earlier = byUrl.get(url);
    byUrl.set(
      url,
      earlier
        ? {
            url,
            publishedAt: earlier.publishedAt ?? found.publishedAt,
            publisherName: earlier.publisherName ?? found.publisherName,
            publisherUrl: earlier.publisherUrl ?? found.publisherUrl,
          }
        : found,
    );
  });
  return [...byUrl.values()];
}

function reviewUrlOf(node: unknown): string | null {
  if (!isObject(node)) return null;
  return text(node.url) ?? null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string "${value.slice(0, 40)}"` : `a ${typeof value}`;
}

function describeRating(rating: RatingInput): string {
  const parts: string[] = [];
  if (rating.alternateName != null) parts.push(`"${rating.alternateName}"`);
  if (rating.ratingValue != null) {
    parts.push(
      rating.bestRating != null && rating.worstRating != null
        ? `${rating.ratingValue} on a scale from ${rating.worstRating} to ${rating.bestRating}`
        : `${rating.ratingValue} without bestRating and worstRating`,
    );
  }
  return parts.join(', ');
}

// ---------------------------------------------------------------------------
// Matching what we already have

type Tx = Prisma.TransactionClient;

/** By exact name, else by alias, ignoring case; the name wins over an alias, then the oldest speaker. */
async function findSpeaker(tx: Tx, name: string): Promise<SpeakerRow | null> {
  const [hit] = await tx.$queryRaw<SpeakerRow[]>`
    SELECT sp.id, sp.name, sp.kind::text AS kind, sp.affiliation, sp.title, sp.aliases,
      sp.created_at AS "createdAt", sp.updated_at AS "updatedAt"
    FROM speaker sp
    WHERE lower(sp.name) = lower(${name})
       OR EXISTS (SELECT 1 FROM unnest(sp.aliases) AS alias WHERE lower(alias) = lower(${name}))
    ORDER BY (lower(sp.name) = lower(${name})) DESC, sp.id
    LIMIT 1`;
  return hit ?? null;
}

/** The same speaker's statement with the same text, ignoring case and surrounding blanks. */
async function findStatement(tx: Tx, speakerId: string, text: string): Promise<StatementRow | null> {
  const [hit] = await tx.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM statement s
    WHERE s.speaker_id = ${speakerId}::uuid AND lower(btrim(s.text)) = lower(btrim(${text}))
    ORDER BY s.id
    LIMIT 1`;
  return hit ? tx.statement.findUnique({ where: { id: hit.id } }) : null;
}

function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/**
 * The source an appearance was published in. By the publisher's name
 * first, then by the host of the publisher's home page. The appearance's
 * own host is only used when the publisher is not named at all: many
 * publishers share a host (a video site, a social network), so a host alone
 * would merge them.
 */
async function findOrCreateSource(
  tx: Tx,
  services: ReturnType<typeof createServices>,
  actor: Actor,
  appearance: ParsedAppearance,
): Promise<SourceRow> {
  const name = appearance.publisherName;
  if (name !== null) {
    const [hit] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM source WHERE lower(name) = lower(${name}) ORDER BY id LIMIT 1`;
    if (hit) return tx.source.findUniqueOrThrow({ where: { id: hit.id } });
  }
  const host = hostOf(appearance.publisherUrl ?? appearance.url);
  if (name === null || appearance.publisherUrl !== null) {
    const [hit] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM source
      WHERE lower(substring(homepage_url from '^[A-Za-z]+://(?:www\\.)?([^/:?#]+)')) = ${host}
      ORDER BY id LIMIT 1`;
    if (hit) return tx.source.findUniqueOrThrow({ where: { id: hit.id } });
  }
  const homepageUrl = appearance.publisherUrl ?? (name === null ? new URL(appearance.url).origin : null);
  return services.sources.create(actor, {
    slug: await freeSlug(tx, slugFrom(name ?? '') || slugFrom(host) || 'source'),
    name: name ?? host,
    // A ClaimReview does not say what kind of outlet published the claim.
    kind: 'OTHER',
    homepageUrl,
  });
}

/** A slug from free text: ASCII letters and digits in hyphenated words, short enough for a numeric suffix. */
export function slugFrom(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 56)
    .replace(/^-+|-+$/g, '');
}

/** `base`, or `base-2`, `base-3`... whichever is free. */
async function freeSlug(tx: Tx, base: string): Promise<string> {
  const taken = new Set(
    (await tx.source.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((s) => s.slug),
  );
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/**
 * The document is stored whole for provenance, and PostgreSQL's jsonb and
 * text refuse NUL characters and broken Unicode anywhere in it, read or not.
 */
function unsafeJsonReason(value: unknown, depth = 0): string | undefined {
  if (depth > 64) return 'the document is nested too deeply';
  if (typeof value === 'string') {
    const unsafe = unsafeTextReason(value);
    if (!unsafe) return undefined;
    return unsafe.includes('Unicode') ? 'the document holds broken Unicode (a lone surrogate)' : 'the document holds control characters (such as NUL)';
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const reason = unsafeJsonReason(item, depth + 1);
      if (reason) return reason;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const reason = unsafeJsonReason(key, depth + 1) ?? unsafeJsonReason(item, depth + 1);
      if (reason) return reason;
    }
  }
  return undefined;
}
