import { DEFAULT_INGEST_LIMITS, type Config } from '../../config.js';
import { inTransaction, type DbClient } from '../../db/client.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { Prisma, type Article as ArticleRow, type Candidate as CandidateRow } from '../../generated/prisma/client.js';
import type { LinkKind } from '../../generated/prisma/enums.js';
import { fromGlobalId, newId, toGlobalId } from '../../ids.js';
import { createServices } from '../../services.js';
import { httpUrl, languageTag, pastDate, requiredText, slug as slugRule } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/event.record.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { NAME_MAX } from '../speaker/speaker.service.js';
import { TEXT_MAX } from '../statement/statement.service.js';
import { RelevanceService, type RankedStatement } from '../search/search.service.js';
import type { ExtractedCandidate, ExtractWarning } from './extract.js';
import { extractionPool } from './extract.pool.js';
import { denialCues } from './extract-rebuts.js';
import type { AcceptCandidateInput, IngestArticleInput } from './ingest.inputs.js';
import type { AppearanceInput } from '../statement/statement.inputs.js';

export const BODY_MAX = 200_000;
/** Below this a stored speaker is not offered as a match; a new speaker is proposed instead. */
export const SPEAKER_MATCH_MIN = 0.5;
/** Stored statements at least this alike are suggested as REPEATS (or, for a denial, as what it REBUTS). */
export const SIMILAR_MIN = 0.35;
const SUGGESTIONS_PER_CANDIDATE = 3;
/** What of a candidate is compared with stored statements: a statement worth linking is said within a long sentence. */
const LINK_TEXT_MAX = 1000;

/** What `candidate.suggestions` holds. */
/** `score` and `cues` are absent on suggestions stored before they were recorded. */
export type Suggestion =
  | { kind: LinkKind; score: number; statementId: string; cues?: string[] }
  | { kind: LinkKind; candidatePosition: number; score?: number; cues?: string[] };

type IngestConfig = Pick<Config, 'graphql' | 'publicUrl' | 'claimReview'> & Partial<Pick<Config, 'ingest'>>;

/**
 * Articles in, candidate statements out, and the review that turns a
 * candidate into a statement. Extraction itself is pure (extract.ts); this
 * service matches what it finds against what is stored.
 */
export class IngestService {
  private readonly relevance: RelevanceService;

  constructor(
    private readonly db: DbClient,
    private readonly config: IngestConfig,
  ) {
    this.relevance = new RelevanceService(db, config.graphql);
  }

  async article(id: string | null | undefined, url: string | null | undefined): Promise<ArticleRow> {
    if ((id == null) === (url == null)) throw new BadUserInputError('Give either id or url', id == null ? 'id' : 'url');
    const row =
      id != null
        ? await this.db.article.findUnique({ where: { id: fromGlobalId('Article', id, 'id') } })
        : await this.db.article.findUnique({ where: { url: httpUrl('url', url as string) } });
    if (!row) throw new NotFoundError('Article', (id ?? url) as string, id != null ? 'id' : 'url');
    return row;
  }

  /**
   * Stores the article and its candidates, or returns the stored article
   * when this URL was ingested before (`created: false`); nothing else is
   * written then, so a tool may safely send the same article twice.
   */
  async ingest(actor: Actor | null, input: IngestArticleInput): Promise<{ article: ArticleRow; created: boolean; warnings: ExtractWarning[]; detectedLanguage: string | null }> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const url = httpUrl('input.url', input.url);
    const title = requiredText('input.title', input.title, 500);
    // Kept exactly as received: candidate offsets must point into the text the client has.
    requiredText('input.body', input.body, BODY_MAX);
    const body = input.body;
    const language = input.language == null ? 'en' : languageTag('input.language', input.language);
    const publishedAt = pastDate('input.publishedAt', input.publishedAt) ?? null;
    if ((input.sourceId == null) === (input.sourceSlug == null)) {
      throw new BadUserInputError('Give either input.sourceId or input.sourceSlug', 'input.sourceId');
    }

