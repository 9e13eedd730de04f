/**
 * The benchmark: our service, PostGraphile over the same tables, and a limit
 * baseline with no GraphQL (limit-server.ts), one after the other on one
 * PostgreSQL database with the same data, under the same load.
 *
 *   npm run bench [-- --statements 100000 --duration 20 --connections 50]
 *
 * Without --database-url it starts a throwaway PostgreSQL cluster
 * (Debian's `postgresql` binaries, as for the operations tests) with
 * pg_stat_statements, fills it with bench:data, and deletes it at the end.
 * Every answer is checked against the other servers' before load starts, so
 * the three are measured answering the same question. Results replace the
 * generated part of bench/RESULTS.md (or --out); the rest of the file is
 * kept as written.
 */
import 'reflect-metadata';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Prisma } from '../src/generated/prisma/client.js';
import { searchPlan as relevancePlan } from '../src/modules/search/search.plan.js';
import { createDb } from '../src/db/client.js';
import { parseConfig } from '../src/config.js';
import { freePort, startCluster, type PostgresCluster } from '../test/ops/support/postgres.js';
import { fillDatabase, SEARCH_PHRASE } from './data.js';
import { embeddedDir } from '../src/db/database.js';
import { openEmbedded } from '../src/db/embedded.js';
import { closedLoop, postJson, runWrk, sampleRss, wrkVersion, type LoadResult } from './load.js';
import { createSearchFunction, ensurePostGraphile, NODE22_VERSION, POSTGRAPHILE_VERSION, postGraphileArgs } from './postgraphile.js';
import { limit, OUR_NODE_FLAGS, ours, ourStatementId, PAGE_SIZE, postgraphile, SCENARIOS, TARGETS, type Reduced, type ScenarioKey, type ScenarioParams, type Target, type TargetName } from './scenarios.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BEGIN = '<!-- results:begin (written by npm run bench) -->';
const END = '<!-- results:end -->';

interface Options {
  statements: number;
  duration: number;
  warmup: number;
  latencyDuration: number;
  connections: number;
  deepPage: number;
  rounds: number;
  databaseUrl: string | undefined;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    statements: 100_000,
    duration: 10,
    warmup: 5,
    latencyDuration: 5,
    connections: 50,
    deepPage: 500,
    rounds: 2,
    databaseUrl: undefined,
    out: path.join(ROOT, 'bench/RESULTS.md'),
  };
  const ints: Record<string, keyof Options> = {
    '--statements': 'statements',
    '--duration': 'duration',
    '--warmup': 'warmup',
    '--latency-duration': 'latencyDuration',
    '--connections': 'connections',
    '--deep-page': 'deepPage',
    '--rounds': 'rounds',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) usage(`${flag} needs a value`);
    i++;
    if (flag in ints) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) usage(`${flag} must be a positive integer (got "${value}")`);
      (options as unknown as Record<string, number>)[ints[flag]!] = n;
    } else if (flag === '--database-url') options.databaseUrl = value;
    else if (flag === '--out') options.out = path.resolve(value);
    else usage(`unknown option ${flag}`);
  }
  return options;
}

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: npm run bench -- [--statements 100000] [--rounds 2] [--duration 10] [--warmup 5] [--latency-duration 5] ` +
      `[--connections 50] [--deep-page 500] [--database-url postgres://...] [--out bench/RESULTS.md]`,
  );
  process.exit(2);
}

const log = (line: string) => console.error(`[bench] ${line}`);

// ---------------------------------------------------------------- servers

interface Server {
  name: TargetName;
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

async function startServer(name: TargetName, command: string, args: string[], env: NodeJS.ProcessEnv, url: string, probe: string): Promise<Server> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited during start-up:\n${output}`);
    try {
      const answer = await postJson(url, probe);
      if (answer.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    name,
    child,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------- SQL counting

class StatementCounter {
  constructor(
    private readonly client: pg.Client | undefined,
    readonly why: string | undefined,
  ) {}

  static async open(url: string): Promise<StatementCounter> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset()');
      return new StatementCounter(client, undefined);
    } catch (error) {
      await client.end();
      return new StatementCounter(undefined, (error as Error).message);
    }
  }

  async reset(): Promise<void> {
    await this.client?.query('SELECT pg_stat_statements_reset()');
  }

  /** PostgreSQL's execution time (ms) of the statements executed since the last reset, leaving out the counter's own. */
  async execMs(): Promise<number | undefined> {
    if (!this.client) return undefined;
    const { rows } = await this.client.query<{ ms: number }>(
      `SELECT coalesce(sum(total_exec_time), 0)::float8 AS ms FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'`,
    );
    return Number(rows[0]!.ms);
  }

  /** Statements executed in this database since the last reset, leaving out the counter's own. */
  async count(): Promise<number | undefined> {
    if (!this.client) return undefined;
    const { rows } = await this.client.query<{ calls: string }>(
      `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'`,
    );
    return Number(rows[0]!.calls);
  }

  async close(): Promise<void> {
    await this.client?.end();
  }
}

