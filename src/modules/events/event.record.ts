import { Prisma } from '../../generated/prisma/client.js';
import type { EventType } from '../../generated/prisma/enums.js';

/**
 * Taken before each outbox insert and held to commit. A bigserial id is
 * handed out at insert time, not at commit: without the lock a reader
 * following the table by id could pass over a smaller id whose transaction
 * commits late, and never see it. Writes are rare enough here that queuing
 * their last step is cheap.
 */
const OUTBOX_LOCK = 7_242_001;

export interface EventRecord {
  type: EventType;
  /** The statement the change concerns (internal id); null for changes to no one statement. */
  statementId: string | null;
  /** What subscribers and webhooks receive; ids in it are the public (global) ones. */
  payload: object;
}

/**
 * Appends one event to the outbox. Call it inside the transaction that
 * makes the change, next to recordAudit: the event commits with the change
 * or not at all.
 */
export async function recordEvent(tx: Prisma.TransactionClient, record: EventRecord): Promise<bigint> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${Prisma.raw(String(OUTBOX_LOCK))})) l`;
  const row = await tx.event.create({
    data: {
      type: record.type,
      statementId: record.statementId,
      payload: JSON.parse(JSON.stringify(record.payload)) as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return row.id;
}
