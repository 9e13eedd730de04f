import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { SourceKind } from '../enums.js';
import { Node } from '../node/node.type.js';
import { column, Compiled } from '../../graphql/compiled/spec.js';

@ObjectType('Source', {
  implements: Node,
  description: 'An outlet that carries statements: a broadcaster, an agency, state media, a newspaper, an official channel.',
})
export class Source implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Compiled(column('slug'))
  @Field(() => String, { description: 'Stable, human-readable handle such as "al-jazeera"; unique.' })
  slug!: string;

  @Compiled(column('name'))
  @Field(() => String, { description: 'Display name, such as "Al Jazeera".' })
  name!: string;

  @Compiled(column('kind'))
  @Field(() => SourceKind, { description: 'What kind of outlet this is.' })
  kind!: SourceKind;

  @Compiled(column('country'))
  @Field(() => String, { nullable: true, description: 'Country of the outlet, ISO 3166-1 alpha-2 ("QA", "FR", "SY").' })
  country!: string | null;

  @Compiled(column('homepage_url'))
  @Field(() => String, { nullable: true, description: 'Home page URL.' })
  homepageUrl!: string | null;

  @Compiled(column('state_affiliated'))
  @Field(() => Boolean, { description: 'True when a state owns, funds or controls the outlet: weigh what it carries accordingly.' })
  stateAffiliated!: boolean;

  @Compiled(column('reach'))
  @Field(() => Int, { nullable: true, description: "The outlet's audience (readers, viewers, followers), when known." })
  reach!: number | null;

  @Compiled(column('created_at'))
  @Field(() => Date, { description: 'When the source was recorded here.' })
  createdAt!: Date;

  @Compiled(column('updated_at'))
  @Field(() => Date, { description: 'When the source was last changed.' })
  updatedAt!: Date;
}

@ObjectType('SourceConnection', { description: 'A page of sources.' })
export class SourceConnection extends Connection(Source, 'Source', 'source') {}