// ---------------------------------------------------------------- measuring

type Counter = Pick<StatementCounter, 'reset' | 'count' | 'execMs'>;

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's CPU time so far (user and system), in ms; undefined where /proc cannot tell. */
function processCpuMs(pid: number): number | undefined {
  try {
    // The fields after the command name (which may hold spaces, so it is skipped by its closing parenthesis): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

const perRequest = (ms: number | undefined, requests: number) => (ms === undefined || requests === 0 ? undefined : ms / requests);

interface Measurement {
  target: TargetName;
  scenario: ScenarioKey | 'setVerdict' | 'embedded';
  /** Which round (0-based): every server runs each scenario once a round, in a rotating order. */
  round: number;
  load: LoadResult;
  /** One connection: latency without queueing. */
  single?: LoadResult;
  /** SQL statements PostgreSQL ran during the measured load (pg_stat_statements), if counted. */
  statements: number | undefined;
  sqlPerRequest: number | undefined;
  /** PostgreSQL's execution time during the one-connection run (pg_stat_statements), in ms, if counted: per request, over `single`'s requests. */
  dbMs: number | undefined;
  /** The server process's CPU time (user and system) during the measured load, in ms. */
  cpuMs: number | undefined;
  peakRssMb: number;
}

interface Run {
  options: Options;
  url: string;
  counter: StatementCounter;
  scratch: string;
  measurements: Measurement[];
  params: Omit<ScenarioParams, 'after'>;
  /** Page-1 answer of each scenario from the first target, to compare the others with. */
  reference: Map<string, Reduced>;
  sqlByPageSize: Map<TargetName, Map<number, number>>;
  /** S4 against S1 at one connection, measured in alternating pairs: p50 ms of each round. */
  keyset: Map<TargetName, { page: number[]; deep: number[] }>;
}

function sameAnswer(scenario: string, target: Target, reference: Reduced | undefined, answer: Reduced): void {
  if (!reference) return;
  const problems: string[] = [];
  if (reference.ids.join(',') !== answer.ids.join(',')) problems.push(`ids differ:\n  ${reference.ids.join(',')}\n  ${answer.ids.join(',')}`);
  const a = [...reference.details].sort();
  const b = [...answer.details].sort();
  a.forEach((line, i) => {
    if (line !== b[i]) problems.push(`  ${line}\n  ${b[i] ?? '(missing)'}`);
  });
  if (problems.length) throw new Error(`${target.name} answers ${scenario} differently from ${TARGETS[0]!.name}:\n${problems.slice(0, 5).join('\n')}`);
  if (answer.ids.length === 0) throw new Error(`${scenario}: empty answer, nothing to measure`);
}

/** The cursor of page `page` (1-based): walks the list from the start through the target's own API. */
async function cursorOfPage(server: Server, target: Target, page: number): Promise<string> {
  let after: string | null = null;
  for (let i = 1; i < page; i++) {
    const answer = await postJson(server.url, target.body('page', { statementId: '', phrase: '', after }));
    const reduced = target.reduce('page', answer.json);
    if (!reduced.endCursor) throw new Error(`${target.name}: the list ends at page ${i}`);
    after = reduced.endCursor;
  }
  return after as string;
}

/**
 * One measurement, whatever drives the load: a warm-up, the measured run
 * (SQL statements counted, the server's RSS sampled), then a run at one
 * connection for latency without queueing.
 */
async function measureWith(
  run: Run,
  server: Server,
  what: Pick<Measurement, 'target' | 'scenario' | 'round'>,
  drive: (connections: number, seconds: number) => Promise<LoadResult>,
  seconds: { warmup: number; duration: number; latency: number },
  counter: Counter = run.counter,
): Promise<Measurement> {
  const { options } = run;
  await drive(options.connections, seconds.warmup);
  await counter.reset();
  const rss = sampleRss(server.child.pid!);
  const cpuBefore = processCpuMs(server.child.pid!);
  const load = await drive(options.connections, seconds.duration);
  const cpuAfter = processCpuMs(server.child.pid!);
  const peakRssMb = rss.stop();
  const statements = await counter.count();
  // PostgreSQL's execution time is elapsed time: under 50 connections it
  // counts the wait for a core too, which grows with the throughput, so it
  // is taken at one connection, where a statement waits for nothing.
  await counter.reset();
  const single = await drive(1, seconds.latency);
  const dbMs = await counter.execMs();
  const measurement: Measurement = {
    ...what,
    load,
    single,
    statements,
    sqlPerRequest: statements === undefined ? undefined : statements / load.requests,
    dbMs,
    cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    peakRssMb,
  };
  log(
    `round ${what.round + 1}: ${what.target} ${what.scenario}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms ` +
      `(1 connection: p95 ${single.p95.toFixed(1)} ms), ${measurement.sqlPerRequest?.toFixed(2) ?? '?'} SQL/request, ` +
      `database ${perRequest(measurement.dbMs, single.requests)?.toFixed(3) ?? '?'} ms/request, CPU ${perRequest(measurement.cpuMs, load.requests)?.toFixed(3) ?? '?'} ms/request, ` +
      `peak RSS ${peakRssMb.toFixed(0)} MB, ${load.errors + single.errors} errors`,
  );
  return measurement;
}

async function measure(
  run: Run,
  server: Server,
  target: Target,
  scenario: Measurement['scenario'],
  round: number,
  body: string,
  counter?: Counter,
): Promise<Measurement> {
  const { options } = run;
  const script = path.join(run.scratch, `${target.name}-${scenario}.lua`);
  const wrk = (connections: number, seconds: number) => runWrk({ url: server.url, body, connections, seconds, scriptPath: script });
  const measurement = await measureWith(
    run,
    server,
    { target: target.name, scenario, round },
    wrk,
    { warmup: options.warmup, duration: options.duration, latency: options.latencyDuration },
    counter,
  );
  const errors = measurement.load.errors + (measurement.single?.errors ?? 0);
  if (errors > 0) {
    const answer = await postJson(server.url, body);
    throw new Error(`${target.name} ${scenario}: ${errors} failed requests; one answer: ${JSON.stringify(answer.json).slice(0, 500)}`);
  }
  return measurement;
}

const KEYSET_ROUNDS = 3;

/**
 * Page 1 and the deep page at one connection, alternately, a few rounds in a
 * row. Measured apart (each after its own load run, in a process whose heap
 * and JIT state differ), the two p50s varied by up to 1.5x between runs of
 * the same build; side by side, in the same state, they compare position
 * rather than history.
 */
async function keysetPairs(run: Run, server: Server, target: Target, pageBody: string, deepBody: string): Promise<void> {
  const result = { page: [] as number[], deep: [] as number[] };
  const script = path.join(run.scratch, `${target.name}-keyset.lua`);
  const once = async (body: string) =>
    (await runWrk({ url: server.url, body, connections: 1, seconds: run.options.latencyDuration, scriptPath: script })).p50;
  for (let round = 0; round < KEYSET_ROUNDS; round++) {
    result.page.push(await once(pageBody));
    result.deep.push(await once(deepBody));
  }
  run.keyset.set(target.name, result);
  log(`${target.name} keyset pairs (p50 ms, page 1 / deep page): ${result.page.map((p, i) => `${p.toFixed(1)}/${result.deep[i]!.toFixed(1)}`).join(', ')}`);
}

/** The median of a few numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** SQL statements one request costs for a few page sizes (S1's shape): shows whether the count depends on the page size. */
async function sqlByPageSize(run: Run, server: Server, target: Target): Promise<void> {
  if (target === limit) return;
  const counts = new Map<number, number>();
  for (const size of [5, 20, 100]) {
    const body = target.body('page', { statementId: '', phrase: '', after: null }).replace(`first: ${PAGE_SIZE}`, `first: ${size}`);
    // The fewest of three: a background poll of the service can land in any one window.
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await run.counter.reset();
      target.reduce('page', (await postJson(server.url, body)).json);
      const n = await run.counter.count();
      if (n !== undefined) seen.push(n);
    }
    if (seen.length) counts.set(size, Math.min(...seen));
  }
  if (counts.size) run.sqlByPageSize.set(target.name, counts);
}

/**
 * Each target's request body for each scenario, once its answer has been
 * checked against the first target's.
 */
async function prepareTarget(run: Run, server: Server, target: Target): Promise<Map<ScenarioKey, string>> {
  const bodies = new Map<ScenarioKey, string>();
  for (const { key } of SCENARIOS) {
    const after = key === 'deep' ? await cursorOfPage(server, target, run.options.deepPage) : null;
    const params: ScenarioParams = { ...run.params, after };
    const body = target.body(key, params);
    bodies.set(key, body);
    const answer = await postJson(server.url, body);
    const reduced = target.reduce(key, answer.json);
    const reference = run.reference.get(key);
    if (reference) sameAnswer(key, target, reference, reduced);
    else {
      if (reduced.ids.length === 0) throw new Error(`${key}: empty answer, nothing to measure`);
      run.reference.set(key, reduced);
    }
  }
  return bodies;
}

/**
 * Every scenario on every server, in rounds. The three servers run side by
 * side (idle ones cost nothing), and each round measures them one after the
 * other in a rotating order: this machine's speed drifts by up to 40% over
 * minutes, and a server measured minutes after another was measured on a
 * different machine. Within a scenario the three are minutes apart at most.
 */
async function measureAll(run: Run, servers: Map<TargetName, Server>, bodies: Map<TargetName, Map<ScenarioKey, string>>): Promise<void> {
  for (const { key } of SCENARIOS) {
    for (let round = 0; round < run.options.rounds; round++) {
      const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]!);
      for (const target of order) {
        run.measurements.push(await measure(run, servers.get(target.name)!, target, key, round, bodies.get(target.name)!.get(key)!));
      }
    }
  }
}

