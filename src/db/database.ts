import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { Config } from '../config.js';
import { createDb, type DatabaseTarget, type Db, type DbOptions } from './client.js';
import { openEmbedded, pgliteAdapterFactory } from './embedded.js';
import { applyMigrations } from './migrations.js';

export interface Database {
  readonly target: DatabaseTarget;
  readonly db: Db;
  /** Migrations applied by this start (empty when the schema was current). */
  readonly appliedMigrations: string[];
  close(): Promise<void>;
}

/** Applies pending migrations and returns the names applied now. */
export async function migrate(target: DatabaseTarget): Promise<string[]> {
  if (target.kind === 'embedded') return applyMigrations(pgliteAdapterFactory(target.pglite));
  const opened: SqlDriverAdapter[] = [];
  try {
    return await applyMigrations(migrationAdapterFactory(target.url, opened));
  } finally {
    // The engine does not dispose what it connected; idle connections left
    // behind would hold the process open and error out when the server goes.
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

/**
 * node-postgres under the schema engine, except for whole migration scripts:
 * the Prisma adapter splits scripts on every ";" (breaking function bodies),
 * while PostgreSQL's simple query protocol runs a multi-statement script as
 * it stands, as the native engine does.
 */
function migrationAdapterFactory(url: string, opened: SqlDriverAdapter[]): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg({ connectionString: url, max: 1 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      const scripts = new pg.Client({ connectionString: url });
      let connected: Promise<unknown> | undefined;
      const dispose = adapter.dispose.bind(adapter);
      adapter.executeScript = async (script: string) => {
        connected ??= scripts.connect();
        await connected;
        await scripts.query(script);
      };
      let disposed = false;
      adapter.dispose = async () => {
        if (disposed) return;
        disposed = true;
        if (connected) await scripts.end();
        await dispose();
      };
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb(): Promise<SqlDriverAdapter> {
      return Promise.reject(new Error('applying migrations needs no shadow database'));
    },
  };
}

/** Where the embedded database lives inside DATA_DIR. */
export function embeddedDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/**
 * Connects to DATABASE_URL when set, otherwise opens the embedded PostgreSQL
 * with its files in DATA_DIR; either way brings the schema up to date.
 */
export async function openDatabase(config: Config, options: DbOptions = {}): Promise<Database> {
  if (config.databaseUrl === undefined) {
    // The service's own directory: its owner's alone, as the database inside it (see openEmbedded).
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    await chmod(config.dataDir, 0o700);
  }
  const pglite = config.databaseUrl === undefined ? await openEmbedded(embeddedDir(config.dataDir)) : undefined;
  const target: DatabaseTarget = pglite ? { kind: 'embedded', pglite } : { kind: 'server', url: config.databaseUrl as string };
  try {
    const appliedMigrations = await migrate(target);
    const db = createDb(target, config.db, options);
    return {
      target,
      db,
      appliedMigrations,
      async close() {
        await db.$disconnect();
        await pglite?.close();
      },
    };
  } catch (error) {
    await pglite?.close();
    throw error;
  }
}
