import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';
import type { Config } from '../config.js';

export type Db = PrismaClient;

export interface DbOptions {
  /** Called with the text of every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
}

/**
 * A Prisma client over node-postgres with explicit limits: pg's defaults
 * would let requests queue forever for a connection and let a runaway query
 * hold one indefinitely.
 */
export function createDb(url: string, limits: Config['db'], options: DbOptions = {}): Db {
  const adapter = new PrismaPg({
    connectionString: url,
    max: limits.poolMax,
    connectionTimeoutMillis: limits.connectionTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  // A transaction waits for a connection as long as any query does, and may
  // run as long as one statement may.
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
  return '$transaction' in db ? db.$transaction(work) : work(db);
}
