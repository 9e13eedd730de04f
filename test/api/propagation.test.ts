import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createStatement, token } from '../support/factories.js';
import { toGlobalId } from '../../src/ids.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const ADD = `mutation($input: AddAppearanceInput!) { addAppearance(input: $input) { id carriedFrom { id } } }`;
const PROPAGATION = `query($id: ID!) { statement(id: $id) { propagation {
  outlets spanSeconds
  first { position publishedAt lagSeconds source { id } carriedFrom { id } appearance { url } }
  later(first: 20) { position publishedAt lagSeconds source { id } carriedFrom { id } appearance { url carriedFrom { id } } }
} } }`;
const url = () => `https://news.example/${token()}`;

describe('Statement.propagation: who carried it first, and who picked it up', () => {
  it('starts from the earliest publication, breaks a tie by the earliest recorded, lists undated ones last, and says where each outlet got it', async () => {
    const [agency, paper, broadcaster, blog] = await Promise.all([createSource(api), createSource(api), createSource(api), createSource(api)]);
    const agencyUrl = url();
    // Given in an order that is neither publication nor anything else: the spread is worked out, not read off the input.
    const statement = await createStatement(api, {
      appearances: [
        { sourceId: paper.id, url: url(), publishedAt: '2026-02-01T11:00:00Z', carriedFromId: agency.id },
        { sourceId: agency.id, url: agencyUrl, publishedAt: '2026-02-01T09:00:00Z' },
        { sourceId: blog.id, url: url() },
      ],
    });
    // Published the same moment as the agency, recorded after it: second, lag 0.
    await api.ok(ADD, { input: { statementId: statement.id, sourceId: broadcaster.id, url: url(), publishedAt: '2026-02-01T09:00:00Z', carriedFromId: agency.id } });
    const { propagation } = (await api.ok(PROPAGATION, { id: statement.id }, { key: null })).statement;
    expect(propagation.first).toEqual({
      position: 0,
      publishedAt: '2026-02-01T09:00:00.000Z',
      lagSeconds: 0,
      source: { id: agency.id },
      carriedFrom: null,
      appearance: { url: agencyUrl },
    });
    expect(propagation.later.map((s: any) => [s.position, s.source.id, s.lagSeconds, s.carriedFrom?.id ?? null])).toEqual([
      [1, broadcaster.id, 0, agency.id],
      [2, paper.id, 7200, agency.id],
      [3, blog.id, null, null],
    ]);
    expect(propagation.later[1].appearance.carriedFrom).toEqual({ id: agency.id });
    expect(propagation).toMatchObject({ outlets: 4, spanSeconds: 7200 });
  });

  it('moves the first appearance when one published earlier is recorded later', async () => {
    const [late, early] = await Promise.all([createSource(api), createSource(api)]);
    const statement = await createStatement(api, { appearances: [{ sourceId: late.id, url: url(), publishedAt: '2026-03-02T10:00:00Z' }] });
    await api.ok(ADD, { input: { statementId: statement.id, sourceId: early.id, url: url(), publishedAt: '2026-03-01T10:00:00Z' } });
    const { propagation } = (await api.ok(PROPAGATION, { id: statement.id }, { key: null })).statement;
    expect(propagation.first.source).toEqual({ id: early.id });
    expect(propagation.later.map((s: any) => [s.source.id, s.lagSeconds])).toEqual([[late.id, 86_400]]);
  });

  it('has no first appearance for a statement carried nowhere', async () => {
    const statement = await createStatement(api);
    const { propagation } = (await api.ok(PROPAGATION, { id: statement.id }, { key: null })).statement;
    expect(propagation).toEqual({ outlets: 0, spanSeconds: null, first: null, later: [] });
  });
});

