import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createStatement, link, setVerdict, token } from '../support/factories.js';
import { subscribe } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
let wsUrl: string;
let hook: { received: { event: string; data: any }[]; close(): Promise<void> };

/** A local endpoint collecting what webhooks send. */
async function receiver(): Promise<{ url: string; received: { event: string; data: any }[]; close(): Promise<void> }> {
  const received: { event: string; data: any }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  api = await startTestServer({
    REVIEW_AFTER_DAYS: 'FALSE=10,MIXED=30,*=0',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_POLL_MS: '100',
    EVENT_POLL_MS: '100',
  });
  wsUrl = await api.listen();
  const endpoint = await receiver();
  await api.ok(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`, {
    input: { url: endpoint.url, events: ['REVIEW_REOPENED'] },
  });
  hook = endpoint;
});
afterAll(async () => {
  await api.close();
  await hook.close();
});

const PAST = '2020-01-01T00:00:00.000Z';
const ADD = `mutation($input: AddAppearanceInput!) { addAppearance(input: $input) { id } }`;
const STATE = `query($id: ID!) { statement(id: $id) { status version verdictCount
  verdicts(first: 10) { id status rationale reviewer createdAt reviewAfter reopenReason reopenedByEdit judgedText evidence { url } } } }`;
const url = () => `https://news.example/${token()}`;
const appear = async (statementId: string, sourceId?: string, publishedAt?: string) =>
  api.ok(ADD, { input: { statementId, sourceId: sourceId ?? (await createSource(api)).id, url: url(), publishedAt } });
const state = async (id: string) => (await api.ok(STATE, { id })).statement;

/** A statement with a FALSE finding due for review on `reviewAfter`. */
async function checked(reviewAfter: string | null = PAST) {
  const statement = await createStatement(api);
  await setVerdict(api, statement.id, statement.version, reviewAfter === null ? {} : { reviewAfter });
  return statement;
}

describe('reviewAfter', () => {
  it("defaults to the status's days from REVIEW_AFTER_DAYS, is absent where the setting says never, and is refused on a provisional status", async () => {
    const falsehood = await createStatement(api);
    const before = Date.now();
    await setVerdict(api, falsehood.id, falsehood.version);
    const [falseVerdict] = (await state(falsehood.id)).verdicts;
    const due = Date.parse(falseVerdict.reviewAfter) - Date.parse(falseVerdict.createdAt);
    expect(due).toBe(10 * 86_400_000);
    expect(Date.parse(falseVerdict.createdAt)).toBeGreaterThanOrEqual(before - 5000);

    const truth = await createStatement(api);
    await setVerdict(api, truth.id, truth.version, { status: 'TRUE' });
    expect((await state(truth.id)).verdicts[0].reviewAfter).toBeNull();

    const pending = await createStatement(api);
    const refused = await api.fails(`mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id } }`, {
      input: { statementId: pending.id, expectedVersion: pending.version, status: 'IN_REVIEW', reviewAfter: '2030-01-01T00:00:00Z' },
    });
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reviewAfter' });
    expect((await state(pending.id)).verdictCount).toBe(0);
  });
});

describe('a stale finding reopens itself', () => {
  it('goes back to IN_REVIEW when a new appearance arrives after reviewAfter, appending a verdict and leaving the finding as it was, announced to subscribers and webhooks', async () => {
    const statement = await checked();
    const before = await state(statement.id);
    const watcher = await subscribe(wsUrl, `subscription($id: ID) { reviewReopened(statementId: $id) { eventId reason verdict { status reopenReason } finding { id status } } }`, { id: statement.id });
    try {
      const source = await createSource(api);
      await appear(statement.id, source.id);
      const after = await state(statement.id);
      expect(after.status).toBe('IN_REVIEW');
      expect(after.version).toBe(before.version + 1);
      expect(after.verdictCount).toBe(2);
      expect(after.verdicts[0]).toMatchObject({ status: 'IN_REVIEW', reopenReason: 'NEW_APPEARANCE', reviewAfter: null, evidence: [] });
      expect(after.verdicts[0].rationale).toMatch(/^Reopened: a new appearance .*FALSE.*2020-01-01/);
      // Appended, not edited: the finding is exactly as it was.
      expect(after.verdicts[1]).toEqual(before.verdicts[0]);

      await watcher.waitFor(1, 15_000);
      expect(watcher.results[0]!.data.reviewReopened).toMatchObject({
        reason: 'NEW_APPEARANCE',
        verdict: { status: 'IN_REVIEW', reopenReason: 'NEW_APPEARANCE' },
        finding: { id: before.verdicts[0].id, status: 'FALSE' },
      });
      await until(() => hook.received.some((e) => e.data?.statementId === statement.id));
      const delivered = hook.received.find((e) => e.data?.statementId === statement.id)!;
      expect(delivered).toMatchObject({ event: 'REVIEW_REOPENED', data: { reason: 'NEW_APPEARANCE', previousStatus: 'FALSE', sourceId: source.id, findingId: before.verdicts[0].id } });

      // Already in review: a further appearance reopens nothing more.
      await appear(statement.id);
      expect((await state(statement.id)).verdictCount).toBe(2);
    } finally {
      await watcher.close();
    }
  });

  it('stays closed before reviewAfter, and for coverage published before the verdict that is only recorded now', async () => {
    const fresh = await checked('2099-01-01T00:00:00Z');
    await appear(fresh.id);
    expect(await state(fresh.id)).toMatchObject({ status: 'FALSE', verdictCount: 1 });

    const stale = await checked();
    await appear(stale.id, undefined, '2021-06-01T00:00:00Z');
    expect(await state(stale.id)).toMatchObject({ status: 'FALSE', verdictCount: 1 });
  });

  it('goes back to IN_REVIEW when a new statement REPEATS it, but not for an older statement linked late or for another kind of link', async () => {
    const older = await createStatement(api);
    const statement = await checked();
    await link(api, older.id, statement.id, 'REPEATS');
    const rebuttal = await createStatement(api);
    await link(api, rebuttal.id, statement.id, 'REBUTS');
    expect(await state(statement.id)).toMatchObject({ status: 'FALSE', verdictCount: 1 });

    const repeat = await createStatement(api);
    await link(api, repeat.id, statement.id, 'REPEATS');
    const after = await state(statement.id);
    expect(after).toMatchObject({ status: 'IN_REVIEW', verdictCount: 2 });
    expect(after.verdicts[0]).toMatchObject({ status: 'IN_REVIEW', reopenReason: 'REPEATED' });
    await until(() => hook.received.some((e) => e.data?.statementId === statement.id));
    expect(hook.received.find((e) => e.data?.statementId === statement.id)).toMatchObject({ event: 'REVIEW_REOPENED', data: { reason: 'REPEATED', repeatedById: repeat.id } });
  });

  it('does not reopen when the write that brought the reach fails', async () => {
    const statement = await checked();
    const source = await createSource(api);
    const taken = url();
    await api.ok(ADD, { input: { statementId: statement.id, sourceId: source.id, url: taken } });
    const reopened = await state(statement.id);
    // Set a fresh finding, then send an appearance the service refuses (its URL is taken).
    await setVerdict(api, statement.id, reopened.version, { reviewAfter: PAST });
    const refused = await api.fails(ADD, { input: { statementId: statement.id, sourceId: source.id, url: taken } });
    expect(refused.extensions?.code).toBe('CONFLICT');
    expect(await state(statement.id)).toMatchObject({ status: 'FALSE', verdictCount: 3 });
  });
});

describe('reviewQueue', () => {
  const QUEUE = `query($first: Int, $after: String) { reviewQueue(first: $first, after: $after) {
    totalCount edges { cursor node { statement { id status } finding { id status } reach newAppearances repeats reasons { kind count since message } } }
    pageInfo { hasNextPage endCursor } } }`;

  async function wholeQueue(): Promise<any[]> {
    const items: any[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await api.ok(QUEUE, { first: 2, after }, { key: null })).reviewQueue;
      items.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) return items;
      after = page.pageInfo.endCursor;
    }
  }

  it('orders by reach since the finding, weighted by outlet reach, then the oldest finding, and says why each is there', async () => {
    const quietOld = await checked();
    const quietNew = await checked();
    const wide = await checked();
    const busy = await checked();
    const notDue = await checked('2099-01-01T00:00:00Z');
    const broadcaster = await createSource(api, { reach: 1000 });
    await appear(wide.id, broadcaster.id);
    for (let n = 0; n < 3; n++) await appear(busy.id);
    const repeat = await createStatement(api, {
      appearances: [
        { sourceId: (await createSource(api)).id, url: url() },
        { sourceId: (await createSource(api)).id, url: url() },
      ],
    });
    await link(api, repeat.id, busy.id, 'REPEATS');
    await appear(notDue.id);

    const mine = new Set([quietOld.id, quietNew.id, wide.id, busy.id, notDue.id]);
    const queue = (await wholeQueue()).filter((item) => mine.has(item.statement.id));
    expect(queue.map((item) => item.statement.id)).toEqual([wide.id, busy.id, quietOld.id, quietNew.id]);
    expect(queue.map((item) => [item.reach, item.newAppearances, item.repeats])).toEqual([
      [1000, 1, 0],
      [5, 3, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(queue[0].reasons.map((r: any) => [r.kind, r.count])).toEqual([
      ['REOPENED', null],
      ['NEW_APPEARANCES', 1],
    ]);
    expect(queue[1].reasons.map((r: any) => [r.kind, r.count])).toEqual([
      ['REOPENED', null],
      ['NEW_APPEARANCES', 3],
      ['REPEATS', 1],
    ]);
    expect(queue[2].reasons).toEqual([{ kind: 'REVIEW_DUE', count: null, since: PAST, message: 'The FALSE finding was due for review on 2020-01-01.' }]);
    expect(queue[0].finding.status).toBe('FALSE');

    // A new finding takes it off the queue.
    const { version } = await state(wide.id);
    await setVerdict(api, wide.id, version, { reviewAfter: '2099-01-01T00:00:00Z' });
    expect((await wholeQueue()).some((item) => item.statement.id === wide.id)).toBe(false);
  });

  it('refuses a negative outlet reach, which would lower a statement in the queue', async () => {
    const error = await api.fails(`mutation($input: CreateSourceInput!) { createSource(input: $input) { id } }`, {
      input: { slug: `src-${token()}`, name: 'Minus', kind: 'ONLINE', reach: -1000 },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reach' });
  });

  it('refuses a forged cursor and a page size out of range', async () => {
    const forged = Buffer.from('c1:' + JSON.stringify({ r: -1, t: 'yesterday', id: 'x' })).toString('base64url');
    expect((await api.fails(QUEUE, { first: 2, after: forged })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await api.fails(QUEUE, { first: 10_000 })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('reopening under concurrent writes', () => {
  it('takes appearances sent at once to a stale statement without deadlocking, and reopens it once', async () => {
    const statement = await checked();
    const sources = await Promise.all(Array.from({ length: 6 }, () => createSource(api)));
    const results = await Promise.all(
      sources.map((source) => api.gql(ADD, { input: { statementId: statement.id, sourceId: source.id, url: url() } })),
    );
    expect(results.map((r) => r.errors ?? [])).toEqual(sources.map(() => []));
    const after = await state(statement.id);
    expect(after).toMatchObject({ status: 'IN_REVIEW', verdictCount: 2 });
  });

  it('takes REPEATS links sent at once to a stale statement without deadlocking, and reopens it once', async () => {
    const statement = await checked();
    const repeats = await Promise.all(Array.from({ length: 6 }, () => createStatement(api)));
    const LINK = `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { id } }`;
    const results = await Promise.all(repeats.map((r) => api.gql(LINK, { input: { fromId: r.id, toId: statement.id, kind: 'REPEATS' } })));
    expect(results.map((r) => r.errors ?? [])).toEqual(repeats.map(() => []));
    expect(await state(statement.id)).toMatchObject({ status: 'IN_REVIEW', verdictCount: 2 });
  });
});
