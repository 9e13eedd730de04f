import fc from 'fast-check';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlSql, globalIdSql } from '../../src/db/sql-ids.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { toGlobalId } from '../../src/ids.js';

/**
 * Public IDs written by PostgreSQL (a verdict's event is written in the
 * same statement as the verdict) must be the ones ids.ts writes, checked on
 * the embedded PostgreSQL over generated values.
 */
let pglite: PGlite;
beforeAll(async () => {
  pglite = await openEmbedded();
});
afterAll(() => pglite?.close());

const one = async (sql: string, params: unknown[]) => (await pglite.query<{ v: string }>(sql, params)).rows[0]!.v;

describe('IDs written in SQL', () => {
  it('writes global IDs as toGlobalId', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid({ version: 7 }), fc.constantFrom('Statement', 'Speaker', 'Source', 'Appearance', 'Verdict', 'StatementLink' as const), async (id, type) => {
        expect(await one(`SELECT ${globalIdSql(type, '$1::uuid')} AS v`, [id])).toBe(toGlobalId(type, id));
      }),
      { numRuns: 60 },
    );
  });

  it("writes base64url as Buffer does, at any length (PostgreSQL's base64 breaks lines past 57 bytes)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200, size: 'max' }), async (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        expect(await one(`SELECT ${base64urlSql("decode($1, 'hex')")} AS v`, [hex])).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 100 },
    );
  });
});
