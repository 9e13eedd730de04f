import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createSpeaker, createStatement, EVIDENCE, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { parseGlobalId } from '../../src/ids.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const CREATE_SPEAKER = `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`;
const SET_VERDICT = `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id reviewer } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role keyPrefix revokedAt } } }`;

async function speakerCount(name: string): Promise<number> {
  const data = await api.ok(`query($s: String!) { speakers(search: $s) { totalCount } }`, { s: name }, { key: null });
  return data.speakers.totalCount;
}

describe('anonymous clients', () => {
  it('read everything', async () => {
    const statement = await createStatement(api);
    const data = await api.ok(
      `query($id: ID!) { statement(id: $id) { text speaker { name } verdicts { id } } sources { totalCount } speakers { totalCount } }`,
      { id: statement.id },
      { key: null },
    );
    expect(data.statement.speaker.name).toMatch(/^Speaker /);
  });

  it('write nothing: UNAUTHENTICATED, and nothing is stored', async () => {
    const name = `Anonymous ${token()}`;
    const error = await api.fails(CREATE_SPEAKER, { input: { name, kind: 'PERSON' } }, { key: null });
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/Authorization: Bearer/);
    expect(await speakerCount(name)).toBe(0);
  });
});

describe('keys', () => {
  it('are refused when unknown, malformed or revoked, with 401 and nothing written', async () => {
    for (const header of ['Bearer fck_not-a-real-key', 'Basic dXNlcjpwYXNz', 'fck_no_scheme']) {
      const res = await api.http.post('/graphql').set('authorization', header).send({ query: '{ sources { totalCount } }' });
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }

    const created = await api.ok(CREATE_KEY, { input: { name: `Temp ${token()}`, role: 'CONTRIBUTOR' } });
    const { key, apiKey } = created.createApiKey;
    expect(key).toMatch(/^fck_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.keyPrefix)).toBe(true);
    const name = `Before revoke ${token()}`;
    await api.ok(CREATE_SPEAKER, { input: { name, kind: 'PERSON' } }, { key });

    const revoked = await api.ok(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id });
    expect(revoked.revokeApiKey.revokedAt).not.toBeNull();
    const after = `After revoke ${token()}`;
    const error = await api.fails(CREATE_SPEAKER, { input: { name: after, kind: 'PERSON' } }, { key });
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await speakerCount(after)).toBe(0);
  });

  it('are stored hashed, never in clear', async () => {
    const created = await api.ok(CREATE_KEY, { input: { name: `Hash ${token()}`, role: 'FACT_CHECKER' } });
    const { key } = created.createApiKey;
    const rows = await api.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM api_key WHERE key_hash = $1 OR key_prefix = $1`,
      key,
    );
    expect(rows[0]!.n).toBe(0);
    expect(JSON.stringify(await api.allKeys())).not.toContain(key);
  });

  it('need a name and a real role', async () => {
    expect((await api.fails(CREATE_KEY, { input: { name: '  ', role: 'ADMIN' } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.name',
    });
    expect((await api.fails(CREATE_KEY, { input: { name: 'x', role: 'OWNER' } })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('each role does exactly its part', () => {
  it('CONTRIBUTOR records sources, speakers, statements, appearances and links, but no verdicts or keys', async () => {
    const key = api.keys.CONTRIBUTOR;
    const source = await api.ok(
      `mutation($input: CreateSourceInput!) { createSource(input: $input) { id } }`,
      { input: { slug: `c-${token()}`, name: 'Contributed', kind: 'ONLINE' } },
      { key },
    );
    const speaker = await api.ok(CREATE_SPEAKER, { input: { name: `C ${token()}`, kind: 'PERSON' } }, { key });
    const a = await api.ok(
      `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id version } }`,
      { input: { speakerId: speaker.createSpeaker.id, text: 'Contributed claim', appearances: [{ sourceId: source.createSource.id, url: 'https://c.example/1' }] } },
      { key },
    );
    const b = await createStatement(api);
    await api.ok(
      `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { id } }`,
      { input: { fromId: b.id, toId: a.createStatement.id, kind: 'REBUTS' } },
      { key },
    );
    await api.ok(
      `mutation($input: AddAppearanceInput!) { addAppearance(input: $input) { id } }`,
      { input: { statementId: a.createStatement.id, sourceId: source.createSource.id, url: 'https://c.example/2' } },
      { key },
    );

    const verdict = await api.fails(
      SET_VERDICT,
      { input: { statementId: a.createStatement.id, expectedVersion: 1, status: 'FALSE', rationale: 'x', evidence: EVIDENCE } },
      { key },
    );
    expect(verdict.extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'FACT_CHECKER', role: 'CONTRIBUTOR' });
    const history = await api.ok(`query($id: ID!) { statement(id: $id) { version verdicts { id } } }`, { id: a.createStatement.id });
    expect(history.statement).toEqual({ version: 1, verdicts: [] });

    expect((await api.fails(CREATE_KEY, { input: { name: 'x', role: 'ADMIN' } }, { key })).extensions?.code).toBe('FORBIDDEN');
    expect((await api.fails(`{ apiKeys { totalCount } }`, {}, { key })).extensions?.code).toBe('FORBIDDEN');
    expect((await api.fails(`{ auditLog { totalCount } }`, {}, { key })).extensions?.code).toBe('FORBIDDEN');
  });

  it('FACT_CHECKER also records verdicts, under its own name, but manages no keys', async () => {
    const statement = await createStatement(api);
    const data = await api.ok(
      SET_VERDICT,
      { input: { statementId: statement.id, expectedVersion: 1, status: 'FALSE', rationale: 'Checked.', evidence: EVIDENCE } },
      { key: api.keys.FACT_CHECKER },
    );
    expect(data.setVerdict.reviewer).toBe('Test fact-checker');
    expect((await api.fails(CREATE_KEY, { input: { name: 'x', role: 'CONTRIBUTOR' } }, { key: api.keys.FACT_CHECKER })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    await createSpeaker(api); // and everything a contributor does
  });

  it('ADMIN also creates, lists and revokes keys', async () => {
    const name = `Listed ${token()}`;
    const created = await api.ok(CREATE_KEY, { input: { name, role: 'CONTRIBUTOR' } }, { key: api.keys.ADMIN });
    expect(await api.allKeys()).toContainEqual(expect.objectContaining({ id: created.createApiKey.apiKey.id, name, role: 'CONTRIBUTOR', revokedAt: null }));
  });
});

describe('who made it', () => {
  it("a link's creator and a verdict's reviewer are the key that made them, not free text", async () => {
    const [a, b] = [await createStatement(api), await createStatement(api)];
    const desk = await api.createKey('FACT_CHECKER', `Desk ${token()}`);
    const linked = await api.ok(
      `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { createdBy } }`,
      { input: { fromId: a.id, toId: b.id, kind: 'REBUTS' } },
      { key: desk },
    );
    expect(linked.linkStatements.createdBy).toMatch(/^Desk /);
    const seen = await api.ok(`query($id: ID!) { statement(id: $id) { links { createdBy } } }`, { id: b.id }, { key: null });
    expect(seen.statement.links).toEqual([{ createdBy: linked.linkStatements.createdBy }]);
    const rows = await api.db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT k.name FROM statement_link l JOIN api_key k ON k.id = l.created_by_id
       WHERE l.from_id = $1::uuid`,
      parseGlobalId(a.id)!.id,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toMatch(/^Desk /);
    const verdictInput = { statementId: b.id, expectedVersion: 1, status: 'TRUE', rationale: 'ok', evidence: EVIDENCE, reviewer: 'Someone else' };
    const error = await api.fails(SET_VERDICT, { input: verdictInput }, { key: desk });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('createSource is refused to a revoked key even though the source module knows nothing of keys', async () => {
    const name = `Short-lived ${token()}`;
    const key = await api.createKey('CONTRIBUTOR', name);
    const id = (await api.allKeys()).find((n) => n.name === name)!.id;
    await api.ok(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id });
    const slug = `r-${token()}`;
    const error = await api.fails(`mutation($input: CreateSourceInput!) { createSource(input: $input) { id } }`, { input: { slug, name: 'x', kind: 'OTHER' } }, { key });
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    const missing = await api.gql(`query($slug: String!) { source(slug: $slug) { id } }`, { slug });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await createSource(api);
  });
});
