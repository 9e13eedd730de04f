import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Statement as StatementRow, Verdict as VerdictRow } from '../../generated/prisma/client.js';
import { Connection } from '../../pagination.js';
import { ReopenReason } from '../enums.js';
import { Statement } from '../statement/statement.type.js';
import { Verdict } from '../verdict/verdict.type.js';

export enum ReviewReasonKind {
  REVIEW_DUE = 'REVIEW_DUE',
  REOPENED = 'REOPENED',
  EDITED = 'EDITED',
  NEW_APPEARANCES = 'NEW_APPEARANCES',
  REPEATS = 'REPEATS',
}

registerEnumType(ReviewReasonKind, {
  name: 'ReviewReasonKind',
  description: 'Why a statement is in the review queue.',
  valuesConfig: {
    REVIEW_DUE: { description: "Its finding is past the verdict's reviewAfter." },
    REOPENED: { description: 'The service reopened review: new reach met a finding past its review date.' },
    EDITED: { description: 'Its judged words were edited after the finding, which reopened review.' },
    NEW_APPEARANCES: { description: 'Outlets carried it again since the finding.' },
    REPEATS: { description: 'New statements were linked as REPEATS of it since the finding.' },
  },
});

@ObjectType('ReviewReason', { description: 'One reason a statement needs attention.' })
export class ReviewReason {
  @Field(() => ReviewReasonKind, { description: 'The reason.' })
  kind!: ReviewReasonKind;

  @Field(() => Int, { nullable: true, description: 'How many (appearances, repeats) for the counting reasons; null for the others.' })
  count!: number | null;

  @Field(() => Date, { nullable: true, description: 'Since when: the review date for REVIEW_DUE, the reopening for REOPENED and EDITED; null for the counting reasons.' })
  since!: Date | null;

  @Field(() => String, { description: 'The reason in words.' })
  message!: string;
}

@ObjectType('ReviewQueueItem', { description: 'A statement whose finding needs looking at again, and why.' })
export class ReviewQueueItem {
  @Field(() => Statement, { description: 'The statement.' })
  statement!: StatementRow;

  @Field(() => Verdict, { description: 'Its latest finding (the last verdict that was not UNVERIFIED or IN_REVIEW).' })
  finding!: VerdictRow;

  @Field(() => Float, {
    description:
      "Reach since the finding: each appearance recorded since then, of it or of a statement linked as REPEATS of it since then, counts its outlet's reach (1 when unknown); a repeat carried nowhere counts 1.",
  })
  reach!: number;

  @Field(() => Int, { description: 'Its appearances recorded since the finding.' })
  newAppearances!: number;

  @Field(() => Int, { description: 'Statements linked as REPEATS of it since the finding.' })
  repeats!: number;

  @Extensions({ maxItems: Object.keys(ReviewReasonKind).length })
  @Field(() => [ReviewReason], { description: 'Why it is in the queue: at least one reason, each kind at most once.' })
  reasons!: ReviewReason[];
}

@ObjectType('ReviewQueueConnection', { description: 'A page of the review queue.' })
export class ReviewQueueConnection extends Connection(ReviewQueueItem, 'ReviewQueue', 'statement needing review') {}

@ObjectType('ReviewReopened', { description: 'A finding past its review date met new reach, and the statement went back to IN_REVIEW.' })
export class ReviewReopened {
  @Field(() => ID, {
    description: "The event's id. Ids increase; give the last one you received as `after` (or the connection's `lastEventId`) when reconnecting to receive what you missed.",
  })
  eventId!: string;

  @Field(() => ReopenReason, { description: 'What reached it.' })
  reason!: ReopenReason;

  @Field(() => Verdict, { description: 'The IN_REVIEW verdict the service recorded.' })
  verdict!: VerdictRow;

  @Field(() => Verdict, { description: 'The finding that had gone stale; it stays in the history.' })
  finding!: VerdictRow;
}
