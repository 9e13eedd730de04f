import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lockDataDir } from './data-dir-lock.js';

export { DataDirInUseError } from './data-dir-lock.js';

/**
 * The embedded PostgreSQL: PostgreSQL compiled to WebAssembly (PGlite),
 * running inside the service's own process. It has a single session, so
 * statements and transactions take turns; PGlite's own lock orders them,
 * which is why the service talks to it in-process rather than through a
 * socket, where the messages of concurrent connections could interleave.
 */
export async function openEmbedded(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<PGlite> {
  // In memory, optionally starting from a snapshot (PGlite's dumpDataDir): tests start from a migrated one.
  if (!dataDir) return PGlite.create('memory://', { extensions: { pg_trgm }, loadDataDir: options.loadDataDir });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  const release = await lockDataDir(dataDir);
  try {
    const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    await ownerOnly(dataDir);
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        await close();
      } finally {
        await release();
      }
    };
    return db;
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * The WAL and catalogs hold secrets (webhook signing secrets, key hashes):
 * the owner alone may read them. The directory's own 0700 is what keeps
 * others out; files get 0600 besides, as PostgreSQL gives them. PGlite
 * unpacks its initial cluster with mode 0666 whatever the umask (it chmods
 * each file), so the modes are set after it opens, which also tightens a
 * directory written by an older version. Files PostgreSQL creates later
 * (WAL segments, relation files) it chmods to 0600 itself. The process umask
 * is left alone: it is process-wide (and refused in worker threads), and
 * would not undo PGlite's chmod anyway.
 */
async function ownerOnly(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await ownerOnly(full);
    else if (entry.isFile() || entry.isSocket()) await chmod(full, 0o600).catch(ignoreVanished);
  }
}

function ignoreVanished(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/**
 * Prisma's adapter for PGlite, for queries and for the schema engine. Its
 * executeScript neither waits for the script nor reports its errors, so a
 * migration could be recorded as applied while it failed: run scripts here.
 * The shadow database (for `migrate:create`) is a scratch in-memory PGlite
 * with the same extensions.
 *
 * PGlite runs each statement synchronously in this process and resolves it as
 * a microtask, so a long run of statements (an import, a demo load) would
 * never give the event loop a turn: every other request, even /health, would
 * wait for all of it. Each statement therefore waits for one turn first.
 * Requests that need the database still queue behind an open transaction
 * (PGlite has one session); keep transactions short.
 */
export function pgliteAdapterFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const connect = async (db: PGlite): Promise<SqlDriverAdapter> => {
    const adapter = yieldingQueries(await new PrismaPGlite(withParsersMergedOnce(db)).connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => yieldingQueries(await startTransaction(isolationLevel));
    adapter.executeScript = async (script: string) => {
      await db.exec(script);
    };
    return adapter;
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pglite',
    connect: () => connect(pglite),
    connectToShadowDb: async () => connect(await openEmbedded()),
  };
}

type QueryOptions = NonNullable<Parameters<PGlite['query']>[2]>;
type Transaction = Parameters<Parameters<PGlite['transaction']>[0]>[0];

/**
 * The adapter hands PGlite its result parsers with every query, and PGlite
 * then copies its whole table of about 320 parsers to lay them over it: a
 * quarter of a millisecond a query, as much as a small query itself. They
 * are laid over the instance's own table once instead, and the queries go
 * without. Every query on this instance then reads results as Prisma wants
 * them (dates and numerics as text, int8 as text); only the adapter and the
 * benchmark's loader (which reads names and counts) query it directly.
 */
function withParsersMergedOnce(db: PGlite): PGlite {
  let merged: QueryOptions['parsers'];
  const strip = (options: QueryOptions | undefined): QueryOptions | undefined => {
    if (!options?.parsers) return options;
    if (options.parsers !== merged) {
      Object.assign(db.parsers, options.parsers);
      merged = options.parsers;
    }
    const { parsers: _, ...rest } = options;
    return rest;
  };
  const inTransaction = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get: (target, property) =>
        property === 'query' ? (sql: string, params?: unknown[], options?: QueryOptions) => target.query(sql, params, strip(options)) : Reflect.get(target, property),
    });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'query') return (sql: string, params?: unknown[], options?: QueryOptions) => target.query(sql, params, strip(options));
      if (property === 'transaction') return <T>(callback: (tx: Transaction) => Promise<T>) => target.transaction((tx) => callback(inTransaction(tx)));
      const value: unknown = Reflect.get(target, property, target);
      // PGlite keeps its state in private fields: its methods must run on the instance itself.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets the event loop run (I/O, timers) before each statement. */
function yieldingQueries<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    await turn();
    return queryRaw(query);
  };
  queryable.executeRaw = async (query) => {
    await turn();
    return executeRaw(query);
  };
  return queryable;
}
