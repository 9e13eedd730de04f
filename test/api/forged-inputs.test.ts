import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstFormGlobalId } from '../../src/ids.js';
import { createSource, createSpeaker, createStatement, setVerdict } from '../support/factories.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server.js';

/**
 * Forged inputs: cursors, IDs, search text, dates, APQ hashes and REST
 * parameters a client would never send but an attacker will. Each must be
 * refused as the client's mistake (4xx, or 200 with a coded error), never
 * answered INTERNAL_SERVER_ERROR, and never reach the error reporter (which
 * is where database errors raised by unchecked input would land).
 */
let api: TestServer;
let speakerId: string;

beforeAll(async () => {
  api = await startTestServer();
  speakerId = (await createSpeaker(api)).id;
  const statement = await createStatement(api, { speakerId, statedAt: '2024-03-01T10:00:00.000Z' });
  await setVerdict(api, statement.id, statement.version);
  await createSource(api);
});
afterAll(() => api.close());
beforeEach(() => {
  api.reported.length = 0;
});

const UUID = '0190a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b';
/** A cursor in the service's own envelope holding whatever JSON (or raw text) is given. */
const cursor = (key: unknown) => Buffer.from('c1:' + (typeof key === 'string' ? key : JSON.stringify(key)), 'utf8').toString('base64url');
const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const LISTS = {
  statements: `query($after: String, $first: Int) { statements(first: $first, after: $after) { edges { cursor } } }`,
  statementsByDate: `query($after: String) { statements(orderBy: STATED_AT, first: 5, after: $after) { edges { cursor } } }`,
  speakers: `query($after: String) { speakers(first: 5, after: $after) { edges { cursor } } }`,
  sources: `query($after: String) { sources(first: 5, after: $after) { edges { cursor } } }`,
  apiKeys: `query($after: String) { apiKeys(first: 5, after: $after) { edges { cursor } } }`,
  auditLog: `query($after: String) { auditLog(first: 5, after: $after) { edges { cursor } } }`,
  webhooks: `query($after: String) { webhooks(first: 5, after: $after) { edges { cursor } } }`,
} as const;

/** A GraphQL answer that refuses the input: no data for the field, one error with the code, nothing reported. */
function refusedWith(body: GraphQLResponse, code = 'BAD_USER_INPUT'): void {
  expect(body.errors, JSON.stringify(body)).toHaveLength(1);
  expect(body.errors![0]!.extensions?.code, JSON.stringify(body)).toBe(code);
  expect(api.reported, String(api.reported[0])).toEqual([]);
}

function answered(body: GraphQLResponse): void {
  for (const error of body.errors ?? []) expect(error.extensions?.code, JSON.stringify(body)).not.toBe('INTERNAL_SERVER_ERROR');
  expect(api.reported, String(api.reported[0])).toEqual([]);
}

