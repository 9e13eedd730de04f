import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/database.js';
import { MIGRATIONS_DIR } from '../src/paths.js';
import { startTestServer, type TestServer } from './support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

async function rows<T>(sql: string): Promise<T[]> {
  return api.db.$queryRawUnsafe<T[]>(sql);
}

describe('migrations', () => {
  it('applies nothing twice', async () => {
    expect(await migrate(api.target)).toEqual([]);
  });

  it("records each migration as Prisma's own engine does, so `prisma migrate deploy` agrees", async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const applied = await rows<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(applied.map((r) => r.migration_name)).toEqual(names);
    for (const row of applied) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it('creates what the schema file cannot express: trigram and full-text indexes, checks, append-only triggers', async () => {
    const indexes = await rows<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
    expect(indexes.map((r) => r.indexname)).toEqual(
      expect.arrayContaining(['statement_fts_idx', 'search_word_trgm_idx', 'speaker_name_trgm_idx']),
    );
    const checks = await rows<{ conname: string }>("SELECT conname FROM pg_constraint WHERE contype = 'c'");
    expect(checks.map((r) => r.conname)).toEqual(
      expect.arrayContaining(['statement_link_not_self', 'verdict_rationale_required', 'statement_text_not_blank']),
    );
    const triggers = await rows<{ tgname: string }>('SELECT tgname FROM pg_trigger WHERE NOT tgisinternal');
    expect(triggers.map((r) => r.tgname)).toEqual(expect.arrayContaining(['verdict_append_only', 'evidence_append_only']));
  });
});