    const existing = await this.db.article.findUnique({ where: { url } });
    if (existing) return { article: existing, created: false, warnings: [], detectedLanguage: null };

    const source =
      input.sourceId != null
        ? await this.db.source.findUnique({ where: { id: fromGlobalId('Source', input.sourceId, 'input.sourceId') } })
        : await this.db.source.findUnique({ where: { slug: slugRule('input.sourceSlug', input.sourceSlug as string) } });
    if (!source) throw new NotFoundError('Source', (input.sourceId ?? input.sourceSlug) as string, input.sourceId != null ? 'input.sourceId' : 'input.sourceSlug');

    const knownSpeakers = mentionable(body, await this.db.speaker.findMany({ select: { name: true, aliases: true } }));
    // In a worker thread, which loads the NLP lexicon (~27 MB) with the
    // first article: most instances never ingest (bench/RESULTS.md, memory).
    const limits = this.config.ingest ?? DEFAULT_INGEST_LIMITS;
    const pool = extractionPool({ workers: limits.workers, queueMax: limits.queueMax, timeoutMs: limits.timeoutMs, memoryMb: limits.workerMemoryMb });
    const { candidates: extracted, warnings, language: detectedLanguage } = await pool.extract(
      { body, publishedAt, language, publisher: { name: source.name }, knownSpeakers },
      { maxCandidates: limits.maxCandidates, maxSentenceChars: limits.maxSentenceChars },
    );
    extracted.forEach((candidate, position) => {
      const cut = fitForStorage(candidate);
      if (cut.length > 0) {
        warnings.push({
          kind: 'CANDIDATE_TRUNCATED',
          message: `Candidate ${position}: ${cut.join(', ')} cut at a word boundary, marked with "…"; the passage offsets still cover it whole`,
          startOffset: candidate.start,
          endOffset: candidate.end,
          candidatePosition: position,
        });
      }
    });
    const prepared = await this.matchAll(extracted);