describe('forged cursors', () => {
  const forged: [string, string][] = [
    ['an id of 36 hyphens', cursor({ o: 'N', id: '-'.repeat(36) })],
    ['an id of 36 hex digits without hyphens', cursor({ o: 'N', id: 'a'.repeat(36) })],
    ['an upper-case id', cursor({ o: 'N', id: UUID.toUpperCase() })],
    ['an id of 10,000 characters', cursor({ o: 'N', id: 'a'.repeat(10_000) })],
    ['a number for the id', cursor({ o: 'N', id: 1e400 })],
    ['a huge number for the id', cursor({ o: 'N', id: 123456789012345678901234567890 })],
    ['an array', cursor([UUID])],
    ['null', cursor(null)],
    ['a string', cursor(UUID)],
    ['base64 of text that is not JSON', cursor('{not json')],
    ['base64 of JSON without the envelope', raw(JSON.stringify({ o: 'N', id: UUID }))],
    ['base64 of binary', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]).toString('base64url')],
    ['not base64 at all', '!!!'],
    ['base64 with padding', cursor({ o: 'N', id: UUID }) + '=='],
    ['a cursor of 100,000 characters', 'A'.repeat(100_000)],
    ['a NUL inside', 'YzE6\u0000'],
    ['a lone surrogate', '\uD800'],
  ];

  it.each(forged)('statements refuses a cursor with %s', async (_, after) => {
    const body = await api.gql(LISTS.statements, { after });
    refusedWith(body);
    expect(body.errors![0]!.extensions).toMatchObject({ field: 'after' });
  });

  it.each([
    ['year -271821', '-271821-04-20T00:00:00.000Z'],
    ['year +275760', '+275760-09-13T00:00:00.000Z'],
    ['year 0', '0000-06-01T00:00:00.000Z'],
    ['year 10000', '+010000-01-01T00:00:00.000Z'],
    ['a date only', '2024-03-01'],
    ['30 February', '2024-02-30T00:00:00.000Z'],
    ['a local time', 'March 1, 2024'],
    ['Infinity', 'Infinity'],
    ['a number', 1709287200000],
    ['an object', { $date: 1 }],
  ])('statements by date refuses a cursor dated %s', async (_, t) => {
    const body = await api.gql(LISTS.statementsByDate, { after: cursor({ o: 'S', t, id: UUID }) });
    refusedWith(body);
  });

  it('statements by date still takes its own cursors', async () => {
    const first = await api.ok(LISTS.statementsByDate, {});
    const after = first.statements.edges[0].cursor;
    answered(await api.gql(LISTS.statementsByDate, { after }));
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a control character', 'a\u001Bb'],
    ['a lone surrogate', 'a\uD800b'],
    ['a number', 42],
    ['10,000 characters', 'a'.repeat(10_000)],
  ])('speakers and sources refuse a name cursor holding %s', async (_, n) => {
    for (const list of [LISTS.speakers, LISTS.sources]) {
      refusedWith(await api.gql(list, { after: cursor({ n, id: UUID }) }));
    }
  });

  it.each(Object.keys(LISTS) as (keyof typeof LISTS)[])('%s refuses an id cursor of 36 hyphens', async (list) => {
    refusedWith(await api.gql(LISTS[list], { after: cursor({ o: 'N', t: null, n: 'x', id: '-'.repeat(36) }) }));
  });

  it.each([
    ['-1', -1],
    ['a huge number', 2 ** 31 - 1],
    ['more than 32 bits', 2 ** 40],
    ['a fraction', 1.5],
    ['a string', '10'],
    ['an object', { n: 1 }],
  ])('statements refuses first = %s', async (_, first) => {
    refusedWith(await api.gql(LISTS.statements, { first }));
  });

  it('statements refuses an after of the wrong type', async () => {
    refusedWith(await api.gql(LISTS.statements, { after: { id: UUID } }));
    refusedWith(await api.gql(LISTS.statements, { after: 12 }));
  });
});

describe('forged IDs', () => {
  const STATEMENT = `query($id: ID!) { statement(id: $id) { id } }`;
  const NODE = `query($id: ID!) { node(id: $id) { id } }`;

  it.each([
    ['36 hyphens', firstFormGlobalId('Statement', '-'.repeat(36))],
    ['a uuid with a NUL', firstFormGlobalId('Statement', `${UUID}\u0000`)],
    ['a uuid of upper-case letters', firstFormGlobalId('Statement', UUID.toUpperCase())],
    ['a type and nothing else', raw('Statement:')],
    ['an unknown type', raw(`Secret:${UUID}`)],
    ['100,000 characters', 'A'.repeat(100_000)],
    ['a lone surrogate', '\uDC00'],
    ['NUL', '\u0000'],
  ])('statement and node refuse an ID of %s', async (_, id) => {
    refusedWith(await api.gql(STATEMENT, { id }));
    const node = await api.gql(NODE, { id });
    answered(node);
    expect(node.errors?.[0]?.extensions?.code ?? 'none').toMatch(/BAD_USER_INPUT|none/);
  });

  it('a filter refuses an ID of 36 hyphens', async () => {
    refusedWith(await api.gql(`query($f: StatementFilter) { statements(filter: $f) { totalCount } }`, { f: { speakerId: firstFormGlobalId('Speaker', '-'.repeat(36)) } }));
  });
});

