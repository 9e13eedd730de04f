import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/ids.js';
import { hashKey } from '../../src/modules/auth/apikey.service.js';
import { token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Keys found valid are remembered (API_KEY_CACHE_MS), and forgotten as soon
 * as they are revoked or changed anywhere. Here they would be remembered
 * for ten minutes, so a refusal within seconds can only come from the
 * database's announcement, not from the memory running out.
 */
let api: TestServer;
let replica: TestServer;
beforeAll(async () => {
  api = await startTestServer({ API_KEY_CACHE_MS: '600000' });
  replica = await startTestServer({ API_KEY_CACHE_MS: '600000' }, { sharedWith: api });
});
afterAll(async () => {
  await replica?.close();
  await api?.close();
});

const READ = '{ sources(first: 1) { totalCount } }';
const lookups = (server: TestServer) => server.queries.filter((sql) => /FROM api_key WHERE key_hash/.test(sql)).length;

async function newKey(role: 'CONTRIBUTOR' | 'FACT_CHECKER' = 'CONTRIBUTOR') {
  const name = `Cached ${token()}`;
  const key = await api.createKey(role, name);
  const [{ id }] = await api.db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM api_key WHERE key_hash = ${hashKey(key)}`;
  return { key, id, name };
}

async function refusal(server: TestServer, key: string): Promise<string | undefined> {
  const body = await server.gql(READ, {}, { key });
  return body.errors?.[0]?.extensions?.code as string | undefined;
}

describe('remembered API keys', () => {
  it('are looked up once, then answered from memory', async () => {
    const { key } = await newKey();
    await api.ok(READ, {}, { key });
    api.queries.length = 0;
    await api.ok(READ, {}, { key });
    await api.ok(READ, {}, { key });
    expect(lookups(api)).toBe(0);
  });

  it('are never remembered when unknown: a wrong key is looked up, and refused, every time', async () => {
    const wrong = `fck_${token()}${token()}`;
    api.queries.length = 0;
    expect(await refusal(api, wrong)).toBe('UNAUTHENTICATED');
    expect(await refusal(api, wrong)).toBe('UNAUTHENTICATED');
    expect(lookups(api)).toBe(2);
  });

  it('are forgotten at once when revoked through this instance', async () => {
    const { key, id } = await newKey();
    await api.ok(READ, {}, { key });
    await api.ok(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: toGlobalId('ApiKey', id) });
    expect(await refusal(api, key)).toBe('UNAUTHENTICATED');
  });

  it('are forgotten by every instance when revoked through another one', async () => {
    const { key, id } = await newKey();
    // Both instances remember it.
    await api.ok(READ, {}, { key });
    await replica.ok(READ, {}, { key });
    await replica.ok(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: toGlobalId('ApiKey', id) });
    await expect.poll(() => refusal(api, key), { timeout: 5000, interval: 20 }).toBe('UNAUTHENTICATED');
    // Refused for good: the memory does not bring it back.
    expect(await refusal(api, key)).toBe('UNAUTHENTICATED');
  });

  it('are forgotten when the key row changes outside the service (the apikey command, SQL by hand)', async () => {
    const revoked = await newKey();
    const demoted = await newKey('FACT_CHECKER');
    await api.ok(READ, {}, { key: revoked.key });
    await api.ok(READ, {}, { key: demoted.key });
    await api.db.$executeRaw`UPDATE api_key SET revoked_at = now() WHERE id = CAST(${revoked.id} AS uuid)`;
    await api.db.$executeRaw`UPDATE api_key SET role = 'CONTRIBUTOR' WHERE id = CAST(${demoted.id} AS uuid)`;
    await expect.poll(() => refusal(api, revoked.key), { timeout: 5000, interval: 20 }).toBe('UNAUTHENTICATED');
    // The demoted key is looked up again and now holds its new role: a fact-checker's write is refused.
    const write = `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id } }`;
    const input = { statementId: 'U3RhdGVtZW50OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA', expectedVersion: 1, status: 'FALSE', rationale: 'x' };
    await expect
      .poll(async () => (await api.gql(write, { input }, { key: demoted.key })).errors?.[0]?.extensions?.code, { timeout: 5000, interval: 20 })
      .toBe('FORBIDDEN');
  });

  it('are looked up on every request with API_KEY_CACHE_MS=0', async () => {
    const uncached = await startTestServer({ API_KEY_CACHE_MS: '0' }, { sharedWith: api });
    try {
      const { key } = await newKey();
      uncached.queries.length = 0;
      await uncached.ok(READ, {}, { key });
      await uncached.ok(READ, {}, { key });
      expect(lookups(uncached)).toBe(2);
    } finally {
      await uncached.close();
    }
  });
});