    try {
      return await inTransaction(this.db, async (tx) => {
        const article = await tx.article.create({ data: { url, sourceId: source.id, title, publishedAt, language, body } });
        await insertCandidates(tx, article.id, prepared);
        await recordAudit(tx, by, {
          operation: 'ingestArticle',
          entityType: 'Article',
          entityId: article.id,
          after: { url, title, sourceId: source.id, publishedAt, language, candidates: prepared.length },
        });
        await recordEvent(tx, {
          type: 'CANDIDATES_EXTRACTED',
          statementId: null,
          payload: {
            articleId: toGlobalId('Article', article.id),
            sourceId: toGlobalId('Source', source.id),
            url,
            language,
            candidates: prepared.length,
          },
        });
        return { article, created: true, warnings, detectedLanguage };
      });
    } catch (error) {
      // Two tools sending the same article at once: the second gets the first's.
      const raced = await this.db.article.findUnique({ where: { url } });
      if (raced) return { article: raced, created: false, warnings: [], detectedLanguage: null };
      throw error;
    }
  }

  /**
   * The stored speaker, the carrying outlet and the links each candidate
   * probably has, with one query per kind for the whole article: speakers
   * by distinct name, outlets by distinct carrier, stored statements alike
   * by distinct text (its first LINK_TEXT_MAX characters), so an article
   * repeating one long sentence a hundred times asks once.
   */
  private async matchAll(all: ExtractedCandidate[]) {
    const key = (text: string): string => text.trim().toLowerCase();
    const texts = [...new Set(all.map((c) => c.text.replace(/\s+/g, ' ').trim().slice(0, LINK_TEXT_MAX)))];
    const [speakers, sources, similar] = [
      await this.matchSpeakers([...new Set(all.map((c) => key(c.speakerName)))]),
      await this.matchSources([...new Set(all.flatMap((c) => (c.carrier ? [key(c.carrier)] : [])))]),
      await this.relevance.similarMany(texts, { first: SUGGESTIONS_PER_CANDIDATE, minScore: SIMILAR_MIN, field: 'candidate.text' }),
    ];
    const alike = new Map<string, RankedStatement[]>(texts.map((t, i) => [t, similar[i]!]));
    return all.map((candidate, position) => {
      const speaker = speakers.get(key(candidate.speakerName)) ?? null;
      const carrierSourceId = candidate.carrier ? (sources.get(key(candidate.carrier)) ?? null) : null;
      const suggestions: Suggestion[] = [];
      for (const link of candidate.rebutLinks) {
        if (link.target !== position && all[link.target]) suggestions.push({ kind: 'REBUTS', candidatePosition: link.target, score: round(link.score), cues: link.cues });
      }
      const triggers = candidate.stance === 'DENIES' ? denialCues(candidate.verb, candidate.text) : [];
      for (const { statement, score } of alike.get(candidate.text.replace(/\s+/g, ' ').trim().slice(0, LINK_TEXT_MAX)) ?? []) {
        // A denial that echoes a stored claim answers it; anything else alike says it again.
        const kind: LinkKind = candidate.stance === 'DENIES' && statement.speakerId !== speaker?.id ? 'REBUTS' : 'REPEATS';
        suggestions.push({ kind, score: round(score), statementId: statement.id, cues: kind === 'REBUTS' ? triggers : [] });
      }
      return { position, candidate, speaker, carrierSourceId, suggestions };
    });
  }

  /** Stored speakers by name or alias, tolerating misspellings ("Syria's foreign ministery"), for many lower-cased names in one query. */
  async matchSpeakers(names: string[]): Promise<Map<string, { id: string; score: number }>> {
    const wanted = names.filter((n) => n !== '');
    const out = new Map<string, { id: string; score: number }>();
    if (wanted.length === 0) return out;
    const rows = await this.db.$queryRaw<{ query: string; id: string; score: number }[]>`
      SELECT q.query, best.id, best.score
      FROM unnest(${wanted}::text[]) AS q(query)
      CROSS JOIN LATERAL (
        SELECT sp.id, greatest(
                 similarity(lower(sp.name), q.query),
                 coalesce((SELECT max(similarity(lower(alias), q.query)) FROM unnest(sp.aliases) AS alias), 0)
               )::float8 AS score
        FROM speaker sp
        ORDER BY score DESC, sp.id
        LIMIT 1) best`;
    for (const row of rows) if (row.score >= SPEAKER_MATCH_MIN) out.set(row.query, { id: row.id, score: round(row.score) });
    return out;
  }

  /** The outlets texts name ("SANA", "AFP news agency") by slug, name or a near spelling, for many lower-cased carriers in one query. */
  async matchSources(carriers: string[]): Promise<Map<string, string>> {
    const wanted = carriers.filter((n) => n !== '');
    const out = new Map<string, string>();
    if (wanted.length === 0) return out;
    const rows = await this.db.$queryRaw<{ query: string; id: string; score: number }[]>`
      SELECT q.query, best.id, best.score
      FROM unnest(${wanted}::text[]) AS q(query)
      CROSS JOIN LATERAL (
        SELECT so.id, greatest(
                 CASE WHEN so.slug = q.query OR lower(so.name) = q.query THEN 1 ELSE 0 END,
                 word_similarity(q.query, lower(so.name)),
                 similarity(so.slug, q.query)
               )::float8 AS score
        FROM source so
        ORDER BY score DESC, so.id
        LIMIT 1) best`;
    for (const row of rows) if (row.score >= 0.6) out.set(row.query, row.id);
    return out;
  }

  /**
   * Makes a candidate a statement, in one transaction: the speaker (matched,
   * chosen or new), the statement, its appearances in the publishing outlet
   * and in the carrying outlet, and the accepted links, including links
   * from candidates of the same article accepted earlier that point at this
   * one. A candidate is accepted at most once.
   */
  async accept(actor: Actor | null, id: string, edits: AcceptCandidateInput | null | undefined): Promise<CandidateRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const candidateId = fromGlobalId('Candidate', id, 'id');
    const text = edits?.text == null ? undefined : requiredText('edits.text', edits.text, 5000);
    const chosenSpeakerId = edits?.speakerId == null ? undefined : fromGlobalId('Speaker', edits.speakerId, 'edits.speakerId');
    const newSpeakerName = edits?.newSpeakerName == null ? undefined : requiredText('edits.newSpeakerName', edits.newSpeakerName, 200);
    if (chosenSpeakerId && newSpeakerName) {
      throw new BadUserInputError('Give edits.speakerId or edits.newSpeakerName, not both', 'edits.speakerId');
    }
    const statedAt = pastDate('edits.statedAt', edits?.statedAt);

    return inTransaction(this.db, async (tx) => {
      const candidate = await lockCandidate(tx, candidateId, id);
      if (candidate.status !== 'PENDING') {
        throw new ConflictError(`This candidate was already ${candidate.status.toLowerCase()}`, { status: candidate.status });
      }
      const article = await tx.article.findUniqueOrThrow({ where: { id: candidate.articleId } });
      const services = createServices(tx, this.config);

      let speakerId = chosenSpeakerId ?? (newSpeakerName ? undefined : (candidate.speakerId ?? undefined));
      if (chosenSpeakerId && !(await tx.speaker.findUnique({ where: { id: chosenSpeakerId }, select: { id: true } }))) {
        throw new NotFoundError('Speaker', edits!.speakerId!, 'edits.speakerId');
      }
      if (!speakerId) {
        const speaker = await services.speakers.create(by, {
          name: newSpeakerName ?? candidate.speakerName,
          kind: edits?.newSpeakerKind ?? 'PERSON',
          aliases: candidate.speakerText !== candidate.speakerName && !/^(he|she|they|it)$/i.test(candidate.speakerText) ? [candidate.speakerText] : [],
        });
        speakerId = speaker.id;
      }

      const passage = article.body.slice(candidate.startOffset, candidate.endOffset).trim();
      const published: AppearanceInput = { sourceId: toGlobalId('Source', article.sourceId), url: article.url, publishedAt: article.publishedAt, wording: passage.slice(0, 5000) };
      const appearances = [published];
      if (candidate.carrierSourceId && candidate.carrierSourceId !== article.sourceId) {
        // The carrying outlet's own URL is unknown: its appearance points at
        // the article that cited it, marked with the outlet. It is recorded
        // first, as it carried the words first, and the article says where
        // it got them.
        const carrier = await tx.source.findUniqueOrThrow({ where: { id: candidate.carrierSourceId } });
        published.carriedFromId = toGlobalId('Source', carrier.id);
        appearances.unshift({
          sourceId: toGlobalId('Source', carrier.id),
          url: `${article.url}#carried-by-${carrier.slug}`,
          publishedAt: article.publishedAt,
          wording: passage.slice(0, 5000),
        });
      }
      const quote = edits?.quote === undefined || edits?.quote === null ? candidate.quote : edits.quote.trim() || null;
      const statement = await services.statements.create(by, {
        speakerId: toGlobalId('Speaker', speakerId),
        text: text ?? candidate.text,
        quote,
        statedAt: statedAt === undefined ? candidate.statedAt : statedAt,
        language: article.language,
        appearances,
      });

      const accepted = await tx.candidate.update({
        where: { id: candidate.id },
        data: { status: 'ACCEPTED', statementId: statement.id, decidedAt: new Date(), decidedBy: by.name },
      });
      await this.createLinks(tx, services, by, accepted, edits?.links ?? undefined);
      await recordAudit(tx, by, {
        operation: 'acceptCandidate',
        entityType: 'Candidate',
        entityId: candidate.id,
        before: { status: candidate.status },
        after: { status: accepted.status, statementId: statement.id },
      });
      return accepted;
    });
  }

  private async createLinks(
    tx: Prisma.TransactionClient,
    services: ReturnType<typeof createServices>,
    by: Actor,
    accepted: CandidateRow,
    chosen: number[] | undefined,
  ): Promise<void> {
    const suggestions = accepted.suggestions as Suggestion[];
    if (chosen) {
      for (const index of chosen) {
        if (!Number.isInteger(index) || index < 0 || index >= suggestions.length) {
          throw new BadUserInputError(`edits.links has no suggestion ${index} (this candidate has ${suggestions.length})`, 'edits.links');
        }
      }
    }
    const siblings = await tx.candidate.findMany({ where: { articleId: accepted.articleId } });
    const statementAt = new Map(siblings.filter((c) => c.statementId).map((c) => [c.position, c.statementId!]));
    const wanted: { from: string; to: string; kind: LinkKind; note: string }[] = [];

    suggestions.forEach((suggestion, index) => {
      if (chosen && !chosen.includes(index)) return;
      const to = 'statementId' in suggestion ? suggestion.statementId : statementAt.get(suggestion.candidatePosition);
      if (!to) {
        if (chosen) {
          throw new BadUserInputError(`Suggestion ${index} points at a candidate that is not accepted yet`, 'edits.links');
        }
        return;
      }
      wanted.push({ from: accepted.statementId!, to, kind: suggestion.kind, note: 'Suggested from the article' });
    });
    // Candidates accepted earlier whose suggestions point here get their links now.
    for (const sibling of siblings) {
      if (sibling.id === accepted.id || !sibling.statementId) continue;
      for (const suggestion of sibling.suggestions as Suggestion[]) {
        if ('candidatePosition' in suggestion && suggestion.candidatePosition === accepted.position) {
          wanted.push({ from: sibling.statementId, to: accepted.statementId!, kind: suggestion.kind, note: 'Suggested from the article' });
        }
      }
    }
    for (const link of wanted) {
      const exists = await tx.statementLink.findUnique({ where: { fromId_toId_kind: { fromId: link.from, toId: link.to, kind: link.kind } } });
      if (exists || link.from === link.to) continue;
      await services.links.link(by, {
        fromId: toGlobalId('Statement', link.from),
        toId: toGlobalId('Statement', link.to),
        kind: link.kind,
        note: link.note,
      });
    }
  }

  async reject(actor: Actor | null, id: string, reason: string): Promise<CandidateRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const candidateId = fromGlobalId('Candidate', id, 'id');
    const why = requiredText('reason', reason, 1000);
    return inTransaction(this.db, async (tx) => {
      const candidate = await lockCandidate(tx, candidateId, id);
      if (candidate.status !== 'PENDING') {
        throw new ConflictError(`This candidate was already ${candidate.status.toLowerCase()}`, { status: candidate.status });
      }
      const rejected = await tx.candidate.update({
        where: { id: candidateId },
        data: { status: 'REJECTED', reason: why, decidedAt: new Date(), decidedBy: by.name },
      });
      await recordAudit(tx, by, {
        operation: 'rejectCandidate',
        entityType: 'Candidate',
        entityId: candidateId,
        before: { status: candidate.status },
        after: { status: rejected.status, reason: why },
      });
      return rejected;
    });
  }
}

