import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createSpeaker, createStatement, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const CREATE = `mutation($input: CreateStatementInput!) {
  createStatement(input: $input) {
    id text quote statedAt language status version disputed
    speaker { id name }
    appearances { url publishedAt wording source { id slug } }
    sources { slug }
    verdict { status }
    verdicts { id }
  }
}`;

describe('createStatement', () => {
  it('stores a statement with its appearances in one go', async () => {
    const speaker = await createSpeaker(api);
    const agency = await createSource(api);
    const broadcaster = await createSource(api, { kind: 'BROADCASTER' });
    const data = await api.ok(CREATE, {
      input: {
        speakerId: speaker.id,
        text: '  The talks will resume in Geneva.  ',
        quote: 'We go back to Geneva',
        statedAt: '2017-05-16T09:30:00Z',
        language: 'EN-gb',
        appearances: [
          { sourceId: agency.id, url: 'https://agency.example/a', publishedAt: '2017-05-16T10:00:00Z', wording: 'Talks resume' },
          { sourceId: broadcaster.id, url: 'https://tv.example/b', publishedAt: '2017-05-16T11:00:00Z' },
          { sourceId: agency.id, url: 'https://agency.example/c' },
        ],
      },
    });
    const s = data.createStatement;
    expect(s).toMatchObject({
      text: 'The talks will resume in Geneva.',
      quote: 'We go back to Geneva',
      statedAt: '2017-05-16T09:30:00.000Z',
      language: 'en-GB',
      status: 'UNVERIFIED',
      version: 1,
      disputed: false,
      speaker: { id: speaker.id, name: speaker.name },
      verdict: null,
      verdicts: [],
    });
    expect(s.appearances.map((a: { url: string }) => a.url)).toEqual([
      'https://agency.example/a',
      'https://tv.example/b',
      'https://agency.example/c',
    ]);
    expect(s.appearances[0].source.slug).toBe(agency.slug);
    // Distinct outlets, in order of first appearance.
    expect(s.sources).toEqual([{ slug: agency.slug }, { slug: broadcaster.slug }]);
  });

  it('writes nothing when one appearance is bad', async () => {
    const speaker = await createSpeaker(api);
    const source = await createSource(api);
    const marker = token();
    const error = await api.fails(CREATE, {
      input: {
        speakerId: speaker.id,
        text: `claim ${marker}`,
        appearances: [
          { sourceId: source.id, url: 'https://ok.example/1' },
          { sourceId: source.id, url: 'https://ok.example/1' },
        ],
      },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.appearances[1].url' });

    const missingSource = Buffer.from('Source:00000000-0000-7000-8000-000000000000').toString('base64url');
    const notFound = await api.fails(CREATE, {
      input: { speakerId: speaker.id, text: `claim ${marker}`, appearances: [{ sourceId: missingSource, url: 'https://ok.example/2' }] },
    });
    expect(notFound.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.appearances[0].sourceId' });

    const list = await api.ok(`query($id: ID!) { statements(filter: { speakerId: $id }) { totalCount } }`, { id: speaker.id });
    expect(list.statements.totalCount).toBe(0);
  });

  it.each([
    [{ text: '   ' }, 'input.text'],
    [{ text: 'x'.repeat(5001) }, 'input.text'],
    [{ text: 'bell \u0007 inside' }, 'input.text'],
    [{ language: 'not a language!' }, 'input.language'],
    [{ statedAt: '2999-01-01T00:00:00Z' }, 'input.statedAt'],
    [{ statedAt: '1700-01-01T00:00:00Z' }, 'input.statedAt'],
    [{ appearances: [{ sourceId: 'nonsense', url: 'https://x.example' }] }, 'input.appearances[0].sourceId'],
  ])('refuses %j with BAD_USER_INPUT on %s', async (overrides, field) => {
    const speaker = await createSpeaker(api);
    const error = await api.fails(CREATE, { input: { speakerId: speaker.id, text: 'A claim', ...overrides } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a URL that is not http(s)', async () => {
    const speaker = await createSpeaker(api);
    const source = await createSource(api);
    for (const url of ['javascript:alert(1)', 'not a url', 'ftp://files.example/x']) {
      const error = await api.fails(CREATE, {
        input: { speakerId: speaker.id, text: 'A claim', appearances: [{ sourceId: source.id, url }] },
      });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.appearances[0].url' });
    }
  });

  it('refuses an ID of another type, naming both types', async () => {
    const source = await createSource(api);
    const error = await api.fails(CREATE, { input: { speakerId: source.id, text: 'A claim' } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.speakerId' });
    expect(error.message).toMatch(/Speaker ID.*Source ID/);
  });

  it('says NOT_FOUND for a speaker that does not exist', async () => {
    const ghost = Buffer.from('Speaker:00000000-0000-7000-8000-000000000000').toString('base64url');
    const error = await api.fails(CREATE, { input: { speakerId: ghost, text: 'A claim' } });
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.speakerId' });
  });
});

const UPDATE = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { id text quote statedAt language version speaker { id } } }`;

describe('updateStatement', () => {
  it('changes only the given fields and bumps the version', async () => {
    const statement = await createStatement(api, { quote: 'Original words', statedAt: '2017-05-15T00:00:00Z' });
    const other = await createSpeaker(api);
    const data = await api.ok(UPDATE, {
      input: { id: statement.id, expectedVersion: 1, text: 'Revised claim', quote: null, speakerId: other.id },
    });
    expect(data.updateStatement).toMatchObject({
      text: 'Revised claim',
      quote: null,
      statedAt: '2017-05-15T00:00:00.000Z',
      language: 'en',
      version: 2,
      speaker: { id: other.id },
    });
  });

  it('refuses a stale expectedVersion with CONFLICT and writes nothing', async () => {
    const statement = await createStatement(api, { text: 'Before' });
    await api.ok(UPDATE, { input: { id: statement.id, expectedVersion: 1, text: 'First edit' } });
    const error = await api.fails(UPDATE, { input: { id: statement.id, expectedVersion: 1, text: 'Lost edit' } });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const now = await api.ok(`query($id: ID!) { statement(id: $id) { text version } }`, { id: statement.id });
    expect(now.statement).toEqual({ text: 'First edit', version: 2 });
  });

  it('lets exactly one of several concurrent edits through', async () => {
    const statement = await createStatement(api);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.gql(UPDATE, { input: { id: statement.id, expectedVersion: 1, text: `Edit ${i}` } })),
    );
    const winners = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(7);
    const now = await api.ok(`query($id: ID!) { statement(id: $id) { text version } }`, { id: statement.id });
    expect(now.statement).toEqual({ text: winners[0]!.data!.updateStatement.text, version: 2 });
  });

  it('needs something to change, and a statement that exists', async () => {
    const statement = await createStatement(api);
    expect((await api.fails(UPDATE, { input: { id: statement.id, expectedVersion: 1 } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    const ghost = Buffer.from('Statement:00000000-0000-7000-8000-000000000000').toString('base64url');
    expect((await api.fails(UPDATE, { input: { id: ghost, expectedVersion: 1, text: 'x' } })).extensions).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('statement(id)', () => {
  it('answers NOT_FOUND for a well-formed unknown ID and BAD_USER_INPUT for garbage', async () => {
    const ghost = Buffer.from('Statement:00000000-0000-7000-8000-000000000000').toString('base64url');
    const missing = await api.gql(`query($id: ID!) { statement(id: $id) { id } }`, { id: ghost });
    expect(missing.data).toEqual({ statement: null });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const garbage = await api.fails(`query { statement(id: "'; DROP TABLE statement; --") { id } }`);
    expect(garbage.extensions?.code).toBe('BAD_USER_INPUT');
    // The same when relations are read with it (one SQL statement, statement.preload.ts).
    const missingWithRelations = await api.gql(`query($id: ID!) { statement(id: $id) { id speaker { name } verdicts { status } } }`, { id: ghost });
    expect(missingWithRelations.data).toEqual({ statement: null });
    expect(missingWithRelations.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const speakerId = Buffer.from('Speaker:00000000-0000-7000-8000-000000000000').toString('base64url');
    expect((await api.fails(`query($id: ID!) { statement(id: $id) { id speaker { name } } }`, { id: speakerId })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('addAppearance', () => {
  const ADD = `mutation($input: AddAppearanceInput!) { addAppearance(input: $input) { id url source { slug } statement { id sources { slug } } } }`;

  it('adds a source to a statement and refuses the same URL twice', async () => {
    const statement = await createStatement(api);
    const source = await createSource(api);
    const added = await api.ok(ADD, { input: { statementId: statement.id, sourceId: source.id, url: 'https://news.example/x' } });
    expect(added.addAppearance.statement.sources).toEqual([{ slug: source.slug }]);
    const again = await api.fails(ADD, { input: { statementId: statement.id, sourceId: source.id, url: 'https://news.example/x' } });
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.url' });
  });
});

describe('first: 0', () => {
  it('returns no edges but says whether items exist', async () => {
    const statement = await createStatement(api);
    const data = await api.ok(`query($id: ID!) { statements(filter: { speakerId: $id }, first: 0) { edges { cursor } pageInfo { hasNextPage endCursor } totalCount } }`, {
      id: statement.speakerId,
    });
    expect(data.statements).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null }, totalCount: 1 });
  });
});
