import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ CORS_ORIGINS: 'https://cms.example.org, https://*.newsroom.example, http://localhost:3000', CORS_MAX_AGE_SECONDS: '900' });
});
afterAll(() => api.close());

const preflight = (origin: string, headers = 'authorization, content-type') =>
  api.http.options('/graphql').set('origin', origin).set('access-control-request-method', 'POST').set('access-control-request-headers', headers);

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the headers the API reads and a cache lifetime', async () => {
    const res = await preflight('https://cms.example.org');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://cms.example.org');
    expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
    const allowed = (res.headers['access-control-allow-headers'] as string).toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-request-id']));
    expect(res.headers['access-control-max-age']).toBe('900');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/i);
  });

  it('lets an allowed page read answers and refusals, without credentials', async () => {
    const read = await api.http.post('/graphql').set('origin', 'https://cms.example.org').send({ query: '{ __typename }' });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBe('https://cms.example.org');
    expect(read.headers['access-control-expose-headers']).toMatch(/X-Request-Id/i);
    expect(read.headers['access-control-allow-credentials']).toBeUndefined();
    const refused = await api.http.post('/graphql').set('origin', 'https://cms.example.org').set('authorization', 'Bearer nonsense').send({ query: '{ __typename }' });
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('https://cms.example.org');
  });

  it('gives a disallowed origin no Access-Control header, on preflight or request', async () => {
    for (const origin of [
      'https://evil.example',
      'http://cms.example.org', // the allowed host over the other scheme
      'https://cms.example.org:8443', // another port
      'https://cms.example.org.evil.example', // the allowed name as a prefix
      'https://evilcms.example.org',
      'https://newsroom.example', // the wildcard's parent itself
      'https://evil-newsroom.example',
      'https://a.newsroom.example.evil',
      'https://cms.example.org/', // not an origin as browsers send them
      'null',
    ]) {
      const res = await preflight(origin);
      expect(res.status, origin).toBe(403);
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(res.headers['access-control-allow-headers'], origin).toBeUndefined();
      const read = await api.http.post('/graphql').set('origin', origin).send({ query: '{ __typename }' });
      expect(read.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('matches a subdomain wildcard at any depth, and an exact port', async () => {
    expect((await preflight('https://desk.newsroom.example')).headers['access-control-allow-origin']).toBe('https://desk.newsroom.example');
    expect((await preflight('https://a.b.newsroom.example')).headers['access-control-allow-origin']).toBe('https://a.b.newsroom.example');
    expect((await preflight('http://localhost:3000')).headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect((await preflight('http://localhost:3001')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('is answered before rate limits and key checks, on every path', async () => {
    const limited = await startTestServer({ CORS_ORIGINS: 'https://cms.example.org', RATE_LIMIT_RPM: '1' }, { sharedWith: api });
    try {
      const first = await limited.http.post('/graphql').set('origin', 'https://cms.example.org').send({ query: '{ __typename }' });
      expect(first.status).toBe(200);
      const over = await limited.http.post('/graphql').set('origin', 'https://cms.example.org').send({ query: '{ __typename }' });
      expect(over.status).toBe(429);
      expect(over.headers['access-control-allow-origin']).toBe('https://cms.example.org');
      const pre = await limited.http
        .options('/claimreview')
        .set('origin', 'https://cms.example.org')
        .set('access-control-request-method', 'GET');
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('https://cms.example.org');
    } finally {
      await limited.close();
    }
  });

  it('answers "*" with a wildcard and never with credentials; sends nothing when no origin is configured', async () => {
    const open = await startTestServer({ CORS_ORIGINS: '*' }, { sharedWith: api });
    const closed = await startTestServer({}, { sharedWith: api });
    try {
      const res = await open.http.options('/graphql').set('origin', 'https://anywhere.example').set('access-control-request-method', 'POST');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      const none = await closed.http.options('/graphql').set('origin', 'http://localhost:3000').set('access-control-request-method', 'POST');
      expect(none.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.close();
      await closed.close();
    }
  });
});
