import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createStatement, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { backfillFidelity } from '../../src/modules/fidelity/fidelity.service.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const ADD = `mutation($input: AddAppearanceInput!) { addAppearance(input: $input) { id } }`;
const READ = `query($id: ID!) { statement(id: $id) { appearances { url wording fidelity { kind comparedWith changes { kind rule said carried } } } } }`;

async function appear(statementId: string, wording: string | null, publishedAt: string): Promise<void> {
  const source = await createSource(api);
  await api.ok(ADD, { input: { statementId, sourceId: source.id, url: `https://news.example/${token()}`, publishedAt, wording } });
}

describe('Appearance.fidelity: did the outlet carry the words said?', () => {
  it("compares each wording with the statement's quote and names the rule an alteration broke", async () => {
    const statement = await createStatement(api, { text: 'The ministry denied ordering the strike.', quote: 'We did not order the strike on the market.' });
    await appear(statement.id, '"We did not order the strike on the market."', '2026-03-01T10:00:00Z');
    await appear(statement.id, 'We did not order the strike.', '2026-03-01T11:00:00Z');
    await appear(statement.id, 'We ordered the strike on the market.', '2026-03-01T12:00:00Z');
    await appear(statement.id, null, '2026-03-01T13:00:00Z');
    const data = await api.ok(READ, { id: statement.id }, { key: null });
    const fidelity = data.statement.appearances.map((a: { fidelity: unknown }) => a.fidelity);
    expect(fidelity[0]).toEqual({ kind: 'VERBATIM', comparedWith: 'QUOTE', changes: [] });
    expect(fidelity[1]).toMatchObject({ kind: 'TRIMMED', changes: [{ kind: 'DROPPED', said: 'on the market', carried: null }] });
    expect(fidelity[2]).toMatchObject({ kind: 'ALTERED', changes: [{ kind: 'NEGATION', said: 'did not order', carried: 'ordered' }] });
    expect(fidelity[2].changes[0].rule).toContain('not');
    expect(fidelity[3]).toBeNull();
  });

  it('without a quote, compares later wordings with the first one, which has nothing to be compared with', async () => {
    const statement = await createStatement(api, { text: `The army said the missile was fired by mistake (${token()}).` });
    await appear(statement.id, 'The missile may have been fired by mistake.', '2026-04-02T08:00:00Z');
    await appear(statement.id, 'The missile was fired by mistake.', '2026-04-02T09:00:00Z');
    const data = await api.ok(READ, { id: statement.id }, { key: null });
    const [first, second] = data.statement.appearances;
    expect(first.fidelity).toBeNull();
    expect(second.fidelity).toMatchObject({ kind: 'ALTERED', comparedWith: 'FIRST_APPEARANCE', changes: [{ kind: 'HEDGE' }] });
  });
});

