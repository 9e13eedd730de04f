import { Arg, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { StatementFilter } from '../statement/statement.inputs.js';
import type { OutboxEvent } from './event.dispatcher.js';
import { linkFromPayload, type LinkPayload } from './event.payloads.js';
import { LinkChange, StatementAdded, StatementLinkChange, VerdictChange } from './event.type.js';
import { ReviewReopened } from '../review/review.type.js';

export const AFTER = 'The last event id you received: events since then (still kept) come first. Defaults to the connection\'s `lastEventId`.';

type Subscribe<TArgs> = SubscribeResolverData<unknown, TArgs, Context>;

@Resolver()
export class EventResolver {
  @Subscription(() => VerdictChange, {
    description: 'Each new verdict, optionally only those on one statement, by one speaker or on statements one source carried.',
    subscribe: ({ args, context }: Subscribe<{ statementId?: string | null; speakerId?: string | null; sourceId?: string | null; after?: string | null }>) =>
      context.services.live.verdictChanged(context, args),
  })
  async verdictChanged(
    @Root() event: OutboxEvent,
    @Ctx() { services }: Context,
    @Arg('statementId', () => ID, { nullable: true, description: 'Only verdicts on this statement.' }) _statementId?: string | null,
    @Arg('speakerId', () => ID, { nullable: true, description: 'Only verdicts on what this speaker said.' }) _speakerId?: string | null,
    @Arg('sourceId', () => ID, { nullable: true, description: 'Only verdicts on statements this source carried.' }) _sourceId?: string | null,
    @Arg('after', () => ID, { nullable: true, description: AFTER }) _after?: string | null,
  ): Promise<VerdictChange> {
    return { eventId: event.id.toString(), verdict: await services.live.verdictOf(event) };
  }

  @Subscription(() => ReviewReopened, {
    description:
      'Each statement the service sent back to IN_REVIEW because its finding was past its review date when new reach arrived, optionally only one statement or reopenings by a new appearance in one source.',
    subscribe: ({ args, context }: Subscribe<{ statementId?: string | null; sourceId?: string | null; after?: string | null }>) =>
      context.services.live.reviewReopened(context, args),
  })
  async reviewReopened(
    @Root() event: OutboxEvent,
    @Ctx() { services }: Context,
    @Arg('statementId', () => ID, { nullable: true, description: 'Only reopenings of this statement.' }) _statementId?: string | null,
    @Arg('sourceId', () => ID, { nullable: true, description: 'Only reopenings by a new appearance in this source.' }) _sourceId?: string | null,
    @Arg('after', () => ID, { nullable: true, description: AFTER }) _after?: string | null,
  ): Promise<ReviewReopened> {
    return { eventId: event.id.toString(), ...(await services.live.reopenedOf(event)) } as ReviewReopened;
  }

  @Subscription(() => StatementAdded, {
    description: 'Each new statement, optionally only those a filter matches (as in `statements`).',
    subscribe: ({ args, context }: Subscribe<{ filter?: StatementFilter | null; after?: string | null }>) => context.services.live.statementAdded(context, args),
  })
  async statementAdded(
    @Root() event: OutboxEvent,
    @Ctx() { services }: Context,
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Only statements this matches when recorded.' }) _filter?: StatementFilter | null,
    @Arg('after', () => ID, { nullable: true, description: AFTER }) _after?: string | null,
  ): Promise<StatementAdded> {
    return { eventId: event.id.toString(), statement: await services.live.statementOf(event) };
  }

  @Subscription(() => StatementLinkChange, {
    description: 'Links recorded or removed, from or to one statement.',
    subscribe: ({ args, context }: Subscribe<{ statementId: string; after?: string | null }>) => context.services.live.statementLinked(context, args),
  })
  statementLinked(
    @Root() event: OutboxEvent,
    @Arg('statementId', () => ID, { description: 'The statement at either end of the link.' }) _statementId: string,
    @Arg('after', () => ID, { nullable: true, description: AFTER }) _after?: string | null,
  ): StatementLinkChange {
    return {
      eventId: event.id.toString(),
      change: event.type === 'LINK_CREATED' ? LinkChange.CREATED : LinkChange.REMOVED,
      link: linkFromPayload(event.payload as unknown as LinkPayload),
    };
  }
}
