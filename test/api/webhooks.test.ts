import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatement, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_POLL_MS: '100',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_DISABLE_AFTER: '3',
    EVENT_POLL_MS: '100',
  });
  await api.listen();
});
afterAll(() => api.close());

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local endpoint; `answer` decides each reply's status from the number of requests so far. */
async function receiver(answer: (count: number) => number = () => 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer(received.length);
      res.end(res.statusCode < 300 ? 'thanks' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
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

describe('webhooks', () => {
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
});
