import { Field, InputType } from 'type-graphql';
import { SpeakerKind } from '../enums.js';

@InputType('CreateSpeakerInput', { description: 'A new speaker.' })
export class CreateSpeakerInput {
  @Field(() => String, {
    description: 'Full name (1 to 200 characters). Stored in NFC with whitespace folded; invisible, control and direction-changing characters are refused.',
  })
  name!: string;

  @Field(() => SpeakerKind, { description: 'Person, organisation or government body.' })
  kind!: SpeakerKind;

  @Field(() => String, { nullable: true, description: 'Organisation the speaker belongs to or speaks for.' })
  affiliation?: string | null;

  @Field(() => String, { nullable: true, description: 'Role or office.' })
  title?: string | null;

  @Field(() => [String], { nullable: true, description: 'Other names (up to 50): short forms, spellings, titles.' })
  aliases?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Record the speaker even though the name looks like an existing speaker\'s (same letters once case, accents and look-alike letters are ignored) or mixes scripts within a word. For two different people who share a name; CONFLICT or BAD_USER_INPUT without it.',
  })
  allowSimilarName?: boolean | null;
}
