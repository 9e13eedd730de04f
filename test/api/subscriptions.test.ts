import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createSpeaker, createStatement, link, setVerdict } from '../support/factories.js';
import { subscribe } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
let url: string;
beforeAll(async () => {
  api = await startTestServer({ EVENT_POLL_MS: '200' });
  url = await api.listen();
});
afterAll(() => api.close());

const VERDICTS = `subscription($statementId: ID, $speakerId: ID, $sourceId: ID, $after: ID) {
  verdictChanged(statementId: $statementId, speakerId: $speakerId, sourceId: $sourceId, after: $after) {
    eventId verdict { id status statement { id status version } }
  }
}`;

describe('subscriptions over WebSocket', () => {
  it('sends the verdicts a subscriber asked for, and only those', async () => {
    const source = await createSource(api);
    const watched = await createStatement(api, { appearances: [{ sourceId: source.id, url: 'https://example.org/a' }] });
    const other = await createStatement(api);
    const byStatement = await subscribe(url, VERDICTS, { statementId: watched.id });
    const bySource = await subscribe(url, VERDICTS, { sourceId: source.id }, {});
    const bySpeaker = await subscribe(url, VERDICTS, { speakerId: other.speakerId });

    await setVerdict(api, other.id, 1);
    const verdict = await setVerdict(api, watched.id, 1);
    await byStatement.waitFor(1);
    await bySource.waitFor(1);
    await bySpeaker.waitFor(1);
    const [first] = byStatement.results;
    expect(first!.errors).toBeUndefined();
    expect(first!.data!.verdictChanged.verdict).toEqual({ id: verdict.id, status: 'FALSE', statement: { id: watched.id, status: 'FALSE', version: 2 } });
    expect(first!.data!.verdictChanged.eventId).toMatch(/^\d+$/);
    expect(bySource.results[0]!.data!.verdictChanged.verdict.id).toBe(verdict.id);
    expect(bySpeaker.results[0]!.data!.verdictChanged.verdict.statement.id).toBe(other.id);

    // A second verdict on the same statement shows the statement as it is now.
    await setVerdict(api, watched.id, 2, { status: 'MISLEADING' });
    await byStatement.waitFor(2);
    expect(byStatement.results[1]!.data!.verdictChanged.verdict.statement).toMatchObject({ status: 'MISLEADING', version: 3 });
    expect(byStatement.results).toHaveLength(2);
    expect(bySpeaker.results).toHaveLength(1);
    await Promise.all([byStatement.close(), bySource.close(), bySpeaker.close()]);
  });

  it('sends new statements that match a statements filter', async () => {
    const speaker = await createSpeaker(api);
    const sub = await subscribe(
      url,
      `subscription($filter: StatementFilter) { statementAdded(filter: $filter) { eventId statement { id text language } } }`,
      { filter: { speakerId: speaker.id, language: 'fr', status: ['UNVERIFIED'] } },
    );
    await createStatement(api, { speakerId: speaker.id, language: 'en' });
    await createStatement(api, { language: 'fr' });
    const wanted = await createStatement(api, { speakerId: speaker.id, language: 'fr' });
    await sub.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.results.map((r) => r.data!.statementAdded.statement.id)).toEqual([wanted.id]);
    await sub.close();
  });

  it('sends links recorded and removed at either end of a statement', async () => {
    const a = await createStatement(api);
    const b = await createStatement(api);
    const sub = await subscribe(
      url,
      `subscription($id: ID!) { statementLinked(statementId: $id) { change link { id kind note from { id } to { id } } } }`,
      { id: a.id },
    );
    const made = await link(api, b.id, a.id, 'REBUTS', 'wrong year');
    await api.ok(`mutation($input: UnlinkStatementsInput!) { unlinkStatements(input: $input) { id } }`, {
      input: { fromId: b.id, toId: a.id, kind: 'REBUTS' },
    });
    await sub.waitFor(2);
    expect(sub.results.map((r) => r.data!.statementLinked)).toEqual([
      { change: 'CREATED', link: { id: made.id, kind: 'REBUTS', note: 'wrong year', from: { id: b.id }, to: { id: a.id } } },
      { change: 'REMOVED', link: { id: made.id, kind: 'REBUTS', note: 'wrong year', from: { id: b.id }, to: { id: a.id } } },
    ]);
    await sub.close();
  });

  it('replays what a reconnecting client missed, from its last event id', async () => {
    const statement = await createStatement(api);
    const first = await subscribe(url, VERDICTS, { statementId: statement.id });
    await setVerdict(api, statement.id, 1);
    await first.waitFor(1);
    const lastSeen = first.results[0]!.data!.verdictChanged.eventId as string;
    await first.close();

    await setVerdict(api, statement.id, 2, { status: 'MISLEADING' });
    await setVerdict(api, statement.id, 3, { status: 'MIXED' });

    const resumed = await subscribe(url, VERDICTS, { statementId: statement.id }, { lastEventId: lastSeen });
    await resumed.waitFor(2);
    const ids = resumed.results.map((r) => BigInt(r.data!.verdictChanged.eventId));
    expect(resumed.results.map((r) => r.data!.verdictChanged.verdict.status)).toEqual(['MISLEADING', 'MIXED']);
    expect(ids[0]! > BigInt(lastSeen) && ids[1]! > ids[0]!).toBe(true);
    // And keeps going live after the replay.
    await setVerdict(api, statement.id, 4, { status: 'TRUE', evidence: [{ url: 'https://example.org/x', stance: 'SUPPORTS' }] });
    await resumed.waitFor(3);
    await resumed.close();

    const byArgument = await subscribe(url, VERDICTS, { statementId: statement.id, after: lastSeen });
    await byArgument.waitFor(3);
    await byArgument.close();
  });

  it('refuses an unknown key with close code 4401, and takes a good one', async () => {
    const refused = await subscribe(url, VERDICTS, {}, { authorization: 'Bearer fc_not_a_real_key' });
    expect(((await refused.ended) as { code: number }).code).toBe(4401);
    const accepted = await subscribe(url, VERDICTS, {}, { authorization: `Bearer ${api.keys.CONTRIBUTOR}` });
    await api.ok(`{ __typename }`);
    expect(accepted.results).toEqual([]);
    await accepted.close();
  });

  it('answers bad subscriptions with coded errors', async () => {
    const badId = await subscribe(url, VERDICTS, { statementId: 'nope' });
    await badId.waitFor(1);
    expect(badId.results[0]!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    await badId.close();

    const badAfter = await subscribe(url, VERDICTS, { after: 'yesterday' });
    await badAfter.waitFor(1);
    expect(badAfter.results[0]!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    await badAfter.close();

    const errorOf = async (query: string) => {
      const sub = await subscribe(url, query);
      const ended = (await sub.ended) as { message: string; extensions?: { code?: string } }[];
      await sub.close();
      return ended[0]!;
    };
    expect((await errorOf(`{ __typename }`)).extensions?.code).toBe('BAD_REQUEST');
    const deep = `subscription { statementAdded { statement { speaker { statements { edges { node { speaker { statements { edges { node { speaker { statements { edges { node { id } } } } } } } } } } } } } } }`;
    expect((await errorOf(deep)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const many = `subscription { ${Array.from({ length: 40 }, (_, i) => `a${i}: statementAdded { eventId }`).join(' ')} }`;
    expect((await errorOf(many)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
