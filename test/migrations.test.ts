import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { migrate } from '../src/db/database.js';
import { MIGRATIONS_DIR } from '../src/paths.js';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
});
afterAll(() => client.end());

describe('migrations', () => {
  it('applies nothing twice', async () => {
    expect(await migrate(inject('databaseUrl'))).toEqual([]);
  });

  it("records each migration as Prisma's own engine does, so `prisma migrate deploy` agrees", async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it('creates what the schema file cannot express: trigram and full-text indexes, checks, append-only triggers', async () => {
    const { rows: indexes } = await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
    expect(indexes.map((r) => r.indexname)).toEqual(
      expect.arrayContaining(['statement_fts_idx', 'statement_text_trgm_idx', 'statement_quote_trgm_idx', 'speaker_name_trgm_idx']),
    );
    const { rows: checks } = await client.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE contype = 'c'");
    expect(checks.map((r) => r.conname)).toEqual(
      expect.arrayContaining(['statement_link_not_self', 'verdict_rationale_required', 'statement_text_not_blank']),
    );
    const { rows: triggers } = await client.query<{ tgname: string }>('SELECT tgname FROM pg_trigger WHERE NOT tgisinternal');
    expect(triggers.map((r) => r.tgname)).toEqual(expect.arrayContaining(['verdict_append_only', 'evidence_append_only']));
  });
});
