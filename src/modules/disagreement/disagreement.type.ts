import { Extensions, Field, Int, ObjectType } from 'type-graphql';
import type { ExternalReview as ExternalReviewRow, Statement as StatementRow } from '../../generated/prisma/client.js';
import { Connection } from '../../pagination.js';
import { VerificationStatus } from '../enums.js';
import { Statement } from '../statement/statement.type.js';

@ObjectType('Disagreement', {
  description:
    "Other fact-checkers' imported reviews that map to different statuses for one claim: one statement, or statements linked REPEATS of one another (followed link by link).",
})
export class Disagreement {
  @Field(() => Statement, { description: 'The claim: the earliest recorded of the statements the reviews are about.' })
  statement!: StatementRow;

  @Extensions({ maxItems: Object.keys(VerificationStatus).length })
  @Field(() => [VerificationStatus], { description: 'The statuses the reviews map to, each once, in the order of the VerificationStatus enum.' })
  statuses!: VerificationStatus[];

  @Field(() => Int, { description: 'Distinct publishers among the reviews (at least two).' })
  publishers!: number;

  @Field(() => Date, { description: 'The newest review in it (its date, or when it was imported when it has none): the list is newest first.' })
  latestReviewAt!: Date;

  /** Filled by the service: every rated review of the claim, and the statements they are about. */
  reviewRows!: ExternalReviewRow[];
  statementRows!: StatementRow[];
}

@ObjectType('DisagreementConnection', { description: 'A page of disagreements between fact-checkers.' })
export class DisagreementConnection extends Connection(Disagreement, 'Disagreement', 'disagreement') {}