/** Concurrent reviewers of one candidate take turns; the second sees the first's decision. */
async function lockCandidate(tx: Prisma.TransactionClient, id: string, globalId: string): Promise<CandidateRow> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM candidate WHERE id = ${id}::uuid FOR UPDATE`;
  if (!locked) throw new NotFoundError('Candidate', globalId, 'id');
  return tx.candidate.findUniqueOrThrow({ where: { id } });
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/**
 * Cuts what a statement or speaker could not store (acceptCandidate would
 * refuse it) at a word boundary, and names the fields cut. A quotation that
 * runs for pages is a reporter's transcript, not one statement; the reviewer
 * sees the passage whole through the offsets.
 */
function fitForStorage(candidate: ExtractedCandidate): string[] {
  const cut: string[] = [];
  const fit = (field: string, value: string, max: number): string => {
    if (value.length <= max) return value;
    cut.push(`${field} (${value.length} characters, limit ${max})`);
    return cutAtWord(value, max);
  };
  candidate.text = fit('text', candidate.text, TEXT_MAX);
  if (candidate.quote !== null) candidate.quote = fit('quote', candidate.quote, TEXT_MAX);
  candidate.speakerName = fit('speakerName', candidate.speakerName, NAME_MAX);
  candidate.speakerText = fit('speakerText', candidate.speakerText, NAME_MAX);
  return cut;
}

/** At most max characters, ending at a word (or at max - 1 when there is none) with "…". */
export function cutAtWord(text: string, max: number): string {
  let room = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(room)) room = room.slice(0, -1);
  const space = room.search(/\s\S*$/);
  const kept = space > max / 2 ? room.slice(0, space) : room;
  return `${kept.replace(/[\s,;:.\-\u2013\u2014]+$/, '')}…`;
}

/**
 * The stored speakers an article could name: those with a word of their
 * name or an alias in it. The extractor compares every name it reads with
 * every known speaker, so passing thousands (an imported archive's
 * claimants) would make each article slow; a speaker none of whose words
 * appear cannot be named.
 */
export function mentionable<T extends { name: string; aliases: string[] }>(body: string, speakers: T[]): T[] {
  // Apostrophes split words on both sides: "Valdoria's" holds "valdoria", "O'Brien" is "o" and "brien".
  const split = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1);
  const words = new Set(split(body));
  const appears = (name: string) => split(name).some((word) => words.has(word));
  return speakers.filter((speaker) => appears(speaker.name) || speaker.aliases.some(appears));
}

type Prepared = Awaited<ReturnType<IngestService['matchAll']>>[number];

/**
 * An article's candidates in one INSERT with one JSON parameter. Through
 * Prisma's createMany, fifty candidates (seventeen columns each, 850
 * parameters) took 50-70 ms on the embedded database, a fifth of an
 * ingestion; as one document the database reads them in a few.
 */
async function insertCandidates(tx: Prisma.TransactionClient, articleId: string, prepared: Prepared[]): Promise<void> {
  if (prepared.length === 0) return;
  const rows = prepared.map(({ position, candidate, speaker, carrierSourceId, suggestions }) => ({
    id: newId(),
    position,
    speaker_text: candidate.speakerText,
    speaker_name: candidate.speakerName,
    speaker_id: speaker?.id ?? null,
    speaker_score: speaker?.score ?? null,
    quote: candidate.quote,
    text: candidate.text,
    verb: candidate.verb,
    stance: candidate.stance,
    carrier: candidate.carrier,
    carrier_source_id: carrierSourceId,
    stated_at: candidate.statedAt?.toISOString() ?? null,
    start_offset: candidate.start,
    end_offset: candidate.end,
    suggestions,
  }));
  await tx.$executeRaw`
    INSERT INTO candidate (id, article_id, position, speaker_text, speaker_name, speaker_id, speaker_score, quote, text, verb, stance,
                           carrier, carrier_source_id, stated_at, start_offset, end_offset, suggestions)
    SELECT r.id, ${articleId}::uuid, r.position, r.speaker_text, r.speaker_name, r.speaker_id, r.speaker_score, r.quote, r.text, r.verb, r.stance,
           r.carrier, r.carrier_source_id, r.stated_at, r.start_offset, r.end_offset, r.suggestions
    FROM jsonb_to_recordset(CAST(${JSON.stringify(rows)} AS jsonb)) AS r(
      id uuid, position int, speaker_text text, speaker_name text, speaker_id uuid, speaker_score float8, quote text, text text, verb text,
      stance text, carrier text, carrier_source_id uuid, stated_at timestamptz(3), start_offset int, end_offset int, suggestions jsonb)`;
}
