import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimReviews } from '../../bench/import-stall.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A legal import of 100 ClaimReviews with 50 new sources must not stall the
 * service: on the embedded database (one session, in this process) the
 * import once kept /health and every query waiting until it had finished.
 */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

describe('a 100-review import', () => {
  it('leaves /health and a GraphQL query answering before it finishes', { timeout: 300_000 }, async () => {
    let finished = false;
    const importing = api
      .gql(`mutation($d: [JSON!]!) { importClaimReviews(documents: $d) { created matched skipped } }`, { d: claimReviews(1) }, { key: api.keys.FACT_CHECKER })
      .finally(() => {
        finished = true;
      });
    // Reviews recorded so far: an answer counts once the import is under way.
    const recorded = () => api.queries.filter((sql) => sql.includes('INSERT INTO external_review')).length;
    // Each probe asks again until it is answered while the import is running.
    const answeredDuring = async (ask: () => Promise<unknown>) => {
      while (!finished) {
        await ask();
        if (!finished && recorded() > 0) return true;
      }
      return false;
    };
    const [health, query, imported] = await Promise.all([
      answeredDuring(async () => expect((await api.http.get('/health')).body).toEqual({ status: 'ok' })),
      answeredDuring(async () => expect((await api.ok('{ statements(first: 1) { totalCount } }')).statements.totalCount).toBeGreaterThan(-1)),
      importing,
    ]);
    expect(imported.data?.importClaimReviews).toEqual({ created: 100, matched: 0, skipped: 0 });
    expect(health).toBe(true);
    expect(query).toBe(true);
  });
});