// ---------------------------------------------------------------- setVerdict

const SET_VERDICT = `mutation Set($input: SetVerdictInput!) { setVerdict(input: $input) { id status statement { id version } } }`;
const STATUSES = ['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MISLEADING', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN', 'IN_REVIEW'];

async function createKey(url: string): Promise<string> {
  const output = execFileSync(process.execPath, [path.join(ROOT, 'dist/scripts/apikey.js'), 'create', '--role', 'FACT_CHECKER', '--name', 'Benchmark desk'], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  const key = /^fck_\S+$/m.exec(output)?.[0];
  if (!key) throw new Error(`no key in: ${output}`);
  return key;
}

async function benchSetVerdict(run: Run, server: Server): Promise<void> {
  const key = await createKey(run.url);
  const headers = { authorization: `Bearer ${key}` };
  const client = new pg.Client({ connectionString: run.url });
  await client.connect();
  // Each client writes to statements of its own, so versions never race:
  // what is measured is the write path, not conflict handling.
  const { rows } = await client.query<{ id: string; version: number }>('SELECT id, version FROM statement ORDER BY id DESC LIMIT 5000');
  await client.end();
  const connections = run.options.connections;
  const owned = Array.from({ length: connections }, (_, worker) => rows.filter((_, i) => i % connections === worker));
  const cursor = new Array<number>(connections).fill(0);
  let sent = 0;
  const next = (worker: number) => {
    const mine = owned[worker]!;
    const row = mine[cursor[worker]! % mine.length]!;
    sent++;
    return JSON.stringify({
      query: SET_VERDICT,
      variables: {
        input: {
          statementId: ourStatementId(row.id),
          expectedVersion: row.version,
          status: STATUSES[sent % STATUSES.length],
          rationale: `Benchmark review ${sent}: checked against the agency wire and the ministry's own statement.`,
          evidence: [{ url: `https://example.org/evidence/${sent}`, title: 'Wire copy', stance: 'CONTEXT' }],
        },
      },
    });
  };
  const check = (worker: number, answer: unknown) => {
    const mine = owned[worker]!;
    const row = mine[cursor[worker]! % mine.length]!;
    const version = (answer as { data?: { setVerdict?: { statement: { version: number } } } }).data?.setVerdict?.statement.version;
    if (version === undefined) return false;
    row.version = version;
    cursor[worker]!++;
    return true;
  };
  const loop = (n: number, seconds: number) => closedLoop({ url: server.url, connections: n, seconds, headers, next, check });
  // One round, as long as all the read scenarios' rounds together.
  const { options } = run;
  const measurement = await measureWith(run, server, { target: 'ours', scenario: 'setVerdict', round: 0 }, loop, {
    warmup: options.warmup,
    duration: options.duration * options.rounds,
    latency: options.latencyDuration * options.rounds,
  });
  const errors = measurement.load.errors + (measurement.single?.errors ?? 0);
  if (errors > 0) {
    const why = [...(measurement.load.failures ?? []), ...(measurement.single?.failures ?? [])].join('; ');
    throw new Error(`setVerdict: ${errors} failed requests (${why})`);
  }
  run.measurements.push(measurement);
}

// ---------------------------------------------------------------- S6: S1 on the embedded database

/** pg_stat_statements is not in the embedded database: its runs count no SQL. */
const UNCOUNTED: Counter = { reset: async () => {}, count: async () => undefined, execMs: async () => undefined };

/**
 * S1's request against our service on its embedded database (PGlite inside
 * the process, as `npm start` runs without DATABASE_URL), filled with the
 * same rows as the server's: its answer must equal S1's on PostgreSQL before
 * any load. (The fill dates rows up to the day's midnight UTC, so a run that
 * crosses midnight refuses here rather than compare different data.)
 */
async function benchEmbedded(run: Run, start: (dataDir: string) => Promise<Server>, pageBody: string): Promise<void> {
  const dataDir = path.join(run.scratch, 'embedded');
  log(`filling an embedded database with ${run.options.statements.toLocaleString('en')} statements`);
  const pglite = await openEmbedded(embeddedDir(dataDir));
  try {
    await fillDatabase(pglite, { statements: run.options.statements, progress: process.stderr.isTTY });
  } finally {
    await pglite.close();
  }
  const server = await start(dataDir);
  try {
    const answer = await postJson(server.url, pageBody);
    const reduced = ours.reduce('page', answer.json);
    if (reduced.ids.length === 0) throw new Error(`S1 on the embedded database: no statements in the answer: HTTP ${answer.status} ${JSON.stringify(answer.json).slice(0, 500)}`);
    sameAnswer('S1 on the embedded database', ours, run.reference.get('page'), reduced);
    for (let round = 0; round < run.options.rounds; round++) {
      run.measurements.push(await measure(run, server, ours, 'embedded', round, pageBody, UNCOUNTED));
    }
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- report

async function searchPlan(url: string): Promise<string> {
  const db = createDb({ kind: 'server', url }, parseConfig({ DATABASE_URL: url }).db);
  try {
    // The page is cut inside search_rank (its `top`), as bench.search_statements cuts it for PostGraphile and the limit.
    const { rankedPage } = relevancePlan(SEARCH_PHRASE);
    const query = Prisma.sql`SELECT s.id, s.text FROM (${rankedPage!({ top: PAGE_SIZE + 1 })}) r JOIN statement s ON s.id = r.id ORDER BY r.rank DESC, s.id DESC LIMIT ${PAGE_SIZE + 1}`;
    const rows = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.text}`, ...query.values);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await db.$disconnect();
  }
}

/** Our keyset query for page 1 and for page `page` (STATEMENT_COLUMNS trimmed): the position in the list costs nothing. */
async function keysetPlans(url: string, page: number): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM statement ORDER BY id DESC OFFSET $1 LIMIT 1', [(page - 1) * PAGE_SIZE - 1]);
    const plan = async (where: string, values: unknown[]) =>
      (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) SELECT s.id, s.text FROM statement s ${where} ORDER BY s.id DESC LIMIT ${PAGE_SIZE + 1}`, values)).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
    return `-- page 1\n${await plan('', [])}\n\n-- page ${page} (after ${rows[0]!.id})\n${await plan('WHERE s.id < $1::uuid', [rows[0]!.id])}`;
  } finally {
    await client.end();
  }
}

/** Rounds of one server and scenario as one: requests over seconds, the median of the percentiles, the peak RSS. */
function combine(rounds: Measurement[]): Measurement | undefined {
  if (rounds.length === 0) return undefined;
  if (rounds.length === 1) return rounds[0];
  const loads = (pick: (m: Measurement) => LoadResult | undefined): LoadResult | undefined => {
    const results = rounds.map(pick).filter((r): r is LoadResult => r !== undefined);
    if (results.length === 0) return undefined;
    const requests = results.reduce((n, r) => n + r.requests, 0);
    const seconds = results.reduce((n, r) => n + r.seconds, 0);
    return {
      requests,
      seconds,
      rps: requests / seconds,
      p50: median(results.map((r) => r.p50)),
      p95: median(results.map((r) => r.p95)),
      p99: median(results.map((r) => r.p99)),
      errors: results.reduce((n, r) => n + r.errors, 0),
    };
  };
  const load = loads((m) => m.load)!;
  const counted = rounds.every((m) => m.statements !== undefined);
  const statements = counted ? rounds.reduce((n, m) => n + m.statements!, 0) : undefined;
  const total = (value: (m: Measurement) => number | undefined) => (rounds.every((m) => value(m) !== undefined) ? rounds.reduce((n, m) => n + value(m)!, 0) : undefined);
  return {
    target: rounds[0]!.target,
    scenario: rounds[0]!.scenario,
    round: 0,
    load,
    single: loads((m) => m.single),
    statements,
    sqlPerRequest: statements === undefined ? undefined : statements / load.requests,
    dbMs: total((m) => m.dbMs),
    cpuMs: total((m) => m.cpuMs),
    peakRssMb: Math.max(...rounds.map((m) => m.peakRssMb)),
  };
}

function render(run: Run, machine: Record<string, string>, counts: Record<string, number>, plan: string, keyset: string): string {
  const { options, measurements } = run;
  const get = (target: TargetName, scenario: Measurement['scenario']) => combine(measurements.filter((m) => m.target === target && m.scenario === scenario));
  const fixed = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`);
  const lines: string[] = [];
  lines.push(BEGIN, '');
  lines.push(`Run on ${machine.date}.`, '');
  lines.push('### Machine', '');
  for (const [name, value] of Object.entries(machine)) if (name !== 'date') lines.push(`- ${name}: ${value}`);
  lines.push('', '### Data', '');
  lines.push(Object.entries(counts).map(([table, n]) => `${table} ${n.toLocaleString('en')}`).join(', ') + '.', '');
  lines.push('### Command', '');
  lines.push('```', `npm run bench -- --statements ${options.statements} --rounds ${options.rounds} --duration ${options.duration} --warmup ${options.warmup} --latency-duration ${options.latencyDuration} --connections ${options.connections} --deep-page ${options.deepPage}`, '```', '');
  lines.push(
    `The three servers run side by side; each scenario is measured in ${options.rounds} round(s), every server once a round, in a rotating order. ` +
      `A run: wrk, ${options.connections} connections, ${options.warmup} s warm-up then ${options.duration} s measured, ` +
      `then ${options.latencyDuration} s with one connection ("1 conn": latency without queueing). ` +
      'Each cell: req/s is all rounds\' requests over all rounds\' measured seconds; latencies are the median of the rounds\' percentiles; ' +
      'SQL/req is statements executed in the database during the measured runs (pg_stat_statements) divided by requests; ' +
      'DB ms/req is PostgreSQL\'s execution time (pg_stat_statements total_exec_time) during the one-connection run divided by its requests ' +
      '(it is elapsed time: at 50 connections it would count the wait for a core, which grows with the throughput); ' +
      'CPU ms/req is the server process\'s user and system CPU time during the measured runs divided by requests; ' +
      'RSS is the server process at its peak during the measured runs. S5 runs once, for all rounds\' time. ' +
      'S6 runs after the others, alone, in as many rounds (no SQL counts: the embedded database has no pg_stat_statements).',
    '',
  );
  lines.push('| scenario | server | req/s | p50 ms | p99 ms | 1 conn p50 ms | 1 conn p95 ms | SQL/req | DB ms/req | CPU ms/req | peak RSS MB |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const extra: { key: Measurement['scenario']; title: string }[] = [
    { key: 'setVerdict', title: 'S5 setVerdict (ours only; a client per statement set, so no conflicts)' },
    { key: 'embedded', title: 'S6 S1 on the embedded database (ours only; PGlite in the process, the same rows)' },
  ];
  for (const { key, title } of [...SCENARIOS, ...extra]) {
    for (const target of TARGETS) {
      const m = get(target.name, key);
      if (!m) continue;
      lines.push(
        `| ${title} | ${target.name} | ${fixed(m.load.rps, 0)} | ${fixed(m.load.p50)} | ${fixed(m.load.p99)} | ${fixed(m.single?.p50)} | ${fixed(m.single?.p95)} | ${fixed(m.sqlPerRequest, 2)} | ${fixed(perRequest(m.dbMs, m.single?.requests ?? 0), 3)} | ${fixed(perRequest(m.cpuMs, m.load.requests), 3)} | ${fixed(m.peakRssMb, 0)} |`,
      );
    }
  }
  lines.push('', '### Ratios', '');
  lines.push('| scenario | req/s ours/PostGraphile | req/s ours/limit | p50 ours/PostGraphile | p50 ours/limit | DB time/req ours/PostGraphile | CPU/req ours/PostGraphile |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  const per = (m: Measurement | undefined, ms: (m: Measurement) => number | undefined) => (m ? perRequest(ms(m), m.load.requests) : undefined);
  const dbPer = (m: Measurement | undefined) => (m ? perRequest(m.dbMs, m.single?.requests ?? 0) : undefined);
  for (const { key, title } of SCENARIOS) {
    const [o, p, l] = [get('ours', key), get('postgraphile', key), get('limit', key)];
    lines.push(
      `| ${title.split(' ')[0]} | ${ratio(o?.load.rps, p?.load.rps)} | ${ratio(o?.load.rps, l?.load.rps)} | ${ratio(o?.load.p50, p?.load.p50)} | ${ratio(o?.load.p50, l?.load.p50)} | ` +
        `${ratio(dbPer(o), dbPer(p))} | ${ratio(per(o, (m) => m.cpuMs), per(p, (m) => m.cpuMs))} |`,
    );
  }
  if (options.rounds > 1) {
    lines.push('', '### Each round', '', 'req/s of each run, to show how much a round differs from the next:', '');
    lines.push(`| scenario | ${Array.from({ length: options.rounds }, (_, r) => `round ${r + 1}: ours / PostGraphile / limit`).join(' | ')} |`);
    lines.push(`|---|${Array.from({ length: options.rounds }, () => '---|').join('')}`);
    for (const { key, title } of SCENARIOS) {
      const cells = Array.from({ length: options.rounds }, (_, round) =>
        TARGETS.map((target) => fixed(measurements.find((m) => m.target === target.name && m.scenario === key && m.round === round)?.load.rps, 0)).join(' / '),
      );
      lines.push(`| ${title.split(' ')[0]} | ${cells.join(' | ')} |`);
    }
  }
  const sizes = [...run.sqlByPageSize.entries()].map(([name, counts]) => `${name}: ${[...counts.entries()].map(([size, n]) => `first ${size} → ${n}`).join(', ')}`);
  lines.push('', '### Targets', '');
  const s1 = [get('ours', 'page'), get('postgraphile', 'page'), get('limit', 'page')];
  const s3 = get('ours', 'search');
  const s4 = get('ours', 'deep');
  const s6 = get('ours', 'embedded');
  // The embedded database lives in the process, so S6's RSS is the database's too: it is reported in its row, not held to this target.
  const peakRss = Math.max(...measurements.filter((m) => m.target === 'ours' && m.scenario !== 'embedded').map((m) => m.peakRssMb));
  const keysetRatio = (name: TargetName) => {
    const pairs = run.keyset.get(name);
    return pairs ? median(pairs.deep.map((deep, i) => deep / pairs.page[i]!)) : undefined;
  };
  const keysetLine = (name: TargetName) => {
    const pairs = run.keyset.get(name);
    if (!pairs) return 'not measured';
    return `${fixed(median(pairs.deep), 2)} vs ${fixed(median(pairs.page), 2)} ms, ${fixed(keysetRatio(name), 2)}×`;
  };
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**');
  lines.push(
    `- S1 throughput ≥ PostGraphile's: ${fixed(s1[0]?.load.rps, 0)} vs ${fixed(s1[1]?.load.rps, 0)} req/s: ${verdict(s1[0] && s1[1] ? s1[0].load.rps >= s1[1].load.rps : undefined)}.`,
    `- S1 throughput ≥ half the limit: ${fixed(s1[0]?.load.rps, 0)} vs ${fixed(s1[2] ? s1[2].load.rps / 2 : undefined, 0)} req/s: ${verdict(s1[0] && s1[2] ? s1[0].load.rps >= s1[2].load.rps / 2 : undefined)}.`,
    `- S1 database time per request ≤ PostGraphile's (at one connection): ${fixed(dbPer(s1[0]), 3)} vs ${fixed(dbPer(s1[1]), 3)} ms: ` +
      `${verdict(dbPer(s1[0]) === undefined || dbPer(s1[1]) === undefined ? undefined : dbPer(s1[0])! <= dbPer(s1[1])!)}.`,
    `- S1 server CPU per request ≤ 0.5× PostGraphile's: ${fixed(per(s1[0], (m) => m.cpuMs), 3)} vs ${fixed(per(s1[1], (m) => m.cpuMs), 3)} ms (${ratio(per(s1[0], (m) => m.cpuMs), per(s1[1], (m) => m.cpuMs))}): ` +
      `${verdict(per(s1[0], (m) => m.cpuMs) === undefined || per(s1[1], (m) => m.cpuMs) === undefined ? undefined : per(s1[0], (m) => m.cpuMs)! <= 0.5 * per(s1[1], (m) => m.cpuMs)!)}.`,
    `- S1 SQL statements per request, by page size (one request each): ${sizes.join('; ') || 'not measured'}.`,
    `- S3 p95 < 50 ms at ${counts.statement?.toLocaleString('en') ?? '?'} statements: ${fixed(s3?.single?.p95)} ms with one connection, ${fixed(s3?.load.p95)} ms at ${options.connections}: ${verdict(s3?.single ? s3.single.p95 < 50 : undefined)} (one connection).`,
    `- S4 page ${options.deepPage} ≤ 1.5× page 1 (p50 at one connection, page 1 and page ${options.deepPage} alternately, ${KEYSET_ROUNDS} runs of each, median of the ratios): ` +
      `ours ${keysetLine('ours')}: ${verdict(keysetRatio('ours') === undefined ? undefined : keysetRatio('ours')! <= 1.5)}. ` +
      `PostGraphile ${keysetLine('postgraphile')}; the limit ${keysetLine('limit')}. ` +
      `At ${options.connections} connections ours serves page ${options.deepPage} at ${fixed(s4?.load.rps, 0)} req/s and page 1 at ${fixed(s1[0]?.load.rps, 0)}. ` +
      `The two pages differ in content, not only in position: see the keyset plans below for the position alone.`,
    `- Our peak RSS < 250 MB at ${options.connections} connections: ${fixed(peakRss, 0)} MB: ${verdict(Number.isFinite(peakRss) ? peakRss < 250 : undefined)}.`,
    `- S6, S1 on the embedded database: ${fixed(s6?.load.rps, 0)} req/s (p50 ${fixed(s6?.load.p50)} ms, one connection p50 ${fixed(s6?.single?.p50)} ms) ` +
      `against ${fixed(s1[0]?.load.rps, 0)} req/s on PostgreSQL: ${ratio(s6?.load.rps, s1[0]?.load.rps)} (no target; measured as the service runs without DATABASE_URL).`,
  );
  if (run.counter.why) lines.push(`- SQL counts unavailable: ${run.counter.why}`);
  lines.push('', `### S3 query plan (ours, "${SEARCH_PHRASE}")`, '', '```', plan, '```');
  lines.push('', `### S4 keyset pagination: page 1 and page ${options.deepPage} (ours)`, '', '```', keyset, '```', '', END);
  return lines.join('\n');
}

