/**
 * What each attack from test/api/hostile.test.ts costs the server: wall time
 * per request, the server process's CPU time and its RSS growth, with the
 * query limits on (the defaults) and off.
 *
 *   npm run bench:hostile
 *
 * The server is `node dist/src/main.js` as a child process on the embedded
 * database with the demo story. Each attack is sent a few times; a request
 * that runs past REQUEST_TIMEOUT_MS, or a server whose RSS passes
 * RSS_LIMIT_BYTES, is killed and recorded as such, and the next attack gets
 * a fresh server. Results go to bench/HOSTILE.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config.js';
import { freePort } from '../test/ops/support/postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'dist/src/main.js');
const OUTPUT = path.join(ROOT, 'bench/HOSTILE.md');

const REQUESTS_PER_ATTACK = 5;
const REQUEST_TIMEOUT_MS = 15_000;
const RSS_LIMIT_BYTES = 3 * 1024 ** 3;
/** Past this, the remaining attacks are not sent (the run stays bounded). */
const RUN_BUDGET_MS = 150_000;
const SAMPLE_EVERY_MS = 5;

const LIMITS_OFF: Record<string, string> = {
  GRAPHQL_MAX_DEPTH: '100',
  GRAPHQL_MAX_ALIASES: '10000',
  GRAPHQL_MAX_DIRECTIVES: '10000',
  GRAPHQL_MAX_TOKENS: '1000000',
  GRAPHQL_MAX_COST: '100000000',
};

interface Attack {
  name: string;
  body: string;
}

const json = (payload: unknown) => JSON.stringify(payload);
const nested = (depth: number) => `{ statements(first: 1) { edges { node { id ${'rebuttals { '.repeat(depth)}id${' }'.repeat(depth)} } } } }`;
const chainFragments = Array.from({ length: 100 }, (_, i) =>
  i === 99 ? `fragment F${i} on Statement { id }` : `fragment F${i} on Statement { id rebuttals { ...F${i + 1} } }`,
).join('\n');
const wideFragments = Array.from({ length: 100 }, (_, i) =>
  i === 99 ? `fragment F${i} on Statement { id }` : `fragment F${i} on Statement { ${Array.from({ length: 50 }, () => `...F${i + 1}`).join(' ')} }`,
).join('\n');

const ATTACKS: Attack[] = [
  {
    name: 'baseline: 100 statements with speakers, appearances, rebuttals, verdicts',
    body: json({
      query: `{ statements(first: 100) { totalCount edges { cursor node { text speaker { name } appearances { url source { name } } rebuttals { text speaker { name } } verdicts { status evidence { url } } } } } }`,
    }),
  },
  { name: 'baseline: the playground introspection query', body: '' /* filled in below */ },
  { name: 'depth 50', body: json({ query: nested(50) }) },
  { name: '1,000 aliases of one field', body: json({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }) },
  {
    name: 'fan-out: 100 statements x speaker x 100 statements x appearances',
    body: json({
      query: `{ statements(first: 100) { edges { node { text speaker { statements(first: 100) { edges { node { text appearances { url wording } } } } } } } } }`,
    }),
  },
  {
    name: 'fan-out with page sizes in variables (n = 100)',
    body: json({
      query: `query($n: Int) { statements(first: $n) { edges { node { speaker { statements(first: $n) { edges { node { text appearances { url } } } } } } } } }`,
      variables: { n: 100 },
    }),
  },
  { name: '20,000 duplicated fields', body: json({ query: `{ sources { totalCount ${'totalCount '.repeat(20_000)}} }` }) },
  { name: '100 nested fragments (a chain)', body: json({ query: `{ statements(first: 1) { edges { node { ...F0 } } } }\n${chainFragments}` }) },
  { name: '100 x 50 nested fragment spreads', body: json({ query: `{ statements(first: 1) { edges { node { ...F0 } } } }\n${wideFragments}` }) },
  {
    name: 'circular fragments',
    body: json({
      query: `{ statements(first: 1) { edges { node { ...A } } } } fragment A on Statement { rebuttals { ...B } } fragment B on Statement { rebuts { ...A } }`,
    }),
  },
  { name: '5,000 directives on one field', body: json({ query: `{ sources { totalCount ${'@include(if: true) '.repeat(5000)}} }` }) },
  {
    name: '60 aliased fields with a directive each',
    body: json({ query: `{ ${Array.from({ length: 60 }, (_, i) => `f${i % 20}: __typename @include(if: true)`).join(' ')} }` }),
  },
  { name: '5 MB string variable', body: json({ query: 'query($s: String) { speakers(search: $s) { totalCount } }', variables: { s: 'x'.repeat(5_000_000) } }) },
  { name: '500 KB comment in the document', body: json({ query: `{ sources { totalCount } } # ${'x'.repeat(500_000)}\n{ __typename }` }) },
  { name: '60,000 __typename fields', body: json({ query: `{ ${'__typename '.repeat(60_000)}}` }) },
  { name: 'JSON array of 100 operations (batching)', body: json(Array.from({ length: 100 }, () => ({ query: '{ sources { totalCount } }' }))) },
  { name: 'first: 99999999', body: json({ query: '{ statements(first: 99999999) { totalCount } }' }) },
];

