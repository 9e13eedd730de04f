/**
 * The shape of a demo story: plain data, referenced by keys, loaded through
 * the same services as API writes so that it obeys every rule they enforce.
 */
export type DemoSourceKind =
  | 'NEWS_AGENCY' | 'BROADCASTER' | 'NEWSPAPER' | 'STATE_MEDIA' | 'GOVERNMENT' | 'ONLINE' | 'OTHER';
export type DemoSpeakerKind = 'PERSON' | 'ORGANIZATION' | 'GOVERNMENT_BODY';
export type DemoStatus =
  | 'UNVERIFIED' | 'IN_REVIEW' | 'TRUE' | 'MOSTLY_TRUE' | 'MIXED' | 'MISLEADING' | 'MOSTLY_FALSE' | 'FALSE' | 'UNPROVEN';
export type DemoLinkKind = 'REBUTS' | 'SUPPORTS' | 'REPEATS' | 'CLARIFIES';
export type DemoStance = 'SUPPORTS' | 'REFUTES' | 'CONTEXT';

export interface DemoSource {
  key: string;
  slug: string;
  name: string;
  kind: DemoSourceKind;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  homepageUrl?: string;
  stateAffiliated: boolean;
}

export interface DemoSpeaker {
  key: string;
  name: string;
  kind: DemoSpeakerKind;
  affiliation?: string;
  title?: string;
  aliases: string[];
}

export interface DemoAppearance {
  source: string;
  url: string;
  /** ISO 8601 with offset. */
  publishedAt?: string;
  wording?: string;
  /** Key of the source this outlet said it got the statement from. */
  carriedFrom?: string;
}

export interface DemoStatement {
  key: string;
  speaker: string;
  text: string;
  quote?: string;
  /** ISO 8601 with offset. */
  statedAt?: string;
  language: string;
  appearances: DemoAppearance[];
}

export interface DemoLink {
  from: string;
  to: string;
  kind: DemoLinkKind;
  note?: string;
}

export interface DemoVerdict {
  statement: string;
  status: DemoStatus;
  rationale?: string;
  reviewer: string;
  evidence: { url: string; title?: string; stance: DemoStance }[];
  /** ISO 8601 with offset: when the finding is due for review (the configured default when left out). */
  reviewAfter?: string;
}

/** Another fact-checker's review of a story's statement, imported as a ClaimReview would be. */
export interface DemoExternalReview {
  /** The statement reviewed: its text and speaker are the ClaimReview's claimReviewed and author. */
  statement: string;
  publisher: string;
  /** Home page of the publisher. */
  publisherUrl: string;
  url: string;
  headline: string;
  /** ISO 8601 with offset. */
  reviewDate: string;
  /** The rating as the publisher words it (reviewRating.alternateName). */
  rating: string;
}

export interface DemoStory {
  sources: DemoSource[];
  speakers: DemoSpeaker[];
  statements: DemoStatement[];
  links: DemoLink[];
  /** Applied in order: a statement may get several, forming its history. */
  verdicts: DemoVerdict[];
  /** Imported after the verdicts, through the ClaimReview import. */
  externalReviews: DemoExternalReview[];
}
