import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

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
  await mkdir(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  try {
    const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
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

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. ` +
        'Stop it first: only one process at a time may open the embedded database.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * One process at a time: PGlite keeps the database in memory and writes it
 * back to these files, so a second process (another `npm start`, a command
 * line tool) opening them at once would corrupt them. A lock left behind by
 * a process that no longer exists is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, 'factcheck.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(await readFile(lockPath, 'utf8').catch(() => ''));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new DataDirInUseError(dataDir, pid);
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
    const adapter = yieldingQueries(await new PrismaPGlite(db).connect());
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
