import type { Context } from '../../context.js';
import type { Db, DbClient } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Statement as StatementRow, Verdict as VerdictRow } from '../../generated/prisma/client.js';
import type { EventType } from '../../generated/prisma/enums.js';
import { fromGlobalId, toGlobalId, type NodeType } from '../../ids.js';
import { createLoaders } from '../../loaders.js';
import type { PageLimits } from '../../pagination.js';
import type { StatementFilter } from '../statement/statement.inputs.js';
import type { StatementService } from '../statement/statement.service.js';
import type { EventDispatcher, OutboxEvent } from './event.dispatcher.js';
import { eventStream, parseEventId, type EventFilter } from './event.stream.js';

class SubscriptionsUnavailableError extends AppError {
  readonly code = 'BAD_USER_INPUT' as const;
}

interface Payload {
  statementId?: string;
  verdictId?: string;
  speakerId?: string;
  sourceIds?: string[];
  /** REVIEW_REOPENED by a new appearance: its outlet. */
  sourceId?: string;
  fromId?: string;
  toId?: string;
}

/** Subscriptions: which outbox events each subscriber gets, and what they carry. */
export class LiveService {
  constructor(
    private readonly db: DbClient,
    private readonly statements: StatementService,
    private readonly limits: PageLimits,
  ) {}

  verdictChanged(
    context: Context,
    args: { statementId?: string | null; speakerId?: string | null; sourceId?: string | null; after?: string | null },
  ): Promise<AsyncIterableIterator<OutboxEvent>> {
    const statementId = canonical('Statement', args.statementId, 'statementId');
    const speakerId = canonical('Speaker', args.speakerId, 'speakerId');
    const sourceId = canonical('Source', args.sourceId, 'sourceId');
    return this.stream(context, args.after, ['VERDICT_SET'], (event) => {
      const p = event.payload as Payload;
      return (
        (!statementId || p.statementId === statementId) &&
        (!speakerId || p.speakerId === speakerId) &&
        (!sourceId || (p.sourceIds ?? []).includes(sourceId))
      );
    });
  }

  reviewReopened(context: Context, args: { statementId?: string | null; sourceId?: string | null; after?: string | null }): Promise<AsyncIterableIterator<OutboxEvent>> {
    const statementId = canonical('Statement', args.statementId, 'statementId');
    const sourceId = canonical('Source', args.sourceId, 'sourceId');
    return this.stream(context, args.after, ['REVIEW_REOPENED'], (event) => {
      const p = event.payload as Payload;
      return (!statementId || p.statementId === statementId) && (!sourceId || p.sourceId === sourceId);
    });
  }

  evidenceRotted(context: Context, args: { statementId?: string | null; after?: string | null }): Promise<AsyncIterableIterator<OutboxEvent>> {
    const statementId = canonical('Statement', args.statementId, 'statementId');
    return this.stream(context, args.after, ['EVIDENCE_ROTTED'], (event) => !statementId || (event.payload as Payload).statementId === statementId);
  }

  async reopenedOf(event: OutboxEvent): Promise<{ reason: 'NEW_APPEARANCE' | 'REPEATED'; verdict: VerdictRow; finding: VerdictRow }> {
    const payload = event.payload as unknown as Payload & { findingId: string; reason: 'NEW_APPEARANCE' | 'REPEATED' };
    const [verdict, finding] = await Promise.all([
      this.verdictOf(event),
      this.db.verdict.findUniqueOrThrow({ where: { id: fromGlobalId('Verdict', payload.findingId, 'findingId') } }),
    ]);
    return { reason: payload.reason, verdict, finding };
  }

  statementAdded(context: Context, args: { filter?: StatementFilter | null; after?: string | null }): Promise<AsyncIterableIterator<OutboxEvent>> {
    const filter = args.filter;
    if (filter) this.statements.checkFilter(filter);
    // The statement is matched as `statements` would match it, when the
    // event is read: a whole page of them in one query.
    return this.stream(context, args.after, ['STATEMENT_CREATED'], (event) => event.statementId !== null, filter
      ? async (events) => {
          const matched = await this.statements.matching(events.map((e) => e.statementId!), filter);
          return events.filter((e) => matched.has(e.statementId!));
        }
      : undefined);
  }

  statementLinked(context: Context, args: { statementId: string; after?: string | null }): Promise<AsyncIterableIterator<OutboxEvent>> {
    const statementId = canonical('Statement', args.statementId, 'statementId');
    return this.stream(context, args.after, ['LINK_CREATED', 'LINK_REMOVED'], (event) => {
      const p = event.payload as Payload;
      return p.fromId === statementId || p.toId === statementId;
    });
  }

  verdictOf(event: OutboxEvent): Promise<VerdictRow> {
    const id = fromGlobalId('Verdict', String((event.payload as Payload).verdictId), 'verdictId');
    return this.db.verdict.findUniqueOrThrow({ where: { id } });
  }

  statementOf(event: OutboxEvent): Promise<StatementRow> {
    return this.db.statement.findUniqueOrThrow({ where: { id: event.statementId! } });
  }

  /** `check` picks events by their own fields; `then`, when given, filters what it kept, a batch at a time. */
  private async stream(
    context: Context,
    after: string | null | undefined,
    types: EventType[],
    check: (event: OutboxEvent) => boolean,
    then?: EventFilter,
  ): Promise<AsyncIterableIterator<OutboxEvent>> {
    const dispatcher: EventDispatcher | undefined = context.events;
    if (!dispatcher) {
      throw new SubscriptionsUnavailableError('Subscriptions are served over WebSocket (graphql-ws) at this same URL');
    }
    const from = after != null ? parseEventId(after, 'after') : parseEventId(context.lastEventId, 'lastEventId');
    const accept: EventFilter = (events) => {
      const kept = events.filter(check);
      return then && kept.length > 0 ? then(kept) : kept;
    };
    // Loaders cache for their context's lifetime; a subscription's lasts for
    // hours, so each event is resolved with fresh ones.
    return eventStream(dispatcher, from, {
      types,
      accept,
      onEach: () => {
        context.loaders = createLoaders(this.db as Db, { maxListSize: this.limits.maxPageSize });
      },
    });
  }
}

/** One spelling of a global ID, so that payload ids compare as strings. */
function canonical(type: NodeType, value: string | null | undefined, field: string): string | undefined {
  return value == null ? undefined : toGlobalId(type, fromGlobalId(type, value, field));
}
