import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { VerificationStatus } from '../enums.js';

export enum StatementOrder {
  NEWEST = 'NEWEST',
  STATED_AT = 'STATED_AT',
  RELEVANCE = 'RELEVANCE',
}

registerEnumType(StatementOrder, {
  name: 'StatementOrder',
  description: 'The order of a statement list.',
  valuesConfig: {
    NEWEST: { description: 'Most recently recorded first.' },
    STATED_AT: { description: 'Most recently said first; statements without a date come last.' },
    RELEVANCE: {
      description:
        "Best match for `filter.search` first (the default when searching); needs a search. Cursors of this order hold the score, so a page taken while statements are added may repeat or skip one near its edge.",
    },
  },
});

@InputType('StatementFilter', { description: 'Narrows a statement list. All given conditions must hold.' })
export class StatementFilter {
  @Field(() => [VerificationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: VerificationStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Said by this speaker.' })
  speakerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Carried by this source (has an appearance in it).' })
  sourceId?: string | null;

  @Field(() => String, { nullable: true, description: 'In this language (BCP 47 tag, such as "en").' })
  language?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Words to find, up to 5,000 characters: a name, a claim, a pasted post. Statements holding any of the words match, ranked by relevance (BM25 over text, quote, review headlines and speaker; rarer and more of the words first). Misspellings match close spellings ("Damscus" finds Damascus). Web-search operators mean what they mean: a "quoted phrase" must appear in the text or quote, a -word must not, and `or` separates alternatives.',
  })
  search?: string | null;

  @Field(() => Date, { nullable: true, description: 'Said at or after this moment.' })
  statedAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Said before this moment.' })
  statedBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only statements something rebuts; false: only those nothing rebuts.' })
  disputed?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only statements an outlet carried in altered words (an appearance whose fidelity is ALTERED); false: only those none did.',
  })
  altered?: boolean | null;
}

@InputType('AppearanceInput', { description: 'Where a new statement was carried.' })
export class AppearanceInput {
  @Field(() => ID, { description: 'The source (outlet) that carried it.' })
  sourceId!: string;

  @Field(() => String, { description: 'The http(s) URL where it appeared; each URL once per statement.' })
  url!: string;

  @Field(() => Date, { nullable: true, description: 'When the source published it.' })
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The wording that source used, if it differs.' })
  wording?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The source this outlet said it got the statement from ("according to SANA", "told AFP"); not the outlet itself.',
  })
  carriedFromId?: string | null;
}

@InputType('CreateStatementInput', { description: 'A new statement and, optionally, where it appeared.' })
export class CreateStatementInput {
  @Field(() => ID, { description: 'Who said it.' })
  speakerId!: string;

  @Field(() => String, { description: 'The claim, stated or paraphrased (1 to 5,000 characters).' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'The verbatim words, if quoted.' })
  quote?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was said; not in the future.' })
  statedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag of text and quote; "en" when omitted.' })
  language?: string | null;

  @Field(() => [AppearanceInput], { nullable: true, description: 'Where it appeared (up to 50), stored with the statement in one transaction.' })
  appearances?: AppearanceInput[] | null;
}

@InputType('UpdateStatementInput', {
  description:
    'Changes to a statement. Only the fields given change; give `quote` or `statedAt` as null to clear them. A verdict is about exact words: changing the text, quote or speaker after a finding reopens review (status IN_REVIEW, a new verdict in the history) unless a FACT_CHECKER passes `keepFinding`.',
})
export class UpdateStatementInput {
  @Field(() => ID, { description: 'The statement to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you last read; if the statement changed since, nothing is written and CONFLICT is returned.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New text.' })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'New verbatim quote; null clears it.' })
  quote?: string | null;

  @Field(() => ID, { nullable: true, description: 'A different speaker.' })
  speakerId?: string | null;

  @Field(() => Date, { nullable: true, description: 'New date; null clears it.' })
  statedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'New language tag.' })
  language?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'FACT_CHECKER or higher. When the edit changes the text, quote or speaker of a statement with a finding, record that finding again (same status, rationale and evidence, with you as reviewer) over the new words, instead of reopening review. Without it such an edit sets the status back to IN_REVIEW.',
  })
  keepFinding?: boolean | null;
}
