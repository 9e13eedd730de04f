import { BadUserInputError } from '../../errors.js';
import type { EventDispatcher, OutboxEvent } from './event.dispatcher.js';

/** Decides whether a subscriber gets an event; may ask the database. */
export type EventFilter = (event: OutboxEvent) => boolean | Promise<boolean>;

/** A client's last seen event id, from `after` or the connection's lastEventId. */
export function parseEventId(value: unknown, field: string): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,18}$/.test(text.trim())) {
    throw new BadUserInputError(`${field} must be an event id (a whole number) from an earlier event`, field);
  }
  return BigInt(text.trim());
}

/**
 * A subscriber's events, in id order: first those after `after` that are
 * still kept (a reconnecting client's missed events), then live ones.
 * Listening starts before the replay is read, and live events the replay
 * already gave are skipped, so nothing falls between the two.
 */
export function eventStream(
  dispatcher: EventDispatcher,
  after: bigint | undefined,
  accept: EventFilter,
  onEach: () => void = () => {},
): AsyncIterableIterator<OutboxEvent> {
  const queue: OutboxEvent[] = [];
  let wakeReader: (() => void) | undefined;
  let done = false;
  let seen = -1n;
  let unsubscribe: (() => void) | undefined;

  const push = (event: OutboxEvent) => {
    queue.push(event);
    wakeReader?.();
  };
  const ready = (async () => {
    unsubscribe = await dispatcher.subscribe(push);
    if (after !== undefined) {
      const missed = await dispatcher.replay(after);
      queue.unshift(...missed);
    }
  })();

  const finish = async (): Promise<IteratorResult<OutboxEvent>> => {
    done = true;
    unsubscribe?.();
    queue.length = 0;
    wakeReader?.();
    return { done: true, value: undefined };
  };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<OutboxEvent>> {
      await ready;
      for (;;) {
        if (done) return { done: true, value: undefined };
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wakeReader = resolve));
          wakeReader = undefined;
          continue;
        }
        if (event.id <= seen) continue;
        seen = event.id;
        if (!(await accept(event))) continue;
        onEach();
        return { done: false, value: event };
      }
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
  };
}
