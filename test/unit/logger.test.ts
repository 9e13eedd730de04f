import { Writable } from 'node:stream';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger, redactSecrets } from '../../src/logger.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('redactSecrets', () => {
  it('hides passwords in URLs, API keys and bearer tokens', () => {
    expect(redactSecrets('connect ECONNREFUSED postgres://factcheck:s3cret@db:5432/prod')).toBe('connect ECONNREFUSED postgres://***@db:5432/prod');
    expect(redactSecrets('key fck_AbCdEfGhIjKlMnOp was revoked')).toBe('key fck_*** was revoked');
    expect(redactSecrets('Authorization: Bearer abc.def')).toBe('Authorization: Bearer ***');
    expect(redactSecrets('nothing to hide at https://example.org/a')).toBe('nothing to hide at https://example.org/a');
  });
});

describe('request logs', () => {
  let api: TestServer;
  const lines: Record<string, any>[] = [];
  let http: ReturnType<typeof supertest>;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    api = await startTestServer();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = await createApp({ config: api.config, db: api.db, logger: createLogger('info', sink), reportError: () => {} });
    http = supertest(app.app);
    stop = app.stop;
  });
  afterAll(async () => {
    await stop();
    await api.close();
  });

  it('writes one JSON line per request with its id, operation, status, duration and error codes, and never the key', async () => {
    const ok = await http
      .post('/graphql')
      .set('authorization', `Bearer ${api.keys.ADMIN}`)
      .set('x-request-id', 'desk-42.retry_1')
      .send({ query: 'query Sources { sources { totalCount } }' });
    expect(ok.headers['x-request-id']).toBe('desk-42.retry_1');
    const bad = await http.post('/graphql').set('x-request-id', 'not ok; <script>').send({ query: 'query Broken { statement(id: "x") { id } }' });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const sources = lines.find((l) => l.requestId === 'desk-42.retry_1');
    expect(sources).toMatchObject({ level: 30, operation: 'Sources', type: 'query', status: 200, msg: 'graphql request' });
    expect(typeof sources!.durationMs).toBe('number');
    const broken = lines.find((l) => l.requestId === bad.headers['x-request-id']);
    expect(broken).toMatchObject({ operation: 'Broken', errorCodes: ['BAD_USER_INPUT'] });
    expect(JSON.stringify(lines)).not.toContain(api.keys.ADMIN);
  });
});
