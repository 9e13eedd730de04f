import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createStatement, link, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { parseGlobalId } from '../../src/ids.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

/** The internal uuid behind a global ID. */
const dbId = (globalId: string) => parseGlobalId(globalId)!.id;

const eventsFor = (statementId: string) =>
  api.db.event.findMany({ where: { statementId: dbId(statementId) }, orderBy: { id: 'asc' } });

describe('the outbox', () => {
  it('records one event per successful change, in its transaction', async () => {
    const source = await createSource(api);
    const statement = await createStatement(api, {
      appearances: [{ sourceId: source.id, url: 'https://example.org/said' }],
    });
    let events = await eventsFor(statement.id);
    expect(events.map((e) => e.type)).toEqual(['STATEMENT_CREATED']);
    expect(events[0]!.payload).toMatchObject({ statementId: statement.id, speakerId: statement.speakerId, sourceIds: [source.id] });

    await api.ok(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { version } }`, {
      input: { id: statement.id, expectedVersion: 1, text: 'Reworded claim' },
    });
    await setVerdict(api, statement.id, 2);
    events = await eventsFor(statement.id);
    expect(events.map((e) => e.type)).toEqual(['STATEMENT_CREATED', 'STATEMENT_UPDATED', 'VERDICT_SET']);
    expect(events[1]!.payload).toMatchObject({ changed: ['text'], version: 2 });
    expect(events[2]!.payload).toMatchObject({ status: 'FALSE', previousStatus: 'UNVERIFIED', version: 3, sourceIds: [source.id] });

    const other = await createStatement(api);
    const made = await link(api, other.id, statement.id, 'REBUTS', 'wrong figures');
    await api.ok(`mutation($input: UnlinkStatementsInput!) { unlinkStatements(input: $input) { id } }`, {
      input: { fromId: other.id, toId: statement.id, kind: 'REBUTS' },
    });
    const linkEvents = await eventsFor(other.id);
    expect(linkEvents.map((e) => e.type)).toEqual(['STATEMENT_CREATED', 'LINK_CREATED', 'LINK_REMOVED']);
    expect(linkEvents[2]!.payload).toMatchObject({ linkId: made.id, fromId: other.id, toId: statement.id, note: 'wrong figures' });
  });

  it('records nothing for a change that fails or rolls back', async () => {
    const statement = await createStatement(api);
    const other = await createStatement(api);
    await link(api, other.id, statement.id);
    const before = await api.db.event.count();

    // Stale version: refused inside the transaction.
    const conflict = await api.fails(
      `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id } }`,
      { input: { statementId: statement.id, expectedVersion: 7, status: 'FALSE', rationale: 'x', evidence: [{ url: 'https://example.org/r', stance: 'REFUTES' }] } },
    );
    expect(conflict.extensions?.code).toBe('CONFLICT');
    // The insert itself fails (the link exists): the transaction rolls back.
    const duplicate = await api.fails(`mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { id } }`, {
      input: { fromId: other.id, toId: statement.id, kind: 'REBUTS' },
    });
    expect(duplicate.extensions?.code).toBe('CONFLICT');
    // Refused before anything is written.
    await api.fails(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { version } }`, {
      input: { id: statement.id, expectedVersion: 1 },
    });
    expect(await api.db.event.count()).toBe(before);
  });

  it('gives concurrent changes distinct ids in commit order', async () => {
    const speaker = (await createStatement(api)).speakerId;
    const before = await api.db.event.aggregate({ _max: { id: true } });
    const made = await Promise.all(Array.from({ length: 8 }, () => createStatement(api, { speakerId: speaker })));
    // Other test files may write events meanwhile (with TEST_DATABASE_URL they share the database).
    const ours = new Set(made.map((s) => s.id));
    const events = (await api.db.event.findMany({ where: { id: { gt: before._max.id ?? 0n } }, orderBy: { id: 'asc' } })).filter((e) =>
      ours.has((e.payload as { statementId: string }).statementId),
    );
    expect(events).toHaveLength(8);
    expect(new Set(events.map((e) => (e.payload as { statementId: string }).statementId))).toEqual(new Set(made.map((s) => s.id)));
    // Commit order is id order: creation times never go backwards along the ids.
    for (let i = 1; i < events.length; i++) expect(events[i]!.createdAt.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.createdAt.getTime());
  });
});
