import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served on a loopback TCP port
 * so the service talks to it exactly as it talks to a real server: same
 * driver, same SQL, same migrations. Queries are serialised inside PGlite,
 * which is fine for a newsroom's single instance and for tests.
 */
export interface EmbeddedPostgres {
  /** A postgres:// URL for the pg driver. */
  readonly url: string;
  readonly db: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A directory for the data files; undefined keeps everything in memory. */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
  maxConnections?: number;
}

export function createPGlite(dataDir?: string): Promise<PGlite> {
  return PGlite.create(dataDir ?? 'memory://', { extensions: { pg_trgm } });
}

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await createPGlite(options.dataDir);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    // The default of one connection would make every pooled connection but
    // the first fail with "too many connections".
    maxConnections: options.maxConnections ?? 32,
  });
  await server.start();
  const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  let stopped = false;
  return {
    url,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
