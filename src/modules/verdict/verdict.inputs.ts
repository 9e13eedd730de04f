import { Field, ID, InputType, Int } from 'type-graphql';
import { EvidenceStance, VerificationStatus } from '../enums.js';

@InputType('EvidenceInput', { description: 'A document behind a verdict.' })
export class EvidenceInput {
  @Field(() => String, { description: 'Where it can be read: an http(s) URL.' })
  url!: string;

  @Field(() => String, { nullable: true, description: 'Title or short description.' })
  title?: string | null;

  @Field(() => EvidenceStance, { description: 'Whether it supports, refutes or gives context to the statement.' })
  stance!: EvidenceStance;
}

@InputType('SetVerdictInput', {
  description:
    'A new verdict on a statement. It becomes the current one and the previous verdicts stay in the history. Findings (every status but UNVERIFIED and IN_REVIEW) need a rationale and evidence.',
})
export class SetVerdictInput {
  @Field(() => ID, { description: 'The statement judged.' })
  statementId!: string;

  @Field(() => Int, {
    description: "The statement's `version` you last read; if it changed since (another verdict, an edit), nothing is written and CONFLICT is returned.",
  })
  expectedVersion!: number;

  @Field(() => VerificationStatus, { description: 'The finding.' })
  status!: VerificationStatus;

  @Field(() => String, { nullable: true, description: 'Why (up to 10,000 characters); required for findings.' })
  rationale?: string | null;

  @Field(() => [EvidenceInput], { nullable: true, description: 'The evidence relied on (up to 20); at least one for findings.' })
  evidence?: EvidenceInput[] | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "When the finding is due for review: after it, a new appearance or a new statement repeating this one reopens review. Findings only; when omitted, the status's default (REVIEW_AFTER_DAYS, 365 days unless configured). A past date makes any new reach reopen it.",
  })
  reviewAfter?: Date | null;
}
