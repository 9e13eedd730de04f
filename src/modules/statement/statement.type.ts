import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { VerificationStatus } from '../enums.js';
import { Node } from '../node/node.type.js';
import { column, Compiled } from '../../graphql/compiled/spec.js';

@ObjectType('Statement', {
  implements: Node,
  description:
    'A claim someone made: what was said, by whom, when, in which language; where it appeared, how it was checked and which statements answer it.',
})
export class Statement implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Compiled(column('text'))
  @Field(() => String, { description: 'The claim as stated or paraphrased, in a sentence that stands on its own.' })
  text!: string;

  @Compiled(column('quote'))
  @Field(() => String, { nullable: true, description: 'The verbatim words, when there is a quote.' })
  quote!: string | null;

  @Compiled(column('stated_at'))
  @Field(() => Date, { nullable: true, description: 'When it was said, when known.' })
  statedAt!: Date | null;

  @Compiled(column('language'))
  @Field(() => String, { description: 'Language of the text and quote, a BCP 47 tag such as "en" or "ar".' })
  language!: string;

  @Compiled(column('status'))
  @Field(() => VerificationStatus, { description: 'The status set by the latest verdict (UNVERIFIED when there is none).' })
  status!: VerificationStatus;

  @Compiled(column('version'))
  @Field(() => Int, {
    description: 'Increases with every change to the statement or its verdict. Send it back as `expectedVersion` so that a concurrent change is refused instead of overwritten.',
  })
  version!: number;

  @Compiled(column('created_at'))
  @Field(() => Date, { description: 'When the statement was recorded here.' })
  createdAt!: Date;

  @Compiled(column('updated_at'))
  @Field(() => Date, { description: 'When the statement or its status last changed.' })
  updatedAt!: Date;
}

@ObjectType('StatementConnection', { description: 'A page of statements.' })
export class StatementConnection extends Connection(Statement, 'Statement', 'statement') {}
