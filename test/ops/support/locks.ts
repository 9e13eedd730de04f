import pg from 'pg';
import { sleep } from './service.js';

/**
 * A second client that holds a statement's row lock (as another editor's
 * open transaction would), so the service's `SELECT ... FOR UPDATE` on that
 * row waits until it is released.
 */
export interface RowLock {
  release(): Promise<void>;
}

/** Opens a transaction on a client of its own, runs `take` in it, and holds what it locked until release. */
async function holdLock(url: string, take: (client: pg.Client) => Promise<void>): Promise<RowLock> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await take(client);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

export function lockStatementRow(url: string, statementId: string): Promise<RowLock> {
  return holdLock(url, async (client) => {
    const { rowCount } = await client.query('SELECT id FROM statement WHERE id = $1::uuid FOR UPDATE', [statementId]);
    if (rowCount !== 1) throw new Error(`no statement ${statementId} to lock`);
  });
}

/** Locks a whole table: in ACCESS EXCLUSIVE mode (the default) even plain reads of it wait; in SHARE mode, writes. */
export function lockTable(url: string, table: string, mode: 'ACCESS EXCLUSIVE' | 'SHARE' = 'ACCESS EXCLUSIVE'): Promise<RowLock> {
  return holdLock(url, async (client) => {
    await client.query(`LOCK TABLE ${table} IN ${mode} MODE`);
  });
}

/** Waits until at least `count` sessions of the database wait for a lock; returns how many do. */
export async function waitForLockWaiters(url: string, count: number, timeoutMs = 10_000): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      const waiting = rows[0]!.n;
      if (waiting >= count || Date.now() > deadline) return waiting;
      await sleep(20);
    }
  } finally {
    await client.end();
  }
}

/** One-off SQL against the test database. */
export async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
