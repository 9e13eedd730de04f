import { Field, ID, InputType } from 'type-graphql';
import { LinkKind } from '../enums.js';

@InputType('LinkStatementsInput', { description: 'A typed link: `from` rebuts, supports, repeats or clarifies `to`.' })
export class LinkStatementsInput {
  @Field(() => ID, { description: 'The statement that responds (for REBUTS: the rebuttal).' })
  fromId!: string;

  @Field(() => ID, { description: 'The statement responded to (for REBUTS: the statement rebutted).' })
  toId!: string;

  @Field(() => LinkKind, { description: 'How `from` relates to `to`.' })
  kind!: LinkKind;

  @Field(() => String, { nullable: true, description: 'Why they are linked (up to 1,000 characters).' })
  note?: string | null;
}

@InputType('UnlinkStatementsInput', { description: 'The link to remove, named by its two ends and kind.' })
export class UnlinkStatementsInput {
  @Field(() => ID, { description: 'The statement the link starts from.' })
  fromId!: string;

  @Field(() => ID, { description: 'The statement the link points to.' })
  toId!: string;

  @Field(() => LinkKind, { description: 'The kind of link.' })
  kind!: LinkKind;
}
