import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { subscribe } from '../support/live.js';
import { startCluster, type PostgresCluster } from './support/postgres.js';
import { createKeys, ensureBuilt, setUp, sleep, startService, type Service } from './support/service.js';

/**
 * Two instances of `node dist/src/main.js` on one PostgreSQL database, as
 * replicas behind a load balancer: a change made through one reaches the
 * subscribers of the other through the outbox and LISTEN/NOTIFY.
 */
let cluster: PostgresCluster;
let a: Service;
let b: Service;
let adminKey: string;

const token = () => Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join('');

setUp(async () => {
  ensureBuilt();
  cluster = await startCluster();
  // A poll far longer than the test waits: only a notification can deliver in time.
  const env = { DATABASE_URL: cluster.url, LOG_LEVEL: 'warn', EVENT_POLL_MS: '60000', DEMO_DATA: 'false' };
  a = await startService(env);
  b = await startService(env);
  [adminKey] = await createKeys(cluster.url, [{ role: 'ADMIN', name: 'Ops admin' }]);
});

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
});
