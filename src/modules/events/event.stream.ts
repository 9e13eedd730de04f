import { setImmediate as turn } from 'node:timers/promises';
import { BadUserInputError, LimitExceededError } from '../../errors.js';
import type { EventType } from '../../generated/prisma/enums.js';
import type { EventDispatcher, OutboxEvent } from './event.dispatcher.js';

/** Which of a batch of events (in id order) a subscriber gets; may ask the database, once for the batch. */
export type EventFilter = (events: OutboxEvent[]) => OutboxEvent[] | Promise<OutboxEvent[]>;

export interface StreamOptions {
  /** The only types the subscriber can get: no others are read. */
  types: readonly EventType[];
  accept: EventFilter;
  /** Called before each event is handed out. */
  onEach?: () => void;
}

/** A client's last seen event id, from `after` or the connection's lastEventId. */
export function parseEventId(value: unknown, field: string): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,18}$/.test(text.trim())) {
    throw new BadUserInputError(`${field} must be an event id (a whole number) from an earlier event`, field);
  }
  return BigInt(text.trim());
}

function replayTooLong(max: number): LimitExceededError {
  return new LimitExceededError(
    `More than ${max} kept events follow \`after\`: too many to replay. Read what you missed with the \`statements\` query, then subscribe with a later \`after\` (or none).`,
    'WS_MAX_REPLAY_EVENTS',
    max,
  );
}

/**
 * A subscriber's events, in id order: first those after `after` that are
 * still kept (a reconnecting client's missed events), then live ones.
 *
 * The backlog is read from the outbox page by page (WS_REPLAY_PAGE_SIZE),
 * each page filtered at once, yielding to other work between pages, until a
 * page comes back short. Listening starts before the first page is read, so
 * an event committed meanwhile is either in a page or among the live ones
 * held back; those at or below the last id read are skipped. Live events
 * are held only up to a page: past that (a replay still running, or a
 * subscriber falling behind) they are let go and read back from the outbox
 * the same way, which holds them anyway. A backlog longer than
 * WS_MAX_REPLAY_EVENTS is refused with an error, never cut short.
 */
export async function eventStream(
  dispatcher: EventDispatcher,
  after: bigint | undefined,
  { types, accept, onEach = () => {} }: StreamOptions,
): Promise<AsyncIterableIterator<OutboxEvent>> {
  const { pageSize, maxEvents } = dispatcher.replayLimits;
  if (after !== undefined && (await dispatcher.backlog(after, maxEvents, types)) > maxEvents) throw replayTooLong(maxEvents);

  const wanted = new Set<EventType>(types);
  /** Live events not yet looked at. */
  let held: OutboxEvent[] = [];
  /** Accepted, not yet handed out. */
  const ready: OutboxEvent[] = [];
  /** The highest id read so far, from the outbox or the live events. */
  let last = after;
  let catchingUp = after !== undefined;
  /** Outbox rows read in this catch-up. */
  let read = 0;
  /** How many times held events were let go: a short page ends a catch-up only if none were since it was asked for. */
  let letGo = 0;
  let done = false;
  let wakeReader: (() => void) | undefined;

  const push = (event: OutboxEvent) => {
    if (done || !wanted.has(event.type)) return;
    held.push(event);
    if (held.length > pageSize) {
      if (!catchingUp) {
        catchingUp = true;
        read = 0;
        last ??= held[0]!.id - 1n;
      }
      held = [];
      letGo++;
    }
    wakeReader?.();
  };
  const unsubscribe = await dispatcher.subscribe(push, { stream: true });

  const finish = async (): Promise<IteratorResult<OutboxEvent>> => {
    done = true;
    unsubscribe();
    held = [];
    ready.length = 0;
    wakeReader?.();
    return { done: true, value: undefined };
  };

  const stream: AsyncIterableIterator<OutboxEvent> = {
    [Symbol.asyncIterator]() {
      return stream;
    },
    async next(): Promise<IteratorResult<OutboxEvent>> {
      for (;;) {
        if (done) return { done: true, value: undefined };
        const event = ready.shift();
        if (event) {
          onEach();
          return { done: false, value: event };
        }
        if (catchingUp) {
          const letGoBefore = letGo;
          const page = await dispatcher.replay(last!, pageSize, types);
          if (done) continue;
          read += page.length;
          if (read > maxEvents) {
            await finish();
            throw replayTooLong(maxEvents);
          }
          if (page.length > 0) last = page[page.length - 1]!.id;
          ready.push(...(await accept(page)));
          if (page.length < pageSize && letGo === letGoBefore) {
            catchingUp = false;
            held = held.filter((e) => e.id > last!);
          }
          // Other requests and subscribers get their turn between pages.
          await turn();
          continue;
        }
        if (held.length > 0) {
          const batch = held.filter((e) => last === undefined || e.id > last);
          held = [];
          if (batch.length === 0) continue;
          last = batch[batch.length - 1]!.id;
          ready.push(...(await accept(batch)));
          continue;
        }
        await new Promise<void>((resolve) => (wakeReader = resolve));
        wakeReader = undefined;
      }
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
  };
  return stream;
}
