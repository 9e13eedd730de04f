import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createSpeaker, createStatement, link, setVerdict, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const ghost = (type: string) => Buffer.from(`${type}:00000000-0000-7000-8000-000000000000`).toString('base64url');

type Edge = { cursor: string; node: { id: string; name?: string; statedAt?: string | null } };
type Connection = {
  totalCount?: number;
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};
const nodeIds = (connection: Connection) => connection.edges.map((e) => e.node.id);

const CREATE_SOURCE = `mutation($input: CreateSourceInput!) {
  createSource(input: $input) { id slug name kind country homepageUrl stateAffiliated createdAt updatedAt }
}`;

describe('createSource', () => {
  it('stores a source, normalising the country and defaulting stateAffiliated to false', async () => {
    const slug = `sana-${token()}`;
    const data = await api.ok(CREATE_SOURCE, {
      input: { slug, name: '  SANA  ', kind: 'STATE_MEDIA', country: ' sy ', homepageUrl: 'https://sana.example/en' },
    });
    expect(data.createSource).toMatchObject({
      slug,
      name: 'SANA',
      kind: 'STATE_MEDIA',
      country: 'SY',
      homepageUrl: 'https://sana.example/en',
      stateAffiliated: false,
    });
    const affiliated = await api.ok(CREATE_SOURCE, {
      input: { slug: `rt-${token()}`, name: 'RT', kind: 'BROADCASTER', stateAffiliated: true },
    });
    expect(affiliated.createSource).toMatchObject({ country: null, homepageUrl: null, stateAffiliated: true });
  });

  it('refuses a slug that is taken with CONFLICT on input.slug', async () => {
    const source = await createSource(api);
    const error = await api.fails(CREATE_SOURCE, { input: { slug: source.slug, name: 'Another name', kind: 'ONLINE' } });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
    const found = await api.ok(`query($slug: String!) { source(slug: $slug) { id name } }`, { slug: source.slug });
    expect(found.source).toEqual({ id: source.id, name: `Source ${source.slug}` });
  });

  it.each(['', 'Al-Jazeera', 'al jazeera', '-afp', 'afp-', 'al--jazeera', 'al_jazeera', 'a'.repeat(65), 'afp!'])(
    'refuses the slug %j with BAD_USER_INPUT',
    async (slug) => {
      const error = await api.fails(CREATE_SOURCE, { input: { slug, name: 'Name', kind: 'NEWSPAPER' } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
    },
  );

  it('accepts a 64-character slug', async () => {
    const slug = `${token()}-${'x'.repeat(55)}`;
    expect(slug).toHaveLength(64);
    const data = await api.ok(CREATE_SOURCE, { input: { slug, name: 'Long', kind: 'OTHER' } });
    expect(data.createSource.slug).toBe(slug);
  });

  it.each(['XX', 'SYR', 'S', '12', 'S1', 'Syria'])('refuses the country %j', async (country) => {
    const error = await api.fails(CREATE_SOURCE, { input: { slug: `s-${token()}`, name: 'Name', kind: 'NEWSPAPER', country } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.country' });
  });

  it('refuses region codes that are not ISO 3166-1 country codes', async () => {
    // Unknown Region, a pseudo-locale, Outlying Oceania, Eurozone, United Nations,
    // European Union, and UK (reserved; the United Kingdom's code is GB).
    const accepted: string[] = [];
    for (const country of ['ZZ', 'XA', 'QO', 'EZ', 'UN', 'EU', 'UK']) {
      const body = await api.gql(CREATE_SOURCE, { input: { slug: `s-${token()}`, name: 'Name', kind: 'NEWSPAPER', country } });
      if (body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT' && body.errors[0].extensions.field === 'input.country') continue;
      accepted.push(country);
    }
    expect(accepted).toEqual([]);
  });

  it.each(['GB', 'QA', 'FR', 'ps', 'Ua'])('accepts the country code %j', async (country) => {
    const data = await api.ok(CREATE_SOURCE, { input: { slug: `s-${token()}`, name: 'Name', kind: 'NEWSPAPER', country } });
    expect(data.createSource.country).toBe(country.toUpperCase());
  });

  it.each(['ftp://files.example', 'javascript:alert(1)', 'not a url', 'sana.example', 'https://user:pw@sana.example'])(
    'refuses the homepage %j',
    async (homepageUrl) => {
      const error = await api.fails(CREATE_SOURCE, { input: { slug: `s-${token()}`, name: 'Name', kind: 'NEWSPAPER', homepageUrl } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.homepageUrl' });
    },
  );

  it('refuses a blank or over-long name', async () => {
    for (const name of ['  ', 'n'.repeat(201)]) {
      const error = await api.fails(CREATE_SOURCE, { input: { slug: `s-${token()}`, name, kind: 'NEWSPAPER' } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    }
  });
});

describe('source(id | slug)', () => {
  const SOURCE = `query($id: ID, $slug: String) { source(id: $id, slug: $slug) { id slug } }`;

  it('finds a source by ID and by slug', async () => {
    const source = await createSource(api);
    expect((await api.ok(SOURCE, { id: source.id })).source).toEqual({ id: source.id, slug: source.slug });
    expect((await api.ok(SOURCE, { slug: source.slug })).source).toEqual({ id: source.id, slug: source.slug });
  });

  it('needs exactly one of id and slug', async () => {
    const source = await createSource(api);
    expect((await api.fails(SOURCE, { id: source.id, slug: source.slug })).extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.fails(SOURCE, {})).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('says NOT_FOUND for an unknown slug or ID, BAD_USER_INPUT for a malformed one', async () => {
    const bySlug = await api.gql(SOURCE, { slug: `missing-${token()}` });
    expect(bySlug.data).toEqual({ source: null });
    expect(bySlug.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'slug' });
    expect((await api.fails(SOURCE, { id: ghost('Source') })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await api.fails(SOURCE, { slug: 'Not A Slug' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    const speaker = await createSpeaker(api);
    expect((await api.fails(SOURCE, { id: speaker.id })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('sources (connection)', () => {
  const SOURCES = `query($first: Int, $after: String) {
    sources(first: $first, after: $after) {
      edges { cursor node { id name } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  it('pages through every source alphabetically without repeating one', async () => {
    const prefix = `Aaa ${token()}`;
    const bravo = await createSource(api, { name: `${prefix} Bravo` });
    const charlie = await createSource(api, { name: `${prefix} Charlie` });
    const alpha = await createSource(api, { name: `${prefix} Alpha` });

    const seen: { id: string }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const data = await api.ok(SOURCES, { first: 50, after });
      const connection = data.sources as Connection;
      expect(connection.edges.length).toBeLessThanOrEqual(50);
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.pageInfo.startCursor).toBe(connection.edges[0]?.cursor ?? null);
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      seen.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      expect(connection.edges).toHaveLength(50);
      after = connection.pageInfo.endCursor;
    }
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const mine = ids.filter((id) => [alpha.id, bravo.id, charlie.id].includes(id));
    expect(mine).toEqual([alpha.id, bravo.id, charlie.id]);
  });

  it('walks one source at a time with first: 1', async () => {
    const first = await api.ok(SOURCES, { first: 1 });
    expect(first.sources.edges).toHaveLength(1);
    expect(first.sources.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await api.ok(SOURCES, { first: 1, after: first.sources.pageInfo.endCursor });
    expect(second.sources.edges).toHaveLength(1);
    expect(second.sources.edges[0].node.id).not.toBe(first.sources.edges[0].node.id);
    expect(second.sources.pageInfo.hasPreviousPage).toBe(true);
  });

  it('refuses a page size above 100 or below 0, and a garbage cursor', async () => {
    await createSource(api);
    const hundred = await api.ok(`query { sources(first: 100) { edges { cursor } } }`);
    expect(hundred.sources.edges.length).toBeLessThanOrEqual(100);
    expect((await api.fails(SOURCES, { first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', maxPageSize: 100 });
    expect((await api.fails(SOURCES, { first: -1 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    for (const after of ['garbage', 'not a cursor!', Buffer.from('c1:{"x":1}').toString('base64url'), 'x'.repeat(600)]) {
      expect((await api.fails(SOURCES, { first: 5, after })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});

describe('Source.statements and Speaker.statements', () => {
  it('lists exactly what a source carried, newest first, each statement once', async () => {
    const source = await createSource(api);
    const otherSource = await createSource(api);
    const first = await createStatement(api, {
      appearances: [
        { sourceId: source.id, url: 'https://agency.example/1' },
        { sourceId: source.id, url: 'https://agency.example/1-update' },
      ],
    });
    const second = await createStatement(api, {
      appearances: [
        { sourceId: otherSource.id, url: 'https://tv.example/2' },
        { sourceId: source.id, url: 'https://agency.example/2' },
      ],
    });
    await createStatement(api, { appearances: [{ sourceId: otherSource.id, url: 'https://tv.example/3' }] });
    await createStatement(api);

    const QUERY = `query($id: ID!, $first: Int, $after: String) {
      source(id: $id) { statements(first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
    }`;
    const all = (await api.ok(QUERY, { id: source.id })).source.statements;
    expect(all.totalCount).toBe(2);
    expect(nodeIds(all)).toEqual([second.id, first.id]);

    const page1 = (await api.ok(QUERY, { id: source.id, first: 1 })).source.statements;
    expect(nodeIds(page1)).toEqual([second.id]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await api.ok(QUERY, { id: source.id, first: 1, after: page1.pageInfo.endCursor })).source.statements;
    expect(nodeIds(page2)).toEqual([first.id]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.totalCount).toBe(2);

    const empty = await createSource(api);
    expect((await api.ok(QUERY, { id: empty.id })).source.statements).toMatchObject({ totalCount: 0, edges: [] });
  });

  it("lists exactly a speaker's statements, newest first", async () => {
    const speaker = await createSpeaker(api);
    const a = await createStatement(api, { speakerId: speaker.id });
    const b = await createStatement(api, { speakerId: speaker.id });
    const c = await createStatement(api, { speakerId: speaker.id });
    await createStatement(api);

    const QUERY = `query($id: ID!, $first: Int) { speaker(id: $id) { statements(first: $first) { totalCount edges { node { id speaker { id } } } } } }`;
    const all = (await api.ok(QUERY, { id: speaker.id })).speaker.statements;
    expect(all.totalCount).toBe(3);
    expect(nodeIds(all)).toEqual([c.id, b.id, a.id]);
    expect(all.edges.every((e: { node: { speaker: { id: string } } }) => e.node.speaker.id === speaker.id)).toBe(true);
    const two = (await api.ok(QUERY, { id: speaker.id, first: 2 })).speaker.statements;
    expect(nodeIds(two)).toEqual([c.id, b.id]);
    expect(two.totalCount).toBe(3);

    const quiet = await createSpeaker(api);
    expect((await api.ok(QUERY, { id: quiet.id })).speaker.statements).toEqual({ totalCount: 0, edges: [] });
  });
});

describe('createSpeaker and speaker(id)', () => {
  const CREATE_SPEAKER = `mutation($input: CreateSpeakerInput!) {
    createSpeaker(input: $input) { id name kind affiliation title aliases }
  }`;

  it('stores a speaker, trimming and de-duplicating aliases', async () => {
    const name = `Staffan ${token()}`;
    const data = await api.ok(CREATE_SPEAKER, {
      input: {
        name: `  ${name} `,
        kind: 'PERSON',
        affiliation: ' United Nations ',
        title: 'UN Special Envoy for Syria',
        aliases: ['  Envoy ', 'envoy', 'ENVOY', '', '   ', name.toUpperCase(), ` ${name} `, 'The Envoy', 'Mr de Mistura'],
      },
    });
    expect(data.createSpeaker).toMatchObject({
      name,
      kind: 'PERSON',
      affiliation: 'United Nations',
      title: 'UN Special Envoy for Syria',
      aliases: ['Envoy', 'The Envoy', 'Mr de Mistura'],
    });
    const read = await api.ok(`query($id: ID!) { speaker(id: $id) { id name aliases } }`, { id: data.createSpeaker.id });
    expect(read.speaker).toEqual({ id: data.createSpeaker.id, name, aliases: ['Envoy', 'The Envoy', 'Mr de Mistura'] });
  });

  it('defaults to no aliases', async () => {
    const data = await api.ok(CREATE_SPEAKER, { input: { name: `Ministry ${token()}`, kind: 'GOVERNMENT_BODY' } });
    expect(data.createSpeaker).toMatchObject({ kind: 'GOVERNMENT_BODY', affiliation: null, title: null, aliases: [] });
  });

  it('takes 50 aliases and refuses 51', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `Alias ${i}`);
    const error = await api.fails(CREATE_SPEAKER, { input: { name: `Many ${token()}`, kind: 'PERSON', aliases: aliases(51) } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.aliases' });
    const data = await api.ok(CREATE_SPEAKER, { input: { name: `Many ${token()}`, kind: 'PERSON', aliases: aliases(50) } });
    expect(data.createSpeaker.aliases).toHaveLength(50);
  });

  it('refuses a blank name and an over-long alias', async () => {
    const blank = await api.fails(CREATE_SPEAKER, { input: { name: '   ', kind: 'PERSON' } });
    expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const long = await api.fails(CREATE_SPEAKER, { input: { name: 'Someone', kind: 'PERSON', aliases: ['ok', 'a'.repeat(201)] } });
    expect(long.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.aliases[1]' });
  });

  it('says NOT_FOUND for an unknown speaker and BAD_USER_INPUT for another type of ID', async () => {
    const missing = await api.gql(`query($id: ID!) { speaker(id: $id) { id } }`, { id: ghost('Speaker') });
    expect(missing.data).toEqual({ speaker: null });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const source = await createSource(api);
    const wrong = await api.fails(`query($id: ID!) { speaker(id: $id) { id } }`, { id: source.id });
    expect(wrong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('node(id)', () => {
  const NODE = `query($id: ID!) {
    node(id: $id) {
      __typename id
      ... on Statement { text }
      ... on Speaker { name }
      ... on Source { slug }
      ... on Appearance { url }
      ... on StatementLink { kind from { id } to { id } }
      ... on Verdict { status }
    }
  }`;

  it('fetches every kind of object by its global ID', async () => {
    const speaker = await createSpeaker(api);
    const source = await createSource(api);
    const text = `Node test ${token()}`;
    const created = await api.ok(
      `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id appearances { id } } }`,
      { input: { speakerId: speaker.id, text, appearances: [{ sourceId: source.id, url: 'https://node.example/a' }] } },
    );
    const statementId = created.createStatement.id;
    const appearanceId = created.createStatement.appearances[0].id;
    const other = await createStatement(api);
    const linkId = (await link(api, other.id, statementId, 'REBUTS')).id;
    const verdictId = (await setVerdict(api, statementId, 1, { status: 'MISLEADING' })).id;

    const node = async (id: string) => (await api.ok(NODE, { id })).node;
    expect(await node(statementId)).toEqual({ __typename: 'Statement', id: statementId, text });
    expect(await node(speaker.id)).toEqual({ __typename: 'Speaker', id: speaker.id, name: speaker.name });
    expect(await node(source.id)).toEqual({ __typename: 'Source', id: source.id, slug: source.slug });
    expect(await node(appearanceId)).toEqual({ __typename: 'Appearance', id: appearanceId, url: 'https://node.example/a' });
    expect(await node(linkId)).toEqual({
      __typename: 'StatementLink',
      id: linkId,
      kind: 'REBUTS',
      from: { id: other.id },
      to: { id: statementId },
    });
    expect(await node(verdictId)).toEqual({ __typename: 'Verdict', id: verdictId, status: 'MISLEADING' });
  });

  it('answers null for a well-formed ID that names nothing, of any type', async () => {
    for (const type of ['Statement', 'Speaker', 'Source', 'Appearance', 'StatementLink', 'Verdict']) {
      const body = await api.gql(NODE, { id: ghost(type) });
      expect(body).toEqual({ data: { node: null } });
    }
  });

  it('refuses a malformed ID with BAD_USER_INPUT', async () => {
    const ids = [
      'garbage',
      "'; DROP TABLE statement; --",
      Buffer.from('Statement:not-a-uuid').toString('base64url'),
      Buffer.from('Unicorn:00000000-0000-7000-8000-000000000000').toString('base64url'),
      '',
    ];
    for (const id of ids) {
      const error = await api.fails(NODE, { id });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    }
  });
});

describe('statements (pagination)', () => {
  const LIST = `query($filter: StatementFilter, $first: Int, $after: String, $orderBy: StatementOrder! = NEWEST) {
    statements(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      edges { cursor node { id statedAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  async function page(variables: Record<string, unknown>): Promise<Connection> {
    return (await api.ok(LIST, variables)).statements;
  }

  /** Every ID from `after` onward, `first` at a time. */
  async function walk(variables: Record<string, unknown>, first: number, after: string | null = null): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const p = await page({ ...variables, first, after });
      expect(p.edges.length).toBeLessThanOrEqual(first);
      ids.push(...nodeIds(p));
      if (!p.pageInfo.hasNextPage) return ids;
      expect(p.edges).toHaveLength(first);
      after = p.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('pages newest first without repeats, and a saved cursor is not disturbed by new statements', async () => {
    const speaker = await createSpeaker(api);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createStatement(api, { speakerId: speaker.id, text: `Claim ${i}` })).id);
    const newestFirst = [...made].reverse();
    const filter = { speakerId: speaker.id };

    const p1 = await page({ filter, first: 2 });
    expect(nodeIds(p1)).toEqual(newestFirst.slice(0, 2));
    expect(p1.totalCount).toBe(5);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: p1.edges[0]!.cursor, endCursor: p1.edges[1]!.cursor });
    const p2 = await page({ filter, first: 2, after: p1.pageInfo.endCursor });
    expect(nodeIds(p2)).toEqual(newestFirst.slice(2, 4));
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const p3 = await page({ filter, first: 2, after: p2.pageInfo.endCursor });
    expect(nodeIds(p3)).toEqual(newestFirst.slice(4));
    expect(p3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    // Two more arrive; continuing from the saved cursor gives the same rest of the list.
    const newer = [
      (await createStatement(api, { speakerId: speaker.id, text: 'Claim 5' })).id,
      (await createStatement(api, { speakerId: speaker.id, text: 'Claim 6' })).id,
    ];
    expect(await walk({ filter }, 2, p1.pageInfo.endCursor)).toEqual(newestFirst.slice(2));
    // Any edge cursor works as well as endCursor.
    expect(nodeIds(await page({ filter, first: 10, after: p2.edges[0]!.cursor }))).toEqual(newestFirst.slice(3));
    // From the start, the new ones come first.
    expect(await walk({ filter }, 2)).toEqual([newer[1], newer[0], ...newestFirst]);
    expect((await page({ filter, first: 1 })).totalCount).toBe(7);
  });

  it('orders by statedAt, newest first, undated last, and pages across the boundary', async () => {
    const speaker = await createSpeaker(api);
    const create = async (statedAt: string | null) => (await createStatement(api, { speakerId: speaker.id, statedAt })).id;
    const undatedA = await create(null);
    const mid = await create('2017-03-01T12:00:00Z');
    const latest = await create('2018-01-01T00:00:00Z');
    const undatedB = await create(null);
    const earliest = await create('2016-06-15T08:00:00Z');
    const sameTimeA = await create('2017-03-01T12:00:00Z');
    const undatedC = await create(null);

    // Same statedAt: newest recorded first, as with NEWEST.
    const expected = [latest, sameTimeA, mid, earliest, undatedC, undatedB, undatedA];
    const variables = { filter: { speakerId: speaker.id }, orderBy: 'STATED_AT' };
    const all = await page({ ...variables, first: 20 });
    expect(nodeIds(all)).toEqual(expected);
    expect(all.edges.map((e) => e.node.statedAt)).toEqual([
      '2018-01-01T00:00:00.000Z',
      '2017-03-01T12:00:00.000Z',
      '2017-03-01T12:00:00.000Z',
      '2016-06-15T08:00:00.000Z',
      null,
      null,
      null,
    ]);
    for (const size of [1, 2, 3, 4]) expect(await walk(variables, size)).toEqual(expected);
    // A cursor on the last dated statement continues into the undated ones.
    expect(nodeIds(await page({ ...variables, first: 2, after: all.edges[3]!.cursor }))).toEqual([undatedC, undatedB]);
    // A cursor on an undated statement continues with the undated ones after it.
    expect(nodeIds(await page({ ...variables, first: 5, after: all.edges[5]!.cursor }))).toEqual([undatedA]);
  });

  it('refuses a cursor from another order', async () => {
    const speaker = await createSpeaker(api);
    await createStatement(api, { speakerId: speaker.id, statedAt: '2017-01-01T00:00:00Z' });
    await createStatement(api, { speakerId: speaker.id, statedAt: '2017-01-02T00:00:00Z' });
    const filter = { speakerId: speaker.id };
    const newest = await page({ filter, first: 1 });
    const error = await api.fails(LIST, { filter, first: 1, after: newest.pageInfo.endCursor, orderBy: 'STATED_AT' });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const stated = await page({ filter, first: 1, orderBy: 'STATED_AT' });
    const back = await api.fails(LIST, { filter, first: 1, after: stated.pageInfo.endCursor, orderBy: 'NEWEST' });
    expect(back.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('returns no edges but the right totalCount for first: 0', async () => {
    const speaker = await createSpeaker(api);
    for (let i = 0; i < 3; i++) await createStatement(api, { speakerId: speaker.id });
    const zero = await page({ filter: { speakerId: speaker.id }, first: 0 });
    expect(zero.edges).toEqual([]);
    expect(zero.totalCount).toBe(3);
    expect(zero.pageInfo).toMatchObject({ startCursor: null, endCursor: null });
  });

  it('refuses bad page sizes and cursors', async () => {
    expect((await api.fails(LIST, { first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await api.fails(LIST, { first: -1 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await api.fails(LIST, { first: 1, after: 'garbage' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('filters by statedAfter (inclusive) and statedBefore (exclusive)', async () => {
    const speaker = await createSpeaker(api);
    const create = async (statedAt: string | null) => (await createStatement(api, { speakerId: speaker.id, statedAt })).id;
    const jan = await create('2017-01-01T00:00:00Z');
    const feb = await create('2017-02-01T00:00:00Z');
    const mar = await create('2017-03-01T00:00:00Z');
    await create(null);
    const ids = async (range: Record<string, string>) => nodeIds(await page({ filter: { speakerId: speaker.id, ...range }, first: 20 }));

    expect(await ids({ statedAfter: '2017-02-01T00:00:00Z' })).toEqual([mar, feb]);
    expect(await ids({ statedBefore: '2017-02-01T00:00:00Z' })).toEqual([jan]);
    expect(await ids({ statedAfter: '2017-01-01T00:00:00Z', statedBefore: '2017-03-01T00:00:00Z' })).toEqual([feb, jan]);
    expect(await ids({ statedAfter: '2017-01-01T00:00:00.001Z', statedBefore: '2017-03-01T00:00:00.001Z' })).toEqual([mar, feb]);
    const counted = await page({ filter: { speakerId: speaker.id, statedAfter: '2017-01-15T00:00:00Z' }, first: 0 });
    expect(counted.totalCount).toBe(2);

    for (const range of [
      { statedAfter: '2017-02-01T00:00:00Z', statedBefore: '2017-02-01T00:00:00Z' },
      { statedAfter: '2017-03-01T00:00:00Z', statedBefore: '2017-02-01T00:00:00Z' },
    ]) {
      const error = await api.fails(LIST, { filter: { speakerId: speaker.id, ...range }, first: 20 });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
