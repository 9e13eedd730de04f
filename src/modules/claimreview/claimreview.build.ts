import type { Config } from '../../config.js';
import type {
  Appearance as AppearanceRow,
  Evidence as EvidenceRow,
  Source as SourceRow,
  Speaker as SpeakerRow,
  Statement as StatementRow,
  Verdict as VerdictRow,
} from '../../generated/prisma/client.js';
import { firstFormGlobalId } from '../../ids.js';
import { isFinding } from '../verdict/verdict.rules.js';
import type { FindingStatus } from './claimreview.ratings.js';

/**
 * schema.org ClaimReview documents (JSON-LD) built from our rows, as a pure
 * function: the HTTP endpoint, the feed and `Statement.claimReview` all go
 * through here, so they always publish the same document.
 */

export const SCHEMA_ORG = 'https://schema.org';
export const CLAIMREVIEW_PATH = '/claimreview';

/**
 * Our statuses on the 1 (false) to 5 (true) scale that Google's Fact Check
 * documentation describes and most fact-checkers publish. MISLEADING sits
 * with MOSTLY_FALSE: the impression it leaves is false even where the
 * details are not. Aggregators display `alternateName` (the only rating
 * property Google requires), so the label carries the exact finding and the
 * number only places it on the scale.
 *
 * UNPROVEN has no place on a truth scale: any number (3 included, which
 * reads as "half true") would state a degree of truth the check did not
 * find. Its rating therefore carries the label alone, with no ratingValue,
 * bestRating or worstRating, which Google accepts since all three are only
 * recommended.
 */
export const RATING_SCALE: Readonly<Record<FindingStatus, { ratingValue: number | null; alternateName: string }>> = {
  TRUE: { ratingValue: 5, alternateName: 'True' },
  MOSTLY_TRUE: { ratingValue: 4, alternateName: 'Mostly true' },
  MIXED: { ratingValue: 3, alternateName: 'Mixed' },
  MISLEADING: { ratingValue: 2, alternateName: 'Misleading' },
  MOSTLY_FALSE: { ratingValue: 2, alternateName: 'Mostly false' },
  FALSE: { ratingValue: 1, alternateName: 'False' },
  UNPROVEN: { ratingValue: null, alternateName: 'Unproven' },
};
export const BEST_RATING = 5;
export const WORST_RATING = 1;

export type ClaimReviewSettings = Pick<Config, 'publicUrl' | 'claimReview'>;

/** Everything a ClaimReview is made from. */
export interface ClaimReviewParts {
  statement: StatementRow;
  /** The speaker the verdict judged (its `judgedSpeakerId`). */
  speaker: SpeakerRow;
  appearances: { appearance: AppearanceRow; source: SourceRow }[];
  /** The statement's latest verdict: the words it judged are the words published. */
  verdict: VerdictRow;
  evidence: EvidenceRow[];
}

interface OrganizationRef {
  '@type': 'Organization';
  name: string;
  url?: string;
}

export interface ClaimReviewAppearance {
  '@type': 'CreativeWork';
  url: string;
  datePublished?: string;
  publisher: OrganizationRef;
}

export interface ClaimReviewRating {
  '@type': 'Rating';
  ratingValue?: number;
  bestRating?: number;
  worstRating?: number;
  alternateName: string;
}

export interface ClaimReviewDocument {
  '@context'?: typeof SCHEMA_ORG;
  '@type': 'ClaimReview';
  url: string;
  claimReviewed: string;
  datePublished: string;
  author: OrganizationRef;
  reviewRating: ClaimReviewRating;
  reviewBody?: string;
  citation?: { '@type': 'CreativeWork'; url: string; name?: string }[];
  itemReviewed: {
    '@type': 'Claim';
    author: { '@type': 'Person' | 'Organization'; name: string; jobTitle?: string };
    datePublished?: string;
    /** The claim's language (BCP 47), so that an importer records it in the right one. */
    inLanguage: string;
    appearance?: ClaimReviewAppearance[];
    firstAppearance?: ClaimReviewAppearance;
  };
}

