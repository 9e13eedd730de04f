import { Extensions, Field, ID, ObjectType } from 'type-graphql';
import { MAX_ALIASES } from './speaker.service.js';
import { Connection } from '../../pagination.js';
import { SpeakerKind } from '../enums.js';
import { Node } from '../node/node.type.js';
import { column, Compiled } from '../../graphql/compiled/spec.js';

@ObjectType('Speaker', {
  implements: Node,
  description: 'Who made statements: a person, an organisation or a government body.',
})
export class Speaker implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Compiled(column('name'))
  @Field(() => String, { description: 'Full name, such as "Bashar al-Assad" or "US State Department".' })
  name!: string;

  @Compiled(column('kind'))
  @Field(() => SpeakerKind, { description: 'Person, organisation or government body.' })
  kind!: SpeakerKind;

  @Compiled(column('affiliation'))
  @Field(() => String, { nullable: true, description: 'The organisation the speaker belongs to or speaks for.' })
  affiliation!: string | null;

  @Compiled(column('title'))
  @Field(() => String, { nullable: true, description: 'Role or office, such as "UN Special Envoy for Syria".' })
  title!: string | null;

  @Extensions({ maxItems: MAX_ALIASES })
  @Compiled(column('aliases'))
  @Field(() => [String], { description: 'Other names the speaker goes by ("Assad", "President Assad"); search matches them too.' })
  aliases!: string[];

  @Compiled(column('created_at'))
  @Field(() => Date, { description: 'When the speaker was recorded here.' })
  createdAt!: Date;

  @Compiled(column('updated_at'))
  @Field(() => Date, { description: 'When the speaker was last changed.' })
  updatedAt!: Date;
}

@ObjectType('SpeakerConnection', { description: 'A page of speakers.' })
export class SpeakerConnection extends Connection(Speaker, 'Speaker', 'speaker') {}
