import { createHmac } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { EventType } from '../../generated/prisma/enums.js';
import { refusedRange, resolveTarget, systemLookup, type Lookup } from './webhook.address.js';
import { DeliveryTimeout, postPinned, RefusedPeer } from './webhook.http.js';
import { backoffMs, PollingWorker } from '../../polling-worker.js';

export interface WebhookWorkerOptions {
  /** Send to loopback and private addresses too (tests, closed networks). */
  allowPrivate: boolean;
  timeoutMs: number;
  /** The first retry waits this long; each next one twice as long, up to maxRetryMs. */
  retryBaseMs: number;
  maxRetryMs: number;
  /** An endpoint is disabled after this many failed attempts in a row. */
  disableAfter: number;
  pollMs: number;
  onError(error: unknown): void;
  /** Resolves endpoint host names; the system resolver when omitted. */
  lookup?: Lookup;
}

interface Claimed {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: EventType;
  payload: unknown;
  eventCreatedAt: Date;
  attempts: number;
  url: string;
  secret: string;
}

const CLAIM_BATCH = 20;
const EXCERPT = 500;

/** The signature a receiver recomputes: hex HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret. */
export function signature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * Sends webhook deliveries from the outbox, on every instance at once.
 * Two steps, each safe to run concurrently: fan-out turns new events into
 * one delivery per interested endpoint (under the endpoint's row lock, from
 * its own cursor), and sending claims due deliveries with FOR UPDATE SKIP
 * LOCKED and a lease, so each attempt is made by one instance; when an
 * instance dies mid-send, the lease runs out and another one retries (at
 * least once). Only the oldest pending delivery per endpoint and statement
 * is ever due, so events about one statement arrive in order.
 */
export class WebhookWorker extends PollingWorker {
  constructor(
    private readonly db: Db,
    private readonly options: WebhookWorkerOptions,
  ) {
    super(options.pollMs, options.onError);
  }

