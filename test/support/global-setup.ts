import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';

/**
 * One database for the whole run, migrated once:
 * - TEST_DATABASE_URL set: a scratch database created on that server and
 *   dropped afterwards, so a real server's existing data is never touched;
 * - otherwise an in-memory embedded PostgreSQL.
 * Tests make their own data and never assume an empty database.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'server';
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    await migrate(embedded.url);
    project.provide('databaseUrl', embedded.url);
    project.provide('databaseKind', 'embedded');
    return () => embedded.stop();
  }

  const name = `factcheck_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  project.provide('databaseUrl', url.toString());
  project.provide('databaseKind', 'server');
  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  };
}
