import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createStatement, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

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
