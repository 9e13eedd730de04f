import { Field, InputType, Int } from 'type-graphql';
import { SourceKind } from '../enums.js';

@InputType('CreateSourceInput', { description: 'A new outlet.' })
export class CreateSourceInput {
  @Field(() => String, { description: 'Unique handle: lower-case letters, digits and hyphens, such as "al-jazeera".' })
  slug!: string;

  @Field(() => String, { description: 'Display name (1 to 200 characters).' })
  name!: string;

  @Field(() => SourceKind, { description: 'What kind of outlet it is.' })
  kind!: SourceKind;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, such as "QA".' })
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'Home page, an http(s) URL.' })
  homepageUrl?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Owned, funded or controlled by a state; false when omitted.' })
  stateAffiliated?: boolean | null;

  @Field(() => Int, { nullable: true, description: "The outlet's audience (readers, viewers, followers), if known; the review queue weighs its appearances by it." })
  reach?: number | null;
}
