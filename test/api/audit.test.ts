import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createStatement, EVIDENCE, link, setVerdict, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { parseGlobalId } from '../../src/ids.js';

let api: TestServer;
let deskKey: string;
let deskId: string;
beforeAll(async () => {
  api = await startTestServer();
  const name = `Audit desk ${token()}`;
  deskKey = await api.createKey('FACT_CHECKER', name);
  deskId = (await api.allKeys()).find((n) => n.name === name)!.id;
});
afterAll(() => api.close());

const LOG = `query($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { cursor node { id operation entityType entityId keyId keyName keyRole before after createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function entriesFor(entityId: string) {
  const data = await api.ok(LOG, { filter: { entityId }, first: 100 });
  return data.auditLog.edges.map((e: any) => e.node);
}

describe('audit trail', () => {
  it('records who changed what, when, with the values before and after, for each mutation', async () => {
    const statement = await createStatement(api, { text: 'Original text' }, );
    await api.ok(
      `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { version } }`,
      { input: { id: statement.id, expectedVersion: 1, text: 'Edited text' } },
      { key: deskKey },
    );
    const verdict = await setVerdict(api, statement.id, 2, {}, deskKey);

    const onStatement = await entriesFor(statement.id);
    expect(onStatement.map((e: any) => e.operation)).toEqual(['updateStatement', 'createStatement']);
    const [update, create] = onStatement;
    expect(create).toMatchObject({ entityType: 'Statement', entityId: statement.id, keyName: 'Test desk', keyRole: 'ADMIN', before: null });
    expect(create.after).toMatchObject({ text: 'Original text', version: 1 });
    expect(update).toMatchObject({ keyName: expect.stringMatching(/^Audit desk/), keyRole: 'FACT_CHECKER', keyId: deskId });
    expect(update.before).toMatchObject({ text: 'Original text', version: 1 });
    expect(update.after).toMatchObject({ text: 'Edited text', version: 2 });

    const [onVerdict] = await entriesFor(verdict.id);
    expect(onVerdict).toMatchObject({ operation: 'setVerdict', entityType: 'Verdict', keyId: deskId });
    expect(onVerdict.before).toMatchObject({ status: 'UNVERIFIED', version: 2 });
    expect(onVerdict.after).toMatchObject({ status: 'FALSE', rationale: 'The record shows otherwise.', version: 3 });
    expect(onVerdict.after.evidence).toHaveLength(1);
  });

  it('covers sources, speakers, appearances, links and keys', async () => {
    const source = await createSource(api);
    expect((await entriesFor(source.id)).map((e: any) => e.operation)).toEqual(['createSource']);
    const [a, b] = [await createStatement(api), await createStatement(api)];
    const added = await api.ok(
      `mutation($input: AddAppearanceInput!) { addAppearance(input: $input) { id } }`,
      { input: { statementId: a.id, sourceId: source.id, url: 'https://audit.example/a' } },
    );
    expect((await entriesFor(added.addAppearance.id)).map((e: any) => e.operation)).toEqual(['addAppearance']);
    const linked = await link(api, a.id, b.id, 'SUPPORTS', 'why');
    await api.ok(`mutation($input: UnlinkStatementsInput!) { unlinkStatements(input: $input) { id } }`, {
      input: { fromId: a.id, toId: b.id, kind: 'SUPPORTS' },
    });
    const onLink = await entriesFor(linked.id);
    expect(onLink.map((e: any) => e.operation)).toEqual(['unlinkStatements', 'linkStatements']);
    expect(onLink[0].before).toMatchObject({ kind: 'SUPPORTS', note: 'why' });
    expect(onLink[0].after).toBeNull();
    const onKey = await entriesFor(deskId);
    expect(onKey.map((e: any) => e.operation)).toEqual(['createApiKey']);
    expect(JSON.stringify(onKey)).not.toContain(deskKey);
    expect(JSON.stringify(onKey)).not.toMatch(/keyHash|key_hash/);
  });

  it('records nothing for a failed mutation', async () => {
    const statement = await createStatement(api);
    const before = (await api.ok(LOG, { first: 0 })).auditLog.totalCount;
    await api.fails(`mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id } }`, {
      input: { statementId: statement.id, expectedVersion: 7, status: 'FALSE', rationale: 'x', evidence: EVIDENCE },
    });
    const slug = (await createSource(api)).slug;
    await api.fails(`mutation($input: CreateSourceInput!) { createSource(input: $input) { id } }`, { input: { slug, name: 'dup', kind: 'OTHER' } });
    await api.fails(`mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`, { input: { name: 'x', kind: 'PERSON' } }, { key: null });
    const after = (await api.ok(LOG, { first: 0 })).auditLog.totalCount;
    expect(after).toBe(before + 1); // the one successful createSource
  });

  it('filters by key, operation and time, and pages newest first', async () => {
    const name = `Pager ${token()}`;
    const pagerKey = await api.createKey('FACT_CHECKER', name);
    const pagerId = (await api.allKeys()).find((n) => n.name === name)!.id;
    const statement = await createStatement(api);
    const start = new Date();
    for (const version of [1, 2, 3]) await setVerdict(api, statement.id, version, { status: 'IN_REVIEW', rationale: null, evidence: null }, pagerKey);
    const byKey = await api.ok(LOG, { filter: { keyId: pagerId, operation: 'setVerdict', from: start.toISOString() }, first: 2 });
    expect(byKey.auditLog.totalCount).toBe(3);
    expect(byKey.auditLog.edges).toHaveLength(2);
    const rest = await api.ok(LOG, { filter: { keyId: pagerId, operation: 'setVerdict', from: start.toISOString() }, first: 2, after: byKey.auditLog.pageInfo.endCursor });
    expect(rest.auditLog.edges).toHaveLength(1);
    const times = [...byKey.auditLog.edges, ...rest.auditLog.edges].map((e: any) => Date.parse(e.node.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const none = await api.ok(LOG, { filter: { keyId: pagerId, to: start.toISOString(), operation: 'setVerdict' } });
    expect(none.auditLog.totalCount).toBe(0);
    expect((await api.fails(LOG, { filter: { from: start.toISOString(), to: start.toISOString() } })).extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.fails(LOG, { filter: { entityId: 'nonsense' } })).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is for admins only', async () => {
    expect((await api.fails(LOG, {}, { key: api.keys.FACT_CHECKER })).extensions?.code).toBe('FORBIDDEN');
    expect((await api.fails(LOG, {}, { key: null })).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('cannot be changed or deleted, even with direct database access', async () => {
    const source = await createSource(api);
    const uuid = parseGlobalId(source.id)!.id;
    await expect(api.db.$executeRawUnsafe(`UPDATE audit_entry SET key_name = 'nobody' WHERE entity_id = $1::uuid`, uuid)).rejects.toThrow();
    await expect(api.db.$executeRawUnsafe(`DELETE FROM audit_entry WHERE entity_id = $1::uuid`, uuid)).rejects.toThrow();
    const [entry] = await entriesFor(source.id);
    expect(entry.keyName).toBe('Test desk');
  });
});

describe('statusAsOf', () => {
  it('answers from the verdict history', async () => {
    const statement = await createStatement(api);
    const created = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await setVerdict(api, statement.id, 1, { status: 'IN_REVIEW', rationale: null, evidence: null });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const middle = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await setVerdict(api, statement.id, 2, { status: 'MOSTLY_FALSE' });
    const data = await api.ok(
      `query($id: ID!, $before: DateTime!, $created: DateTime!, $middle: DateTime!, $now: DateTime!) { statement(id: $id) {
        before: statusAsOf(at: $before) created: statusAsOf(at: $created) middle: statusAsOf(at: $middle) now: statusAsOf(at: $now) status } }`,
      {
        id: statement.id,
        before: '2000-01-01T00:00:00Z',
        created: created.toISOString(),
        middle: middle.toISOString(),
        now: new Date(Date.now() + 1000).toISOString(),
      },
      { key: null },
    );
    expect(data.statement).toEqual({ before: null, created: 'UNVERIFIED', middle: 'IN_REVIEW', now: 'MOSTLY_FALSE', status: 'MOSTLY_FALSE' });
  });
});
