import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemLookup, type Lookup } from '../../src/modules/webhooks/webhook.address.js';
import { createStatement, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Names under .test resolve to the local receivers; everything else as usual. */
const testNames: Lookup = async (hostname) => (hostname.endsWith('.test') ? [{ address: '127.0.0.1', family: 4 }] : systemLookup(hostname));

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local endpoint; `answer` decides each reply's status from the number of requests so far. */
async function receiver(
  answer: (count: number) => number = () => 200,
  headers: Record<string, string> = {},
): Promise<{ url: string; port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer(received.length);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.end(res.statusCode < 300 ? 'thanks' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url events enabled } } }`;
const HOOK = `query { webhooks(first: 100) { edges { node { id enabled disabledReason consecutiveFailures } } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 20) { edges { node { id eventType status attempts responseStatus responseBody lastError } } } }`;

async function deliveries(server: TestServer, id: string): Promise<{ status: string; attempts: number; responseStatus: number | null; responseBody: string | null; lastError: string | null }[]> {
  return (await server.ok(DELIVERIES, { id })).webhookDeliveries.edges.map((e: { node: any }) => e.node);
}

describe('webhooks', () => {
  // Private addresses allowed, to reach the local receivers. Closed after
  // this block, so its worker never sends what the strict block registers.
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer(
      {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_POLL_MS: '100',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_DISABLE_AFTER: '3',
        EVENT_POLL_MS: '100',
      },
      { lookup: testNames },
    );
    await api.listen();
  });
  afterAll(() => api.close());

  it('POSTs signed events a receiver can verify', async () => {
    const endpoint = await receiver();
    const created = await api.ok(CREATE, { input: { url: endpoint.url, events: ['VERDICT_SET'] } });
    const { secret, webhook } = created.createWebhook;
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect(webhook).toMatchObject({ url: endpoint.url, events: ['VERDICT_SET'], enabled: true });

    const statement = await createStatement(api);
    const verdict = await setVerdict(api, statement.id, 1);
    await until(() => endpoint.received.length === 1);
    const [{ headers, body }] = endpoint.received as [Received];
    expect(headers['x-factcheck-event']).toBe('VERDICT_SET');
    const expected = createHmac('sha256', secret).update(`${headers['x-factcheck-timestamp']}.${body}`).digest('hex');
    expect(headers['x-factcheck-signature']).toBe(`sha256=${expected}`);
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({ id: headers['x-factcheck-delivery'], event: 'VERDICT_SET', data: { statementId: statement.id, verdictId: verdict.id } });

    // The secret is never shown again.
    const listed = await api.gql(`query { webhooks { edges { node { secret } } } }`);
    expect(listed.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await until(async () => (await api.ok(DELIVERIES, { id: webhook.id })).webhookDeliveries.edges[0]?.node.status === 'DELIVERED');
    await api.ok(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: webhook.id });
    await endpoint.close();
  });

  it('retries with backoff until the endpoint accepts, in order per statement', async () => {
    const endpoint = await receiver((count) => (count <= 2 ? 503 : 200));
    const { createWebhook } = await api.ok(CREATE, { input: { url: endpoint.url, events: ['STATEMENT_CREATED', 'STATEMENT_UPDATED'] } });
    const statement = await createStatement(api);
    await api.ok(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { version } }`, {
      input: { id: statement.id, expectedVersion: 1, text: 'Reworded' },
    });
    await until(() => endpoint.received.length >= 4);
    const events = endpoint.received.map((r) => r.headers['x-factcheck-event']);
    // The update waits until the creation is through.
    expect(events).toEqual(['STATEMENT_CREATED', 'STATEMENT_CREATED', 'STATEMENT_CREATED', 'STATEMENT_UPDATED']);
    const first = endpoint.received.map((r) => r.headers['x-factcheck-delivery']);
    expect(new Set(first.slice(0, 3)).size).toBe(1);
    const { webhookDeliveries } = await api.ok(DELIVERIES, { id: createWebhook.webhook.id });
    const created = webhookDeliveries.edges.map((e: { node: any }) => e.node).find((d: any) => d.eventType === 'STATEMENT_CREATED');
    expect(created).toMatchObject({ status: 'DELIVERED', attempts: 3, responseStatus: 200, responseBody: 'thanks' });
    await api.ok(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: createWebhook.webhook.id });
    await endpoint.close();
  });

  it('disables an endpoint after failures in a row, with the reason', async () => {
    const endpoint = await receiver(() => 500);
    const { createWebhook } = await api.ok(CREATE, { input: { url: endpoint.url, events: ['STATEMENT_CREATED'] } });
    await createStatement(api);
    const id = createWebhook.webhook.id;
    const state = async () =>
      (await api.ok(HOOK)).webhooks.edges.map((e: { node: any }) => e.node).find((n: { id: string }) => n.id === id);
    await until(async () => (await state()).enabled === false);
    const hook = await state();
    expect(hook.consecutiveFailures).toBe(3);
    expect(hook.disabledReason).toMatch(/3 failed deliveries in a row.*HTTP 500/);
    expect(endpoint.received).toHaveLength(3);
    await endpoint.close();
  });

  it('refuses loopback and private endpoints unless allowed', async () => {
    const strict = await startTestServer();
    try {
      for (const url of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://[::1]/hook', 'http://localhost/hook', 'http://169.254.169.254/latest']) {
        const error = await strict.fails(CREATE, { input: { url, events: ['VERDICT_SET'] } });
        expect(error.extensions?.code, url).toBe('BAD_USER_INPUT');
      }
      const error = await strict.fails(CREATE, { input: { url: 'http://192.168.1.1/', events: ['VERDICT_SET'] } }, { key: strict.keys.FACT_CHECKER });
      expect(error.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await strict.close();
    }
  });

  it('connects to the address the name resolved to and sends the name as Host', async () => {
    const endpoint = await receiver();
    const url = `http://receiver.test:${endpoint.port}/hook?a=1`;
    const { createWebhook } = await api.ok(CREATE, { input: { url, events: ['STATEMENT_CREATED'] } });
    await createStatement(api);
    await until(() => endpoint.received.length === 1);
    expect(endpoint.received[0]!.headers.host).toBe(`receiver.test:${endpoint.port}`);
    await until(async () => (await deliveries(api, createWebhook.webhook.id))[0]?.status === 'DELIVERED');
    await api.ok(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: createWebhook.webhook.id });
    await endpoint.close();
  });

  it('redirect to another address: not followed, the delivery fails', async () => {
    const elsewhere = await receiver();
    const endpoint = await receiver(() => 307, { location: elsewhere.url });
    const { createWebhook } = await api.ok(CREATE, { input: { url: endpoint.url, events: ['STATEMENT_CREATED'] } });
    await createStatement(api);
    await until(async () => (await deliveries(api, createWebhook.webhook.id))[0]?.lastError === 'HTTP 307');
    await api.ok(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: createWebhook.webhook.id });
    expect(elsewhere.received).toHaveLength(0);
    await endpoint.close();
    await elsewhere.close();
  });
});

