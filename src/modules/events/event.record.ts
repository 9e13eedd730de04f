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
 * The outbox insert, as a statement of its own or as a CTE of the write it
 * announces. `rows` yields (n, type, statement_id, payload): events are
 * given ids in the order of n. The lock is taken before the first id is
 * handed out and the time read once it is held (clock_timestamp, not the
 * transaction's start), so times never go backwards along the ids.
 */
export function eventInsertSql(rows: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO event (type, statement_id, payload, created_at)
    SELECT CAST(x.type AS event_type), x.statement_id, x.payload, clock_timestamp()
    FROM (SELECT pg_advisory_xact_lock(${Prisma.raw(String(OUTBOX_LOCK))})) AS locked,
      (${rows}) AS x(n, type, statement_id, payload)
    ORDER BY x.n`;
}

/**
 * Appends one event to the outbox. Call it inside the transaction that
 * makes the change, next to recordAudit: the event commits with the change
 * or not at all.
 */
export async function recordEvent(tx: Prisma.TransactionClient, record: EventRecord): Promise<bigint> {
  // One statement: the lock, then the insert, so a change pays a single extra round trip.
  const [row] = await tx.$queryRaw<{ id: string }[]>`${eventInsertSql(
    Prisma.sql`SELECT 0, CAST(${record.type} AS text), CAST(${record.statementId} AS uuid), CAST(${JSON.stringify(record.payload)} AS jsonb)`,
  )} RETURNING id::text AS id`;
  return BigInt(row!.id);
}

/**
 * Appends several events in one statement, under the same lock, in the
 * order given (a bulk write announces each change, as one write would).
 */
export async function recordEvents(tx: Prisma.TransactionClient, records: EventRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = JSON.stringify(records.map((r, n) => ({ n, type: r.type, statement_id: r.statementId, payload: r.payload })));
  await tx.$executeRaw`${eventInsertSql(
    Prisma.sql`SELECT x.n, x.type, x.statement_id, x.payload FROM jsonb_to_recordset(CAST(${rows} AS jsonb)) AS x(n int, type text, statement_id uuid, payload jsonb)`,
  )}`;
}
