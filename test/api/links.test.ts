import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpeaker, createStatement, link } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { parseGlobalId } from '../../src/ids.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const LINK = `mutation($input: LinkStatementsInput!) {
  linkStatements(input: $input) { id kind note createdAt from { id } to { id } }
}`;

const UNLINK = `mutation($input: UnlinkStatementsInput!) {
  unlinkStatements(input: $input) { id kind note from { id } to { id } }
}`;

const RELATIONS = `query($id: ID!) {
  statement(id: $id) { id disputed rebuttals { id } rebuts { id } }
}`;

const LINKS = `query($id: ID!, $direction: LinkDirection!, $kind: LinkKind) {
  statement(id: $id) { links(direction: $direction, kind: $kind) { kind note from { id } to { id } } }
}`;

const ghost = (type: string) => Buffer.from(`${type}:00000000-0000-7000-8000-000000000000`).toString('base64url');

async function relations(id: string) {
  return (await api.ok(RELATIONS, { id })).statement as {
    id: string;
    disputed: boolean;
    rebuttals: { id: string }[];
    rebuts: { id: string }[];
  };
}

async function links(id: string, direction: string, kind?: string) {
  return (await api.ok(LINKS, { id, direction, kind })).statement.links as {
    kind: string;
    note: string | null;
    from: { id: string };
    to: { id: string };
  }[];
}

describe('linkStatements', () => {
  it('records a REBUTS link and returns it with both ends', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    const data = await api.ok(LINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS', note: '  Denied the next day  ' } });
    const created = data.linkStatements;
    expect(created).toMatchObject({ kind: 'REBUTS', note: 'Denied the next day', from: { id: a.id }, to: { id: b.id } });
    expect(parseGlobalId(created.id)?.type).toBe('StatementLink');
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
  });

  it('A rebuts B: B lists A as a rebuttal and is disputed; A rebuts B and is not disputed', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    await link(api, a.id, b.id, 'REBUTS');

    expect(await relations(b.id)).toEqual({ id: b.id, disputed: true, rebuttals: [{ id: a.id }], rebuts: [] });
    expect(await relations(a.id)).toEqual({ id: a.id, disputed: false, rebuttals: [], rebuts: [{ id: b.id }] });
  });

  it('lists several rebuttals oldest link first', async () => {
    const target = await createStatement(api);
    const first = await createStatement(api);
    const second = await createStatement(api);
    await link(api, second.id, target.id, 'REBUTS');
    await link(api, first.id, target.id, 'REBUTS');
    const found = await relations(target.id);
    expect(found.rebuttals).toEqual([{ id: second.id }, { id: first.id }]);
    expect(found.disputed).toBe(true);
  });

  it('does not make a statement disputed through SUPPORTS, REPEATS or CLARIFIES links', async () => {
    const target = await createStatement(api);
    for (const kind of ['SUPPORTS', 'REPEATS', 'CLARIFIES']) {
      const other = await createStatement(api);
      await link(api, other.id, target.id, kind);
    }
    expect(await relations(target.id)).toEqual({ id: target.id, disputed: false, rebuttals: [], rebuts: [] });
  });

  it('refuses a link from a statement to itself', async () => {
    const a = await createStatement(api);
    const error = await api.fails(LINK, { input: { fromId: a.id, toId: a.id, kind: 'SUPPORTS' } });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await links(a.id, 'BOTH')).toEqual([]);
  });

  it('refuses the same (from, to, kind) twice with CONFLICT, keeping the first link', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    await link(api, a.id, b.id, 'REBUTS', 'first');
    const error = await api.fails(LINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS', note: 'second' } });
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(await links(a.id, 'OUTGOING')).toEqual([{ kind: 'REBUTS', note: 'first', from: { id: a.id }, to: { id: b.id } }]);
  });

  it('allows the reverse direction and another kind between the same statements', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    await link(api, a.id, b.id, 'REBUTS');
    await link(api, b.id, a.id, 'REBUTS');
    await link(api, a.id, b.id, 'CLARIFIES');
    expect(await relations(a.id)).toEqual({ id: a.id, disputed: true, rebuttals: [{ id: b.id }], rebuts: [{ id: b.id }] });
    expect((await links(a.id, 'OUTGOING')).map((l) => l.kind)).toEqual(['REBUTS', 'CLARIFIES']);
  });

  it('says NOT_FOUND, naming the field, for a statement that does not exist', async () => {
    const a = await createStatement(api);
    const fromMissing = await api.fails(LINK, { input: { fromId: ghost('Statement'), toId: a.id, kind: 'REBUTS' } });
    expect(fromMissing.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.fromId' });
    const toMissing = await api.fails(LINK, { input: { fromId: a.id, toId: ghost('Statement'), kind: 'REBUTS' } });
    expect(toMissing.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.toId' });
    expect(await links(a.id, 'BOTH')).toEqual([]);
  });

  it('refuses an ID of another type or garbage with BAD_USER_INPUT', async () => {
    const a = await createStatement(api);
    const speaker = await createSpeaker(api);
    const wrongFrom = await api.fails(LINK, { input: { fromId: speaker.id, toId: a.id, kind: 'REBUTS' } });
    expect(wrongFrom.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fromId' });
    const wrongTo = await api.fails(LINK, { input: { fromId: a.id, toId: speaker.id, kind: 'REBUTS' } });
    expect(wrongTo.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.toId' });
    const garbage = await api.fails(LINK, { input: { fromId: 'not-an-id!', toId: a.id, kind: 'REBUTS' } });
    expect(garbage.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fromId' });
  });

  it('accepts a note of 1000 characters and refuses 1001', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    const tooLong = await api.fails(LINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS', note: 'n'.repeat(1001) } });
    expect(tooLong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
    expect(await links(a.id, 'BOTH')).toEqual([]);
    const ok = await api.ok(LINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS', note: 'n'.repeat(1000) } });
    expect(ok.linkStatements.note).toHaveLength(1000);
  });
});

describe('Statement.links', () => {
  it('filters by direction and kind, outgoing first, with notes', async () => {
    const hub = await createStatement(api);
    const rebutted = await createStatement(api);
    const supported = await createStatement(api);
    const rebutter = await createStatement(api);
    const repeater = await createStatement(api);
    await link(api, hub.id, rebutted.id, 'REBUTS', 'hub rebuts');
    await link(api, hub.id, supported.id, 'SUPPORTS', 'hub supports');
    await link(api, rebutter.id, hub.id, 'REBUTS', 'rebutter rebuts hub');
    await link(api, repeater.id, hub.id, 'REPEATS');

    const outgoing = [
      { kind: 'REBUTS', note: 'hub rebuts', from: { id: hub.id }, to: { id: rebutted.id } },
      { kind: 'SUPPORTS', note: 'hub supports', from: { id: hub.id }, to: { id: supported.id } },
    ];
    const incoming = [
      { kind: 'REBUTS', note: 'rebutter rebuts hub', from: { id: rebutter.id }, to: { id: hub.id } },
      { kind: 'REPEATS', note: null, from: { id: repeater.id }, to: { id: hub.id } },
    ];
    expect(await links(hub.id, 'OUTGOING')).toEqual(outgoing);
    expect(await links(hub.id, 'INCOMING')).toEqual(incoming);
    expect(await links(hub.id, 'BOTH')).toEqual([...outgoing, ...incoming]);
    expect(await links(hub.id, 'BOTH', 'REBUTS')).toEqual([outgoing[0], incoming[0]]);
    expect(await links(hub.id, 'INCOMING', 'REBUTS')).toEqual([incoming[0]]);
    expect(await links(hub.id, 'OUTGOING', 'REPEATS')).toEqual([]);
    expect(await links(hub.id, 'BOTH', 'CLARIFIES')).toEqual([]);
  });

  it('defaults to both directions', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    const c = await createStatement(api);
    await link(api, a.id, b.id, 'SUPPORTS');
    await link(api, c.id, a.id, 'CLARIFIES');
    const data = await api.ok(`query($id: ID!) { statement(id: $id) { links { kind from { id } to { id } } } }`, { id: a.id });
    expect(data.statement.links).toEqual([
      { kind: 'SUPPORTS', from: { id: a.id }, to: { id: b.id } },
      { kind: 'CLARIFIES', from: { id: c.id }, to: { id: a.id } },
    ]);
  });
});

describe('unlinkStatements', () => {
  it('removes the link, returns it as it was, and the statement is no longer disputed', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    const created = await link(api, a.id, b.id, 'REBUTS', 'Contradicts the figures');
    expect((await relations(b.id)).disputed).toBe(true);

    const data = await api.ok(UNLINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS' } });
    expect(data.unlinkStatements).toEqual({
      id: created.id,
      kind: 'REBUTS',
      note: 'Contradicts the figures',
      from: { id: a.id },
      to: { id: b.id },
    });

    expect(await relations(b.id)).toEqual({ id: b.id, disputed: false, rebuttals: [], rebuts: [] });
    expect(await relations(a.id)).toEqual({ id: a.id, disputed: false, rebuttals: [], rebuts: [] });
    expect(await links(a.id, 'BOTH')).toEqual([]);
    const gone = await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: created.id });
    expect(gone.node).toBeNull();
  });

  it('removes only the named kind', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    await link(api, a.id, b.id, 'REBUTS');
    await link(api, a.id, b.id, 'CLARIFIES', 'context');
    await api.ok(UNLINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS' } });
    expect(await links(a.id, 'OUTGOING')).toEqual([{ kind: 'CLARIFIES', note: 'context', from: { id: a.id }, to: { id: b.id } }]);
  });

  it('says NOT_FOUND for a link that does not exist, in either direction or kind', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    await link(api, a.id, b.id, 'REBUTS');
    for (const input of [
      { fromId: b.id, toId: a.id, kind: 'REBUTS' },
      { fromId: a.id, toId: b.id, kind: 'SUPPORTS' },
    ]) {
      const error = await api.fails(UNLINK, { input });
      expect(error.extensions?.code).toBe('NOT_FOUND');
    }
    await api.ok(UNLINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS' } });
    const again = await api.fails(UNLINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS' } });
    expect(again.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses IDs of another type with BAD_USER_INPUT', async () => {
    const a = await createStatement(api);
    const speaker = await createSpeaker(api);
    const error = await api.fails(UNLINK, { input: { fromId: a.id, toId: speaker.id, kind: 'REBUTS' } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.toId' });
  });
});

describe('statements(filter: { disputed })', () => {
  const LIST = `query($speakerId: ID!, $disputed: Boolean) {
    statements(filter: { speakerId: $speakerId, disputed: $disputed }) { totalCount edges { node { id } } }
  }`;

  async function listIds(speakerId: string, disputed: boolean) {
    const data = await api.ok(LIST, { speakerId, disputed });
    const ids = data.statements.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(data.statements.totalCount).toBe(ids.length);
    return ids;
  }

  it('agrees with the REBUTS links, before and after unlinking', async () => {
    const speaker = await createSpeaker(api);
    const a = await createStatement(api, { speakerId: speaker.id });
    const b = await createStatement(api, { speakerId: speaker.id });
    const c = await createStatement(api, { speakerId: speaker.id });
    // Links from a statement of another speaker count too.
    const outsider = await createStatement(api);

    expect(await listIds(speaker.id, true)).toEqual([]);
    expect(await listIds(speaker.id, false)).toEqual([c.id, b.id, a.id]);

    await link(api, a.id, b.id, 'REBUTS');
    await link(api, c.id, a.id, 'SUPPORTS');
    await link(api, outsider.id, c.id, 'REBUTS');
    expect(await listIds(speaker.id, true)).toEqual([c.id, b.id]);
    expect(await listIds(speaker.id, false)).toEqual([a.id]);

    await api.ok(UNLINK, { input: { fromId: a.id, toId: b.id, kind: 'REBUTS' } });
    expect(await listIds(speaker.id, true)).toEqual([c.id]);
    expect(await listIds(speaker.id, false)).toEqual([b.id, a.id]);
  });
});
