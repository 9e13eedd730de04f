import { setImmediate as turn } from 'node:timers/promises';
import type { DatabaseTarget, Db } from '../../db/client.js';
import { listenTo } from '../../db/listen.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { EventType } from '../../generated/prisma/enums.js';

export const EVENT_CHANNEL = 'factcheck_events';

/** One committed outbox row. */
export interface OutboxEvent {
  id: bigint;
  type: EventType;
  statementId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface DispatcherOptions {
  /** How often the outbox is read even without a notification. */
  pollMs: number;
  /** Events older than this are not replayed, and are deleted. */
  retentionHours: number;
  /** Subscribers' replays: events per page, and the most a subscription may replay. */
  replay: { pageSize: number; maxEvents: number };
  onError(error: unknown): void;
}

type Listener = (event: OutboxEvent) => void;

const BATCH = 200;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Follows the outbox for this instance's subscribers. Every instance reads
 * the table itself, so an event committed through any replica reaches the
 * subscribers of all of them. A notification (LISTEN/NOTIFY on a server, or
 * PGlite's own in the embedded database) wakes it at once; the poll catches
 * whatever a lost notification or a dropped listening connection missed.
 * It starts when subscriptions are served (or with the first subscriber):
 * an instance that serves none reads nothing.
 */
export class EventDispatcher {
  private lastId: bigint | undefined;
  private readonly listeners = new Set<Listener>();
  private streams = 0;
  private started: Promise<void> | undefined;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;
  private lastPrune = 0;

  constructor(
    private readonly db: Db,
    private readonly target: DatabaseTarget | undefined,
    private readonly options: DispatcherOptions,
  ) {}

  /**
   * Calls `listener` with every event committed from now on, in id order.
   * A client's stream (`stream`) is counted in streamCount once following
   * has begun, so that whoever waits for the count to rise knows an event
   * committed from then on reaches it.
   */
  async subscribe(listener: Listener, { stream = false }: { stream?: boolean } = {}): Promise<() => void> {
    this.listeners.add(listener);
    await this.start();
    if (stream) this.streams++;
    return () => {
      // Counted down once, and not after stop() has let every listener go.
      if (this.listeners.delete(listener) && stream) this.streams--;
    };
  }

  get replayLimits(): DispatcherOptions['replay'] {
    return this.options.replay;
  }

  /** How many clients' event streams follow the outbox here (not this instance's own workers, which listen too). */
  get streamCount(): number {
    return this.streams;
  }

  /** One page of committed events after `after` (of these types only), oldest first, within the retention window. */
  async replay(after: bigint, limit: number, types?: readonly EventType[]): Promise<OutboxEvent[]> {
    const rows = await this.db.event.findMany({
      where: this.kept(after, types),
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows as OutboxEvent[];
  }

  /** How many kept events (of these types) follow `after`, counting no further than `max + 1`. */
  async backlog(after: bigint, max: number, types?: readonly EventType[]): Promise<number> {
    const since = new Date(Date.now() - this.options.retentionHours * 3_600_000);
    const ofTypes = types ? Prisma.sql`AND type IN (${Prisma.join(types.map((type) => Prisma.sql`CAST(${type} AS event_type)`))})` : Prisma.empty;
    // A bounded walk of the id index, not a count of the whole table.
    const [row] = await this.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM event WHERE id > ${after} AND created_at >= ${since} ${ofTypes} ORDER BY id LIMIT ${max + 1}
      ) AS kept`;
    return row!.n;
  }

  private kept(after: bigint, types: readonly EventType[] | undefined) {
    const since = new Date(Date.now() - this.options.retentionHours * 3_600_000);
    return { id: { gt: after }, createdAt: { gte: since }, ...(types ? { type: { in: [...types] } } : {}) };
  }

  /** Reads the outbox now (also called by notifications). */
  wake(): void {
    if (this.stopped || this.lastId === undefined) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.draining = undefined;
        if (this.drainAgain) {
          this.drainAgain = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    this.streams = 0;
    await this.draining;
    await this.unlisten?.().catch(() => {});
  }

  /** Begins following the outbox (the first subscriber would otherwise wait for this, and miss what commits meanwhile). */
  start(): Promise<void> {
    this.started ??= (async () => {
      const [{ max }] = await this.db.$queryRaw<{ max: string | null }[]>`SELECT max(id)::text AS max FROM event`;
      this.lastId = max === null ? 0n : BigInt(max);
      this.unlisten = await this.listen().catch((error: unknown) => {
        this.options.onError(error);
        return undefined;
      });
      this.timer = setInterval(() => this.wake(), this.options.pollMs);
      this.timer.unref();
    })();
    return this.started;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = (await this.db.event.findMany({
        where: { id: { gt: this.lastId! } },
        orderBy: { id: 'asc' },
        take: BATCH,
      })) as OutboxEvent[];
      for (const row of rows) {
        this.lastId = row.id;
        for (const listener of this.listeners) listener(row);
      }
      if (rows.length < BATCH) break;
      // A long backlog is read page by page, letting requests in between
      // (on the embedded database, everything shares this one thread).
      await turn();
    }
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      const before = new Date(Date.now() - this.options.retentionHours * 3_600_000);
      await this.db.event.deleteMany({ where: { createdAt: { lt: before } } });
    }
  }

  /** Subscribes to the notification channel; returns how to leave it. */
  private listen(): Promise<(() => Promise<void>) | undefined> {
    return listenTo(
      this.target,
      EVENT_CHANNEL,
      {
        notify: () => this.wake(),
        // Whatever was committed while no one listened; the poll covers the gap until then.
        connected: () => this.wake(),
        onError: (error) => this.options.onError(error),
      },
      { retryMs: this.options.pollMs },
    );
  }
}