function writeResults(file: string, section: string): void {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  const next =
    start >= 0 && end > start
      ? existing.slice(0, start) + section + existing.slice(end + END.length)
      : `# Benchmark results\n\n${section}\n`;
  writeFileSync(file, next);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const wrk = wrkVersion();
  if (!wrk) throw new Error('wrk was not found: install it (Debian/Ubuntu: `apt-get install wrk`).');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'factcheck-bench-'));
  let cluster: PostgresCluster | undefined;
  const servers: Server[] = [];
  try {
    let url = options.databaseUrl;
    if (!url) {
      log('starting a throwaway PostgreSQL cluster');
      cluster = await startCluster({
        database: 'bench',
        settings: { shared_preload_libraries: "'pg_stat_statements'", 'pg_stat_statements.track': "'all'", shared_buffers: "'256MB'" },
      });
      url = cluster.url;
    }
    const install = ensurePostGraphile(path.join(ROOT, 'bench/.postgraphile'), log);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    let counts: Record<string, number>;
    try {
      const existing = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'statement'`);
      const have = existing.rows[0]!.n ? (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM statement')).rows[0]!.n : 0;
      if (have === 0) {
        log(`filling the database with ${options.statements.toLocaleString('en')} statements`);
        await fillDatabase(url, { statements: options.statements, progress: process.stderr.isTTY });
      } else log(`using the ${have.toLocaleString('en')} statements already in the database`);
      counts = {};
      for (const table of ['statement', 'speaker', 'source', 'appearance', 'statement_link', 'verdict', 'evidence']) {
        counts[table] = (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
      }
      await createSearchFunction(admin);
    } finally {
      await admin.end();
    }

    const counter = await StatementCounter.open(url);
    if (counter.why) log(`SQL statements will not be counted: ${counter.why}`);
    const params = await pickParams(url);
    const run: Run = { options, url, counter, scratch, measurements: [], params, reference: new Map(), sqlByPageSize: new Map(), keyset: new Map() };
    const maxPage = Math.floor(counts.statement! / PAGE_SIZE);
    if (options.deepPage > maxPage) {
      log(`only ${maxPage} pages of ${PAGE_SIZE}: the deep page is ${maxPage}`);
      options.deepPage = maxPage;
    }

    // One load generator on one address: the per-client limit would measure itself.
    const oursEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', DEMO_DATA: 'false', RATE_LIMIT_RPM: '0', EVIDENCE_FETCH: 'false' };
    delete oursEnv.NODE_OPTIONS;
    const probe = (target: Target) => target.body('page', { ...params, after: null });
    const start = async (target: Target): Promise<Server> => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}${target.path}`;
      log(`starting ${target.name}`);
      const server =
        target === ours
          ? await startServer('ours', install.node, [...OUR_NODE_FLAGS, path.join(ROOT, 'dist/src/main.js')], { ...oursEnv, PORT: String(port) }, base, probe(target))
          : target === postgraphile
            ? await startServer('postgraphile', install.node, postGraphileArgs(install, url!, port), { ...process.env, GRAPHILE_ENV: 'production', NODE_ENV: 'production' }, base, probe(target))
            : await startServer('limit', install.node, [path.join(ROOT, 'dist/bench/limit-server.js'), url!, String(port)], process.env, base, probe(target));
      servers.push(server);
      return server;
    };

    const running = new Map<TargetName, Server>();
    const bodies = new Map<TargetName, Map<ScenarioKey, string>>();
    for (const target of TARGETS) {
      running.set(target.name, await start(target));
      bodies.set(target.name, await prepareTarget(run, running.get(target.name)!, target));
    }
    await measureAll(run, running, bodies);
    for (const target of TARGETS) {
      const server = running.get(target.name)!;
      const mine = bodies.get(target.name)!;
      await keysetPairs(run, server, target, mine.get('page')!, mine.get('deep')!);
      await sqlByPageSize(run, server, target);
    }
    await benchSetVerdict(run, running.get('ours')!);
    for (const server of running.values()) await server.stop();
    const { DATABASE_URL: _server, ...embeddedEnv } = oursEnv;
    const startEmbedded = async (dataDir: string): Promise<Server> => {
      const port = await freePort();
      log('starting ours on the embedded database');
      const server = await startServer(
        'ours',
        install.node,
        [...OUR_NODE_FLAGS, path.join(ROOT, 'dist/src/main.js')],
        { ...embeddedEnv, DATA_DIR: dataDir, PORT: String(port) },
        `http://127.0.0.1:${port}${ours.path}`,
        probe(ours),
      );
      servers.push(server);
      return server;
    };
    await benchEmbedded(run, startEmbedded, bodies.get('ours')!.get('page')!);
    await counter.close();

    const plan = await searchPlan(url);
    const keyset = await keysetPlans(url, options.deepPage);
    const machine = await describeMachine(url, wrk, install.node);
    writeResults(options.out, render(run, machine, counts, plan, keyset));
    log(`results written to ${path.relative(process.cwd(), options.out)}`);
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    await cluster?.cleanup();
  }
}

