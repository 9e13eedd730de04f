import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/ids.js';
import { subscribe } from '../support/live.js';
import { startCluster, type PostgresCluster } from './support/postgres.js';
import { createKeys, ensureBuilt, setUp, sleep, startService, token, type Service } from './support/service.js';

/**
 * Two instances of `node dist/src/main.js` on one PostgreSQL database, as
 * replicas behind a load balancer: a change made through one reaches the
 * subscribers of the other through the outbox and LISTEN/NOTIFY.
 */
let cluster: PostgresCluster;
let a: Service;
let b: Service;
let adminKey: string;


setUp(async () => {
  ensureBuilt();
  cluster = await startCluster();
  // A poll far longer than the test waits: only a notification can deliver in time.
  const env = {
    DATABASE_URL: cluster.url,
    LOG_LEVEL: 'warn',
    EVENT_POLL_MS: '60000',
    // Keys remembered for ten minutes: only a notification, or a listener known lost, can make an instance forget one sooner.
    API_KEY_CACHE_MS: '600000',
    DEMO_DATA: 'false',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_POLL_MS: '100',
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_RETRY_BASE_MS: '100',
  };
  a = await startService(env);
  b = await startService(env);
  [adminKey] = await createKeys(cluster.url, [{ role: 'ADMIN', name: 'Ops admin' }]);
});

/** A local endpoint that records each delivery; answers after `delayMs`. */
async function receiver(delayMs = 0) {
  const received: { delivery: string; eventId: string; statementId: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { eventId: string; data: { statementId: string } };
      setTimeout(() => {
        received.push({ delivery: String(req.headers['x-factcheck-delivery']), eventId: parsed.eventId, statementId: parsed.data.statementId });
        res.end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await a?.kill();
  await b?.kill();
  await cluster?.cleanup();
});

async function ok(service: Service, query: string, variables: Record<string, unknown>) {
  const reply = await service.gql(query, variables, { key: adminKey });
  expect(reply.body.errors, reply.text).toBeUndefined();
  return reply.body.data!;
}

describe('two instances on one database', () => {
  it("delivers a change made through one instance to the other's subscribers, promptly", async () => {
    const speaker = await ok(b, `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`, {
      input: { name: `Speaker ${token()}`, kind: 'PERSON' },
    });
    const wsUrl = `ws://127.0.0.1:${a.port}/graphql`;
    const added = await subscribe(wsUrl, `subscription($s: ID) { statementAdded(filter: { speakerId: $s }) { eventId statement { id } } }`, {
      s: speaker.createSpeaker.id,
    });
    const created = await ok(b, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
      input: { speakerId: speaker.createSpeaker.id, text: `A claim about ${token()}` },
    });
    const statementId = created.createStatement.id as string;
    await added.waitFor(1, 5000);
    expect(added.results[0]!.data!.statementAdded.statement.id).toBe(statementId);

    const verdicts = await subscribe(wsUrl, `subscription($id: ID) { verdictChanged(statementId: $id) { eventId verdict { id status } } }`, {
      id: statementId,
    });
    const started = Date.now();
    const set = await ok(b, `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id } }`, {
      input: {
        statementId,
        expectedVersion: 1,
        status: 'FALSE',
        rationale: 'The record shows otherwise.',
        evidence: [{ url: 'https://example.org/report', stance: 'REFUTES' }],
      },
    });
    await verdicts.waitFor(1, 5000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(verdicts.results[0]!.data!.verdictChanged.verdict).toEqual({ id: set.setVerdict.id, status: 'FALSE' });
    await sleep(200);
    expect(verdicts.results).toHaveLength(1);
    await Promise.all([added.close(), verdicts.close()]);
  });

  it('sends each webhook delivery once with both instances running', async () => {
    const endpoint = await receiver();
    const hook = await ok(a, `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`, {
      input: { url: endpoint.url, events: ['STATEMENT_CREATED'] },
    });
    const speaker = await ok(a, `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`, {
      input: { name: `Speaker ${token()}`, kind: 'PERSON' },
    });
    const made: string[] = [];
    for (let i = 0; i < 20; i++) {
      const via = i % 2 === 0 ? a : b;
      const created = await ok(via, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
        input: { speakerId: speaker.createSpeaker.id, text: `A claim about ${token()}` },
      });
      made.push(created.createStatement.id);
    }
    await until(() => endpoint.received.length >= 20, 15_000, '20 deliveries');
    await sleep(1500);
    expect(endpoint.received).toHaveLength(20);
    expect(new Set(endpoint.received.map((r) => r.delivery)).size).toBe(20);
    expect(new Set(endpoint.received.map((r) => r.statementId))).toEqual(new Set(made));
    await ok(a, `mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: hook.createWebhook.webhook.id });
    await endpoint.close();
  });

  it('refuses a key revoked through the other instance at once, and remembers no key while it cannot hear of revocations', async () => {
    const [first, second] = await createKeys(cluster.url, [
      { role: 'CONTRIBUTOR', name: `Replica reader ${token()}` },
      { role: 'CONTRIBUTOR', name: `Replica reader ${token()}` },
    ]);
    const read = async (service: Service, key: string) => (await service.gql('{ sources(first: 1) { totalCount } }', {}, { key })).body.errors?.[0]?.extensions?.code;
    expect(await read(b, first!)).toBeUndefined();
    const keyId = async (key: string) => {
      const [row] = await sql<{ id: string }>(`SELECT id::text AS id FROM api_key WHERE key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [key]);
      return row!.id;
    };
    await ok(a, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: toGlobalId('ApiKey', await keyId(first!)) });
    const revokedAt = Date.now();
    await until(async () => (await read(b, first!)) === 'UNAUTHENTICATED', 5000, 'b to refuse the key a revoked', 20);
    expect(Date.now() - revokedAt).toBeLessThan(5000);

    // b remembers the second key; then its listening connection is cut, and
    // the key revoked while nobody hears: b must look the key up again.
    expect(await read(b, second!)).toBeUndefined();
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN factcheck_api_keys'`);
    await sleep(100);
    await sql(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [await keyId(second!)]);
    await until(async () => (await read(b, second!)) === 'UNAUTHENTICATED', 5000, 'b to refuse the key revoked while it did not listen', 20);
  });

  it('loses no delivery when an instance dies mid-way: the other sends the rest', async () => {
    const endpoint = await receiver(150);
    await ok(b, `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`, {
      input: { url: endpoint.url, events: ['STATEMENT_CREATED'] },
    });
    const speaker = await ok(b, `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`, {
      input: { name: `Speaker ${token()}`, kind: 'PERSON' },
    });
    const made: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await ok(b, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
        input: { speakerId: speaker.createSpeaker.id, text: `A claim about ${token()}` },
      });
      made.push(created.createStatement.id);
    }
    await until(() => endpoint.received.length >= 3, 15_000, 'the first deliveries');
    await a.kill();
    await until(() => new Set(endpoint.received.map((r) => r.statementId)).size >= 20, 30_000, 'every delivery after the kill');
    expect(new Set(endpoint.received.map((r) => r.statementId))).toEqual(new Set(made));
    await endpoint.close();
  });
});
