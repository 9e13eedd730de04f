import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The attacks a public GraphQL endpoint meets. Each must be refused with a
 * 4xx answer and a small error body, quickly, without reaching the database.
 */
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

interface Outcome {
  status: number;
  body: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown };
  bytes: number;
  sql: number;
}

async function send(payload: unknown, contentType = 'application/json'): Promise<Outcome> {
  api.queries.length = 0;
  const res = await api.http
    .post('/graphql')
    .set('content-type', contentType)
    .send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return { status: res.status, body: res.body, bytes: Buffer.byteLength(res.text ?? ''), sql: api.queries.length };
}

function refused(outcome: Outcome, code: string | RegExp): void {
  expect(outcome.status).toBeGreaterThanOrEqual(400);
  expect(outcome.status).toBeLessThan(500);
  expect(outcome.bytes).toBeLessThan(4096);
  expect(outcome.sql).toBe(0);
  expect(outcome.body.errors?.[0]?.extensions?.code).toMatch(code);
  expect(outcome.body.data ?? null).toBeNull();
}

const nested = (depth: number) => `{ statements(first: 1) { edges { node { id ${'rebuttals { '.repeat(depth)}id${' }'.repeat(depth)} } } } }`;

describe('hostile queries', () => {
  it('refuses depth 50', async () => {
    const outcome = await send({ query: nested(50) });
    refused(outcome, 'GRAPHQL_VALIDATION_FAILED');
    expect(outcome.body.errors![0]!.extensions).toMatchObject({ maxDepth: api.config.graphql.limits.maxDepth });
  });

  it('refuses 1,000 aliases of one field', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ');
    const outcome = await send({ query: `{ ${aliases} }` });
    refused(outcome, 'GRAPHQL_VALIDATION_FAILED');
    expect(outcome.body.errors![0]!.extensions).toMatchObject({ maxAliases: api.config.graphql.limits.maxAliases });
  });

  it('refuses a fan-out that would return megabytes', async () => {
    const query = `{ statements(first: 100) { edges { node { text speaker { statements(first: 100) { edges { node { text appearances { url wording } } } } } } } } }`;
    const outcome = await send({ query });
    refused(outcome, 'QUERY_TOO_COMPLEX');
    expect(outcome.body.errors![0]!.extensions).toMatchObject({ maxCost: api.config.graphql.limits.maxCost });
  });

  it('counts page sizes given in variables', async () => {
    const query = `query($n: Int) { statements(first: $n) { edges { node { speaker { statements(first: $n) { edges { node { text appearances { url } } } } } } } } }`;
    refused(await send({ query, variables: { n: 100 } }), 'QUERY_TOO_COMPLEX');
    const small = await send({ query, variables: { n: 2 } });
    expect(small.status).toBe(200);
  });

  it('re-counts a known document when its page sizes change: a small page first does not let a huge one through', async () => {
    const query = `query($n: Int, $words: String) { statements(first: $n, filter: { search: $words }) { edges { node { speaker { statements(first: $n) { edges { node { text appearances { url } } } } } } } } }`;
    expect((await send({ query, variables: { n: 2, words: 'talks' } })).status).toBe(200);
    refused(await send({ query, variables: { n: 100, words: 'talks' } }), 'QUERY_TOO_COMPLEX');
    // A string never changes the cost, so another search reuses the count; a page size does.
    expect((await send({ query, variables: { n: 2, words: 'other words' } })).status).toBe(200);
    refused(await send({ query, variables: { n: 100, words: 'other words' } }), 'QUERY_TOO_COMPLEX');
    refused(await send({ query, variables: { n: 1000, words: 'talks' } }), /BAD_USER_INPUT|QUERY_TOO_COMPLEX/);
  });

  it('refuses 20,000 duplicated fields', async () => {
    refused(await send({ query: `{ sources { totalCount ${'totalCount '.repeat(20_000)}} }` }), 'GRAPHQL_PARSE_FAILED');
  });

  it('refuses deeply nested fragments', async () => {
    const fragments = Array.from({ length: 100 }, (_, i) =>
      i === 99 ? `fragment F${i} on Statement { id }` : `fragment F${i} on Statement { id rebuttals { ...F${i + 1} } }`,
    ).join('\n');
    refused(await send({ query: `{ statements(first: 1) { edges { node { ...F0 } } } }\n${fragments}` }), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses 100 x 50 nested fragment spreads quickly', async () => {
    const fragments = Array.from({ length: 100 }, (_, i) =>
      i === 99 ? `fragment F${i} on Statement { id }` : `fragment F${i} on Statement { ${Array.from({ length: 50 }, () => `...F${i + 1}`).join(' ')} }`,
    ).join('\n');
    const started = Date.now();
    const outcome = await send({ query: `{ statements(first: 1) { edges { node { ...F0 } } } }\n${fragments}` });
    expect(outcome.status).toBeGreaterThanOrEqual(400);
    expect(outcome.status).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses circular fragments', async () => {
    const query = `{ statements(first: 1) { edges { node { ...A } } } } fragment A on Statement { rebuttals { ...B } } fragment B on Statement { rebuts { ...A } }`;
    refused(await send({ query }), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses 5,000 directives', async () => {
    refused(await send({ query: `{ sources { totalCount ${'@include(if: true) '.repeat(5000)}} }` }), 'GRAPHQL_PARSE_FAILED');
    const fields = Array.from({ length: 60 }, (_, i) => `f${i % 20}: __typename @include(if: true)`).join(' ');
    const outcome = await send({ query: `{ ${fields} }` });
    refused(outcome, 'GRAPHQL_VALIDATION_FAILED');
    expect(outcome.body.errors!.some((e) => e.extensions?.maxDirectives === api.config.graphql.limits.maxDirectives)).toBe(true);
  });

  it('refuses a 5 MB string variable', async () => {
    const outcome = await send({ query: 'query($s: String) { speakers(search: $s) { totalCount } }', variables: { s: 'x'.repeat(5_000_000) } });
    expect(outcome.status).toBe(413);
    expect(outcome.bytes).toBeLessThan(4096);
    expect(outcome.sql).toBe(0);
  });

  it('refuses a 500 KB query document', async () => {
    refused(await send({ query: `{ sources { totalCount } } # ${'x'.repeat(500_000)}\n${'{ __typename }'.repeat(1)}` }), /GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED/);
    refused(await send({ query: `{ ${'__typename '.repeat(60_000)}}` }), 'GRAPHQL_PARSE_FAILED');
  });

  it('refuses a JSON array of 100 operations (batching is off)', async () => {
    const outcome = await send(Array.from({ length: 100 }, () => ({ query: '{ sources { totalCount } }' })));
    expect(outcome.status).toBe(400);
    expect(outcome.bytes).toBeLessThan(4096);
    expect(outcome.sql).toBe(0);
  });

  it('refuses first: 99999999', async () => {
    const outcome = await send({ query: '{ statements(first: 99999999) { totalCount } }' });
    expect(outcome.body.errors?.[0]?.extensions?.code).toMatch(/QUERY_TOO_COMPLEX|BAD_USER_INPUT/);
    expect(outcome.sql).toBeLessThanOrEqual(1);
  });

  it('still answers ordinary queries, the playground introspection and the examples', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const introspection = await send({ query: getIntrospectionQuery() });
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.status).toBe(200);
    expect(introspection.body.errors).toBeUndefined();
    const page = await send({
      query: `{ statements(first: 100) { totalCount edges { cursor node { text speaker { name } appearances { url source { name } } rebuttals { text speaker { name } } verdict { status evidence { url } } } } } }`,
    });
    expect(page.body.errors).toBeUndefined();
    expect(page.status).toBe(200);
    expect(page.body.errors).toBeUndefined();
  });
});

describe('in production', () => {
  it('masks field suggestions and follows the introspection flag', async () => {
    const prod = await startTestServer({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'false' });
    try {
      const typo = await prod.http.post('/graphql').send({ query: '{ statments { totalCount } }' });
      expect(typo.status).toBe(400);
      expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
      const schema = await prod.http.post('/graphql').send({ query: '{ __schema { queryType { name } } }' });
      expect(schema.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await prod.close();
    }
    const dev = await api.http.post('/graphql').send({ query: '{ statments { totalCount } }' });
    expect(dev.body.errors[0].message).toMatch(/Did you mean "statements"/);
  });
});
