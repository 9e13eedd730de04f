import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type.js';
import { column, Compiled } from '../../graphql/compiled/spec.js';

@ObjectType('Appearance', {
  implements: Node,
  description: 'One place a statement was carried: a source, the URL, when it was published, and the wording that outlet used.',
})
export class Appearance implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Compiled(column('url'))
  @Field(() => String, { description: 'The URL of the article, broadcast page or post; unique per statement.' })
  url!: string;

  @Compiled(column('published_at'))
  @Field(() => Date, { nullable: true, description: 'When the source published it.' })
  publishedAt!: Date | null;

  @Compiled(column('wording'))
  @Field(() => String, { nullable: true, description: 'The statement as this source carried it, which may differ from other outlets.' })
  wording!: string | null;

  @Compiled(column('created_at'))
  @Field(() => Date, { description: 'When the appearance was recorded here.' })
  createdAt!: Date;
}
