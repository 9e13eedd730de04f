/**
 * How long ingesting a 1,000-word wire article takes: extraction alone, in
 * process, and ingestArticle end to end over HTTP on the embedded database
 * (worker thread, speaker and outlet matching, relevance look-ups, the
 * write). The article is the repository's fixture articles joined until
 * they pass 1,000 words.
 *
 *   npm run bench:ingest -- [--runs 15]
 */
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { migrate } from '../src/db/database.js';
import { openEmbedded } from '../src/db/embedded.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { extractArticle } from '../src/modules/ingest/extract.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { createServices } from '../src/services.js';

function article(words: number): string {
  const dir = path.join(PROJECT_ROOT, 'test', 'fixtures', 'articles');
  const parts: string[] = [];
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8').trim();
    parts.push(text);
    count += text.split(/\s+/).length;
    if (count >= words) break;
  }
  return parts.join('\n\n');
}

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
  const loadBefore = loadavg()[0]!;
  const body = article(1000);
  const words = body.split(/\s+/).length;

  const direct: number[] = [];
  extractArticle({ body, publishedAt: new Date(), language: 'en' });
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    extractArticle({ body, publishedAt: new Date(), language: 'en' });
    direct.push(performance.now() - started);
  }

  const config = parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const pglite = await openEmbedded();
  const target = { kind: 'embedded' as const, pglite };
  await migrate(target);
  const db = createDb(target, config.db);
  const { app, stop } = await createApp({ config, db, target, reportError: () => {} });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { key } = await createServices(db, config).apiKeys.create(systemActor('bench'), { name: 'bench', role: 'FACT_CHECKER' });
  const post = async (query: string, variables: unknown): Promise<any> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { data?: unknown; errors?: unknown };
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return json.data;
  };
  await post('mutation($input: CreateSourceInput!) { createSource(input: $input) { id } }', { input: { slug: 'bench-wire', name: 'Bench Wire', kind: 'NEWS_AGENCY' } });
  const ingest = 'mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { created article { candidates { position } } } }';
  const send = (i: number) => post(ingest, { input: { url: `https://bench.example/${i}`, sourceSlug: 'bench-wire', title: 'Bench', publishedAt: '2024-03-15T12:00:00Z', body } });

  // The first call starts the worker thread and loads the lexicon.
  const warm = performance.now();
  const first = await send(-1);
  const warmMs = performance.now() - warm;
  const endToEnd: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await send(i);
    endToEnd.push(performance.now() - started);
  }
  server.close();
  await stop();
  await pglite.close();

  const fmt = (xs: number[]): string =>
    `p50 ${percentile(xs, 50).toFixed(0)} ms, p90 ${percentile(xs, 90).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
  // The machine may be shared: the numbers mean little without the load they ran under.
  console.log(`article: ${words} words, ${first.ingestArticle.article.candidates.length} candidates; ${runs} runs; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`);
  console.log(`extraction in process:   ${fmt(direct)}`);
  console.log(`ingestArticle over HTTP: ${fmt(endToEnd)} (first call, starting the worker: ${warmMs.toFixed(0)} ms)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
