import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBefore } from './support/migration-before.js';

/**
 * The migration that pins verdicts to the words they judged backfills rows
 * written before it: a verdict whose statement was rewritten afterwards must
 * get the words it judged (from the audit trail), not the rewrite.
 */
const MIGRATION = '20261201102730_verdict_judged_words';

let db: PGlite;
let migration: string;
beforeAll(async () => {
  ({ db, migration } = await databaseBefore(MIGRATION));
});
afterAll(() => db.close());

const SPEAKER = '01900000-0000-7000-8000-000000000001';
const STATEMENT = '01900000-0000-7000-8000-000000000002';
const UNTOUCHED = '01900000-0000-7000-8000-000000000003';
const VERDICT = '01900000-0000-7000-8000-000000000004';
const LATER = '01900000-0000-7000-8000-000000000005';
const KEY = '01900000-0000-7000-8000-000000000006';
const LINK = '01900000-0000-7000-8000-000000000007';
const ORPHAN_LINK = '01900000-0000-7000-8000-000000000008';

describe(`${MIGRATION} on a database rewritten before it`, () => {
  it('pins each verdict to the words it judged and each link to its maker’s role', async () => {
    await db.exec(`
      INSERT INTO speaker (id, name, kind, updated_at) VALUES ('${SPEAKER}', 'Governor', 'PERSON', now());
      INSERT INTO api_key (id, name, role, key_hash, key_prefix) VALUES ('${KEY}', 'desk', 'FACT_CHECKER', '${'a'.repeat(64)}', 'fc_');
      -- Judged FALSE at version 1, then rewritten (version 2 -> 3) by a contributor.
      INSERT INTO statement (id, text, quote, speaker_id, status, version, updated_at)
        VALUES ('${STATEMENT}', 'The dam is safe and operating normally.', NULL, '${SPEAKER}', 'FALSE', 3, now());
      INSERT INTO statement (id, text, speaker_id, status, version, updated_at) VALUES ('${UNTOUCHED}', 'Untouched claim.', '${SPEAKER}', 'TRUE', 2, now());
      INSERT INTO verdict (id, statement_id, status, rationale, reviewer) VALUES ('${VERDICT}', '${STATEMENT}', 'FALSE', 'No.', 'desk');
      INSERT INTO verdict (id, statement_id, status, rationale, reviewer) VALUES ('${LATER}', '${UNTOUCHED}', 'TRUE', 'Yes.', 'desk');
      INSERT INTO audit_entry (id, key_name, key_role, operation, entity_type, entity_id, before) VALUES
        ('01900000-0000-7000-8000-0000000000a1', 'desk', 'FACT_CHECKER', 'setVerdict', 'Verdict', '${VERDICT}',
          '{"statementId": "${STATEMENT}", "status": "UNVERIFIED", "version": 1}'),
        ('01900000-0000-7000-8000-0000000000a2', 'c', 'CONTRIBUTOR', 'updateStatement', 'Statement', '${STATEMENT}',
          '{"text": "The dam has cracked.", "quote": "It cracked.", "speakerId": "${SPEAKER}", "version": 2}'),
        ('01900000-0000-7000-8000-0000000000a3', 'desk', 'FACT_CHECKER', 'linkStatements', 'StatementLink', '${LINK}', NULL);
      INSERT INTO statement_link (id, from_id, to_id, kind, created_by_id) VALUES
        ('${LINK}', '${UNTOUCHED}', '${STATEMENT}', 'REBUTS', '${KEY}'),
        ('${ORPHAN_LINK}', '${STATEMENT}', '${UNTOUCHED}', 'SUPPORTS', NULL);
    `);
    await db.exec(migration);

    const verdicts = await db.query<Record<string, unknown>>(
      'SELECT id, statement_version, judged_text, judged_quote, judged_speaker_name, reopened_by_edit FROM verdict ORDER BY id',
    );
    expect(verdicts.rows).toEqual([
      { id: VERDICT, statement_version: 1, judged_text: 'The dam has cracked.', judged_quote: 'It cracked.', judged_speaker_name: 'Governor', reopened_by_edit: false },
      { id: LATER, statement_version: 2, judged_text: 'Untouched claim.', judged_quote: null, judged_speaker_name: 'Governor', reopened_by_edit: false },
    ]);
    const links = await db.query<Record<string, unknown>>('SELECT id, created_by_role FROM statement_link ORDER BY id');
    expect(links.rows).toEqual([
      { id: LINK, created_by_role: 'FACT_CHECKER' },
      { id: ORPHAN_LINK, created_by_role: 'ADMIN' },
    ]);
    // The backfill lifted the append-only rule only for itself.
    await expect(db.exec(`UPDATE verdict SET judged_text = 'other' WHERE id = '${VERDICT}'`)).rejects.toThrow();
  });
});
