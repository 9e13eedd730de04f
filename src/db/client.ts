import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Config } from '../config.js';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';
import { pgliteAdapterFactory } from './embedded.js';

export type Db = PrismaClient;

/** A PostgreSQL server by URL, or the embedded one in this process. */
export type DatabaseTarget = { kind: 'server'; url: string } | { kind: 'embedded'; pglite: PGlite };

export interface DbOptions {
  /** Called with the text of every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
}

/**
 * A Prisma client with explicit limits. For a server, node-postgres's
 * defaults would let requests queue forever for a connection and let a
 * runaway query hold one indefinitely.
 */
export function createDb(target: DatabaseTarget, limits: Config['db'], options: DbOptions = {}): Db {
  let pool: pg.Pool | null = null;
  let adapter: SqlDriverAdapterFactory;
  if (target.kind === 'embedded') adapter = pgliteAdapterFactory(target.pglite);
  else {
    // The pool is the service's own, so that hot reads can use it without
    // Prisma (see readRows); Prisma ends it when it disconnects.
    pool = new pg.Pool({
      connectionString: target.url,
      max: limits.poolMax,
      connectionTimeoutMillis: limits.connectionTimeoutMs,
      statement_timeout: limits.statementTimeoutMs,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection the server closes (a restart, a terminated
    // backend) is an error event on the pool: without a listener it would
    // end the process. The next query opens a new connection.
    pool.on('error', () => {});
    adapter = new PrismaPg(pool, { disposeExternalPool: true });
  }
  // A transaction waits to start as long as a query waits for a connection,
  // and may run as long as one statement may.
  const transactionOptions = { maxWait: limits.connectionTimeoutMs, timeout: limits.statementTimeoutMs };
  const onQuery = options.onQuery;
  const client = onQuery
    ? new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] })
    : new PrismaClient({ adapter, transactionOptions });
  if (onQuery) (client as PrismaClient<'query'>).$on('query', (event) => onQuery(event.query));
  if (pool) {
    const driver = pool;
    const prepared = limits.prepare ? new PreparedTexts() : null;
    directReaders.set(client, async (text, values, prepare, arrays) => {
      onQuery?.(text);
      const name = prepare ? prepared?.nameOf(text) : undefined;
      const query = name ? { name, text, values } : { text, values };
      return arrays ? (await driver.query({ ...query, rowMode: 'array' })).rows : (await driver.query(query)).rows;
    });
  }
  return client;
}

type DirectReader = (text: string, values: unknown[], prepare?: boolean, arrays?: boolean) => Promise<unknown[]>;

/** Statements kept prepared on every connection, at most. */
export const MAX_PREPARED = 64;
/** Uses of a text before it is prepared: a one-off operation is not worth a prepared statement on every connection. */
const USES_BEFORE_PREPARED = 3;
/** Texts counted towards USES_BEFORE_PREPARED; the count starts over past it. */
const MAX_COUNTED = 2000;

/**
 * Which statement texts run as prepared statements (parsed and planned once
 * per connection instead of on every request). node-postgres keeps a named
 * statement on its connection for the connection's life and has no way to
 * forget one, so what a connection may hold is bounded here: the first
 * MAX_PREPARED texts used USES_BEFORE_PREPARED times are prepared, and no
 * others, whatever clients send. A connection therefore holds at most
 * MAX_PREPARED statements. The name is derived from the text, so the same
 * text has the same name on every connection, and two texts never share one.
 */
export class PreparedTexts {
  private readonly names = new Map<string, string>();
  private readonly uses = new Map<string, number>();

  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_PREPARED) return known;
    const uses = (this.uses.get(text) ?? 0) + 1;
    if (uses < USES_BEFORE_PREPARED) {
      if (this.uses.size >= MAX_COUNTED) this.uses.clear();
      this.uses.set(text, uses);
      return undefined;
    }
    this.uses.delete(text);
    const name = `fc_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
    this.names.set(text, name);
    return name;
  }
}

/** The clients on a PostgreSQL server, with their pool: embedded clients and transactions have none. */
const directReaders = new WeakMap<object, DirectReader>();

/**
 * Rows of a read, straight from the connection pool when `db` is the root
 * client on a server, else through Prisma. Prisma's raw query path costs
 * about a millisecond per call on this 2-core machine (its query
 * interpreter, per-value conversion), as much as a short indexed read
 * itself; the hot reads (relevance ranking, compiled operations) skip it.
 * The values are node-postgres's: text, uuid, integers below int8, float8,
 * booleans, timestamptz (as Date) and json come back as Prisma gives them;
 * int8 and numeric come back as strings, so callers cast those in SQL.
 * Inside a transaction the transaction's own connection is used (Prisma).
 */
export async function readRows<T>(db: DbClient, sql: Prisma.Sql): Promise<T[]> {
  const direct = directReaders.get(db);
  if (direct) return (await direct(sql.text, sql.values)) as T[];
  return db.$queryRaw<T[]>(sql);
}

/**
 * Rows of one statement that writes (data-modifying CTEs, RETURNING), by the
 * same path as readRows: on the root client of a server, straight from the
 * pool, where the statement commits on its own; in a transaction, as part
 * of it. `prepare` as for readRowsText: for a text whose plan does not
 * depend on its values.
 */
export async function writeRows<T>(db: DbClient, sql: Prisma.Sql, options: { prepare?: boolean } = {}): Promise<T[]> {
  return readRowsText<T>(db, sql.text, sql.values, options);
}

/**
 * readRows for SQL already written with $1, $2 ... placeholders. `prepare`:
 * the text may run as a prepared statement on a server (PreparedTexts says
 * when), for statements whose plan does not depend on their values: never
 * a full-text search, whose generic plan is far worse than a fresh one.
 */
export async function readRowsText<T>(db: DbClient, text: string, values: unknown[], options: { prepare?: boolean } = {}): Promise<T[]> {
  const direct = directReaders.get(db);
  if (direct) return (await direct(text, values, options.prepare)) as T[];
  return db.$queryRawUnsafe<T[]>(text, ...values);
}

/**
 * readRowsText with each row as an array of its columns' values, in order
 * (`columns` names them, for the embedded database, whose rows come
 * through Prisma as objects). A statement of many columns is cheaper read
 * so: node-postgres builds no object per row.
 */
export async function readRowArrays(db: DbClient, text: string, values: unknown[], columns: readonly string[], options: { prepare?: boolean } = {}): Promise<unknown[][]> {
  const direct = directReaders.get(db);
  if (direct) return (await direct(text, values, options.prepare, true)) as unknown[][];
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values);
  return rows.map((row) => columns.map((column) => row[column] ?? null));
}

/** A client or an open transaction: services work on either. */
export type DbClient = Db | Prisma.TransactionClient;

/**
 * Runs `work` in a transaction: a new one on a client, or the caller's when
 * already inside one, so that several service calls can commit together
 * (the demo story loads all or nothing).
 */
export function inTransaction<T>(db: DbClient, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  // Transaction clients have $transaction too (it opens a savepoint, which
  // the embedded adapter lacks); only the root client can connect.
  return '$connect' in db ? (db as Db).$transaction(work) : work(db);
}
