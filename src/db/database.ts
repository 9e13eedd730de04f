import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { Config } from '../config.js';
import { createDb, type Db, type DbOptions } from './client.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
import { applyMigrations } from './migrations.js';

export interface Database {
  readonly url: string;
  readonly db: Db;
  readonly embedded: boolean;
  /** Migrations applied by this start (empty when the schema was current). */
  readonly appliedMigrations: string[];
  close(): Promise<void>;
}

/** Applies pending migrations to the database at `url`. */
export async function migrate(url: string): Promise<string[]> {
  const opened: SqlDriverAdapter[] = [];
  try {
    return await applyMigrations(migrationAdapterFactory(url, opened));
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

/**
 * Connects to DATABASE_URL when set, otherwise starts the embedded PostgreSQL
 * with its files in DATA_DIR; either way brings the schema up to date.
 */
export async function openDatabase(config: Config, options: DbOptions = {}): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (url === undefined) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pglite') });
    url = embedded.url;
  }
  try {
    const appliedMigrations = await migrate(url);
    const db = createDb(url, config.db, options);
    return {
      url,
      db,
      embedded: embedded !== undefined,
      appliedMigrations,
      async close() {
        await db.$disconnect();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