describe('carriedFrom written by hand', () => {
  it('refuses an outlet named as its own source, on both mutations that record appearances', async () => {
    const source = await createSource(api);
    const created = await api.fails(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
      input: { speakerId: (await createStatement(api)).speakerId, text: `Self-cited ${token()}`, appearances: [{ sourceId: source.id, url: url(), carriedFromId: source.id }] },
    });
    expect(created.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.appearances[0].carriedFromId' });
    const statement = await createStatement(api);
    const added = await api.fails(ADD, { input: { statementId: statement.id, sourceId: source.id, url: url(), carriedFromId: source.id } });
    expect(added.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.carriedFromId' });
  });

  it('refuses a source that does not exist, or an ID of another type, and stores nothing', async () => {
    const source = await createSource(api);
    const statement = await createStatement(api);
    const missing = await api.fails(ADD, { input: { statementId: statement.id, sourceId: source.id, url: url(), carriedFromId: toGlobalId('Source', randomUUID()) } });
    expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.carriedFromId' });
    const wrongType = await api.fails(ADD, { input: { statementId: statement.id, sourceId: source.id, url: url(), carriedFromId: statement.id } });
    expect(wrongType.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.carriedFromId' });
    const count = await api.ok(`query($id: ID!) { statement(id: $id) { appearanceCount } }`, { id: statement.id });
    expect(count.statement.appearanceCount).toBe(0);
  });
});

describe('Source.pickup(since, until)', () => {
  it('counts how often an outlet was first, its median lag when not, and whom it picks up from, named or not', async () => {
    const [outlet, origin, other] = await Promise.all([createSource(api), createSource(api), createSource(api)]);
    const chain = (first: { id: string }, firstAt: string, at: string, carriedFromId?: string) =>
      createStatement(api, {
        appearances: [
          { sourceId: first.id, url: url(), publishedAt: firstAt },
          { sourceId: outlet.id, url: url(), publishedAt: at, carriedFromId },
        ],
      });
    // First itself (the other outlet's later appearance is no pickup of ours).
    await createStatement(api, {
      appearances: [
        { sourceId: outlet.id, url: url(), publishedAt: '2026-04-01T08:00:00Z' },
        { sourceId: other.id, url: url(), publishedAt: '2026-04-01T09:00:00Z' },
      ],
    });
    await chain(origin, '2026-04-02T10:00:00Z', '2026-04-02T12:00:00Z', origin.id); // named, 2 h
    await chain(origin, '2026-04-03T10:00:00Z', '2026-04-03T11:00:00Z'); // unnamed: the first outlet, 1 h
    await chain(other, '2026-04-04T10:00:00Z', '2026-04-04T14:00:00Z', origin.id); // names origin though other was first, 4 h
    await chain(other, '2026-05-05T10:00:00Z', '2026-05-05T10:30:00Z'); // in May, 30 min

    const PICKUP = `query($id: ID!, $since: DateTime, $until: DateTime) { node(id: $id) { ... on Source {
      pickup(since: $since, until: $until) { statements first firstShare medianLagSeconds from { source { id } statements named } } } } }`;
    const all = (await api.ok(PICKUP, { id: outlet.id }, { key: null })).node.pickup;
    expect(all).toEqual({
      statements: 5,
      first: 1,
      firstShare: 0.2,
      medianLagSeconds: 5400,
      from: [
        { source: { id: origin.id }, statements: 3, named: 2 },
        { source: { id: other.id }, statements: 1, named: 0 },
      ],
    });
    const april = (await api.ok(PICKUP, { id: outlet.id, since: '2026-04-01T00:00:00Z', until: '2026-05-01T00:00:00Z' }, { key: null })).node.pickup;
    expect(april).toMatchObject({ statements: 4, first: 1, firstShare: 0.25, medianLagSeconds: 7200 });
    const none = (await api.ok(PICKUP, { id: outlet.id, since: '2027-01-01T00:00:00Z' }, { key: null })).node.pickup;
    expect(none).toEqual({ statements: 0, first: 0, firstShare: null, medianLagSeconds: null, from: [] });
  });

  it('refuses a period that ends before it starts', async () => {
    const source = await createSource(api);
    const error = await api.fails(`query($id: ID!) { node(id: $id) { ... on Source { pickup(since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z") { first } } } }`, { id: source.id });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
