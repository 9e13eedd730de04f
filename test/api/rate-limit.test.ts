import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/server.js';

/** Per-client limits: a flood, a brute force of API keys, and a forged X-Forwarded-For. */
const QUERY = '{ __typename }';
let direct: TestServer;
let proxied: TestServer;

beforeAll(async () => {
  [direct, proxied] = await Promise.all([
    startTestServer({ RATE_LIMIT_RPM: '5', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '3' }),
    startTestServer({ RATE_LIMIT_RPM: '5', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '3', TRUST_PROXY: '127.0.0.1,::1' }),
  ]);
});
afterAll(async () => {
  await Promise.all([direct?.close(), proxied?.close()]);
});

const post = (api: TestServer, headers: Record<string, string> = {}) => {
  const request = api.http.post('/graphql').set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) request.set(name, value);
  return request.send({ query: QUERY });
};

function expectRateLimited(res: { status: number; headers: Record<string, string>; body: any }) {
  expect(res.status).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect(res.body.errors[0].extensions.retryAfter).toBe(Number(res.headers['retry-after']));
}

/** Opens a WebSocket on /graphql and sends connection_init; resolves with the HTTP refusal or how the socket ended. */
function connect(url: string, headers: Record<string, string>, payload: Record<string, unknown> = {}) {
  return new Promise<{ refused?: { status: number; retryAfter?: string; body: string }; acked?: boolean; closeCode?: number }>((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += String(chunk)));
      res.on('end', () => resolve({ refused: { status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string, body } }));
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        socket.close(1000);
        resolve({ acked: true });
      }
    });
    socket.on('close', (code) => resolve({ closeCode: code }));
    socket.on('error', () => {});
  });
}

describe('one client flooding the service', () => {
  it('is answered 429 with Retry-After and RATE_LIMITED on POST and GET /graphql, /claimreview and WebSocket upgrades, while /health and /ready still answer', async () => {
    for (let i = 0; i < 5; i++) expect((await post(direct)).status).toBe(200);
    expectRateLimited(await post(direct));
    expectRateLimited(await direct.http.get('/graphql').query({ query: QUERY }).set('apollo-require-preflight', 'true'));
    expectRateLimited(await direct.http.get('/claimreview'));
    const ws = await connect(await direct.listen(), {});
    expect(ws.refused?.status).toBe(429);
    expect(Number(ws.refused?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(ws.refused!.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    for (let i = 0; i < 20; i++) {
      expect((await direct.http.get('/health')).status).toBe(200);
      expect((await direct.http.get('/ready')).status).toBe(200);
    }
  });

  it('cannot dodge the limit by forging X-Forwarded-For when no proxy is trusted', async () => {
    for (let i = 0; i < 5; i++) expectRateLimited(await post(direct, { 'x-forwarded-for': `198.51.100.${i + 1}` }));
  });

  it('leaves another client, with its own API key, served; and each key has its own budget', async () => {
    for (let i = 0; i < 5; i++) expect((await post(direct, { authorization: `Bearer ${direct.keys.FACT_CHECKER}` })).status).toBe(200);
    expectRateLimited(await post(direct, { authorization: `Bearer ${direct.keys.FACT_CHECKER}` }));
    const other = await post(direct, { authorization: `Bearer ${direct.keys.CONTRIBUTOR}` });
    expect(other.status).toBe(200);
    expect(other.body.data).toEqual({ __typename: 'Query' });
  });
});

describe('guessing API keys', () => {
  it('is blocked after the failure budget even with a new key each time, also over WebSocket, while another address still has its own', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.50' };
    for (let i = 0; i < 3; i++) {
      const res = await post(proxied, { ...attacker, authorization: `Bearer fck_guess${i}` });
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    for (let i = 3; i < 8; i++) {
      const res = await post(proxied, { ...attacker, authorization: `Bearer fck_guess${i}` });
      expectRateLimited(res);
      // It says which budget ran out: the address's failed key checks, not its requests.
      expect(res.body.errors[0].message).toMatch(/^Too many failed API key checks from this address: try again in \d+ s$/);
    }
    // The ClaimReview routes ignore keys, but a flood of bad ones is still counted and refused.
    expectRateLimited(await proxied.http.get('/claimreview').set(attacker).set('authorization', 'Bearer fck_guess-cr'));
    const url = await proxied.listen();
    const ws = await connect(url, { 'x-forwarded-for': '203.0.113.50' }, { authorization: 'Bearer fck_guess-ws' });
    expect(ws.closeCode).toBe(4429);

    const neighbour = await post(proxied, { 'x-forwarded-for': '203.0.113.51', authorization: 'Bearer fck_typo' });
    expect(neighbour.status).toBe(401);
    expect((await connect(url, { 'x-forwarded-for': '203.0.113.52' }, { authorization: `Bearer ${proxied.keys.ADMIN}` })).acked).toBe(true);
  });

  it('counts a trusted proxy\'s clients by the address it forwards', async () => {
    for (let i = 0; i < 5; i++) expect((await post(proxied, { 'x-forwarded-for': '198.51.100.20' })).status).toBe(200);
    expectRateLimited(await post(proxied, { 'x-forwarded-for': '198.51.100.20' }));
    expect((await post(proxied, { 'x-forwarded-for': '198.51.100.21' })).status).toBe(200);
  });
});

/**
 * Sends `count` POSTs to /graphql at the same instant: every connection is
 * open first, then each request is written in one go, so the service reads
 * them all before any key check has had time to answer. Resolves to each
 * answer's HTTP status.
 */
async function sendAtOnce(wsUrl: string, count: number, authorization: string): Promise<number[]> {
  const { port } = new URL(wsUrl);
  const body = JSON.stringify({ query: QUERY });
  const request =
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: ${authorization}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  const sockets = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    })),
  );
  const answers = sockets.map(
    (socket) => new Promise<number>((resolve) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    }),
  );
  for (const socket of sockets) socket.write(request);
  return Promise.all(answers);
}

describe('a newsroom tool with a good key', () => {
  it('is served every one of 30 requests sent at once, with the request limit on or off (0)', async () => {
    const servers = await Promise.all([
      startTestServer({ RATE_LIMIT_RPM: '0', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '3' }),
      startTestServer({ RATE_LIMIT_RPM: '100', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '3' }),
    ]);
    try {
      for (const api of servers) {
        const url = await api.listen();
        // The first burst meets a key the service has not seen yet; the second one it knows.
        for (let burst = 0; burst < 2; burst++) {
          // The keys' table is locked while the burst arrives, as a busy database would hold the key look-ups back:
          // every request is in before the first check answers.
          let answers: Promise<number[]> | undefined;
          await api.db.$transaction(async (tx) => {
            await tx.$executeRawUnsafe('LOCK TABLE api_key IN ACCESS EXCLUSIVE MODE');
            answers = sendAtOnce(url, 30, `Bearer ${api.keys.FACT_CHECKER}`);
            await new Promise((resolve) => setTimeout(resolve, 300));
          });
          expect(await answers).toEqual(Array(30).fill(200));
        }
      }
    } finally {
      await Promise.all(servers.map((api) => api.close()));
    }
  }, 120_000);
});
