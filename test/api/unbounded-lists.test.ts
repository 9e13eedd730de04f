import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpeaker, createStatement, link } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A contributor makes statements that all rebut each other; an anonymous
 * query then walks rebuttals of rebuttals under several aliases. Before lists
 * were bounded, each unpaged list counted as 10 items in the cost analysis
 * but returned all of them: the walk visited n⁴ nodes per alias and took the
 * process out of memory.
 */
const CLIQUE = 14;

let api: TestServer;
let ids: string[];
let speakerId: string;
beforeAll(async () => {
  api = await startTestServer();
  const speaker = await createSpeaker(api);
  speakerId = speaker.id;
  ids = [];
  for (let i = 0; i < CLIQUE; i++) ids.push((await createStatement(api, { speakerId: speaker.id })).id);
  for (const from of ids) for (const to of ids) if (from !== to) await link(api, from, to, 'REBUTS');
}, 120_000);
afterAll(() => api.close());

async function anonymous(query: string, variables?: Record<string, unknown>) {
  const res = await api.http.post('/graphql').set('content-type', 'application/json').send({ query, variables });
  return { status: res.status, body: res.body, bytes: Buffer.byteLength(res.text ?? '') };
}

/** `rebuttals { id rebuttals { id ... text } }`, `depth` lists deep. */
const walkQuery = `query($id: ID!) { ${['a', 'b', 'c', 'd'].map((alias) => `${alias}: statement(id: $id) { ${'rebuttals { id '.repeat(4)}text${' }'.repeat(4)} }`).join(' ')} }`;
const walk = (depth: number, args = '') => `rebuttals${args} { id `.repeat(depth) + 'text' + ' }'.repeat(depth);

