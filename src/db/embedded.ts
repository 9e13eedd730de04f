import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/**
 * The embedded PostgreSQL: PostgreSQL compiled to WebAssembly (PGlite),
 * running inside the service's own process. It has a single session, so
 * statements and transactions take turns; PGlite's own lock orders them,
 * which is why the service talks to it in-process rather than through a
 * socket, where the messages of concurrent connections could interleave.
 */
export async function openEmbedded(dataDir?: string): Promise<PGlite> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir ?? 'memory://', { extensions: { pg_trgm } });
}

/**
 * Prisma's adapter for PGlite, for queries and for the schema engine. Its
 * executeScript neither waits for the script nor reports its errors, so a
 * migration could be recorded as applied while it failed: run scripts here.
 * The shadow database (for `migrate:create`) is a scratch in-memory PGlite
 * with the same extensions.
 */
export function pgliteAdapterFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const connect = async (db: PGlite): Promise<SqlDriverAdapter> => {
    const adapter = await new PrismaPGlite(db).connect();
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
