/**
 * The response cache (src/http/response-cache.ts) measured: the same
 * anonymous GET of twelve nested statements, answered by running it (the
 * read compiler on, then off) and from the kept answer, as a full 200 and
 * as a 304 to a fresh If-None-Match. The service runs as `npm start` runs
 * it (the built output, the embedded database, the demo data), wrk drives
 * it from one thread; numbers depend on the machine, compare rows.
 *
 *   npm run bench:cache -- [--seconds 5] [--connections 10]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWrk, wrkVersion, type LoadResult } from './load.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = arg('seconds', 5);
const CONNECTIONS = arg('connections', 10);
const QUERY =
  '{ statements(first: 12) { edges { cursor node { id text status version speaker { id name } appearances(first: 3) { url source { id name } } } } pageInfo { hasNextPage endCursor } } }';

async function withServer<T>(env: Record<string, string>, run: (base: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'factcheck-bench-cache-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, RATE_LIMIT_RPM: '0', EVIDENCE_FETCH: 'false', LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the service did not answer /health within 60 s');
      if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return await run(base);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(base: string, label: string, revalidate: boolean): Promise<[string, LoadResult]> {
  const url = `${base}/graphql?query=${encodeURIComponent(QUERY)}`;
  const headers: Record<string, string> = { 'apollo-require-preflight': 'true' };
  const first = await fetch(url, { headers });
  if (!first.ok) throw new Error(`GET answered ${first.status}: ${await first.text()}`);
  if (revalidate) headers['if-none-match'] = first.headers.get('etag') ?? '';
  const scriptPath = path.join(os.tmpdir(), `bench-cache-${process.pid}.lua`);
  const result = await runWrk({ url, body: '', method: 'GET', headers, connections: CONNECTIONS, seconds: SECONDS, scriptPath });
  return [label, result];
}

const rows: [string, LoadResult][] = [];
for (const compile of ['true', 'false']) {
  await withServer({ GRAPHQL_COMPILE: compile, RESPONSE_CACHE_BYTES: '0' }, async (base) => {
    rows.push(await measure(base, `executed (GRAPHQL_COMPILE=${compile}), 200`, false));
    rows.push(await measure(base, `executed (GRAPHQL_COMPILE=${compile}), If-None-Match → 304`, true));
  });
}
await withServer({}, async (base) => {
  rows.push(await measure(base, 'response cache, 200', false));
  rows.push(await measure(base, 'response cache, If-None-Match → 304', true));
});

console.log(`${wrkVersion() ?? 'wrk'}, ${CONNECTIONS} connections, ${SECONDS} s each, ${os.cpus().length} cores, node ${process.version}\n`);
console.log('| GET of 12 nested statements | requests/s | p50 ms | p99 ms | errors |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [label, r] of rows) console.log(`| ${label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
