import { Field, ID, InputType, Int } from 'type-graphql';
import { SpeakerKind } from '../enums.js';

@InputType('IngestArticleInput', { description: 'An article as published. Give the outlet by `sourceId` or `sourceSlug`.' })
export class IngestArticleInput {
  @Field(() => String, { description: 'Where it was published (http or https); ingesting the same URL again returns the stored article.' })
  url!: string;

  @Field(() => ID, { nullable: true, description: 'The publishing outlet.' })
  sourceId?: string | null;

  @Field(() => String, { nullable: true, description: 'The publishing outlet, by slug (such as "al-jazeera").' })
  sourceSlug?: string | null;

  @Field(() => String, { description: 'Headline.' })
  title!: string;

  @Field(() => Date, { nullable: true, description: 'When it was published; weekdays in the text ("on Tuesday") are resolved against it.' })
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag; "en" when omitted. Extraction reads English only.' })
  language?: string | null;

  @Field(() => String, { description: 'The article text (up to 200,000 characters).' })
  body!: string;
}

@InputType('AcceptCandidateInput', { description: 'Corrections made while accepting a candidate. Everything is optional.' })
export class AcceptCandidateInput {
  @Field(() => String, { nullable: true, description: 'The statement text, when the proposed one needs editing.' })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'The verbatim quote; null keeps the proposed one, an empty string drops it.' })
  quote?: string | null;

  @Field(() => ID, { nullable: true, description: 'Attribute it to this stored speaker instead of the matched one.' })
  speakerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Create a new speaker with this name (when no stored speaker fits).' })
  newSpeakerName?: string | null;

  @Field(() => SpeakerKind, { nullable: true, description: 'Kind of the new speaker; PERSON when omitted.' })
  newSpeakerKind?: SpeakerKind | null;

  @Field(() => Date, { nullable: true, description: 'When it was said, when the proposed date is wrong or missing.' })
  statedAt?: Date | null;

  @Field(() => [Int], {
    nullable: true,
    description: 'Which suggested links to create (their `index`). When omitted, every suggestion whose target exists (a stored statement, or a candidate already accepted) is created.',
  })
  links?: number[] | null;
}
