import { Extensions, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Statement as StatementRow } from '../../generated/prisma/client.js';
import { Statement } from '../statement/statement.type.js';

/** Documents per call, and ClaimReviews per call once wrappers are unwrapped: each costs a transaction. */
export const MAX_IMPORT = 100;

export enum ImportOutcome {
  CREATED = 'CREATED',
  MATCHED = 'MATCHED',
  SKIPPED = 'SKIPPED',
}

registerEnumType(ImportOutcome, {
  name: 'ImportOutcome',
  description: 'What importing one ClaimReview did.',
  valuesConfig: {
    CREATED: { description: 'A new statement was recorded, with the review as its verdict.' },
    MATCHED: {
      description:
        'The claim was already recorded: the review was added to it as a verdict, or, when this review URL had been imported before, nothing changed.',
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

  @Field(() => String, { nullable: true, description: 'Why it was matched or skipped.' })
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
