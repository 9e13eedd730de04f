import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSpeaker, createStatement, token } from '../support/factories.js';
import { rawClient, subscribe, type RawClient, type Subscription } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { parseGlobalId } from '../../src/ids.js';

/**
 * What one hostile client can make the live (WebSocket) side do: how many
 * subscriptions and connections it holds, how much replay work and buffered
 * output it costs, and how long a revoked key keeps its connection.
 */
let api: TestServer;
let url: string;
beforeAll(async () => {
  api = await startTestServer({
    EVENT_POLL_MS: '200',
    WS_REPLAY_PAGE_SIZE: '50',
    WS_MAX_BUFFERED_BYTES: '65536',
    // Long: the test of a key revoked elsewhere is then about the check on subscribe.
    WS_AUTH_RECHECK_MS: '600000',
  });
  url = await api.listen();
});
afterAll(() => api.close());

/** Every raw connection a test opens is closed after it, even when it fails, so that no test counts another's. */
const opened: RawClient[] = [];
async function connect(to: string, connectionParams: Record<string, unknown> = {}): Promise<RawClient> {
  const client = await rawClient(to, connectionParams);
  opened.push(client);
  return client;
}
const subscriptions: Subscription[] = [];
async function watch(to: string, query: string, variables: Record<string, unknown>): Promise<Subscription> {
  const sub = await subscribe(to, query, variables);
  subscriptions.push(sub);
  return sub;
}
afterEach(async () => {
  await Promise.all(subscriptions.splice(0).map((sub) => sub.close()));
  const clients = opened.splice(0);
  for (const client of clients) {
    (client.ws as unknown as { _socket?: { resume(): void } })._socket?.resume();
    client.ws.close();
  }
  await Promise.all(clients.map((client) => client.closed));
});

const STATEMENTS = `subscription($filter: StatementFilter, $after: ID) { statementAdded(filter: $filter, after: $after) { eventId statement { id } } }`;
const VERDICTS = `subscription { verdictChanged { eventId } }`;

