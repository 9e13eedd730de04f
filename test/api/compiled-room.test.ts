import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadCompiler } from '../../src/graphql/compiled/compiler.js';
import { CostInFlight } from '../../src/response-budget.js';
import { getSchema } from '../../src/schema.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A compiled read and the room in flight (GRAPHQL_MAX_COST_IN_FLIGHT): one
 * that does not fit waits for room as the resolvers would, and is then
 * still answered by its one statement. It used to hand the request to the
 * resolvers at once, so under a burst of page reads most were served at
 * several times the work, which made the burst last.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({});
});
afterAll(() => server.close());

const QUERY = '{ statements(first: 3) { edges { node { id text } } } }';

function compilerWith(inFlight: CostInFlight, maxWaitMs: number): ReadCompiler {
  return new ReadCompiler({ db: server.db, limits: server.config.graphql, maxResponseBytes: 1_000_000, inFlight, maxWaitMs });
}

describe('compiled reads and the room in flight', () => {
  it('waits for room held by others, then answers compiled, admitted only once it has room', async () => {
    const inFlight = new CostInFlight(1000);
    expect(await inFlight.acquire(1000, 0)).toBe(true);
    const compiler = compilerWith(inFlight, 5000);
    let admittedAt = 0;
    const releasedAt = Date.now() + 80;
    setTimeout(() => inFlight.release(1000), 80);
    const outcome = await compiler.answer(await getSchema(), parse(QUERY), null, 'room-1', {}, 900, () => {
      admittedAt = Date.now();
    });
    expect('data' in outcome).toBe(true);
    expect(admittedAt).toBeGreaterThanOrEqual(releasedAt - 5);
    // Its own room is given back: the whole room is free again.
    expect(await inFlight.acquire(1000, 0)).toBe(true);
  });

  it('leaves the request to the resolvers, saying it already waited, when no room comes in time', async () => {
    const inFlight = new CostInFlight(1000);
    expect(await inFlight.acquire(1000, 0)).toBe(true);
    const compiler = compilerWith(inFlight, 30);
    let admitted = false;
    const outcome = await compiler.answer(await getSchema(), parse(QUERY), null, 'room-2', {}, 900, () => {
      admitted = true;
    });
    expect(outcome).toEqual({ fallback: 'no room in flight', waited: true });
    expect(admitted).toBe(false);
  });
});