describe('webhook address rules, private addresses not allowed', () => {
  // Global unicast (2000::/3) but allocated to no registry, so routed
  // nowhere: a public answer whose connection reaches no one.
  const PUBLIC = { address: '3000::1', family: 6 };
  let answer: Lookup = systemLookup;
  const lookups: string[] = [];
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer(
      { WEBHOOK_POLL_MS: '100', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_DISABLE_AFTER: '50', EVENT_POLL_MS: '100' },
      {
        lookup: (hostname) => {
          lookups.push(hostname);
          return answer(hostname);
        },
      },
    );
    await strict.listen();
  });
  afterAll(() => strict.close());

  it('DNS rebinding: a name that turns to 127.0.0.1 after the checks never reaches loopback', async () => {
    const loopback = await receiver();
    // "localhost" so that any resolution past the checked one (the system
    // resolver's, or a second call to this one) lands on the loopback receiver.
    const url = `http://localhost:${loopback.port}/internal`;
    lookups.length = 0;
    // Public for registration and for the send-time check; 127.0.0.1 from then on.
    answer = async () => (lookups.length <= 2 ? [PUBLIC] : [{ address: '127.0.0.1', family: 4 }]);
    const { createWebhook } = await strict.ok(CREATE, { input: { url, events: ['STATEMENT_CREATED'] } });
    const id = createWebhook.webhook.id;
    await createStatement(strict);
    // The first attempt goes to the public address (and fails: nothing is
    // there); the retry sees 127.0.0.1 and is refused before connecting.
    await until(async () => {
      const [delivery] = await deliveries(strict, id);
      return delivery?.status === 'DELIVERED' || /refused.*127\.0\.0\.1/.test(delivery?.lastError ?? '');
    });
    const [delivery] = await deliveries(strict, id);
    await strict.ok(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id });
    expect(loopback.received).toHaveLength(0);
    expect(delivery).toMatchObject({ status: 'PENDING', responseStatus: null, responseBody: null });
    expect(delivery!.lastError).toMatch(/^refused: localhost resolves to 127\.0\.0\.1, in 127\.0\.0\.0\/8/);
    expect(delivery!.attempts).toBeGreaterThanOrEqual(2);
    await loopback.close();
  });

  it('a name with a public and a loopback address is refused at registration', async () => {
    answer = async () => [PUBLIC, { address: '127.0.0.1', family: 4 }];
    const error = await strict.fails(CREATE, { input: { url: 'https://mixed.example.com/hook', events: ['VERDICT_SET'] } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    expect(error.message).toMatch(/127\.0\.0\.1.*127\.0\.0\.0\/8/);
  });

  it.each([
    ['http://[::127.0.0.1]/', /::\/96/],
    ['http://[::ffff:127.0.0.1]:8080/', /::ffff:0:0\/96/],
    ['http://[64:ff9b::7f00:1]/', /64:ff9b::\/96/],
    ['http://[64:ff9b::a9fe:a9fe]/latest/meta-data/', /64:ff9b::\/96/],
    ['http://[64:ff9b::169.254.169.254]/', /64:ff9b::\/96/],
    ['http://[2002:7f00:1::]/', /2002::\/16/],
    ['http://[2001::1]/', /2001::\/32/],
    ['http://[FEC0::1]/', /fec0::\/10/],
    ['http://[fd00::1]/', /fc00::\/7/],
    ['http://[2001:db8::1]/', /2001:db8::\/32/],
    ['http://2130706433/', /127\.0\.0\.0\/8/],
    ['http://0x7f.1/', /127\.0\.0\.0\/8/],
    ['http://127.1/', /127\.0\.0\.0\/8/],
    ['http://0177.0.0.1/', /127\.0\.0\.0\/8/],
    ['http://0xa9fea9fe/', /169\.254\.0\.0\/16/],
    ['http://127.0.0.1./', /127\.0\.0\.0\/8/],
    ['http://198.51.100.1/', /198\.51\.100\.0\/24/],
    ['http://100.64.0.1/', /100\.64\.0\.0\/10/],
  ])('special-purpose address %s: refused with the range named', async (url, range) => {
    const error = await strict.fails(CREATE, { input: { url, events: ['VERDICT_SET'] } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    expect(error.message).toMatch(range);
  });

  it('special-purpose address on update: refused with the field', async () => {
    answer = async () => [PUBLIC];
    const { createWebhook } = await strict.ok(CREATE, { input: { url: 'https://hooks.example.com/in', events: ['VERDICT_SET'] } });
    const error = await strict.fails(`mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { id } }`, {
      input: { id: createWebhook.webhook.id, url: 'http://[64:ff9b::a9fe:a9fe]/' },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    await strict.ok(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: createWebhook.webhook.id });
  });
});