/** A statement with as much as possible to show: verdict history, appearances, rebuttals both ways. */
async function pickParams(url: string): Promise<Omit<ScenarioParams, 'after'>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`
      SELECT s.id FROM statement s
      ORDER BY (SELECT count(*) FROM verdict v WHERE v.statement_id = s.id) DESC,
               (SELECT count(*) FROM statement_link l WHERE l.to_id = s.id AND l.kind = 'REBUTS') DESC,
               s.id DESC
      LIMIT 1`);
    return { statementId: rows[0]!.id, phrase: SEARCH_PHRASE };
  } finally {
    await client.end();
  }
}

async function describeMachine(url: string, wrk: string, node22: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  const buffers = (await client.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers;
  await client.end();
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    CPU: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB`,
    OS: `${os.type()} ${os.release()}`,
    // The image's Node (Dockerfile: node:22) for every server, as it runs in production; the harness runs on whichever Node it was started with.
    'Node.js (every server)': execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim(),
    'Node.js (harness)': process.version,
    PostGraphile: `${POSTGRAPHILE_VERSION} (amber preset, GRAPHILE_ENV=production), Node ${NODE22_VERSION}`,
    PostgreSQL: `${version}, shared_buffers ${buffers}, on the same machine`,
    'load generator': `${wrk} (-t1), one process on the same machine`,
    'our service': `node ${OUR_NODE_FLAGS.join(' ')} (as docker-compose.yml runs it), NODE_ENV=production, LOG_LEVEL=warn, DB_POOL_MAX default (10)`,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