describe('forged dates', () => {
  const FILTER = `query($f: StatementFilter) { statements(filter: $f) { totalCount } }`;
  const AUDIT = `query($f: AuditFilter) { auditLog(filter: $f) { totalCount } }`;

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 9999 + 1 ms in a number', 253402300800000],
    ['a date past JavaScript', '+275760-09-14T00:00:00Z'],
    ['a number of seconds past JavaScript', 8.64e15],
    ['a negative timestamp past JavaScript', -8.64e15],
    ['a string', 'yesterday'],
  ])('filters refuse a date of %s', async (_, date) => {
    const filter = await api.gql(FILTER, { f: { statedAfter: date } });
    answered(filter);
    expect(filter.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const audit = await api.gql(AUDIT, { f: { from: date } });
    answered(audit);
    expect(audit.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('forged search text', () => {
  const SEARCH = `query($search: String!) { statements(filter: { search: $search }) { totalCount edges { node { id } } } }`;
  const SPEAKERS = `query($search: String!) { speakers(search: $search) { totalCount } }`;

  it.each([
    ['50 hyphens', '-'.repeat(50)],
    ['40 spaced hyphens', '- '.repeat(40)],
    ['hyphens and quotes', '-"-"'.repeat(40)],
    ['tsquery operators', '&|!:*()<->'.repeat(20)],
    ['negated stop words', '-the -a -of -and -or -not'],
    ['or and nothing else', 'or or or or'],
    ['unbalanced quotes', '"""""'],
    ['backslashes', '\\'.repeat(200)],
    ['negations of nothing around a word', '- - - word - - -'.repeat(10)],
  ])('statements answers a search of %s without an error', async (_, search) => {
    const body = await api.gql(SEARCH, { search });
    expect(body.errors, JSON.stringify(body)).toBeUndefined();
    expect(api.reported).toEqual([]);
    const speakers = await api.gql(SPEAKERS, { search });
    expect(speakers.errors, JSON.stringify(speakers)).toBeUndefined();
    expect(api.reported).toEqual([]);
  });

  it.each([
    ['NUL', 'damascus\u0000'],
    ['a lone surrogate', 'dam\uD800ascus'],
    ['an escape sequence', '\u001B[31m'],
    ['a C1 control', 'next\u0085line'],
  ])('statements and speakers refuse a search holding %s', async (_, search) => {
    refusedWith(await api.gql(SEARCH, { search }));
    refusedWith(await api.gql(SPEAKERS, { search }));
  });

  it('similarStatements refuses a NUL', async () => {
    refusedWith(await api.gql(`query($t: String!) { similarStatements(text: $t) { score } }`, { t: 'a\u0000b' }));
  });
});

describe('forged text in mutations', () => {
  const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`;
  const CREATE_SPEAKER = `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`;
  const CREATE_SOURCE = `mutation($input: CreateSourceInput!) { createSource(input: $input) { id } }`;

  it.each([
    ['NUL', '\u0000'],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', '\uDFFF'],
    ['a C1 control (NEL)', '\u0085'],
    ['an escape', '\u001B'],
  ])('every text field refuses %s', async (_, bad) => {
    const speaker = speakerId;
    // In a name, NEXT LINE is whitespace and folds into a space (see lookalike-names.test.ts).
    const inName = bad === '\u0085' ? '\u0000' : bad;
    const cases: [string, Record<string, unknown>][] = [
      [CREATE_STATEMENT, { speakerId: speaker, text: `claim ${bad} here` }],
      [CREATE_STATEMENT, { speakerId: speaker, text: 'claim', quote: `quote ${bad}` }],
      [CREATE_SPEAKER, { name: `Name ${inName} Here`, kind: 'PERSON' }],
      [CREATE_SPEAKER, { name: 'Name Here', kind: 'PERSON', title: `Title ${inName}` }],
      [CREATE_SPEAKER, { name: 'Name Here', kind: 'PERSON', aliases: [`Alias ${inName}`] }],
      [CREATE_SOURCE, { slug: 'forged-source', name: `Source ${inName}`, kind: 'ONLINE' }],
    ];
    for (const [query, input] of cases) refusedWith(await api.gql(query, { input }));
  });
});

describe('automatic persisted queries', () => {
  const post = (body: unknown) => api.http.post('/graphql').set('content-type', 'application/json').send(JSON.stringify(body));
  const query = '{ __typename }';
  const sha = createHash('sha256').update(query).digest('hex');

  it('refuses a hash that does not match its query with a 400 and a code', async () => {
    const res = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    expect(api.reported).toEqual([]);
  });

  it.each([
    ['a number', 42],
    ['an object', { a: 1 }],
    ['a NUL', '\u0000'],
    ['10,000 characters', 'f'.repeat(10_000)],
  ])('refuses a hash of %s', async (_, sha256Hash) => {
    const withQuery = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(withQuery.status).toBe(400);
    expect(withQuery.body.errors[0].extensions.code).toMatch(/^(PERSISTED_QUERY_HASH_MISMATCH|BAD_REQUEST)$/);
    // Apollo answers an unknown hash with 200, the signal for a client to send the query along.
    const alone = await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(alone.status).toBeLessThan(500);
    expect(alone.body.errors[0].extensions.code).toMatch(/^(PERSISTED_QUERY_NOT_FOUND|BAD_REQUEST)$/);
    expect(api.reported).toEqual([]);
  });

  it.each([
    ['version 2', { version: 2, sha256Hash: sha }],
    ['version "1"', { version: '1', sha256Hash: sha }],
    ['a string', 'yes'],
  ])('refuses a persistedQuery of %s with a 400 and a code', async (_, persistedQuery) => {
    const res = await post({ query, extensions: { persistedQuery } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_VERSION_NOT_SUPPORTED');
    expect(api.reported).toEqual([]);
  });

  it('still registers and serves a query whose hash matches', async () => {
    const registered = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha } } });
    expect(registered.body).toEqual({ data: { __typename: 'Query' } });
    const served = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha } } });
    expect(served.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('forged REST parameters', () => {
  it.each([
    ['a bad date', cursor({ t: '-271821-04-20T00:00:00.000Z', id: UUID })],
    ['a date past JavaScript', cursor({ t: '+275760-09-13T00:00:00.000Z', id: UUID })],
    ['an id of 36 hyphens', cursor({ t: '2024-01-01T00:00:00.000Z', id: '-'.repeat(36) })],
    ['a number for the date', cursor({ t: 1, id: UUID })],
    ['not a cursor', '%00'],
    ['NUL', '\u0000'],
  ])('GET /claimreview refuses an after of %s with 400', async (_, after) => {
    const res = await api.http.get('/claimreview').query({ after });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_USER_INPUT');
    expect(api.reported).toEqual([]);
  });

  it.each([
    ['36 hyphens', firstFormGlobalId('Statement', '-'.repeat(36))],
    ['a malformed escape', '%E0%A4%A'],
    ['NUL', '%00'],
    ['a lone surrogate escape', '%ED%A0%80'],
    ['10,000 characters', 'A'.repeat(10_000)],
  ])('GET /claimreview/:id refuses an id of %s with 400', async (_, id) => {
    const res = await api.http.get(`/claimreview/${id}`);
    expect(res.status).toBe(400);
    expect(api.reported).toEqual([]);
  });

  it.each([
    ['-1', '-1'],
    ['a huge number', '99999999999999999999'],
    ['given twice', ['1', '2']],
  ])('GET /claimreview refuses first of %s with 400', async (_, first) => {
    const res = await api.http.get('/claimreview').query({ first });
    expect(res.status).toBe(400);
    expect(api.reported).toEqual([]);
  });
});

describe('random forged input (property)', () => {
  /** A string a client could send: anything JSON can carry, lone surrogates included. */
  const anyString = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.constantFrom('-', '"', '!', '&', '|', ':*', '<->', '(', ')', "'", '\\', 'or', '\u0000', '\uD800', '\u0085').chain((c) =>
      fc.integer({ min: 1, max: 80 }).map((n) => c.repeat(n)),
    ),
  );
  /** Cursors in the service's envelope around any JSON, or random text. */
  const anyCursor = fc.oneof(
    anyString,
    fc.jsonValue().map(cursor),
    fc
      .record({ o: fc.constantFrom('N', 'S', 'X', 1), t: fc.oneof(fc.constant(null), anyString, fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())), fc.double()), n: anyString, id: fc.oneof(fc.uuid(), anyString, fc.stringMatching(/^[0-9a-f-]{36}$/)) }, { requiredKeys: [] })
      .map(cursor),
  );

  it('no cursor makes a list fail with INTERNAL_SERVER_ERROR', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(LISTS) as (keyof typeof LISTS)[])), anyCursor, async (list, after) => {
        api.reported.length = 0;
        answered(await api.gql(LISTS[list], { after }));
      }),
      { numRuns: 150 },
    );
  });

  it('no cursor makes GET /claimreview answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(anyCursor, async (after) => {
        api.reported.length = 0;
        const res = await api.http.get('/claimreview').query({ after });
        expect(res.status).toBeLessThan(500);
        expect(api.reported).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('no search text makes statements or speakers fail with INTERNAL_SERVER_ERROR', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (search) => {
        api.reported.length = 0;
        answered(await api.gql(`query($s: String!) { statements(filter: { search: $s }) { totalCount } }`, { s: search }));
        answered(await api.gql(`query($s: String!) { speakers(search: $s) { totalCount } }`, { s: search }));
      }),
      { numRuns: 150 },
    );
  });
});
