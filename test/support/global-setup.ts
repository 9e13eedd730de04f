import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/database.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { createScratchDatabase } from '../../src/db/scratch.js';

/**
 * With TEST_DATABASE_URL, one scratch database on that server for the whole
 * run, created and migrated here and dropped afterwards, so a real server's
 * existing data is never touched. Without it, each test file opens its own
 * in-memory embedded PostgreSQL (it lives inside one process, as in
 * production), loaded from a snapshot of one migrated here: creating a
 * cluster takes PGlite ~3 s, loading one ~0.7 s. Either way tests make their
 * own data and never assume an empty database.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The scratch database on TEST_DATABASE_URL's server; empty for embedded runs. */
    databaseUrl: string;
    /** For embedded runs: a file holding a freshly migrated embedded database (PGlite's dumpDataDir). */
    embeddedSnapshot: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (!serverUrl) {
    project.provide('databaseUrl', '');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'factcheck-test-'));
    const snapshot = path.join(dir, 'migrated.tar');
    const pglite = await openEmbedded();
    try {
      await migrate({ kind: 'embedded', pglite });
      writeFileSync(snapshot, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    } finally {
      await pglite.close();
    }
    project.provide('embeddedSnapshot', snapshot);
    return async () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide('embeddedSnapshot', '');

  const scratch = await createScratchDatabase(serverUrl, 'factcheck_test');
  await migrate({ kind: 'server', url: scratch.url });
  project.provide('databaseUrl', scratch.url);
  return scratch.drop;
}