/** The internal uuid behind a global ID. */
const dbId = (globalId: string) => parseGlobalId(globalId)!.id;
const lastEventId = async (server = api) => String((await server.db.event.aggregate({ _max: { id: true } }))._max.id ?? 0n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Whatever earlier tests left open has been let go, on the server's side too. */
const settled = () => until(() => api.liveStats().connections === 0, 'earlier connections to close');

/**
 * A backlog past what any page or old hard limit holds, written in one
 * statement: through the API it would take minutes. Taken under the
 * outbox's own lock, so ids still commit in order.
 */
async function seedStatements(server: TestServer, speakerId: string, count: number): Promise<void> {
  await server.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(7242001)) AS locked`;
    await tx.$executeRaw`
      WITH made AS (
        INSERT INTO statement (id, text, speaker_id, updated_at)
        SELECT gen_random_uuid(), 'Seeded claim number ' || g, ${dbId(speakerId)}::uuid, now() FROM generate_series(1, ${count}::int) AS g
        RETURNING id, created_at)
      INSERT INTO event (type, statement_id, payload, created_at)
      SELECT 'STATEMENT_CREATED', made.id, '{}'::jsonb, clock_timestamp() FROM made`;
  });
}

/** The outbox ids of a speaker's STATEMENT_CREATED events after `after`, in order. */
async function createdEventIds(server: TestServer, speakerId: string, after: string): Promise<string[]> {
  const statements = await server.db.statement.findMany({ where: { speakerId: dbId(speakerId) }, select: { id: true } });
  const events = await server.db.event.findMany({
    where: { id: { gt: BigInt(after) }, type: 'STATEMENT_CREATED', statementId: { in: statements.map((s) => s.id) } },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  return events.map((e) => e.id.toString());
}

const nextsFor = (client: RawClient, id: string) => client.messages.filter((m) => m.type === 'next' && m.id === id);

describe('live updates under attack', () => {
  it('replays a backlog of many pages: every kept event once and in order, with no gap before the live ones', { timeout: 120_000 }, async () => {
    const speaker = await createSpeaker(api);
    const after = await lastEventId();
    await seedStatements(api, speaker.id, 1100);
    await createStatement(api); // another speaker's: filtered out
    const sub = await watch(url, STATEMENTS, { filter: { speakerId: speaker.id }, after });
    // Written while the replay runs: the hand-over to live events must neither lose nor repeat them.
    await Promise.all(Array.from({ length: 5 }, () => createStatement(api, { speakerId: speaker.id })));
    await sub.waitFor(1105, 90_000);
    for (let i = 0; i < 3; i++) await createStatement(api, { speakerId: speaker.id });
    await sub.waitFor(1108);
    await sleep(300);

    const received = sub.results.map((r) => {
      expect(r.errors).toBeUndefined();
      return r.data!.statementAdded.eventId as string;
    });
    expect(received).toEqual(await createdEventIds(api, speaker.id, after));
    await sub.close();
  });

  it('refuses a subscription past WS_MAX_SUBSCRIPTIONS_PER_CONNECTION with a coded error, and keeps the connection', async () => {
    await settled();
    const client = await connect(url);
    for (let i = 1; i <= 10; i++) client.subscribe(`s${i}`, STATEMENTS);
    client.subscribe('s11', STATEMENTS);
    const refused = await client.waitFor((m) => m.type === 'error' && m.id === 's11');
    expect(refused.payload[0]).toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED', limit: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', max: 10 } });
    expect(refused.payload[0].message).toMatch(/10 subscriptions/);

    // Ending one makes room for another.
    client.ws.send(JSON.stringify({ type: 'complete', id: 's1' }));
    await sleep(100);
    client.subscribe('s12', STATEMENTS);
    await sleep(200);
    await createStatement(api);
    await client.waitFor((m) => m.type === 'next' && m.id === 's12');
    expect(client.messages.filter((m) => m.type === 'error')).toHaveLength(1);
    client.ws.close();
    await client.closed;
  });

  it('refuses connections past WS_MAX_CONNECTIONS_PER_CLIENT with close code 4429', async () => {
    await settled();
    const clients = await Promise.all(Array.from({ length: 10 }, () => connect(url)));
    expect(clients.every((c) => c.acknowledged)).toBe(true);
    const extra = await connect(url);
    expect(extra.acknowledged).toBe(false);
    expect(await extra.closed).toEqual({ code: 4429, reason: expect.stringMatching(/too many connections/i) });

    // A closed connection frees its place.
    clients[0]!.ws.close();
    await clients[0]!.closed;
    await until(() => api.liveStats().connections === 9, 'the server to let go of the closed connection');
    const again = await connect(url);
    expect(again.acknowledged).toBe(true);
    for (const c of [...clients, again]) c.ws.close();
    await Promise.all([...clients, again].map((c) => c.closed));
  });

  it('closes a client that stops reading with code 1013, and frees its subscription', { timeout: 120_000 }, async () => {
    await settled();
    const baseline = api.liveStats().subscriptions;
    // Only clients' subscriptions count: the instance's own workers follow the outbox too, and are not among them.
    expect(baseline).toBe(0);
    const client = await connect(url);
    // One root field, but each event's text 30 times over: about 150 kB a message.
    const texts = Array.from({ length: 30 }, (_, i) => `t${i}: text`).join(' ');
    client.subscribe('big', `subscription { statementAdded { eventId statement { ${texts} } } }`);
    await until(() => api.liveStats().subscriptions === baseline + 1, 'the subscription to start');
    (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

    const speaker = await createSpeaker(api);
    const text = `A long claim ${'about the figures '.repeat(290)}`.slice(0, 5000);
    let made = 0;
    // Kernel buffers take a few megabytes before anything waits in the process.
    while (api.liveStats().subscriptions > baseline && made < 300) {
      await createStatement(api, { speakerId: speaker.id, text });
      made++;
    }
    expect(api.liveStats().subscriptions).toBe(baseline);

    (client.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await client.closed).toEqual({ code: 1013, reason: expect.stringMatching(/slow consumer/i) });
    await until(() => api.liveStats().connections === 0, 'the connection to be released');
  });

  it('keeps /health and queries answering while 20 subscriptions replay a long backlog, at a bounded cost', { timeout: 180_000 }, async () => {
    await settled();
    const speaker = await createSpeaker(api);
    const after = await lastEventId();
    await seedStatements(api, speaker.id, 1000);
    const word = `probe${token()}`;
    const probes = [];
    for (let i = 0; i < 3; i++) probes.push((await createStatement(api, { speakerId: speaker.id, text: `A ${word} into the figures` })).id);

    const sentBefore = api.queries.length;
    const clients = [await connect(url), await connect(url)];
    const ids: [RawClient, string][] = [];
    for (let i = 0; i < 20; i++) {
      const client = clients[i % 2]!;
      client.subscribe(`r${i}`, STATEMENTS, { filter: { search: word }, after });
      ids.push([client, `r${i}`]);
    }
    // Generous bounds: the point is that they answer during the replay, not how fast.
    const health = await Promise.race([api.http.get('/health').then((res) => res.status), sleep(20_000).then(() => 'timed out')]);
    expect(health).toBe(200);
    const query = await Promise.race([
      api.gql(`{ statements(first: 5) { edges { node { id } } } }`).then((body) => (body.errors ? body.errors : 'answered')),
      sleep(20_000).then(() => 'timed out'),
    ]);
    expect(query).toBe('answered');

    for (const [client, id] of ids) {
      await until(() => nextsFor(client, id).length >= 3, `subscription ${id} to replay`, 150_000);
      expect(nextsFor(client, id).map((m) => m.payload.data.statementAdded.statement.id)).toEqual(probes);
    }
    // Filtering in SQL, page by page: far fewer statements than one per event per
    // subscriber (one by one, each event cost each subscriber two).
    const sent = api.queries.length - sentBefore;
    const replayed = await api.db.event.count({ where: { id: { gt: BigInt(after) }, type: 'STATEMENT_CREATED' } });
    expect(replayed).toBeGreaterThanOrEqual(1003);
    expect(sent).toBeLessThan((20 * replayed) / 4);
    for (const client of clients) client.ws.close();
    await Promise.all(clients.map((c) => c.closed));
  });

  it('closes a connection at once when its key is revoked, with code 4401', async () => {
    await settled();
    const name = `Revoked ${token()}`;
    const key = await api.createKey('CONTRIBUTOR', name);
    const client = await connect(url, { authorization: `Bearer ${key}` });
    expect(client.acknowledged).toBe(true);
    client.subscribe('v', VERDICTS);
    await sleep(100);
    const id = (await api.allKeys()).find((k) => k.name === name)!.id;
    await api.ok(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id });
    const closed = await Promise.race([client.closed, sleep(5000).then(() => 'still open')]);
    expect(closed).toEqual({ code: 4401, reason: expect.stringMatching(/revoked/i) });
  });

  it('refuses a new subscription on a connection whose key another instance revoked', async () => {
    await settled();
    const name = `Revoked elsewhere ${token()}`;
    const key = await api.createKey('CONTRIBUTOR', name);
    const client = await connect(url, { authorization: `Bearer ${key}` });
    expect(client.acknowledged).toBe(true);
    const id = (await api.allKeys()).find((k) => k.name === name)!.id;
    // As another replica would: this instance's services never see it.
    await api.db.apiKey.update({ where: { id: dbId(id) }, data: { revokedAt: new Date() } });
    client.subscribe('v', STATEMENTS);
    const closed = await Promise.race([client.closed, sleep(5000).then(() => 'still open')]);
    expect(closed).toEqual({ code: 4401, reason: expect.stringMatching(/revoked/i) });
    expect(client.messages.filter((m) => m.type === 'next')).toEqual([]);
  });
});

describe('live updates with small limits', () => {
  let small: TestServer;
  let smallUrl: string;
  beforeAll(async () => {
    small = await startTestServer({ EVENT_POLL_MS: '200', WS_MAX_REPLAY_EVENTS: '20', WS_AUTH_RECHECK_MS: '300', WS_MAX_CONNECTIONS: '3' });
    smallUrl = await small.listen();
  });
  afterAll(() => small.close());

  it('ends a replay longer than WS_MAX_REPLAY_EVENTS with an error saying what to do, instead of skipping events', async () => {
    const speaker = await createSpeaker(small);
    const after = await lastEventId(small);
    for (let i = 0; i < 25; i++) await createStatement(small, { speakerId: speaker.id });
    const sub = await watch(smallUrl, STATEMENTS, { filter: { speakerId: speaker.id }, after });
    await sub.waitFor(1);
    await sub.ended;
    expect(sub.results).toHaveLength(1);
    const [error] = sub.results[0]!.errors!;
    expect(error!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'WS_MAX_REPLAY_EVENTS', max: 20 });
    expect(error!.message).toMatch(/statements.*query|later `after`/i);
    expect(sub.results[0]!.data?.statementAdded ?? null).toBeNull();
    await sub.close();
  });

  it('refuses connections past WS_MAX_CONNECTIONS with close code 4503', async () => {
    const clients = await Promise.all(Array.from({ length: 3 }, () => connect(smallUrl)));
    expect(clients.every((c) => c.acknowledged)).toBe(true);
    const extra = await connect(smallUrl);
    expect(extra.acknowledged).toBe(false);
    expect(await extra.closed).toEqual({ code: 4503, reason: expect.stringMatching(/too many connections/i) });
    for (const c of clients) c.ws.close();
    await Promise.all(clients.map((c) => c.closed));
    await until(() => small.liveStats().connections === 0, 'the connections to be released');
  });

  it('closes a connection whose key another instance revoked within WS_AUTH_RECHECK_MS, with code 4401', async () => {
    const name = `Revoked elsewhere ${token()}`;
    const key = await small.createKey('CONTRIBUTOR', name);
    const client = await connect(smallUrl, { authorization: `Bearer ${key}` });
    expect(client.acknowledged).toBe(true);
    client.subscribe('v', VERDICTS);
    const id = (await small.allKeys()).find((k) => k.name === name)!.id;
    await small.db.apiKey.update({ where: { id: dbId(id) }, data: { revokedAt: new Date() } });
    const closed = await Promise.race([client.closed, sleep(10_000).then(() => 'still open')]);
    expect(closed).toEqual({ code: 4401, reason: expect.stringMatching(/revoked/i) });
  });
});
