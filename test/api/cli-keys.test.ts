import { randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimReviews } from '../../bench/import-stall.js';
import { importClaimReviewsCommand } from '../../src/modules/claimreview/claimreview.cli.js';
import { ingestCommand } from '../../src/modules/ingest/ingest.cli.js';
import { createSource, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
let endpoint: string;
let dir: string;
let article: string;
let source: string;
beforeAll(async () => {
  // The first article starts the extraction worker, slow on a loaded machine.
  api = await startTestServer({ GRAPHQL_MAX_EXECUTION_MS: '300000', INGEST_TIMEOUT_MS: '300000' });
  endpoint = (await api.listen()).replace(/^ws:/, 'http:');
  dir = await mkdtemp(path.join(tmpdir(), 'factcheck-cli-keys-'));
  article = path.join(dir, 'article.txt');
  await writeFile(article, 'Talks resume in Geneva\n\nThe envoy said on Tuesday that the talks would resume next week.\n');
  source = (await createSource(api)).slug;
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

function capture(stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), readStdin: stdin === undefined ? undefined : async () => stdin } };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ingestArgs = (extra: string[]) => [article, '--source', source, '--url', `https://wire.example/${token()}`, '--api', endpoint, ...extra];

describe('a key kept off the command line', () => {
  it('is read from FACTCHECK_KEY by npm run ingest, with no note about --key', async () => {
    const run = capture();
    expect(await ingestCommand(ingestArgs([]), { FACTCHECK_KEY: api.keys.CONTRIBUTOR }, run.io), run.err.join('\n')).toBe(0);
    expect(run.out[0]).toMatch(/^Ingested /);
    expect(run.err).toEqual([]);
  });

  it('is read from standard input with --key-stdin, first line only', async () => {
    const run = capture(`${api.keys.CONTRIBUTOR}\nanything after\n`);
    expect(await ingestCommand(ingestArgs(['--key-stdin']), {}, run.io)).toBe(0);
    expect(run.out[0]).toMatch(/^Ingested /);
  });

  it('still works with --key, with a note that it shows', async () => {
    const run = capture();
    expect(await ingestCommand(ingestArgs(['--key', api.keys.CONTRIBUTOR]), {}, run.io)).toBe(0);
    expect(run.err.join('\n')).toMatch(/FACTCHECK_KEY/);
  });

  it('is read from FACTCHECK_KEY by npm run import:claimreviews', async () => {
    const file = path.join(dir, 'reviews.jsonl');
    await writeFile(file, `${claimReviews(randomInt(1e9), 2).map((r) => JSON.stringify(r)).join('\n')}\n`);
    const run = capture();
    expect(await importClaimReviewsCommand([file, '--api', endpoint, '--quiet'], { FACTCHECK_KEY: api.keys.FACT_CHECKER }, run.io)).toBe(0);
    const stdin = capture(api.keys.FACT_CHECKER);
    expect(await importClaimReviewsCommand([file, '--api', endpoint, '--key-stdin', '--restart', '--quiet'], {}, stdin.io)).toBe(0);
  });

  it('refuses two sources of a key, and a key without --api', async () => {
    const both = capture('x');
    expect(await ingestCommand(ingestArgs(['--key', 'a', '--key-stdin']), {}, both.io)).toBe(2);
    expect(both.err[0]).toMatch(/--key and --key-stdin/);
    const none = capture();
    expect(await importClaimReviewsCommand(['a.jsonl', '--api', endpoint], {}, none.io)).toBe(2);
    expect(none.err[0]).toMatch(/--api needs --key, --key-stdin or FACTCHECK_KEY/);
    const stray = capture();
    expect(await importClaimReviewsCommand(['a.jsonl', '--key-stdin'], {}, stray.io)).toBe(2);
    expect(stray.err[0]).toMatch(/--key-stdin goes with --api/);
  });
});

describe('an unreachable --api', () => {
  it('names the address and why, not just "fetch failed"', async () => {
    const address = `http://127.0.0.1:${await closedPort()}/graphql`;
    const run = capture();
    expect(await ingestCommand([article, '--source', source, '--url', 'https://wire.example/x', '--api', address], { FACTCHECK_KEY: 'k' }, run.io)).toBe(1);
    expect(run.err.join('\n')).toContain(`${address} is unreachable (ECONNREFUSED`);
    expect(run.err.join('\n')).not.toMatch(/^Failed: fetch failed$/m);
  });
});
