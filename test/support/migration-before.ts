import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { expect } from 'vitest';
import { openEmbedded } from '../../src/db/embedded.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';

/**
 * An in-memory database with every migration before `name` applied, and the
 * SQL of `name` itself: a test writes rows as they were before it, applies it
 * and checks what it made of them.
 */
export async function databaseBefore(name: string): Promise<{ db: PGlite; migration: string }> {
  const db = await openEmbedded();
  const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  expect(names).toContain(name);
  for (const earlier of names.filter((n) => n < name)) await db.exec(await readFile(path.join(MIGRATIONS_DIR, earlier, 'migration.sql'), 'utf8'));
  return { db, migration: await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8') };
}
