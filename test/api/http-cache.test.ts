import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatement, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** A GET as Apollo Client sends one (persisted or not): the document in the URL, a header that passes CSRF prevention. */
function get(api: TestServer, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) });
  const request = api.http.get(`/graphql?${search}`).set('apollo-require-preflight', 'true');
  for (const [name, value] of Object.entries(headers)) request.set(name, value);
  return request;
}

const STATEMENT = `query($id: ID!) { statement(id: $id) { id text status version verdicts(first: 5) { status } } }`;

for (const compile of ['true', 'false']) {
  describe(`HTTP caching of public reads (GRAPHQL_COMPILE=${compile})`, () => {
    let api: TestServer;
    beforeAll(async () => {
      api = await startTestServer({ GRAPHQL_COMPILE: compile, CACHE_MAX_AGE: '30' });
    });
    afterAll(() => api.close());

    it('says an anonymous read is public for max-age, and a read with a key is private', async () => {
      const { id } = await createStatement(api);
      const anonymous = await get(api, STATEMENT, { id }, { 'accept-encoding': 'gzip' });
      expect(anonymous.body.errors).toBeUndefined();
      expect(anonymous.status).toBe(200);
      expect(anonymous.body.data.statement.id).toBe(id);
      expect(anonymous.headers['cache-control']).toBe('public, max-age=30');
      // Both: a shared cache must keep answers apart by key and by encoding.
      expect(anonymous.headers.vary).toMatch(/Authorization/i);
      expect(anonymous.headers.vary).toMatch(/Accept-Encoding/i);
      expect(anonymous.headers.etag).toBeTruthy();

      const keyed = await get(api, STATEMENT, { id }, { authorization: `Bearer ${api.keys.CONTRIBUTOR}` });
      expect(keyed.status).toBe(200);
      expect(keyed.headers['cache-control']).toBe('private, no-cache');
    });

    it('never lets a shared cache keep what depends on a key, even beside public fields', async () => {
      const mixed = await get(api, '{ statements(first: 1) { totalCount } apiKeys(first: 1) { totalCount } }', undefined, {
        authorization: `Bearer ${api.keys.ADMIN}`,
      });
      expect(mixed.body.data.apiKeys.totalCount).toBeGreaterThan(0);
      expect(mixed.headers['cache-control']).toBe('private, no-cache');
      // The same read without the key is refused, and the refusal is not kept either.
      const anonymous = await get(api, '{ statements(first: 1) { totalCount } apiKeys(first: 1) { totalCount } }');
      expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(anonymous.headers['cache-control']).toBe('no-store');
    });

    it('tags GET answers only: a POSTed read is never revalidated, so its body is not hashed for a tag', async () => {
      const { id } = await createStatement(api);
      const posted = await api.http.post('/graphql').send({ query: STATEMENT, variables: { id } });
      expect(posted.status).toBe(200);
      expect(posted.body.data.statement.id).toBe(id);
      expect(posted.headers.etag).toBeUndefined();
      const read = await get(api, STATEMENT, { id });
      // The tag Express itself would write: weak, the body's length and hash.
      expect(read.headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
      const health = await api.http.get('/health');
      expect(health.headers.etag).toMatch(/^W\//);
    });

    it('sends no-store with an error, so a refusal is never cached', async () => {
      const res = await get(api, '{ statement(id: "garbage") { id } }');
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('answers a revalidation with a fresh ETag with 304 and no database query', async () => {
      const { id } = await createStatement(api);
      const first = await get(api, STATEMENT, { id });
      expect(first.headers['cache-control']).toBe('public, max-age=30');
      api.queries.length = 0;
      const again = await get(api, STATEMENT, { id }, { 'if-none-match': first.headers.etag! });
      expect(again.status).toBe(304);
      const repeat = await get(api, STATEMENT, { id });
      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual(first.body);
      expect(repeat.headers.etag).toBe(first.headers.etag);
      expect(repeat.headers.vary).toMatch(/Accept-Encoding.*Authorization|Authorization.*Accept-Encoding/i);
      expect(api.queries).toEqual([]);
    });

    it('serves no kept answer after a mutation: a verdict set between two reads shows at once', async () => {
      const { id } = await createStatement(api);
      const before = await get(api, STATEMENT, { id });
      expect(before.body.data.statement.status).toBe('UNVERIFIED');
      await setVerdict(api, id, before.body.data.statement.version, { status: 'FALSE' });
      const after = await get(api, STATEMENT, { id }, { 'if-none-match': before.headers.etag! });
      expect(after.status).toBe(200);
      expect(after.body.data.statement.status).toBe('FALSE');
      expect(after.headers.etag).not.toBe(before.headers.etag);
    });

    it('serves no kept answer after another instance writes: its outbox event empties this cache', async () => {
      await api.listen();
      const other = await startTestServer({ GRAPHQL_COMPILE: compile }, { sharedWith: api });
      try {
        const { id } = await createStatement(api);
        const before = await get(api, STATEMENT, { id });
        expect(before.body.data.statement.status).toBe('UNVERIFIED');
        await setVerdict(other, id, before.body.data.statement.version, { status: 'MISLEADING' });
        // The event reaches this instance by notification or its poll (EVENT_POLL_MS, 1 s): wait well past both.
        let status = before.body.data.statement.status;
        for (let i = 0; i < 100 && status === 'UNVERIFIED'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          status = (await get(api, STATEMENT, { id })).body.data.statement.status;
        }
        expect(status).toBe('MISLEADING');
      } finally {
        await other.close();
      }
    });

    it('keeps no answer for a GET that CSRF prevention refuses, nor for a POST', async () => {
      const { id } = await createStatement(api);
      const search = new URLSearchParams({ query: STATEMENT, variables: JSON.stringify({ id }) });
      const bare = await api.http.get(`/graphql?${search}`);
      expect(bare.status).toBe(400);
      const post = await api.http.post('/graphql').set('content-type', 'application/json').send({ query: STATEMENT, variables: { id } });
      expect(post.headers['cache-control']).toBeUndefined();
    });
  });
}
