import { ConfigError } from '../../config.js';
import type { EvidenceStance, VerificationStatus } from '../../generated/prisma/enums.js';

/**
 * Reading other fact-checkers' ratings into our status vocabulary, as pure
 * functions. Every publisher words its ratings its own way ("Pants on Fire",
 * "Four Pinocchios", "Missing context"), so the textual rating is looked up
 * in a table first; the numeric rating is only a fallback, because a number
 * cannot tell MISLEADING from MOSTLY_FALSE, nor UNPROVEN from anything.
 */

/** A status that records a finding: the only kind a published review can carry. */
export type FindingStatus = Exclude<VerificationStatus, 'UNVERIFIED' | 'IN_REVIEW'>;

export const FINDING_STATUSES: readonly FindingStatus[] = ['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MISLEADING', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN'];

/**
 * The default table. "Research in progress" and the like are deliberately
 * absent: they announce work, not a finding, and importing them would record
 * someone else's unfinished check as a verdict.
 */
export const DEFAULT_RATINGS: Readonly<Record<string, FindingStatus>> = {
  True: 'TRUE',
  Correct: 'TRUE',
  Accurate: 'TRUE',
  'Mostly True': 'MOSTLY_TRUE',
  'Mostly Correct': 'MOSTLY_TRUE',
  'Mostly Accurate': 'MOSTLY_TRUE',
  'Half True': 'MIXED',
  Mixture: 'MIXED',
  Mixed: 'MIXED',
  'Partly True': 'MIXED',
  'Partly False': 'MIXED',
  'Partially True': 'MIXED',
  'Partially False': 'MIXED',
  Misleading: 'MISLEADING',
  'Missing Context': 'MISLEADING',
  'Out of Context': 'MISLEADING',
  'Distorts the Facts': 'MISLEADING',
  'Mostly False': 'MOSTLY_FALSE',
  False: 'FALSE',
  Incorrect: 'FALSE',
  'Pants on Fire': 'FALSE',
  Fake: 'FALSE',
  'Four Pinocchios': 'FALSE',
  Unproven: 'UNPROVEN',
  Unverified: 'UNPROVEN',
  Unsupported: 'UNPROVEN',
  'No Evidence': 'UNPROVEN',
};

/**
 * The form ratings are compared in: case, surrounding blanks, punctuation and
 * runs of spaces do not matter, so "Pants on Fire!", " pants-on-fire " and
 * "PANTS ON FIRE" are one rating.
 */
export function normaliseRating(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What a review's `reviewRating` says, as far as the mapping cares. */
export interface RatingInput {
  alternateName?: string | null;
  ratingValue?: number | null;
  bestRating?: number | null;
  worstRating?: number | null;
}

export interface RatingMatch {
  status: FindingStatus;
  /** Whether the textual rating or the numeric fallback decided. */
  via: 'text' | 'number';
}

/**
 * A numeric rating placed on our five-step scale: normalised to 0..1 between
 * worstRating and bestRating (which also handles scales where the best is
 * the lowest number), then rounded to the nearest step. Undefined when the
 * scale is empty or the value lies outside it, since such a number means
 * nothing we can rely on (some publishers use -1 for "cannot be rated").
 */
export function statusFromNumber(value: number, best: number, worst: number): FindingStatus | undefined {
  if (![value, best, worst].every(Number.isFinite) || best === worst) return undefined;
  const position = (value - worst) / (best - worst);
  if (position < 0 || position > 1) return undefined;
  const steps: FindingStatus[] = ['FALSE', 'MOSTLY_FALSE', 'MIXED', 'MOSTLY_TRUE', 'TRUE'];
  return steps[Math.round(position * 4)];
}

/** The default table plus a newsroom's own entries, which win over the defaults. */
export class RatingTable {
  private readonly entries = new Map<string, FindingStatus>();

  constructor(extra: Readonly<Record<string, FindingStatus>> = {}) {
    for (const [text, status] of Object.entries(DEFAULT_RATINGS)) this.entries.set(normaliseRating(text), status);
    for (const [text, status] of Object.entries(extra)) this.entries.set(normaliseRating(text), status);
  }

  /**
   * This table with runtime mappings on top (mapClaimReviewRating), which
   * win over both the defaults and the file: the newest word on a rating.
   */
  withMappings(mappings: Iterable<readonly [key: string, status: FindingStatus]>): RatingTable {
    const table = new RatingTable();
    table.entries.clear();
    for (const [key, status] of this.entries) table.entries.set(key, status);
    for (const [key, status] of mappings) table.entries.set(normaliseRating(key), status);
    return table;
  }

  lookup(text: string): FindingStatus | undefined {
    return this.entries.get(normaliseRating(text));
  }

  /** The status a rating maps to, or undefined when neither its text nor its number does. */
  map(rating: RatingInput): RatingMatch | undefined {
    if (rating.alternateName != null) {
      const status = this.lookup(rating.alternateName);
      if (status) return { status, via: 'text' };
    }
    const { ratingValue, bestRating, worstRating } = rating;
    if (ratingValue != null && bestRating != null && worstRating != null) {
      const status = statusFromNumber(ratingValue, bestRating, worstRating);
      if (status) return { status, via: 'number' };
    }
    return undefined;
  }
}

/**
 * Checks the contents of CLAIMREVIEW_RATINGS_FILE, an object of textual
 * rating to status such as {"Pants on Fire": "FALSE"}, and returns its
 * entries. Throws a ConfigError listing every problem, so a typo stops
 * start-up instead of silently skipping reviews later.
 */
export function parseCustomRatings(value: unknown, file: string): Record<string, FindingStatus> {
  const where = `CLAIMREVIEW_RATINGS_FILE (${file})`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([`${where} must hold a JSON object of rating to status, such as {"Pants on Fire": "FALSE"}`]);
  }
  const problems: string[] = [];
  const result: Record<string, FindingStatus> = {};
  const seen = new Map<string, { text: string; status: FindingStatus }>();
  for (const [text, status] of Object.entries(value)) {
    const key = normaliseRating(text);
    if (key === '') {
      problems.push(`${where}: the rating "${text}" has no letters or digits`);
      continue;
    }
    if (typeof status !== 'string' || !(FINDING_STATUSES as readonly string[]).includes(status.trim().toUpperCase())) {
      problems.push(
        `${where}: "${text}" maps to ${JSON.stringify(status)}, which is not one of ${FINDING_STATUSES.join(', ')}`,
      );
      continue;
    }
    const finding = status.trim().toUpperCase() as FindingStatus;
    const earlier = seen.get(key);
    if (earlier && earlier.status !== finding) {
      problems.push(`${where}: "${earlier.text}" and "${text}" are the same rating but map to ${earlier.status} and ${finding}`);
      continue;
    }
    seen.set(key, { text, status: finding });
    result[text] = finding;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result;
}

/** What a review rated this way does to the claim, as evidence. */
export function stanceFor(status: FindingStatus): EvidenceStance {
  switch (status) {
    case 'TRUE':
    case 'MOSTLY_TRUE':
      return 'SUPPORTS';
    case 'FALSE':
    case 'MOSTLY_FALSE':
    case 'MISLEADING':
      return 'REFUTES';
    case 'MIXED':
    case 'UNPROVEN':
      return 'CONTEXT';
  }
}
