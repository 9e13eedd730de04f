import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EvidenceStance, ReopenReason, VerificationStatus } from '../enums.js';
import { Node } from '../node/node.type.js';
import { column, Compiled } from '../../graphql/compiled/spec.js';

@ObjectType('Evidence', { description: 'A document a fact-checker relied on, and what it does to the statement.' })
export class Evidence {
  @Compiled(column('position'))
  @Field(() => Int, { description: 'Order within the verdict, from 0.' })
  position!: number;

  @Compiled(column('url'))
  @Field(() => String, { description: 'Where the evidence can be read.' })
  url!: string;

  @Compiled(column('title'))
  @Field(() => String, { nullable: true, description: 'Title or short description of the document.' })
  title!: string | null;

  @Compiled(column('stance'))
  @Field(() => EvidenceStance, { description: 'Whether it supports, refutes or gives context to the statement.' })
  stance!: EvidenceStance;
}

@ObjectType('Verdict', {
  implements: Node,
  description:
    "A fact-checker's finding on a statement at a point in time. Verdicts are never changed or deleted: a new verdict supersedes the previous one, and the history stays.",
})
export class Verdict implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Compiled(column('status'))
  @Field(() => VerificationStatus, { description: 'The status this verdict gave the statement.' })
  status!: VerificationStatus;

  @Compiled(column('rationale'))
  @Field(() => String, { nullable: true, description: 'Why: the reasoning behind the status.' })
  rationale!: string | null;

  @Compiled(column('reviewer'))
  @Field(() => String, { description: 'Who reached the verdict.' })
  reviewer!: string;

  @Compiled(column('created_at'))
  @Field(() => Date, { description: 'When the verdict was recorded.' })
  createdAt!: Date;

  @Compiled(column('statement_version'))
  @Field(() => Int, {
    description: "The statement's version whose words this verdict judged (the `expectedVersion` it was given, or the edit's version for a verdict an edit recorded).",
  })
  statementVersion!: number;

  @Compiled(column('judged_text'))
  @Field(() => String, { description: "The statement's text as judged: a verdict is about exact words, and ClaimReview publishes these." })
  judgedText!: string;

  @Compiled(column('judged_quote'))
  @Field(() => String, { nullable: true, description: "The statement's verbatim quote as judged, if it had one." })
  judgedQuote!: string | null;

  @Compiled(column('judged_speaker_name'))
  @Field(() => String, { description: "The speaker's name as judged." })
  judgedSpeakerName!: string;

  @Compiled(column('reopened_by_edit'))
  @Field(() => Boolean, {
    description: "True for the IN_REVIEW verdict the service records when the text, quote or speaker is edited after a finding.",
  })
  reopenedByEdit!: boolean;

  @Compiled(column('review_after'))
  @Field(() => Date, {
    nullable: true,
    description: 'When this finding is due for review: after it, new reach (an appearance, a repeat) reopens review. Null for provisional statuses and findings that never go stale.',
  })
  reviewAfter!: Date | null;

  @Compiled(column('reopen_reason'))
  @Field(() => ReopenReason, {
    nullable: true,
    description: 'Set on the IN_REVIEW verdict the service records when a finding past its review date met new reach: what reached it.',
  })
  reopenReason!: ReopenReason | null;
}
