import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { createStatement } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const SECRET = 'hunter2-do-not-leak';

describe('errors that come from the request', () => {
  it('answers malformed JSON with a small JSON error, not an HTML stack trace', async () => {
    const res = await api.http.post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body).toEqual({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const res = await api.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('reports syntax errors, unknown fields and badly typed variables with GraphQL codes and no stack', async () => {
    const syntax = await api.http.post('/graphql').send({ query: '{ statements { ' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });

    const unknown = await api.http.post('/graphql').send({ query: '{ statements { edges { node { nonsense } } } }' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });

    const typed = await api.http.post('/graphql').send({ query: 'query($n: Int) { statements(first: $n) { totalCount } }', variables: { n: 'ten' } });
    expect(typed.status).toBe(400);
    expect(typed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const date = await api.http.post('/graphql').send({
      query: 'query($d: DateTime) { statements(filter: { statedAfter: $d }) { totalCount } }',
      variables: { d: 'last tuesday' },
    });
    expect(date.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('bounds page sizes', async () => {
    const error = await api.fails('{ statements(first: 99999999) { totalCount } }');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', maxPageSize: 100 });
  });

  it('keeps CSRF prevention on: a simple cross-site GET or form POST is refused', async () => {
    const get = await api.http.get('/graphql').query({ query: '{ __typename }' });
    expect(get.status).toBe(400);
    const form = await api.http.post('/graphql').set('content-type', 'text/plain').send('{"query":"{ __typename }"}');
    expect(form.status).toBe(400);
    const preflighted = await api.http.get('/graphql').set('apollo-require-preflight', 'true').query({ query: '{ __typename }' });
    expect(preflighted.status).toBe(200);
    expect(preflighted.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('does not run mutations over GET', async () => {
    const res = await api.http
      .get('/graphql')
      .set('apollo-require-preflight', 'true')
      .query({ query: 'mutation { createSpeaker(input: { name: "X", kind: PERSON }) { id } }' });
    expect(res.status).toBe(405);
  });
});

describe('errors that come from the server', () => {
  it('masks unexpected errors: no message, stack, SQL or connection string reaches the client', async () => {
    // A database whose SQL queries fail with an error full of internals.
    const broken = new Proxy(api.db, {
      get(target, prop, receiver) {
        if (prop === '$queryRaw' || prop === '$queryRawUnsafe') {
          return () => Promise.reject(new Error(`relation "statement" failed at postgres://admin:${SECRET}@db.internal:5432/prod`));
        }
        return Reflect.get(target, prop, receiver);
      },
    }) as Db;
    const reported: unknown[] = [];
    const { app, stop } = await createApp({ config: parseConfig({ NODE_ENV: 'development' }), db: broken, reportError: (e) => reported.push(e) });
    try {
      const statement = await createStatement(api);
      const res = await supertest(app).post('/graphql').send({ query: `{ statement(id: "${statement.id}") { id } }` });
      expect(res.body.errors).toEqual([
        { message: 'Internal server error', locations: [{ line: 1, column: 3 }], path: ['statement'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
      expect(reported).toHaveLength(1);
    } finally {
      await stop();
    }
  });

  it('says SERVICE_UNAVAILABLE, quickly, when the database cannot be reached', async () => {
    const unreachable = createDb({ kind: 'server', url: `postgres://factcheck:${SECRET}@127.0.0.1:9/factcheck` }, { ...api.config.db, connectionTimeoutMs: 1000 });
    const { app, stop } = await createApp({ config: api.config, db: unreachable, reportError: () => {} });
    try {
      const started = Date.now();
      const res = await supertest(app).post('/graphql').send({ query: '{ statements { totalCount } }' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.body.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
      expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');

      const ready = await supertest(app).get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable' });
    } finally {
      await stop();
      await unreachable.$disconnect();
    }
  });
});

describe('health', () => {
  it('answers /health and /ready', async () => {
    expect((await api.http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await api.http.get('/ready')).body).toEqual({ status: 'ready' });
  });
});