export interface DataFeedDocument {
  '@context': typeof SCHEMA_ORG;
  '@type': 'DataFeed';
  dataFeedElement: ClaimReviewDocument[];
  next: string | null;
}

/**
 * Where a statement's ClaimReview is published. A published review's URL is
 * its identity for search engines and other fact-checkers, so it keeps the
 * first form of the statement's global ID (which resolves as any ID does).
 */
export function claimReviewUrl(publicUrl: string, statementId: string): string {
  return `${publicUrl}${CLAIMREVIEW_PATH}/${firstFormGlobalId('Statement', statementId)}`;
}

/** The ClaimReview for a statement, or null when its latest verdict is not a finding. */
export function buildClaimReview(parts: ClaimReviewParts, settings: ClaimReviewSettings): ClaimReviewDocument | null {
  const { statement, speaker, verdict } = parts;
  if (!isFinding(verdict.status)) return null;
  const scale = RATING_SCALE[verdict.status as FindingStatus];

  const appearances = [...parts.appearances].sort(byPublication).map(({ appearance, source }): ClaimReviewAppearance => ({
    '@type': 'CreativeWork',
    url: appearance.url,
    ...(appearance.publishedAt ? { datePublished: appearance.publishedAt.toISOString() } : {}),
    publisher: organization(source.name, source.homepageUrl),
  }));
  const evidence = [...parts.evidence].sort((a, b) => a.position - b.position);
  const { publisherName, publisherUrl } = settings.claimReview;

  return {
    '@context': SCHEMA_ORG,
    '@type': 'ClaimReview',
    url: claimReviewUrl(settings.publicUrl, statement.id),
    // The words the verdict judged, never the statement's current text.
    claimReviewed: verdict.judgedText,
    datePublished: verdict.createdAt.toISOString(),
    author: organization(publisherName, publisherUrl),
    reviewRating: {
      '@type': 'Rating',
      ...(scale.ratingValue === null
        ? {}
        : { ratingValue: scale.ratingValue, bestRating: BEST_RATING, worstRating: WORST_RATING }),
      alternateName: scale.alternateName,
    },
    ...(verdict.rationale ? { reviewBody: verdict.rationale } : {}),
    ...(evidence.length > 0
      ? {
          citation: evidence.map((item) => ({
            '@type': 'CreativeWork' as const,
            url: item.url,
            ...(item.title ? { name: item.title } : {}),
          })),
        }
      : {}),
    itemReviewed: {
      '@type': 'Claim',
      author: {
        // schema.org has no type for a state body that fits better: a
        // GovernmentOrganization is an Organization, and aggregators read Organization.
        '@type': speaker.kind === 'PERSON' ? 'Person' : 'Organization',
        name: verdict.judgedSpeakerName,
        ...(speaker.kind === 'PERSON' && speaker.title ? { jobTitle: speaker.title } : {}),
      },
      ...(statement.statedAt ? { datePublished: statement.statedAt.toISOString() } : {}),
      inLanguage: statement.language,
      ...(appearances.length > 0 ? { appearance: appearances, firstAppearance: appearances[0] } : {}),
    },
  };
}

/** A page of ClaimReviews for aggregators; `next` is the following page's URL, null on the last page. */
export function buildDataFeed(reviews: ClaimReviewDocument[], next: string | null): DataFeedDocument {
  return {
    '@context': SCHEMA_ORG,
    '@type': 'DataFeed',
    // The feed's @context covers its elements.
    dataFeedElement: reviews.map(({ '@context': _context, ...review }) => review),
    next,
  };
}

function organization(name: string, url: string | null | undefined): OrganizationRef {
  return { '@type': 'Organization', name, ...(url ? { url } : {}) };
}

/** Earliest publication first, undated last: the first is where the claim surfaced. */
function byPublication(a: { appearance: AppearanceRow }, b: { appearance: AppearanceRow }): number {
  const ta = a.appearance.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const tb = b.appearance.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.appearance.id < b.appearance.id ? -1 : a.appearance.id > b.appearance.id ? 1 : 0;
}