  protected async tick(): Promise<void> {
    await this.fanOut();
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      // One endpoint's deliveries go one after another, in event order.
      const byEndpoint = new Map<string, Claimed[]>();
      for (const row of claimed) byEndpoint.set(row.webhookId, [...(byEndpoint.get(row.webhookId) ?? []), row]);
      await Promise.all([...byEndpoint.values()].map(async (rows) => {
        for (const row of rows) await this.send(row);
      }));
      if (this.stopped) return;
    }
  }

  private async fanOut(): Promise<void> {
    const hooks = await this.db.webhook.findMany({ where: { enabled: true }, select: { id: true } });
    for (const hook of hooks) {
      await this.db.$transaction(async (tx) => {
        const [locked] = await tx.$queryRaw<{ lastEventId: string; events: string }[]>`
          SELECT last_event_id::text AS "lastEventId", array_to_string(events, ',') AS events
          FROM webhook WHERE id = ${hook.id}::uuid AND enabled FOR UPDATE SKIP LOCKED`;
        if (!locked) return;
        const wanted = new Set(locked.events.split(','));
        const events = await tx.event.findMany({ where: { id: { gt: BigInt(locked.lastEventId) } }, orderBy: { id: 'asc' }, take: 500 });
        if (events.length === 0) return;
        const data = events
          .filter((e) => wanted.has(e.type))
          .map((e) => ({
            webhookId: hook.id,
            eventId: e.id,
            eventType: e.type,
            statementId: e.statementId,
            payload: e.payload as Prisma.InputJsonValue,
            eventCreatedAt: e.createdAt,
          }));
        if (data.length > 0) await tx.webhookDelivery.createMany({ data, skipDuplicates: true });
        await tx.webhook.update({ where: { id: hook.id }, data: { lastEventId: events[events.length - 1]!.id } });
      });
    }
  }

  /** Takes due deliveries and leases them for one attempt (the lease outlasts the request's timeout). */
  private claim(): Promise<Claimed[]> {
    const leaseMs = this.options.timeoutMs * 2 + 1000;
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Claimed[]>`
        SELECT d.id, d.webhook_id AS "webhookId", d.event_id::text AS "eventId", d.event_type::text AS "eventType",
               d.payload, d.event_created_at AS "eventCreatedAt", d.attempts, w.url, w.secret
        FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND w.enabled
          AND NOT EXISTS (
            SELECT 1 FROM webhook_delivery e
            WHERE e.webhook_id = d.webhook_id AND e.statement_id = d.statement_id
              AND e.status = 'PENDING' AND e.event_id < d.event_id)
        ORDER BY d.event_id
        LIMIT ${CLAIM_BATCH}
        FOR UPDATE OF d SKIP LOCKED`;
      if (rows.length === 0) return [];
      await tx.webhookDelivery.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { nextAttemptAt: new Date(Date.now() + leaseMs), attempts: { increment: 1 } },
      });
      return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    });
  }

  private async send(row: Claimed): Promise<void> {
    const body = JSON.stringify({
      id: row.id,
      event: row.eventType,
      eventId: row.eventId,
      createdAt: new Date(row.eventCreatedAt).toISOString(),
      data: row.payload,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number | null = null;
    let excerpt: string | null = null;
    let problem: string | null = null;
    try {
      const url = new URL(row.url);
      // Resolved and checked at each send (a name can be made to resolve
      // elsewhere after registration), and the request goes to exactly the
      // addresses checked: never to what a second resolution would say.
      const target = await resolveTarget(url, { allowPrivate: this.options.allowPrivate, lookup: this.options.lookup ?? systemLookup });
      if (target.refused !== undefined) {
        problem = `refused: ${target.refused}`;
      } else {
        const response = await postPinned(url, target.addresses, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'factcheck-webhooks',
            'x-factcheck-event': row.eventType,
            'x-factcheck-delivery': row.id,
            'x-factcheck-timestamp': timestamp,
            'x-factcheck-signature': `sha256=${signature(row.secret, timestamp, body)}`,
          },
          body,
          timeoutMs: this.options.timeoutMs,
          checkPeer: (address) => (this.options.allowPrivate ? undefined : refusedRange(address)),
          maxBodyChars: EXCERPT,
        });
        status = response.status;
        excerpt = response.body;
        // A redirect is an answer, not followed: its target was never checked.
        if (status < 200 || status >= 300) problem = `HTTP ${status}`;
      }
    } catch (error) {
      problem = error instanceof DeliveryTimeout || error instanceof RefusedPeer ? error.message : `request failed: ${error instanceof Error ? error.message : String(error)}`;
    }

    if (!problem) {
      await this.db.$transaction([
        this.db.webhookDelivery.update({
          where: { id: row.id },
          data: { status: 'DELIVERED', deliveredAt: new Date(), responseStatus: status, responseBody: excerpt, lastError: null },
        }),
        this.db.webhook.update({ where: { id: row.webhookId }, data: { consecutiveFailures: 0 } }),
      ]);
      return;
    }
    const wait = backoffMs(row.attempts, this.options.retryBaseMs, this.options.maxRetryMs);
    const [, hook] = await this.db.$transaction([
      this.db.webhookDelivery.update({
        where: { id: row.id },
        data: { nextAttemptAt: new Date(Date.now() + wait), responseStatus: status, responseBody: excerpt, lastError: problem.slice(0, EXCERPT) },
      }),
      this.db.webhook.update({ where: { id: row.webhookId }, data: { consecutiveFailures: { increment: 1 } } }),
    ]);
    if (hook.consecutiveFailures >= this.options.disableAfter && hook.enabled) {
      await this.db.webhook.update({
        where: { id: row.webhookId },
        data: { enabled: false, disabledReason: `Disabled after ${hook.consecutiveFailures} failed deliveries in a row; the last: ${problem}`.slice(0, 1000) },
      });
    }
  }
}
