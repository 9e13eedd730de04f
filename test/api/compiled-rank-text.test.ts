import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRowsText } from '../../src/db/client.js';
import { rankWritable } from '../../src/graphql/compiled/sql.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A compiled relevance cursor holds the rank as PostgreSQL writes it, where
 * the resolvers' cursor holds it as JSON.stringify writes it. rankWritable
 * says where the two agree; wherever it says so, on this database, they
 * must.
 */
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

describe('rank text in compiled cursors', () => {
  it('writes every rank it calls writable as JSON.stringify does, and calls ranks as they are stored (rounded to 1e-9) near 1 writable', async () => {
    const edges = [0, 1e-4, 9.99e-5, 5e-5, 1e-6, 1e-7, 5e-9, 0.1, 0.123456789, 1, 1.5, 2 / 3, 1e14, 1e15 - 1, 1e15, 1e16, 1e21, 123456.789];
    const rounded = fc.sample(fc.double({ min: 0, max: 50, noNaN: true }), { numRuns: 300, seed: 42 }).map((x) => Math.round(x * 1e9) / 1e9);
    const wide = fc.sample(fc.double({ min: 0, max: 1e25, noNaN: true }), { numRuns: 200, seed: 7 });
    const values = [...edges, ...rounded, ...wide].filter((x) => !Object.is(x, -0));
    const rows = await readRowsText<{ v: number; t: string; ok: boolean }>(
      api.db,
      `SELECT v, v::text AS t, ${rankWritable('v')} AS ok FROM unnest($1::float8[]) AS u(v)`,
      [values],
    );
    expect(rows).toHaveLength(values.length);
    const disagree = rows.filter((row) => row.ok && row.t !== JSON.stringify(row.v));
    expect(disagree).toEqual([]);
    // Below 1e-4 and from 1e15 on, the two differ (e.g. 5e-05 against 0.00005): those are the ones refused.
    const refused = rows.filter((row) => !row.ok).map((row) => row.v);
    expect(refused).toEqual(expect.arrayContaining([5e-5, 1e-6, 1e-7, 5e-9, 1e15, 1e16, 1e21]));
    const near = rows.slice(edges.length, edges.length + rounded.length).filter((row) => row.v >= 1e-4);
    expect(near.every((row) => row.ok)).toBe(true);
  });
});
