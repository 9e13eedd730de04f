import { BadUserInputError } from '../../errors.js';
import type { SpeakerKind } from '../../generated/prisma/enums.js';
import { nameText, optionalNameText } from '../../names.js';
import { httpUrl, languageTag, pastDate, requiredText, unsafeTextReason } from '../../validation.js';
import { MAX_APPEARANCES_PER_CALL } from '../appearance/appearance.rules.js';
import { TEXT_MAX } from '../statement/statement.service.js';
import { normaliseRating, type RatingInput } from './claimreview.ratings.js';

/**
 * Reading ClaimReview JSON-LD into what the import writes, as pure
 * functions: everything a review could be refused for is found here, before
 * anything is written, so that the good reviews of a call can be written
 * together.
 */

const NAME_MAX = 200;
const HEADLINE_MAX = 1000;
/** Wrappers inside wrappers are legal JSON-LD, but nobody nests them deeper than this. */
const MAX_NESTING = 4;
/** A statement's language when the claim does not say (as createStatement defaults it). */
const DEFAULT_LANGUAGE = 'en';

/** Reads one ClaimReview, or says why it cannot be imported. */
export function parseReview(node: unknown): ParsedReview | { reason: string } {
  const unsafe = unsafeJsonReason(node);
  if (unsafe !== undefined) return { reason: unsafe };
  try {
    return parseOrThrow(node);
  } catch (error) {
    if (error instanceof BadUserInputError) return { reason: error.message };
    throw error;
  }
}

function parseOrThrow(node: unknown): ParsedReview {
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
  let rating: ParsedRating | null = null;
  if (isObject(ratingNode)) {
    const alternateName = text(ratingNode.alternateName)?.slice(0, NAME_MAX) ?? null;
    const key = alternateName === null ? '' : normaliseRating(alternateName);
    rating = {
      alternateName,
      key: key === '' ? null : key,
      ratingValue: number(ratingNode.ratingValue) ?? null,
      bestRating: number(ratingNode.bestRating) ?? null,
      worstRating: number(ratingNode.worstRating) ?? null,
    };
  }

  const claim = first(node.itemReviewed);
  const claimNode: JsonObject = isObject(claim) ? claim : {};
  const author = first(claimNode.author);
  const authorName = isObject(author) ? text(author.name) : undefined;
  const speaker =
    isObject(author) && authorName !== undefined
      ? {
          name: nameText('itemReviewed.author.name', authorName, NAME_MAX),
          kind: speakerKind(typesOf(author)),
          title: optionalNameText('itemReviewed.author.jobTitle', text(author.jobTitle)?.slice(0, NAME_MAX) ?? null, NAME_MAX) ?? null,
        }
      : null;

  const reviewer = first(node.author) ?? first(node.publisher);
  const publisher = (isObject(reviewer) ? text(reviewer.name) : text(reviewer)) ?? new URL(reviewUrl).hostname;
  const publisherUrl = isObject(reviewer) ? text(reviewer.url) : undefined;
  const headline = text(node.name) ?? text(node.headline);

  const appearances = appearancesOf(claimNode);
  if (appearances.length > MAX_APPEARANCES_PER_CALL) {
    throw new BadUserInputError(`itemReviewed has ${appearances.length} appearances; at most ${MAX_APPEARANCES_PER_CALL} are taken`);
  }
  return {
    reviewUrl,
    claimReviewed,
    rating,
    publisher: publisher.slice(0, NAME_MAX),
    publisherUrl: publisherUrl !== undefined && /^https?:\/\//i.test(publisherUrl) ? safeUrl(publisherUrl) : null,
    headline: headline === undefined ? null : headline.slice(0, HEADLINE_MAX),
    // The review's own date is for display: one that cannot be read is left out rather than refusing the review.
    reviewDate: lenientDate(node.datePublished),
    speaker,
    statedAt: date('itemReviewed.datePublished', claimNode.datePublished),
    language: language(claimNode.inLanguage ?? node.inLanguage) ?? DEFAULT_LANGUAGE,
    appearances,
    document: node,
  };
}

function safeUrl(value: string): string | null {
  try {
    return httpUrl('url', value);
  } catch {
    return null;
  }
}

function lenientDate(value: unknown): Date | null {
  try {
    return date('datePublished', value);
  } catch {
    return null;
  }
}

export function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

type JsonObject = Record<string, unknown>;

export interface ParsedAppearance {
  url: string;
  publishedAt: Date | null;
  publisherName: string | null;
  publisherUrl: string | null;
}

export interface ParsedRating extends RatingInput {
  /** alternateName in the form ratings are compared in; null without one. */
  key: string | null;
}

export interface ParsedReview {
  reviewUrl: string;
  claimReviewed: string;
  /** Null when the review has no reviewRating at all. */
  rating: ParsedRating | null;
  publisher: string;
  publisherUrl: string | null;
  headline: string | null;
  reviewDate: Date | null;
  /** Null when the claim has no author: the import attaches it to the unknown claimant. */
  speaker: { name: string; kind: SpeakerKind; title: string | null } | null;
  statedAt: Date | null;
  language: string;
  appearances: ParsedAppearance[];
  document: JsonObject;
}

/** One entry of the flattened input: a node to read, or a wrapper already known to hold nothing. */
export interface Candidate {
  node: unknown;
  reason?: string;
}

/**
 * Flattens the input: a JSON-LD array, a `@graph` (whose other nodes, such
 * as the WebPage or Organization a page also describes, are not reviews and
 * are passed over), or a DataFeed whose elements are ClaimReviews or
 * DataFeedItems holding one.
 */
export function unwrap(value: unknown, depth: number, out: Candidate[]): void {
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
      publisherName: publisherNameOf(`${field}.publisher.name`, isObject(publisher) ? text(publisher.name) : text(publisher)),
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

function publisherNameOf(field: string, value: string | undefined): string | null {
  return value === undefined ? null : (optionalNameText(field, value.slice(0, NAME_MAX), NAME_MAX) ?? null);
}

export function reviewUrlOf(node: unknown): string | null {
  if (!isObject(node)) return null;
  return text(node.url) ?? null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string "${value.slice(0, 40)}"` : `a ${typeof value}`;
}

export function describeRating(rating: RatingInput): string {
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