describe('what the stored fidelity answers: statements(filter: { altered }) and Source.fidelity', () => {
  it('finds statements carried in altered words, follows a quote edited afterwards, and counts an outlet by kind', async () => {
    const source = await createSource(api);
    const add = (statementId: string, wording: string, publishedAt: string) =>
      api.ok(ADD, { input: { statementId, sourceId: source.id, url: `https://news.example/${token()}`, publishedAt, wording } });
    const word = token();
    const faithful = await createStatement(api, { text: `Faithful ${word}.`, quote: `The ${word} bridge will reopen on Monday.` });
    const bent = await createStatement(api, { text: `Bent ${word}.`, quote: `The ${word} bridge may reopen on Monday.` });
    await add(faithful.id, `The ${word} bridge will reopen on Monday.`, '2026-05-01T10:00:00Z');
    await add(bent.id, `The ${word} bridge will reopen on Monday.`, '2026-05-01T11:00:00Z');
    await add(bent.id, `The ${word} bridge may reopen.`, '2026-06-15T11:00:00Z');

    const LIST = `query($search: String!, $altered: Boolean) { statements(filter: { search: $search, altered: $altered }, first: 10) { edges { node { id } } } }`;
    const ids = async (altered: boolean | null) =>
      (await api.ok(LIST, { search: word, altered }, { key: null })).statements.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(true)).toEqual([bent.id]);
    expect(await ids(false)).toEqual([faithful.id]);
    // Without a search the list is one the read compiler answers: a filter it
    // does not apply must send the request to the resolvers, not be dropped.
    const BY_SOURCE = `query($sourceId: ID!, $altered: Boolean) { statements(filter: { sourceId: $sourceId, altered: $altered }, first: 10) { edges { node { id } } } }`;
    const bySource = async (altered: boolean | null) =>
      (await api.ok(BY_SOURCE, { sourceId: source.id, altered }, { key: null })).statements.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await bySource(true)).toEqual([bent.id]);
    expect(await bySource(false)).toEqual([faithful.id]);
    expect((await bySource(null)).sort()).toEqual([bent.id, faithful.id].sort());

    const SOURCE = `query($id: ID!, $since: DateTime, $until: DateTime) { node(id: $id) { ... on Source {
      fidelity(since: $since, until: $until) { appearances compared verbatim trimmed paraphrased altered alteredShare } } } }`;
    const all = (await api.ok(SOURCE, { id: source.id }, { key: null })).node.fidelity;
    expect(all).toEqual({ appearances: 3, compared: 3, verbatim: 1, trimmed: 1, paraphrased: 0, altered: 1, alteredShare: 0.3333 });
    const may = (await api.ok(SOURCE, { id: source.id, since: '2026-05-01T00:00:00Z', until: '2026-06-01T00:00:00Z' }, { key: null })).node.fidelity;
    expect(may).toMatchObject({ appearances: 2, verbatim: 1, altered: 1, trimmed: 0 });

    // The quote corrected to what the outlets printed: the stored kinds follow, in the same write.
    const UPDATE = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { id } }`;
    await api.ok(UPDATE, { input: { id: bent.id, expectedVersion: bent.version, quote: `The ${word} bridge will reopen on Monday.` } });
    // "will reopen on Monday" is now verbatim; "may reopen." now adds a hedge to what was said.
    expect(await ids(true)).toEqual([bent.id]);
    expect((await api.ok(SOURCE, { id: source.id }, { key: null })).node.fidelity).toMatchObject({ verbatim: 2, trimmed: 0, altered: 1 });
  });

  it('refuses a period that ends before it starts', async () => {
    const source = await createSource(api);
    const error = await api.fails(`query($id: ID!) { node(id: $id) { ... on Source { fidelity(since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z") { compared } } } }`, { id: source.id });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('appearances recorded before fidelity was kept', () => {
  it('are classified by the start-up backfill, which then has nothing left to do', async () => {
    const quote = `Twelve people were hurt in ${token()}.`;
    const statement = await createStatement(api, { quote });
    await appear(statement.id, quote.replace('Twelve', 'Twenty'), '2026-01-01T00:00:00Z');
    const stored = async () =>
      (await api.db.$queryRawUnsafe<{ fidelity: string | null; at: Date | null }[]>(
        `SELECT a.fidelity::text AS fidelity, a.fidelity_at AS at FROM appearance a JOIN statement s ON s.id = a.statement_id WHERE s.quote = $1`,
        quote,
      ))[0]!;
    expect((await stored()).fidelity).toBe('ALTERED');
    // As a database written by an earlier version holds it.
    await api.db.$executeRawUnsafe(
      `UPDATE appearance a SET fidelity = NULL, fidelity_at = NULL FROM statement s WHERE s.id = a.statement_id AND s.quote = $1`,
      quote,
    );
    expect(await stored()).toEqual({ fidelity: null, at: null });
    expect(await backfillFidelity(api.db)).toBeGreaterThanOrEqual(1);
    expect((await stored()).fidelity).toBe('ALTERED');
    expect(await backfillFidelity(api.db)).toBe(0);
  });
});
