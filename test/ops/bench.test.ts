import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fillDatabase, SEARCH_PHRASE } from '../../bench/data.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { startLimitServer } from '../../bench/limit-server.js';
import { runWrk, sampleRss } from '../../bench/load.js';
import { createSearchFunction, NODE22_VERSION } from '../../bench/postgraphile.js';
import { limit, OUR_NODE_FLAGS, ours, SCENARIOS, type ScenarioKey, type ScenarioParams } from '../../bench/scenarios.js';
import { freePort, startCluster, type PostgresCluster } from './support/postgres.js';
import { ensureBuilt, PROJECT_ROOT, setUp, startService, type Service } from './support/service.js';

/**
 * The benchmark's own plumbing (bench/), on a real server: the generated
 * data keeps its promises, and the limit baseline answers each scenario
 * exactly as our API does, so the benchmark compares like with like.
 * (PostGraphile is checked the same way by `npm run bench` itself, before it
 * measures anything.)
 */
let cluster: PostgresCluster;
let service: Service;
let limitServer: Server;
let limitUrl: string;
let counts: Record<string, number>;
let client: pg.Client;

setUp(async () => {
  ensureBuilt();
  cluster = await startCluster({ database: 'bench' });
  ({ counts } = await fillDatabase(cluster.url, { statements: 600, progress: false }));
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await createSearchFunction(client);
  service = await startService({ DATABASE_URL: cluster.url, LOG_LEVEL: 'warn', DEMO_DATA: 'false' });
  const port = await freePort();
  limitServer = await startLimitServer(cluster.url, port);
  limitUrl = `http://127.0.0.1:${port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => limitServer?.close(resolve));
  await service?.kill();
  await client?.end();
  await cluster?.cleanup();
});

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(response.status).toBe(200);
  return response.json();
}

describe('bench:data', () => {
  it('scales every table from the statement count', () => {
    expect(counts).toMatchObject({ source: 50, speaker: 12, statement: 600, statement_link: 180, verdict: 240 });
    expect(counts.appearance).toBeGreaterThan(600 * 1.5);
    expect(counts.appearance).toBeLessThan(600 * 2.5);
  });

  it('keeps status and version as setVerdict leaves them, and ids in time order', async () => {
    const { rows } = await client.query<{ wrong_version: number; wrong_status: number; out_of_order: number }>(`
      SELECT
        (SELECT count(*)::int FROM statement s WHERE s.version <> 1 + (SELECT count(*) FROM verdict v WHERE v.statement_id = s.id)) AS wrong_version,
        (SELECT count(*)::int FROM statement s WHERE s.status <> coalesce(
          (SELECT v.status FROM verdict v WHERE v.statement_id = s.id ORDER BY v.created_at DESC, v.id DESC LIMIT 1), 'UNVERIFIED')) AS wrong_status,
        (SELECT count(*)::int FROM (SELECT id, created_at, lag(created_at) OVER (ORDER BY id) AS before FROM statement) t
          WHERE t.created_at < t.before) AS out_of_order`);
    expect(rows[0]).toEqual({ wrong_version: 0, wrong_status: 0, out_of_order: 0 });
  });

  it('puts the search phrase in about 0.5% of statements, and their words in the search lexicon', async () => {
    const { rows } = await client.query<{ n: number; words: number }>(
      `SELECT (SELECT count(*)::int FROM statement WHERE text ILIKE '%' || $1 || '%') AS n,
              (SELECT count(*)::int FROM search_word WHERE word = ANY(string_to_array($1, ' '))) AS words`,
      [SEARCH_PHRASE],
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect(rows[0]!.n).toBeLessThanOrEqual(12);
    expect(rows[0]!.words).toBe(2);
  });

  it('fills an embedded database with exactly the rows it gives the server, for S6 to compare answers', async () => {
    // Rows as text in a fixed order (times in UTC on both): the same seed and day must give the same corpus on both databases.
    const tables = ['source', 'speaker', 'statement', 'appearance', 'statement_link', 'verdict', 'evidence'];
    const pglite = await openEmbedded();
    try {
      const embedded = await fillDatabase(pglite, { statements: 600, progress: false });
      expect(embedded.counts).toEqual(counts);
      await client.query(`SET TimeZone = 'UTC'`);
      await pglite.query(`SET TimeZone = 'UTC'`);
      for (const table of tables) {
        const sql = `SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) AS rows FROM (SELECT * FROM ${table}) r`;
        const [server, inProcess] = [(await client.query<{ rows: string }>(sql)).rows[0]!.rows, (await pglite.query<{ rows: string }>(sql)).rows[0]!.rows];
        expect({ table, rows: inProcess }).toEqual({ table, rows: server });
      }
    } finally {
      await pglite.close();
    }
  });

  it('refuses a database that already holds statements', async () => {
    await expect(fillDatabase(cluster.url, { statements: 100, progress: false })).rejects.toThrow(/already/);
  });
});

describe('the limit baseline', () => {
  it.each(SCENARIOS.filter((s) => s.key !== 'deep').map((s) => [s.key, s.title] as const))('answers %s as our API does', async (key) => {
    const scenario = key as ScenarioKey;
    // The statement with the most to show: verdicts, then rebuttals.
    const { rows } = await client.query<{ id: string }>(`
      SELECT s.id FROM statement s
      ORDER BY (SELECT count(*) FROM verdict v WHERE v.statement_id = s.id) DESC,
               (SELECT count(*) FROM statement_link l WHERE l.to_id = s.id) DESC
      LIMIT 1`);
    const params: ScenarioParams = { statementId: rows[0]!.id, phrase: SEARCH_PHRASE, after: null };
    const ourAnswer = ours.reduce(scenario, (await service.gql(JSON.parse(ours.body(scenario, params)).query, JSON.parse(ours.body(scenario, params)).variables)).body);
    const limitAnswer = limit.reduce(scenario, await post(limitUrl, limit.body(scenario, params)));
    expect(ourAnswer.ids.length).toBeGreaterThan(0);
    expect(limitAnswer.ids).toEqual(ourAnswer.ids);
    expect([...limitAnswer.details].sort()).toEqual([...ourAnswer.details].sort());
  });

  it('continues a list from its own cursor as our API does from ours', async () => {
    const first = { ours: ours.reduce('page', (await service.gql(JSON.parse(ours.body('page', { statementId: '', phrase: '', after: null })).query)).body) };
    const limitFirst = limit.reduce('page', await post(limitUrl, limit.body('page', { statementId: '', phrase: '', after: null })));
    const next = JSON.parse(ours.body('deep', { statementId: '', phrase: '', after: first.ours.endCursor }));
    const ourSecond = ours.reduce('deep', (await service.gql(next.query, next.variables)).body);
    const limitSecond = limit.reduce('deep', await post(limitUrl, limit.body('deep', { statementId: '', phrase: '', after: limitFirst.endCursor })));
    expect(limitSecond.ids).toEqual(ourSecond.ids);
    expect(ourSecond.ids[0]).not.toBe(first.ours.ids[0]);
  });
});

describe('the load driver', () => {
  it('lets the RSS sampler run while wrk drives the load, so the peak is read during it', async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
    try {
      const pid = process.pid;
      let samples = 0;
      const ticker = setInterval(() => samples++, 100);
      const rss = sampleRss(pid);
      const result = await runWrk({ url: limitUrl, body: limit.body('page', { statementId: '', phrase: '', after: null }), connections: 2, seconds: 1, scriptPath: path.join(scratch, 'page.lua') });
      clearInterval(ticker);
      expect(result.errors).toBe(0);
      expect(result.requests).toBeGreaterThan(0);
      // About ten ticks in one second of load: none if wrk blocked this process.
      expect(samples).toBeGreaterThanOrEqual(5);
      expect(rss.stop()).toBeGreaterThan(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('docker-compose.yml', () => {
  it('runs the service with the flags the benchmark measures', () => {
    const compose = readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
    const commands = [...compose.matchAll(/^\s+command: (\[.*\])$/gm)].map((match) => JSON.parse(match[1]!) as string[]);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) expect(command).toEqual(['node', ...OUR_NODE_FLAGS, 'dist/src/main.js']);
  });

  it('builds on the Node major the benchmark runs every server on', () => {
    const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((match) => match[1]);
    expect(majors.length).toBeGreaterThanOrEqual(1);
    for (const major of majors) expect(major).toBe(NODE22_VERSION.split('.')[0]);
  });
});
