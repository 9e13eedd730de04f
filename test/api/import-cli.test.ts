import { randomInt } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimReviews } from '../../bench/import-stall.js';
import { parseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { importClaimReviewsCommand, type ImportCommandDeps } from '../../src/modules/claimreview/claimreview.cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** `npm run import:claimreviews`, run as a publisher loads its archive: through the API and straight into the database. */
let api: TestServer;
let endpoint: string;
let dir: string;
beforeAll(async () => {
  api = await startTestServer();
  endpoint = (await api.listen()).replace(/^ws:/, 'http:');
  dir = await mkdtemp(path.join(tmpdir(), 'factcheck-import-cli-'));
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = {}, deps: ImportCommandDeps = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await importClaimReviewsCommand(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) }, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `count` reviews nobody imported yet, and the file of them. */
function archive(count: number) {
  const reviews = claimReviews(randomInt(1e9), count);
  return { reviews, urls: reviews.map((r) => r.url as string), claims: reviews.map((r) => r.claimReviewed as string) };
}

/** The statements recorded for these claims. */
async function statements(db: TestServer['db'], claims: string[]) {
  return db.statement.findMany({ where: { text: { in: claims } } });
}

/** Who recorded them, as the audit trail says. */
async function recordedBy(db: TestServer['db'], ids: string[]): Promise<Set<string>> {
  const audit = await db.auditEntry.findMany({ where: { entityType: 'Statement', entityId: { in: ids } } });
  return new Set(audit.map((a) => a.keyName));
}

describe('through a running service (--api)', () => {
  it('imports a JSON Lines archive in batches, resumes after an interruption, and does nothing the third time', { timeout: 240_000 }, async () => {
    const { reviews, urls, claims } = archive(12);
    // A page of the publisher's site that is no review: the import skips it.
    const notAReview = { '@context': 'https://schema.org', '@type': 'WebPage', url: `${urls[0]}-about` };
    const lines = reviews.map((r) => JSON.stringify(r));
    lines.splice(6, 0, '{"@type": "ClaimReview", "url": ');
    lines.splice(9, 0, JSON.stringify(notAReview));
    const file = path.join(dir, 'archive.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    const args = [file, '--api', endpoint, '--key', api.keys.FACT_CHECKER, '--batch', '5'];

    // The connection drops on the third batch, and no retry is allowed.
    let calls = 0;
    const flaky: typeof fetch = (input, init) => (++calls === 3 ? Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })) : fetch(input, init));
    const first = await run([...args, '--retries', '0'], {}, { fetch: flaky });
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/Gave up after 1 attempts: .* is unreachable \(ECONNRESET\)\nRun the same command again/);
    // Two batches of 5 went in: 9 reviews and the page.
    expect(first.out).toMatch(/^Stopped importing .*created +9\n +matched +0\n +skipped +1/s);
    expect(await statements(api.db, claims)).toHaveLength(9);

    const second = await run([...args, '--json']);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(/Resuming after line 11 \(10 documents done before\)/);
    const summary = JSON.parse(second.out);
    expect(summary).toMatchObject({
      mode: 'api',
      complete: true,
      resumedAfter: 10,
      documents: 3,
      created: 12,
      matched: 0,
      skipped: 1,
      skipReasons: [{ reason: 'not a ClaimReview: @type is WebPage', count: 1 }],
      firstSkipped: [{ line: 10, reason: 'not a ClaimReview: @type is WebPage' }],
      badLines: 1,
      firstBadLines: [{ line: 7, reason: expect.stringMatching(/^not valid JSON/) }],
    });
    const rows = await statements(api.db, claims);
    expect(rows.map((r) => r.text).sort()).toEqual([...claims].sort());
    expect(await recordedBy(api.db, rows.map((r) => r.id))).toEqual(new Set(['Test fact-checker']));

    const third = await run(args);
    expect(third.code).toBe(0);
    expect(third.err).toMatch(/imported completely before .*nothing to do/);
    expect(third.out).toMatch(/created +12\n +matched +0\n +skipped +1/);
    expect(third.out).toMatch(/0 documents this run/);

    // --restart sends it all again: every review comes back MATCHED, nothing new is written.
    const again = JSON.parse((await run([...args, '--restart', '--json', '--quiet'])).out);
    expect(again).toMatchObject({ created: 0, matched: 12, skipped: 1, documents: 13 });
    expect(await statements(api.db, claims)).toHaveLength(12);
  });

  it('stops at once with a clear message when the key may not import', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'refused.jsonl');
    await writeFile(file, `${archive(2).reviews.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const contributor = await run([file, '--api', endpoint, '--key', api.keys.CONTRIBUTOR]);
    expect(contributor.code).toBe(1);
    expect(contributor.err).toMatch(/needs the FACT_CHECKER role or higher/);
    const bogus = await run([file, '--api', endpoint, '--key', 'fck_not-a-key']);
    expect(bogus.code).toBe(1);
    expect(bogus.err).toMatch(/The service refused the key \(UNAUTHENTICATED/);
  });

  it('halves batches the service refuses as too large, until they go in', { timeout: 120_000 }, async () => {
    // A service whose body limit holds a few reviews, not eight.
    const small = await startTestServer({ MAX_BODY_BYTES: '4096' });
    try {
      const url = (await small.listen()).replace(/^ws:/, 'http:');
      const { reviews, claims } = archive(8);
      const file = path.join(dir, 'halving.jsonl');
      await writeFile(file, `${reviews.map((r) => JSON.stringify(r)).join('\n')}\n`);
      const result = await run([file, '--api', url, '--key', small.keys.FACT_CHECKER, '--batch', '10', '--json']);
      expect(result.code).toBe(0);
      expect(result.err).toMatch(/The import refused a batch as too large \(the request body is over the service's limit \(HTTP 413\)\): sending 4 at a time/);
      expect(JSON.parse(result.out)).toMatchObject({ created: 8, skipped: 0, documents: 8 });
      expect(await statements(small.db, claims)).toHaveLength(8);
    } finally {
      await small.close();
    }
  });

  it('explains its usage and refuses an unreadable file', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['a.jsonl', '--api', endpoint])).err).toMatch(/--api needs --key/);
    expect((await run(['a.jsonl', '--batch', '0', '--api', endpoint, '--key', 'k'])).err).toMatch(/--batch must be a whole number/);
    expect((await run(['--help'])).code).toBe(0);
    const missing = await run([path.join(dir, 'missing.jsonl'), '--api', endpoint, '--key', api.keys.FACT_CHECKER]);
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot read .*missing\.jsonl/) });
    // Told before a database is opened: this data directory is never created.
    const dataDir = path.join(dir, 'never-opened');
    const direct = await run([path.join(dir, 'missing.jsonl')], { DATA_DIR: dataDir });
    expect(direct).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot read .*missing\.jsonl: ENOENT/) });
    await expect(stat(dataDir)).rejects.toThrow(/ENOENT/);
  });
});

describe('straight into the database', () => {
  it('imports a DataFeed file as "command line", and a second run does nothing', { timeout: 240_000 }, async () => {
    const { reviews, claims } = archive(12);
    const file = path.join(dir, 'feed.json');
    await writeFile(file, JSON.stringify({ '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: reviews.map((item) => ({ '@type': 'DataFeedItem', item })) }));
    const databaseUrl = inject('databaseUrl');
    // On a PostgreSQL server, the test server's own database; otherwise an embedded one in a data directory of its own.
    const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl, DEMO_DATA: 'false' } : { DATA_DIR: path.join(dir, 'data'), DEMO_DATA: 'false' };

    const first = await run([file, '--json'], env);
    expect(first.err).not.toMatch(/Failed/);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ mode: 'database', position: 'document', complete: true, created: 12, matched: 0, skipped: 0, badLines: 0, documents: 12 });

    const check = async (db: typeof api.db) => {
      const rows = await statements(db, claims);
      expect(rows).toHaveLength(12);
      expect(await recordedBy(db, rows.map((r) => r.id))).toEqual(new Set(['command line']));
    };
    if (databaseUrl) {
      await check(api.db);
    } else {
      const database = await openDatabase(parseConfig(env));
      try {
        await check(database.db);
        // While a server holds the embedded database, the command says how to send the file to it instead.
        const busy = await run([file, '--restart'], env);
        expect(busy.code).toBe(1);
        expect(busy.err).toMatch(/in use by process .*--api http:\/\/localhost:4000\/graphql --key/s);
      } finally {
        await database.close();
      }
    }

    const second = await run([file], env);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(/imported completely before/);
    expect(second.out).toMatch(/created +12/);
  });
});
