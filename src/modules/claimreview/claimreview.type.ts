import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Statement as StatementRow } from '../../generated/prisma/client.js';
import { VerificationStatus } from '../enums.js';
import { Node } from '../node/node.type.js';
import { Statement } from '../statement/statement.type.js';

/**
 * Documents per call, and ClaimReviews per call once wrappers are unwrapped.
 * A call is one transaction whose rows are written together, so a large batch
 * costs about as much as a small one; the bound keeps one call's work (and
 * its answer, counted by the cost analysis through `items`) in proportion.
 */
export const MAX_IMPORT = 1000;

export enum ImportOutcome {
  CREATED = 'CREATED',
  MATCHED = 'MATCHED',
  SKIPPED = 'SKIPPED',
}

registerEnumType(ImportOutcome, {
  name: 'ImportOutcome',
  description: 'What importing one ClaimReview did.',
  valuesConfig: {
    CREATED: { description: 'A new statement was recorded, with the review attached to it as an external review (never as our verdict).' },
    MATCHED: {
      description:
        'The claim was already recorded: the review was attached to it as an external review, or, when this review URL had been imported before, nothing changed.',
    },
    SKIPPED: { description: 'Nothing was written; `reason` says why.' },
  },
});

@ObjectType('ClaimReviewImportItem', { description: 'The outcome for one ClaimReview of the input.' })
export class ClaimReviewImportItem {
  @Field(() => Int, {
    description: 'Position among the ClaimReviews of the input, from 0, after unwrapping `@graph` arrays and DataFeeds.',
  })
  index!: number;

  @Field(() => String, { nullable: true, description: "The review's `url`, which identifies it across imports; null when it has none." })
  reviewUrl!: string | null;

  @Field(() => ImportOutcome, { description: 'Created, matched or skipped.' })
  outcome!: ImportOutcome;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it was matched or skipped, and what was assumed when it was imported anyway: an unrated or unmapped rating (imported without a status), no claimant (attached to the speaker "Unknown claimant"). Several notes are separated by "; ".',
  })
  reason!: string | null;

  @Field(() => Statement, { nullable: true, description: 'The statement the review is about; null when skipped.' })
  statement!: StatementRow | null;
}

@ObjectType('ClaimReviewImportResult', { description: 'What an import did, in total and review by review.' })
export class ClaimReviewImportResult {
  @Field(() => Int, { description: 'Reviews that created a new statement.' })
  created!: number;

  @Field(() => Int, { description: 'Reviews whose claim was already recorded, or which had been imported before.' })
  matched!: number;

  @Field(() => Int, { description: 'Reviews that wrote nothing, each with its reason.' })
  skipped!: number;

  @Extensions({ maxItems: MAX_IMPORT })
  @Field(() => [ClaimReviewImportItem], { description: 'One item per ClaimReview, in input order.' })
  items!: ClaimReviewImportItem[];
}

@ObjectType('ExternalReview', {
  implements: Node,
  description:
    "Another fact-checker's review of a statement, imported from their schema.org ClaimReview. It is their finding, not ours: it never becomes a verdict, never changes the statement's status and is not published in our ClaimReview feed.",
})
export class ExternalReview implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Field(() => String, { nullable: true, description: "Who published the review: the ClaimReview's author or publisher, as it names them." })
  publisher!: string | null;

  @Field(() => String, { nullable: true, description: "The publisher's home page, when the ClaimReview gives one." })
  publisherUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Where the review can be read: its `url`, which identifies it across imports.' })
  url!: string | null;

  @Field(() => String, { nullable: true, description: "The review's title (the ClaimReview's `name` or `headline`)." })
  headline!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the review was published (its `datePublished`), when it says so.' })
  reviewDate!: Date | null;

  @Field(() => String, { nullable: true, description: 'The rating as the publisher worded it (`reviewRating.alternateName`), such as "Pants on Fire".' })
  ratingText!: string | null;

  @Field(() => VerificationStatus, {
    nullable: true,
    description:
      'The rating in our vocabulary; null when the review has no rating or one no mapping knows yet (an ADMIN can map it with `mapClaimReviewRating`).',
  })
  status!: VerificationStatus | null;

  @Field(() => Date, { description: 'When it was imported.' })
  importedAt!: Date;
}

@ObjectType('ClaimReviewRatingMapping', { description: 'What `mapClaimReviewRating` did.' })
export class ClaimReviewRatingMapping {
  @Field(() => String, { description: 'The rating, as given.' })
  rating!: string;

  @Field(() => VerificationStatus, { nullable: true, description: 'The status it now maps to; null when the mapping was removed.' })
  status!: VerificationStatus | null;

  @Field(() => Int, { description: 'Already imported external reviews without a status that took this one (0 when the mapping was removed).' })
  updatedReviews!: number;
}