describe('unbounded lists', () => {
  it('refuses rebuttals of rebuttals four deep under four aliases before running it', async () => {
    api.queries.length = 0;
    const aliases = ['a', 'b', 'c', 'd'].map((alias) => `${alias}: statement(id: $id) { ${walk(4)} }`).join(' ');
    const outcome = await anonymous(`query($id: ID!) { ${aliases} }`, { id: ids[0] });
    expect(outcome.status).toBe(400);
    expect(outcome.bytes).toBeLessThan(4096);
    expect(outcome.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(api.queries).toHaveLength(0);
  });

  it('answers one such walk with at most 10 items a list', async () => {
    const outcome = await anonymous(`query($id: ID!) { statement(id: $id) { ${walk(4)} } }`, { id: ids[0] });
    expect(outcome.status).toBe(200);
    // 10 + 100 + 1,000 + 10,000 statements, not 13 + 169 + 2,197 + 28,561.
    const leaves = (node: { rebuttals?: unknown[] }): number =>
      node.rebuttals ? node.rebuttals.reduce<number>((sum, child) => sum + leaves(child as typeof node), 0) : 1;
    const root = outcome.body.data.statement;
    expect(root.rebuttals).toHaveLength(10);
    expect(leaves(root)).toBe(10 ** 4);
  });

  it('counts a nested list at the `first` it asks for, so asking for more costs more', async () => {
    const outcome = await anonymous(`query($id: ID!) { statement(id: $id) { ${walk(3, '(first: 100)')} } }`, { id: ids[0] });
    expect(outcome.status).toBe(400);
    expect(outcome.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(outcome.body.errors[0].extensions.cost).toBeGreaterThan(1_000_000);
  });

  it('returns at most `first` items of every nested list, 10 when omitted, and the counts', async () => {
    const outcome = await anonymous(
      `query($id: ID!) { statement(id: $id) {
        rebuttalCount rebuttals { id } all: rebuttals(first: 100) { id } none: rebuttals(first: 0) { id }
        rebuts { id } links { id } outgoing: links(direction: OUTGOING, first: 3) { id }
      } }`,
      { id: ids[0] },
    );
    expect(outcome.status).toBe(200);
    const statement = outcome.body.data.statement;
    expect(statement.rebuttalCount).toBe(CLIQUE - 1);
    expect(statement.rebuttals).toHaveLength(10);
    expect(statement.all).toHaveLength(CLIQUE - 1);
    expect(statement.none).toHaveLength(0);
    expect(statement.rebuts).toHaveLength(10);
    expect(statement.links).toHaveLength(10);
    expect(statement.outgoing).toHaveLength(3);
    // The first ten are the first ten of the whole list, in its order.
    expect(statement.rebuttals).toEqual(statement.all.slice(0, 10));
  });

  it('refuses `first` above the maximum page size on a nested list, before anything runs', async () => {
    api.queries.length = 0;
    const outcome = await anonymous(`query($id: ID!) { statement(id: $id) { rebuttals(first: 1000) { id } } }`, { id: ids[0] });
    expect(outcome.status).toBe(400);
    expect(outcome.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(api.queries).toHaveLength(0);
  });

  it('serves the same bounded answer through a statement list (the preloaded path) as through one statement', async () => {
    const selection = `id rebuttalCount rebuttals(first: 5) { id } appearances { id } sources { id } verdicts { id } links(first: 4) { id }`;
    const one = await anonymous(`query($id: ID!) { statement(id: $id) { ${selection} } }`, { id: ids[3] });
    const list = await anonymous(`query($speaker: ID!) { statements(first: 100, filter: { speakerId: $speaker }) { edges { node { ${selection} } } } }`, { speaker: speakerId });
    const inList = list.body.data.statements.edges.map((edge: { node: { id: string } }) => edge.node).find((node: { id: string }) => node.id === ids[3]);
    expect(inList).toEqual(one.body.data.statement);
    expect(inList.rebuttals).toHaveLength(5);
    expect(inList.links).toHaveLength(4);
  });
});

describe('response budget', () => {
  let small: TestServer;
  let bigSpeaker: string;
  beforeAll(async () => {
    small = await startTestServer({ GRAPHQL_MAX_RESPONSE_BYTES: '4096' });
    const speaker = await createSpeaker(small);
    bigSpeaker = speaker.id;
    for (let i = 0; i < 8; i++) await createStatement(small, { speakerId: speaker.id, text: `A long claim ${'word '.repeat(150)}${i}` });
  }, 60_000);
  afterAll(() => small.close());

  it('ends an answer that outgrows the size budget with one clear error instead of sending it', async () => {
    const res = await small.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({
        query: 'query($s: ID!) { statements(first: 8, filter: { speakerId: $s }) { edges { node { text speaker { name } } } } }',
        variables: { s: bigSpeaker },
      });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toEqual({ code: 'RESPONSE_TOO_LARGE', maxBytes: 4096 });
    expect(Buffer.byteLength(res.text)).toBeLessThan(1024);
    expect(small.reported).toEqual([]);
  });

  it('answers a small query in full under the same budget', async () => {
    const data = await small.ok('{ statements(first: 2) { edges { node { id } } } }');
    expect(data.statements.edges).toHaveLength(2);
  });
});

describe('cost in flight', () => {
  let tight: TestServer;
  beforeAll(async () => {
    tight = await startTestServer({ GRAPHQL_MAX_COST_IN_FLIGHT: '1000', GRAPHQL_MAX_QUEUE_MS: '300' });
  });
  afterAll(() => tight.close());

  // About 900 by the estimate, far over the 2% that is let through at once.
  const large = '{ statements(first: 30) { edges { node { id text rebuttals { id } } } } }';

  it('gives back the room of operations refused before they run, or that fail', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await tight.gql(walkQuery, { id: 'x' })).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect((await tight.gql('{ statements(first: -1) { totalCount } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((await tight.gql('query($id: ID!) { statement(id: $id) { id rebuttals { id } } }', { id: 'nope' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const data = await tight.ok(large);
    expect(data.statements.edges.length).toBeGreaterThanOrEqual(0);
  });

  it('lets a large operation wait for room, then refuses it with SERVICE_UNAVAILABLE and Retry-After', async () => {
    const send = () => tight.http.post('/graphql').set('content-type', 'application/json').send({ query: large });
    const replies = await Promise.all(Array.from({ length: 6 }, send));
    for (const reply of replies) {
      if (reply.status === 200) expect(reply.body.errors).toBeUndefined();
      else {
        expect(reply.status).toBe(503);
        expect(reply.headers['retry-after']).toBe('1');
        expect(reply.body).toEqual({ data: null, errors: [{ message: expect.stringMatching(/busy/), extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      }
    }
    expect(replies.some((reply) => reply.status === 200)).toBe(true);
    // Room is given back: once they are done, the next one runs.
    expect((await send()).status).toBe(200);
    expect(tight.reported).toEqual([]);
  });
});
