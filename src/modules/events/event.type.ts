import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { StatementLink } from '../link/link.type.js';
import { Statement } from '../statement/statement.type.js';
import { Verdict } from '../verdict/verdict.type.js';

export enum LinkChange {
  CREATED = 'CREATED',
  REMOVED = 'REMOVED',
}

registerEnumType(LinkChange, {
  name: 'LinkChange',
  description: 'What happened to a link.',
  valuesConfig: {
    CREATED: { description: 'The link was recorded.' },
    REMOVED: { description: 'The link was removed; `link` is as it was.' },
  },
});

export const EVENT_ID =
  "The event's id. Ids increase; give the last one you received as `after` (or the connection's `lastEventId`) when reconnecting to receive what you missed.";

@ObjectType('VerdictChange', { description: "A verdict was recorded: it is now the statement's status." })
export class VerdictChange {
  @Field(() => ID, { description: EVENT_ID })
  eventId!: string;

  @Field(() => Verdict, { description: 'The new verdict.' })
  verdict!: object;
}

@ObjectType('StatementAdded', { description: 'A statement was recorded.' })
export class StatementAdded {
  @Field(() => ID, { description: EVENT_ID })
  eventId!: string;

  @Field(() => Statement, { description: 'The statement, as it is now.' })
  statement!: object;
}

@ObjectType('StatementLinkChange', { description: 'A link between two statements was recorded or removed.' })
export class StatementLinkChange {
  @Field(() => ID, { description: EVENT_ID })
  eventId!: string;

  @Field(() => LinkChange, { description: 'Recorded or removed.' })
  change!: LinkChange;

  @Field(() => StatementLink, { description: 'The link (as it was, when removed).' })
  link!: object;
}
