import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LinkKind } from '../enums.js';
import { Role } from '../../generated/prisma/enums.js';
import { Node } from '../node/node.type.js';

export enum LinkDirection {
  OUTGOING = 'OUTGOING',
  INCOMING = 'INCOMING',
  BOTH = 'BOTH',
}

registerEnumType(LinkDirection, {
  name: 'LinkDirection',
  description: "Which of a statement's links to list.",
  valuesConfig: {
    OUTGOING: { description: 'Links from this statement to others (what it rebuts, supports, repeats, clarifies).' },
    INCOMING: { description: 'Links from other statements to this one (what rebuts, supports, repeats, clarifies it).' },
    BOTH: { description: 'Both directions.' },
  },
});

@ObjectType('StatementLink', {
  implements: Node,
  description: 'A typed edge between two statements: `from` rebuts, supports, repeats or clarifies `to`.',
})
export class StatementLink implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Field(() => LinkKind, { description: 'How `from` relates to `to`.' })
  kind!: LinkKind;

  @Field(() => String, { nullable: true, description: 'Why the statements are linked, in a few words.' })
  note!: string | null;

  @Field(() => Date, { description: 'When the link was recorded.' })
  createdAt!: Date;

  @Field(() => Role, { description: 'The role of the key that made the link; removing it needs at least that role.' })
  createdByRole!: Role;
}
