import { Field, InputType } from 'type-graphql';
import { SpeakerKind } from '../enums.js';

@InputType('CreateSpeakerInput', { description: 'A new speaker.' })
export class CreateSpeakerInput {
  @Field(() => String, { description: 'Full name (1 to 200 characters).' })
  name!: string;

  @Field(() => SpeakerKind, { description: 'Person, organisation or government body.' })
  kind!: SpeakerKind;

  @Field(() => String, { nullable: true, description: 'Organisation the speaker belongs to or speaks for.' })
  affiliation?: string | null;

  @Field(() => String, { nullable: true, description: 'Role or office.' })
  title?: string | null;

  @Field(() => [String], { nullable: true, description: 'Other names (up to 50): short forms, spellings, titles.' })
  aliases?: string[] | null;
}
