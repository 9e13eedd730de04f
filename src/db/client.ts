import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
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
  const adapter: SqlDriverAdapterFactory =
    target.kind === 'embedded'
      ? pgliteAdapterFactory(target.pglite)
      : new PrismaPg({
          connectionString: target.url,
          max: limits.poolMax,
          connectionTimeoutMillis: limits.connectionTimeoutMs,
          statement_timeout: limits.statementTimeoutMs,
          idleTimeoutMillis: 30_000,
        });
  // A transaction waits to start as long as a query waits for a connection,
  // and may run as long as one statement may.
  const transactionOptions = { maxWait: limits.connectionTimeoutMs, timeout: limits.statementTimeoutMs };
  if (!options.onQuery) return new PrismaClient({ adapter, transactionOptions });
  const onQuery = options.onQuery;
  const client = new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => onQuery(event.query));
  return client;
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
