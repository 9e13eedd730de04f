import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../src/ids.js';
import type { Lookup } from '../../src/modules/webhooks/webhook.address.js';
import { createStatement, setVerdict, token } from '../support/factories.js';
import { subscribe } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';

/*
 * Evidence is served by a local HTTP server under names of the test's own:
 * site.example.org is that server (127.0.0.1, let through by
 * EVIDENCE_FETCH_ALLOW_ADDRESSES), intranet.example.org an address on a
 * private network. Any other name does not resolve: nothing leaves the machine.
 */
const lookup: Lookup = async (hostname) => {
  if (hostname === 'site.example.org') return [{ address: '127.0.0.1', family: 4 }];
  if (hostname === 'intranet.example.org') return [{ address: '10.0.0.7', family: 4 }];
  throw Object.assign(new Error(`${hostname} is not a test name`), { code: 'ENOTFOUND' });
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const pages = new Map<string, Handler>();
const hits = new Map<string, number>();
let site: Server;
let port: number;
let api: TestServer;
let wsUrl: string;
let hook: { received: { event: string; data: any }[]; close(): Promise<void> };

const html = (title: string, text = '') => `<!doctype html><html><head><title>${title}</title></head><body><p>${text}</p></body></html>`;
const page = (body: string | Buffer, type = 'text/html; charset=utf-8'): Handler => (_req, res) => {
  res.setHeader('content-type', type);
  res.end(body);
};
const status = (code: number): Handler => (_req, res) => {
  res.statusCode = code;
  res.end('no');
};
const redirect = (location: string, code = 302): Handler => (_req, res) => {
  res.statusCode = code;
  res.setHeader('location', location);
  res.end();
};
const sha256 = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');

/** A path of its own for each test, on the local site. */
function path(handler: Handler): { path: string; url: string; set(next: Handler): void } {
  const p = `/${token()}`;
  pages.set(p, handler);
  return { path: p, url: `http://site.example.org:${port}${p}`, set: (next) => pages.set(p, next) };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const CHECK = 'result reason baseline httpStatus finalUrl redirects contentType size truncated sha256 title error attempts bodyStored fetchedAt';
const EVIDENCE = `query($id: ID!) { statement(id: $id) { version verdictCount verdict { id status rationale
  evidence { url snapshot { ${CHECK} } latestCheck { ${CHECK} } checks(first: 50) { totalCount edges { node { ${CHECK} } } } } } } }`;
const ROTTEN = `query($after: String) { verdictsWithRottenEvidence(first: 100, after: $after) { totalCount
  edges { node { verdict { id status } statement { id } rotten { result reason evidence { url position } check { result httpStatus finalUrl } } } }
  pageInfo { hasNextPage endCursor } } }`;

async function evidenceOf(statementId: string) {
  return (await api.ok(EVIDENCE, { id: statementId })).statement;
}

/** A statement with a FALSE verdict citing these URLs. */
async function judged(...urls: string[]): Promise<{ statementId: string; verdictId: string }> {
  const statement = await createStatement(api);
  const verdict = await setVerdict(api, statement.id, 1, { evidence: urls.map((url) => ({ url, title: 'The record', stance: 'REFUTES' })) });
  return { statementId: statement.id, verdictId: verdict.id };
}

const latest = async (statementId: string, index = 0) => (await evidenceOf(statementId)).verdict.evidence[index].checks.edges[0]?.node;

async function rottenList(): Promise<any[]> {
  const found = [];
  let after: string | null = null;
  do {
    const page: any = (await api.ok(ROTTEN, { after })).verdictsWithRottenEvidence;
    found.push(...page.edges.map((e: any) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return found;
}

beforeAll(async () => {
  site = createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    (pages.get(p) ?? status(404))(req, res);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const address = site.address();
  port = typeof address === 'object' && address ? address.port : 0;

  api = await startTestServer(
    {
      EVIDENCE_FETCH: 'true',
      EVIDENCE_FETCH_ALLOW_ADDRESSES: '127.0.0.1/32',
      EVIDENCE_FETCH_POLL_MS: '100',
      EVIDENCE_FETCH_RETRY_BASE_MS: '50',
      EVIDENCE_FETCH_ATTEMPTS: '2',
      EVIDENCE_FETCH_TIMEOUT_MS: '3000',
      EVIDENCE_FETCH_MAX_BYTES: '4096',
      EVIDENCE_FETCH_CONCURRENCY: '8',
      EVIDENCE_RECHECK_SECONDS: '1',
      EVIDENCE_STORE_BODIES: 'true',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_POLL_MS: '100',
      EVENT_POLL_MS: '100',
    },
    // Its own database: its fetcher must see only this file's evidence.
    { lookup, ownDatabase: true },
  );
  wsUrl = await api.listen();

  const received: { event: string; data: any }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const at = receiver.address();
  await api.ok(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`, {
    input: { url: `http://127.0.0.1:${typeof at === 'object' && at ? at.port : 0}/hook`, events: ['EVIDENCE_ROTTED'] },
  });
  hook = { received, close: () => new Promise((resolve) => receiver.close(() => resolve())) };
});

afterAll(async () => {
  await api.close();
  await hook.close();
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

// Some tests start instances of their own (a database each, on the embedded one): slow on a loaded machine.
describe('evidence snapshots', { timeout: 120_000 }, () => {
  it('records a snapshot of each evidence URL after setVerdict: status, final URL, type, size, SHA-256, title; the body only compressed, never served', async () => {
    const body = html('Ministry &amp; figures — March', 'The counts per district.');
    const report = path(page(body));
    const old = path(redirect(report.path, 301));
    const { statementId } = await judged(report.url, old.url);

    const statement = await until(() => evidenceOf(statementId), (s) => s.verdict.evidence.every((e: any) => e.snapshot !== null));
    const [direct, moved] = statement.verdict.evidence;
    expect(direct.snapshot).toMatchObject({
      result: 'OK',
      baseline: true,
      httpStatus: 200,
      finalUrl: report.url,
      redirects: 0,
      contentType: 'text/html; charset=utf-8',
      size: Buffer.byteLength(body),
      truncated: false,
      sha256: sha256(body),
      title: 'Ministry & figures — March',
      error: null,
      attempts: 1,
      bodyStored: true,
    });
    expect(new Date(direct.snapshot.fetchedAt).getTime()).toBeGreaterThan(Date.now() - 120_000);
    // Followed by hand, the final URL after the redirect.
    expect(moved.snapshot).toMatchObject({ result: 'OK', finalUrl: report.url, redirects: 1, sha256: sha256(body) });
    expect(direct.latestCheck).toEqual(direct.snapshot);

    // Kept gzip-compressed in the database; the API has no field that serves it.
    const stored = await api.db.evidenceCheck.findFirst({ where: { baseline: true, finalUrl: report.url, redirects: 0 } });
    expect(gunzipSync(stored!.body!).toString('utf8')).toBe(body);
    const introspected = await api.ok(`{ __type(name: "EvidenceCheck") { fields { name } } }`);
    expect(introspected.__type.fields.map((f: { name: string }) => f.name)).not.toContain('body');
  });

  it('refuses a redirect to a private or loopback address, without connecting, and does not retry it', async () => {
    const toPrivate = path(redirect(`http://intranet.example.org:${port}/admin`));
    const loopback = path(page(html('Loopback, not allowed')));
    // 127.0.0.2 is loopback too, outside the one address the test allows: a hop there is refused.
    const toLoopback = path(redirect(`http://127.0.0.2:${port}${loopback.path}`));
    const { statementId } = await judged(toPrivate.url, toLoopback.url);

    const statement = await until(() => evidenceOf(statementId), (s) => s.verdict.evidence.every((e: any) => e.checks.totalCount > 0));
    for (const [item, host] of [
      [statement.verdict.evidence[0], `intranet.example.org:${port}`],
      [statement.verdict.evidence[1], `127.0.0.2:${port}`],
    ]) {
      const check = item.checks.edges.at(-1).node;
      expect(check).toMatchObject({ result: 'REFUSED', httpStatus: null, redirects: 1, attempts: 1, sha256: null, bodyStored: false });
      expect(check.error).toBe(`redirect 1: ${host} is not a public address, and the address rules refuse it`);
      // The address it resolved to is not told.
      expect(check.reason).not.toContain('10.0.0.7');
      expect(item.snapshot).toBeNull();
    }
    expect(hits.get(loopback.path) ?? 0).toBe(0);
  });

  it('reads no more than EVIDENCE_FETCH_MAX_BYTES: the hash is of the bytes read, and the check says it was cut', async () => {
    const big = Buffer.alloc(10_000, 'x');
    const huge = path(page(big, 'application/octet-stream'));
    const { statementId } = await judged(huge.url);
    const snapshot = (await until(() => evidenceOf(statementId), (s) => s.verdict.evidence[0].snapshot !== null)).verdict.evidence[0].snapshot;
    expect(snapshot).toMatchObject({ result: 'OK', httpStatus: 200, size: 4096, truncated: true, sha256: sha256(big.subarray(0, 4096)), title: null });
    expect(snapshot.reason).toMatch(/cut at 4096 bytes/);
  });

  it('gives up on a page that does not answer in time, after the retries, as GONE', async () => {
    const stalled: ServerResponse[] = [];
    const slow = path((_req, res) => void stalled.push(res));
    const { statementId } = await judged(slow.url);
    const check = await until(() => latest(statementId), (c) => c !== undefined);
    expect(check).toMatchObject({ result: 'GONE', httpStatus: null, attempts: 2, sha256: null, error: 'no answer within 3000 ms' });
    expect(check.reason).toBe('no answer within 3000 ms, in each of 2 attempts.');
    expect(hits.get(slow.path)).toBeGreaterThanOrEqual(2);
    // Re-checks of it answer at once from now on.
    slow.set(status(404));
    for (const res of stalled) res.destroy();
  });

  it('retries a name that does not resolve (it may come back), then records it GONE', async () => {
    const { statementId } = await judged(`http://nowhere.example.org:${port}/report`);
    const check = await until(() => latest(statementId), (c) => c !== undefined);
    expect(check).toMatchObject({ result: 'GONE', httpStatus: null, attempts: 2, error: 'nowhere.example.org does not resolve', redirects: 0 });
  });
});

describe('re-checks', { timeout: 120_000 }, () => {
  it('records CHANGED when the page changes, lists it for the desk and tells subscribers and webhooks, leaving the verdict as it was', async () => {
    const first = html('Casualty report', 'Twelve.');
    const changing = path(page(first));
    const steady = path(page(html('Steady', 'Same every time.')));
    const { statementId, verdictId } = await judged(steady.url, changing.url);
    const before = await until(() => evidenceOf(statementId), (s) => s.verdict.evidence.every((e: any) => e.snapshot !== null));
    const live = await subscribe(wsUrl, `subscription($id: ID) { evidenceRotted(statementId: $id) { eventId result previousResult
      verdict { id status } evidence { url position } check { result sha256 httpStatus } } }`, { id: statementId });

    changing.set(page(html('Casualty report', 'Twenty.')));
    const check = await until(() => latest(statementId, 1), (c) => c.result === 'CHANGED');
    expect(check).toMatchObject({ baseline: false, httpStatus: 200, sha256: sha256(html('Casualty report', 'Twenty.')) });
    expect(check.reason).toMatch(/^Its content differs from the snapshot of .* \(another SHA-256\)\.$/);
    // Re-checks go on, each judged against the snapshot: the latest is still CHANGED.
    expect((await evidenceOf(statementId)).verdict.evidence[1].latestCheck).toMatchObject({ result: 'CHANGED', baseline: false });

    const listed = (await rottenList()).find((item) => item.verdict.id === verdictId);
    expect(listed).toMatchObject({
      verdict: { id: verdictId, status: 'FALSE' },
      statement: { id: statementId },
      // Only the evidence that rotted, with why.
      rotten: [{ result: 'CHANGED', evidence: { url: changing.url, position: 1 }, check: { result: 'CHANGED', httpStatus: 200 } }],
    });
    expect(listed.rotten[0].reason).toMatch(/content differs/);

    await live.waitFor(1, 20_000);
    expect(live.results[0]!.data!.evidenceRotted).toMatchObject({
      result: 'CHANGED',
      previousResult: 'OK',
      verdict: { id: verdictId, status: 'FALSE' },
      evidence: { url: changing.url, position: 1 },
      check: { result: 'CHANGED', httpStatus: 200 },
    });
    await live.close();
    const delivered = await until(async () => hook.received.find((e) => e.data.verdictId === verdictId), (e) => e !== undefined);
    expect(delivered).toMatchObject({ event: 'EVIDENCE_ROTTED', data: { statementId, verdictId, position: 1, url: changing.url, result: 'CHANGED', previousResult: 'OK' } });
    expect(delivered.data.check).not.toHaveProperty('body');

    // Re-checked again and again, one event: it is news only once.
    await until(() => evidenceOf(statementId), (s) => s.verdict.evidence[1].checks.totalCount >= 4);
    expect(hook.received.filter((e) => e.data.verdictId === verdictId)).toHaveLength(1);

    // The verdict, its version and its history are as they were.
    const after = await evidenceOf(statementId);
    expect(after.version).toBe(before.version);
    expect(after.verdictCount).toBe(before.verdictCount);
    expect(after.verdict).toMatchObject({ id: verdictId, status: 'FALSE', rationale: before.verdict.rationale });
    // The snapshot is still what the page was when the verdict was recorded.
    expect(after.verdict.evidence[1].snapshot).toEqual(before.verdict.evidence[1].snapshot);
  });

  it('records GONE when the page starts answering 404, MOVED when it redirects elsewhere', async () => {
    const vanishing = path(page(html('Soon gone')));
    const moving = path(page(html('Soon moved')));
    const elsewhere = path(page(html('Soon moved')));
    const { statementId, verdictId } = await judged(vanishing.url, moving.url);
    await until(() => evidenceOf(statementId), (s) => s.verdict.evidence.every((e: any) => e.snapshot !== null));

    vanishing.set(status(404));
    moving.set(redirect(elsewhere.path));
    const gone = await until(() => latest(statementId, 0), (c) => c.result === 'GONE');
    expect(gone).toMatchObject({ httpStatus: 404, attempts: 2, error: 'HTTP 404' });
    const moved = await until(() => latest(statementId, 1), (c) => c.result === 'MOVED');
    expect(moved).toMatchObject({ httpStatus: 200, finalUrl: elsewhere.url, redirects: 1 });
    expect(moved.reason).toBe(`It now ends at ${elsewhere.url}, not ${moving.url} as in ${moved.reason.match(/the snapshot of \S+Z/)![0]}.`);

    const listed = (await rottenList()).find((item) => item.verdict.id === verdictId);
    expect(listed.rotten.map((r: any) => [r.result, r.evidence.url])).toEqual([
      ['GONE', vanishing.url],
      ['MOVED', moving.url],
    ]);
    expect((await evidenceOf(statementId)).verdict).toMatchObject({ id: verdictId, status: 'FALSE' });
  });

  it('stops re-checking the evidence of a verdict once a newer one supersedes it, and leaves it off the desk list', async () => {
    const gone = path(page(html('Then gone')));
    const { statementId, verdictId } = await judged(gone.url);
    await until(() => evidenceOf(statementId), (s) => s.verdict.evidence[0].snapshot !== null);
    gone.set(status(410));
    await until(() => latest(statementId), (c) => c.result === 'GONE');
    expect((await rottenList()).some((item) => item.verdict.id === verdictId)).toBe(true);

    const version = (await evidenceOf(statementId)).version;
    await setVerdict(api, statementId, version, { status: 'MISLEADING', evidence: [{ url: path(page(html('New'))).url, stance: 'REFUTES' }] });
    expect((await rottenList()).some((item) => item.verdict.id === verdictId)).toBe(false);
    const old = await api.db.evidence.findFirstOrThrow({ where: { verdictId: fromGlobalId('Verdict', verdictId, 'id') } });
    await until(() => api.db.evidenceFetch.findUniqueOrThrow({ where: { evidenceId: old.id } }), (row) => row.dueAt === null);
    const count = await api.db.evidenceCheck.count({ where: { evidenceId: old.id } });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await api.db.evidenceCheck.count({ where: { evidenceId: old.id } })).toBe(count);
  });

  it('keeps fetches queued in the database while no instance fetches, and the next one to start does them', async () => {
    // An instance with fetching off (EVIDENCE_FETCH=false) records the verdict; the fetch waits in its table.
    const quiet = await startTestServer({ EVIDENCE_FETCH: 'false', EVENT_POLL_MS: '100' }, { lookup, ownDatabase: true });
    let later: TestServer | undefined;
    try {
      await quiet.listen();
      const waiting = path(page(html('Waiting')));
      const statement = await createStatement(quiet);
      await setVerdict(quiet, statement.id, 1, { evidence: [{ url: waiting.url, stance: 'CONTEXT' }] });
      expect(await quiet.db.evidenceFetch.count({ where: { dueAt: { not: null } } })).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(hits.get(waiting.path) ?? 0).toBe(0);
      expect(await quiet.db.evidenceCheck.count()).toBe(0);

      later = await startTestServer(
        { EVIDENCE_FETCH: 'true', EVIDENCE_FETCH_ALLOW_ADDRESSES: '127.0.0.1/32', EVIDENCE_FETCH_POLL_MS: '100', EVENT_POLL_MS: '100' },
        { lookup, sharedWith: quiet },
      );
      await later.listen();
      const snapshot = await until(
        async () => (await later!.ok(EVIDENCE, { id: statement.id })).statement.verdict.evidence[0].snapshot,
        (s) => s !== null,
      );
      expect(snapshot).toMatchObject({ result: 'OK', httpStatus: 200, title: 'Waiting' });
    } finally {
      await later?.close();
      await quiet.close();
    }
  });

  it('stops without waiting out a fetch that hangs: the request is cut off and left to its lease', async () => {
    const stalled: ServerResponse[] = [];
    const hanging = path((req, res) => {
      stalled.push(res);
      req.socket.on('close', () => hangingClosed.push(Date.now()));
    });
    const hangingClosed: number[] = [];
    const stopping = await startTestServer(
      { EVIDENCE_FETCH: 'true', EVIDENCE_FETCH_ALLOW_ADDRESSES: '127.0.0.1/32', EVIDENCE_FETCH_TIMEOUT_MS: '120000', EVIDENCE_FETCH_POLL_MS: '100', EVENT_POLL_MS: '100' },
      { lookup, ownDatabase: true },
    );
    await stopping.listen();
    const statement = await createStatement(stopping);
    await setVerdict(stopping, statement.id, 1, { evidence: [{ url: hanging.url, stance: 'CONTEXT' }] });
    await until(async () => hits.get(hanging.path) ?? 0, (n) => n >= 1);
    const started = Date.now();
    await stopping.close();
    // Far less than the two minutes the fetch was allowed.
    expect(Date.now() - started).toBeLessThan(60_000);
    await until(async () => hangingClosed.length, (n) => n >= 1);
    for (const res of stalled) res.destroy();
  });

  it('shares the queue between instances: each round is one fetch, whichever instance makes it', async () => {
    const second = await startTestServer(
      { EVIDENCE_FETCH: 'true', EVIDENCE_FETCH_ALLOW_ADDRESSES: '127.0.0.1/32', EVIDENCE_FETCH_POLL_MS: '20', EVIDENCE_RECHECK_SECONDS: '1', EVENT_POLL_MS: '100' },
      { lookup, sharedWith: api },
    );
    try {
      await second.listen();
      const counted = path(page(html('Counted')));
      const { statementId } = await judged(counted.url);
      await until(() => evidenceOf(statementId), (s) => s.verdict.evidence[0].checks.totalCount >= 4);
      const checks = (await evidenceOf(statementId)).verdict.evidence[0].checks.totalCount;
      // A request may be under way for the next round as the count is read.
      expect(hits.get(counted.path)! - checks).toBeGreaterThanOrEqual(0);
      expect(hits.get(counted.path)! - checks).toBeLessThanOrEqual(1);
    } finally {
      await second.close();
    }
  });
});