interface Measure {
  statuses: number[];
  /** What came back: "data", or the first error's code (and how many errors there were). */
  answer: string;
  bytes: number;
  wallMs: number[];
  cpuMs: number;
  rssBefore: number;
  rssPeak: number;
  /** "timed out", "RSS over 3 GB", "server died"... when the attack did not finish. */
  failure?: string;
  notRun?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const TICK_MS = 1000 / 100; // USER_HZ on Linux
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return 0;
  }
}

interface Server {
  child: ChildProcess;
  pid: number;
  port: number;
  dataDir: string;
  exited: boolean;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

async function startServer(env: Record<string, string>, dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      EVIDENCE_FETCH: 'false',
      LOG_LEVEL: 'warn',
      GRAPHQL_INTROSPECTION: 'true',
      // What each attack costs the server once admitted; the per-client limit would refuse most of them first.
      RATE_LIMIT_RPM: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: Server = {
    child,
    pid: child.pid!,
    port,
    dataDir,
    exited: false,
    async stop() {
      if (server.exited) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exit.then(() => true), sleep(15_000).then(() => false)]);
      if (!done) await server.kill();
    },
    async kill() {
      if (server.exited) return;
      child.kill('SIGKILL');
      await exit;
    },
  };
  void exit.then(() => (server.exited = true));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exited) throw new Error(`the server exited during start-up:\n${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`the server did not answer /health within 90 s:\n${stderr}`);
    }
    await sleep(100);
  }
  return server;
}

async function measure(server: Server, attack: Attack): Promise<Measure> {
  await sleep(200); // let the previous attack's work settle
  const result: Measure = { statuses: [], answer: '-', bytes: 0, wallMs: [], cpuMs: 0, rssBefore: rssOf(server.pid), rssPeak: 0 };
  result.rssPeak = result.rssBefore;
  const cpuBefore = cpuMsOf(server.pid);
  let runaway: string | undefined;
  const controller = new AbortController();
  const sampler = setInterval(() => {
    const rss = rssOf(server.pid);
    if (rss > result.rssPeak) result.rssPeak = rss;
    if (rss > RSS_LIMIT_BYTES && !runaway) {
      runaway = `RSS over ${RSS_LIMIT_BYTES / 1024 ** 3} GB`;
      controller.abort();
    }
  }, SAMPLE_EVERY_MS);
  try {
    for (let i = 0; i < REQUESTS_PER_ATTACK; i++) {
      const started = performance.now();
      const timer = setTimeout(() => {
        runaway ??= `timed out (> ${REQUEST_TIMEOUT_MS / 1000} s)`;
        controller.abort();
      }, REQUEST_TIMEOUT_MS);
      try {
        const res = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: attack.body,
          signal: controller.signal,
        });
        const body = await res.arrayBuffer();
        result.wallMs.push(performance.now() - started);
        result.statuses.push(res.status);
        result.bytes = body.byteLength;
        result.answer = answerOf(Buffer.from(body).toString('utf8'));
      } catch (error) {
        result.failure = runaway ?? (server.exited ? 'server died' : `request failed: ${(error as Error).message}`);
        break;
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    clearInterval(sampler);
  }
  result.cpuMs = cpuMsOf(server.pid) - cpuBefore;
  if (server.exited && !result.failure) result.failure = 'server died';
  return result;
}

function answerOf(text: string): string {
  try {
    const body = JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    if (!body.errors?.length) return body.data ? 'data' : '-';
    const code = String(body.errors[0]!.extensions?.code ?? 'no code');
    const partial = body.data ? ' with data' : '';
    return body.errors.length > 1 ? `${code} (${body.errors.length} errors${partial})` : `${code}${partial}`;
  } catch {
    return 'not JSON';
  }
}

const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
function formatMs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function cell(m: Measure | undefined): string[] {
  if (!m || m.notRun) return ['not run (time budget)', '', '', '', '', ''];
  const statuses = [...new Set(m.statuses)].join('/') || '-';
  const wall = m.wallMs.length ? `${formatMs(median(m.wallMs))} / ${formatMs(Math.max(...m.wallMs))}` : '-';
  const requests = Math.max(1, m.wallMs.length + (m.failure ? 1 : 0));
  const status = m.failure ? `**${m.failure}**${m.statuses.length ? ` (after ${statuses})` : ''}` : statuses;
  return [
    status,
    m.failure && !m.wallMs.length ? '-' : m.answer,
    m.failure && !m.wallMs.length ? '-' : m.bytes.toLocaleString('en-US'),
    m.failure && !m.wallMs.length ? `> ${REQUEST_TIMEOUT_MS / 1000} s` : wall,
    formatMs(m.cpuMs / requests),
    `+${mb(Math.max(0, m.rssPeak - m.rssBefore))}`,
  ];
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const introspection = (await import('graphql')).getIntrospectionQuery();
  ATTACKS[1]!.body = json({ query: introspection });

  const modes = [
    { name: 'on', env: {} as Record<string, string> },
    { name: 'off', env: LIMITS_OFF },
  ];
  // Both go through the service's own parsing of the environment.
  const limits = Object.fromEntries(modes.map((mode) => [mode.name, parseConfig({ ...mode.env }).graphql.limits]));

  // One data directory with the demo story, copied for every server start.
  const work = mkdtempSync(path.join(os.tmpdir(), 'factcheck-bench-'));
  const template = path.join(work, 'template');
  let current: Server | undefined;
  try {
    process.stdout.write('seeding the embedded database with the demo story... ');
    const seeding = await startServer({}, template);
    const counted = await fetch(`http://127.0.0.1:${seeding.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json({ query: '{ statements { totalCount } speakers { totalCount } sources { totalCount } }' }),
    });
    const counts = ((await counted.json()) as { data: Record<string, { totalCount: number }> }).data;
    await seeding.stop();
    console.log(`${((performance.now() - runStarted) / 1000).toFixed(1)} s`);

    let copies = 0;
    const fresh = async (env: Record<string, string>) => {
      const dir = path.join(work, `data-${copies++}`);
      cpSync(template, dir, { recursive: true });
      return startServer(env, dir);
    };

    const results = new Map<string, Map<string, Measure>>();
    const startRss: Record<string, number> = {};
    for (const mode of modes) {
      current = await fresh(mode.env);
      startRss[mode.name] = rssOf(current.pid);
      for (const attack of ATTACKS) {
        const row = results.get(attack.name) ?? new Map<string, Measure>();
        results.set(attack.name, row);
        if (performance.now() - runStarted > RUN_BUDGET_MS) {
          row.set(mode.name, { statuses: [], answer: '-', bytes: 0, wallMs: [], cpuMs: 0, rssBefore: 0, rssPeak: 0, notRun: true });
          continue;
        }
        const m = await measure(current, attack);
        row.set(mode.name, m);
        const [status, answer, bytes, wall, cpu, rss] = cell(m);
        console.log(`limits ${mode.name.padEnd(3)} | ${attack.name.padEnd(72)} | ${status} ${answer} | ${bytes} B | ${wall} ms | ${cpu} ms CPU | ${rss} MB`);
        if (m.failure) {
          await current.kill();
          current = await fresh(mode.env);
        }
      }
      await current.stop();
      current = undefined;
    }

    const cpus = os.cpus();
    const lines = [
      '# What hostile queries cost the server',
      '',
      'Each attack from `test/api/hostile.test.ts`, sent ' +
        `${REQUESTS_PER_ATTACK} times in a row to \`node dist/src/main.js\` (a child process, \`NODE_ENV=production\`, ` +
        'embedded PostgreSQL with the demo story), with the query limits on (the defaults) and off.',
      '',
      `- Command: \`npm run bench:hostile\` (bench/hostile.ts), run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
        `${((performance.now() - runStarted) / 1000).toFixed(0)} s after the build (seeding the database included).`,
      `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB memory, ` +
        `Node.js ${process.version}, ${os.type()} ${os.release()}.`,
      `- Limits on: ${describeLimits(limits.on!)}. Limits off: ${describeLimits(limits.off!)} ` +
        '(GRAPHQL_MAX_DEPTH=100, GRAPHQL_MAX_ALIASES=10000, GRAPHQL_MAX_DIRECTIVES=10000, GRAPHQL_MAX_TOKENS=1000000, ' +
        'GRAPHQL_MAX_COST=100000000, read through the service\'s own `parseConfig`). The 1 MB body limit (MAX_BODY_BYTES) is not a query limit and stays on.',
      `- Server RSS after start-up: ${mb(startRss.on ?? 0)} MB (limits on), ${mb(startRss.off ?? 0)} MB (limits off); the embedded PostgreSQL (PGlite, WebAssembly) runs inside this process and counts in it.`,
      '',
      'Columns: HTTP status; the answer (`data`, or the first error\'s `extensions.code`); response size in bytes; wall time per request as seen by the client, median / slowest, in ms; ' +
        `the server process's CPU time per request (user + system from /proc, counted in 10 ms ticks: ${10 / REQUESTS_PER_ATTACK} ms resolution per request), in ms; ` +
        'its RSS growth during the attack (highest RSS sampled every ' +
        `${SAMPLE_EVERY_MS} ms, minus the RSS before the attack), in MB. A request still running after ${REQUEST_TIMEOUT_MS / 1000} s, or a server ` +
        `past ${RSS_LIMIT_BYTES / 1024 ** 3} GB, is killed and recorded as such; the next attack gets a fresh server.`,
      '',
      '| attack | limits | status | answer | bytes | wall ms (median / max) | server CPU ms / request | RSS growth MB |',
      '| --- | --- | --- | --- | ---: | ---: | ---: | ---: |',
    ];
    for (const attack of ATTACKS) {
      for (const mode of modes) {
        lines.push(`| ${attack.name} | ${mode.name} | ${cell(results.get(attack.name)?.get(mode.name)).join(' | ')} |`);
      }
    }
    const attacks = ATTACKS.filter((attack) => !attack.name.startsWith('baseline'));
    const summary = modes.map((mode) => {
      const measured = attacks.map((attack) => results.get(attack.name)!.get(mode.name)!).filter((m) => !m.notRun);
      const refused = measured.filter((m) => !m.failure && m.answer !== 'data' && !m.answer.includes('with data')).length;
      const failures = measured.filter((m) => m.failure).length;
      const slowest = Math.max(0, ...measured.flatMap((m) => m.wallMs));
      const peak = Math.max(0, ...measured.map((m) => m.rssPeak - m.rssBefore));
      return `- Limits ${mode.name}: ${refused} of ${measured.length} attacks answered with an error and no data, ${measured.length - refused - failures} with data, ${failures} killed; slowest completed request ${formatMs(slowest)} ms; largest RSS growth ${mb(peak)} MB.`;
    });
    lines.push(
      '',
      ...summary,
      '',
      'With the limits off, whatever still refuses an attack shows in the answer column: the cost limit at its highest setting, ' +
        "graphql-js's own validation (its \"Validation aborted.\" budget included), the 1 MB body limit, batching being off.",
      '',
      `Data: the demo story (${counts.statements?.totalCount} statements, ${counts.speakers?.totalCount} speakers, ${counts.sources?.totalCount} sources). ` +
        'The fan-out queries return far less with the limits off than they would on a full database: their cost grows with the data, ' +
        'while the cost limit refuses them from the query alone, whatever the data.',
      '',
    );
    writeFileSync(OUTPUT, lines.join('\n'));
    console.log(`\nwrote ${path.relative(ROOT, OUTPUT)}`);
  } finally {
    await current?.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

function describeLimits(l: { maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number; maxCost: number }): string {
  return `depth ${l.maxDepth}, aliases ${l.maxAliases}, directives ${l.maxDirectives}, tokens ${l.maxTokens.toLocaleString('en-US')}, cost ${l.maxCost.toLocaleString('en-US')}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
