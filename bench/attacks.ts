/**
 * The attacks that once took the service down, sent from outside to the
 * service run as docker-compose.yml runs it (`node --max-old-space-size=256
 * dist/src/main.js`, NODE_ENV=production), on the embedded database and on a
 * PostgreSQL server, while another client keeps asking /health and an
 * ordinary query:
 *
 *   npm run bench:attacks                 both databases (PostgreSQL when its binaries are found)
 *   npm run bench:attacks -- --embedded   the embedded database only
 *
 * What it checks: the process stays up, /health answers in under a second
 * throughout, and the other client keeps being served. The figures go to
 * bench/HOSTILE.md, between the markers of its "Attacks on the running
 * service" section. Every request has a time-out, every loop a bound; all
 * traffic goes to 127.0.0.1.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { parseConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createServices } from '../src/services.js';
import { freePort, startCluster, type PostgresCluster } from '../test/ops/support/postgres.js';
import { toGlobalId } from '../src/ids.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'dist/src/main.js');
const OUTPUT = path.join(ROOT, 'bench/HOSTILE.md');
const BEGIN = '<!-- attacks:begin -->';
const END = '<!-- attacks:end -->';

/** As docker-compose.yml starts the app. */
const NODE_FLAGS = ['--liftoff-only', '--max-old-space-size=256'];
/** Statements that all rebut each other: every pair, both ways. */
const CLIQUE = 25;
/** Statements recorded before the service starts, so that a replay from event 0 has this many events to walk. */
const BACKLOG = 2000;
const HEALTH_EVERY_MS = 100;
const CLIENT_EVERY_MS = 250;
const ATTACK_TIMEOUT_MS = 120_000;

interface Probe {
  at: number;
  ms: number;
  ok: boolean;
}

interface AttackResult {
  name: string;
  outcome: string;
  ms: number;
  healthMaxMs: number;
  healthFailures: number;
  clientMaxMs: number;
  clientFailures: number;
  rssMaxMb: number;
}

interface Run {
  database: string;
  results: AttackResult[];
  alive: boolean;
  exit: string;
  healthOverOneSecond: number;
  healthProbes: number;
  clientProbes: number;
  startRssMb: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const since = (start: number) => performance.now() - start;

async function post(base: string, body: unknown, key?: string, timeoutMs = ATTACK_TIMEOUT_MS) {
  const started = performance.now();
  try {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let code = 'data';
    try {
      const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
      if (parsed.errors?.length) code = `${parsed.errors[0]?.extensions?.code ?? 'error'}${parsed.errors.length > 1 ? ` (${parsed.errors.length} errors)` : ''}`;
    } catch {
      code = 'not JSON';
    }
    return { status: res.status, code, bytes: Buffer.byteLength(text), ms: since(started), text };
  } catch (error) {
    return { status: 0, code: (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed', bytes: 0, ms: since(started), text: '' };
  }
}

/** The keys and ids the attacks use, written straight to the database before the service starts. */
async function seed(env: Record<string, string>) {
  const config = parseConfig({ NODE_ENV: 'production', ...env });
  const database = await openDatabase(config);
  try {
    const services = createServices(database.db, config);
    const key = async (role: 'CONTRIBUTOR' | 'FACT_CHECKER') =>
      (await services.apiKeys.create(systemActor('bench'), { name: `Attack ${role.toLowerCase()}`, role })).key;
    const contributor = await key('CONTRIBUTOR');
    const factChecker = await key('FACT_CHECKER');
    const actor = systemActor('bench', 'CONTRIBUTOR');
    const speaker = await services.speakers.create(actor, { name: 'Attack speaker', kind: 'PERSON' } as never);
    const speakerId = toGlobalId('Speaker', speaker.id);
    const clique: string[] = [];
    for (let i = 0; i < CLIQUE; i++) {
      const statement = await services.statements.create(actor, { speakerId, text: `Clique claim number ${i} about the probe dam` } as never);
      clique.push(toGlobalId('Statement', statement.id));
    }
    for (const fromId of clique) {
      for (const toId of clique) if (fromId !== toId) await services.links.link(actor, { fromId, toId, kind: 'REBUTS' } as never);
    }
    for (let i = 0; i < BACKLOG; i++) {
      await services.statements.create(actor, { speakerId, text: `Backlog claim ${i}: the probe reservoir level is ${i} metres` } as never);
    }
    await services.sources.create(actor, { slug: 'attack-wire', name: 'Attack Wire', kind: 'NEWS_AGENCY' } as never);
    return { contributor, factChecker, speakerId, root: clique[0]! };
  } finally {
    await database.close();
  }
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function startService(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; port: number; log: string[] }> {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', DEMO_DATA: 'false', EVIDENCE_FETCH: 'false', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited during start-up:\n${log.join('\n')}`);
    try {
      if ((await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`the service did not start:\n${log.join('\n')}`);
    await sleep(200);
  }
  return { child, base, port, log };
}

/** Another client: /health every 100 ms and an ordinary query every 250 ms, until stopped. */
function watch(base: string) {
  const health: Probe[] = [];
  const client: Probe[] = [];
  let running = true;
  const loop = async (every: number, into: Probe[], send: () => Promise<boolean>) => {
    while (running) {
      const at = performance.now();
      let ok = false;
      try {
        ok = await send();
      } catch {
        ok = false;
      }
      into.push({ at, ms: since(at), ok });
      await sleep(Math.max(0, every - since(at)));
    }
  };
  const done = Promise.all([
    loop(HEALTH_EVERY_MS, health, async () => (await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) })).ok),
    loop(CLIENT_EVERY_MS, client, async () => {
      const reply = await post(base, { query: '{ statements(first: 5) { edges { node { id text speaker { name } } } } }' }, undefined, 10_000);
      return reply.status === 200 && reply.code === 'data';
    }),
  ]);
  return {
    health,
    client,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** A graphql-ws connection that says hello and then never reads another byte. */
function stalledSocket(url: string, subscriptions: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.once('message', () => {
      for (let i = 0; i < subscriptions; i++) {
        socket.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: `subscription { statementAdded(after: "0") { eventId statement { id text speaker { name } } } }` } }));
      }
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      resolve(socket);
    });
  });
}

/** `subscriptions` replays from event 0 on one connection; resolves with what it received within `ms`. */
function replaying(url: string, subscriptions: number, ms: number): Promise<{ events: number; errors: number; closed: string | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const seen = { events: 0, errors: 0, closed: null as string | null };
    const finish = () => {
      socket.terminate();
      resolve(seen);
    };
    const timer = setTimeout(finish, ms);
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      seen.closed = `${code} ${reason.toString()}`.trim();
      clearTimeout(timer);
      resolve(seen);
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string };
      if (message.type === 'connection_ack') {
        for (let i = 0; i < subscriptions; i++) {
          socket.send(JSON.stringify({ id: `r${i}`, type: 'subscribe', payload: { query: `subscription { statementAdded(after: "0", filter: { search: "probe" }) { eventId } }` } }));
        }
      } else if (message.type === 'next') seen.events++;
      else if (message.type === 'error') seen.errors++;
    });
  });
}

const walk = (depth: number, args = '') => `rebuttals${args} { id `.repeat(depth) + 'text' + ' }'.repeat(depth);
const linkWalk = (depth: number) => `links { from { id `.repeat(depth) + 'text' + ' } }'.repeat(depth);

function claimReview(i: number) {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://checker.example.net/reviews/attack-${i}`,
    claimReviewed: `The probe bridge number ${i} collapsed last week`,
    datePublished: '2024-03-05',
    author: { '@type': 'Organization', name: 'Checker', url: 'https://checker.example.net' },
    reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': 'Person', name: `Official ${i % 10}` },
      datePublished: '2024-03-01T10:00:00Z',
      appearance: [{ '@type': 'CreativeWork', url: `https://outlet-${i % 50}.example.com/story-${i}`, publisher: { '@type': 'Organization', name: `Outlet ${i % 50}`, url: `https://outlet-${i % 50}.example.com` } }],
    },
  };
}

async function runOn(database: string, env: Record<string, string>): Promise<Run> {
  console.log(`\n== ${database}: seeding ${CLIQUE} statements that all rebut each other and ${BACKLOG} more`);
  const { contributor, factChecker, speakerId, root } = await seed(env);
  const service = await startService(env);
  const pid = service.child.pid!;
  const startRssMb = rssMb(pid);
  const watcher = watch(service.base);
  const ws = `ws://127.0.0.1:${service.port}/graphql`;
  const results: AttackResult[] = [];
  let rssMax = startRssMb;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMb(pid))), 100);

  const attack = async (name: string, run: () => Promise<string>) => {
    const started = performance.now();
    rssMax = rssMb(pid);
    let outcome: string;
    try {
      outcome = await run();
    } catch (error) {
      outcome = `failed: ${(error as Error).message.slice(0, 80)}`;
    }
    const ms = since(started);
    await sleep(300);
    const inWindow = (probes: Probe[]) => probes.filter((p) => p.at >= started - 1 && p.at <= started + ms + 300);
    const health = inWindow(watcher.health);
    const client = inWindow(watcher.client);
    const result: AttackResult = {
      name,
      outcome,
      ms,
      healthMaxMs: Math.max(0, ...health.map((p) => p.ms)),
      healthFailures: health.filter((p) => !p.ok).length,
      clientMaxMs: Math.max(0, ...client.map((p) => p.ms)),
      clientFailures: client.filter((p) => !p.ok).length,
      rssMaxMb: rssMax,
    };
    results.push(result);
    console.log(`${name}: ${outcome} in ${ms.toFixed(0)} ms; /health max ${result.healthMaxMs.toFixed(0)} ms, client max ${result.clientMaxMs.toFixed(0)} ms, RSS max ${rssMax.toFixed(0)} MB`);
  };
  const answer = (r: Awaited<ReturnType<typeof post>>) => `${r.status} ${r.code}, ${r.bytes.toLocaleString('en')} bytes`;

  // 1. Unbounded lists.
  await attack('rebuttals of rebuttals, 4 deep, 4 aliases (anonymous)', async () =>
    answer(await post(service.base, { query: `query($id: ID!) { ${['a', 'b', 'c', 'd'].map((a) => `${a}: statement(id: $id) { ${walk(4)} }`).join(' ')} }`, variables: { id: root } })),
  );
  await attack('rebuttals(first: 100), 3 deep', async () =>
    answer(await post(service.base, { query: `query($id: ID!) { statement(id: $id) { ${walk(3, '(first: 100)')} } }`, variables: { id: root } })),
  );
  await attack('links { from { links ... } }, 4 deep, 4 aliases', async () =>
    answer(await post(service.base, { query: `query($id: ID!) { ${['a', 'b', 'c', 'd'].map((a) => `${a}: statement(id: $id) { ${linkWalk(4)} }`).join(' ')} }`, variables: { id: root } })),
  );
  await attack('100 statements x rebuttals(first: 100) x text', async () =>
    answer(await post(service.base, { query: `{ statements(first: 100, filter: { search: "clique" }) { edges { node { rebuttals(first: 100) { text speaker { name } } } } } }` })),
  );
  await attack('the same through fragments, 20 times at once', async () => {
    const query = `query($id: ID!) { statement(id: $id) { ...R } } fragment R on Statement { rebuttals { id rebuttals { id rebuttals { id rebuttals { text } } } } }`;
    const replies = await Promise.all(Array.from({ length: 20 }, () => post(service.base, { query, variables: { id: root } })));
    return `${replies.filter((r) => r.status === 200).length} of 20 answered, largest ${Math.max(...replies.map((r) => r.bytes)).toLocaleString('en')} bytes`;
  });

  // 2. Pathological articles.
  await attack('ingestArticle: 199,000 characters in one sentence', async () =>
    answer(
      await post(
        service.base,
        {
          query: `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { created article { candidates { text } } } }`,
          variables: { input: { url: `https://attack.example.com/${Date.now()}-long`, sourceSlug: 'attack-wire', title: 'One sentence', body: `The minister said that ${'the dam and the bridge and the road '.repeat(5500)}.`.slice(0, 199_000) } },
        },
        contributor,
      ),
    ),
  );
  await attack('ingestArticle: a 6 KB article that is one 6,000-character quote', async () =>
    answer(
      await post(
        service.base,
        {
          query: `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { created article { candidates { text } } } }`,
          variables: { input: { url: `https://attack.example.com/${Date.now()}-quote`, sourceSlug: 'attack-wire', title: 'One quote', body: `"${'We will hold the bridge. '.repeat(240)}" the commander said.` } },
        },
        contributor,
      ),
    ),
  );

  // 3. WebSocket replay and slow consumers; a large legal import.
  await attack(`20 replays from event 0 on one connection (${BACKLOG + CLIQUE * CLIQUE} events kept)`, async () => {
    const seen = await replaying(ws, 20, 20_000);
    return `${seen.events.toLocaleString('en')} events, ${seen.errors} errors${seen.closed ? `, closed ${seen.closed}` : ''}`;
  });
  await attack('a client that never reads, 100 subscriptions, 100 new statements', async () => {
    let socket: WebSocket | undefined;
    try {
      socket = await stalledSocket(ws, 100);
      const closed = new Promise<string>((resolve) => socket!.on('close', (code) => resolve(String(code))));
      for (let i = 0; i < 100; i++) {
        await post(service.base, { query: `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, variables: { input: { speakerId, text: `A slow consumer's claim ${i}: ${'the reservoir is full '.repeat(180)}` } } }, contributor, 10_000);
      }
      const code = await Promise.race([closed, sleep(10_000).then(() => 'still open')]);
      return `socket ${code}`;
    } finally {
      socket?.terminate();
    }
  });
  await attack('importClaimReviews: 100 reviews, 50 new outlets', async () =>
    answer(await post(service.base, { query: `mutation($d: [JSON!]!) { importClaimReviews(documents: $d) { created matched skipped } }`, variables: { d: Array.from({ length: 100 }, (_, i) => claimReview(i)) } }, factChecker)),
  );

  clearInterval(sampler);
  await watcher.stop();
  const alive = service.child.exitCode === null && service.child.signalCode === null;
  const exit = alive ? 'running' : `exited ${service.child.exitCode ?? service.child.signalCode}`;
  service.child.kill('SIGTERM');
  await new Promise((resolve) => (service.child.exitCode !== null ? resolve(null) : service.child.once('close', resolve)));
  if (!alive) console.log(service.log.slice(-30).join('\n'));
  return {
    database,
    results,
    alive,
    exit,
    healthOverOneSecond: watcher.health.filter((p) => !p.ok || p.ms >= 1000).length,
    healthProbes: watcher.health.length,
    clientProbes: watcher.client.length,
    startRssMb,
  };
}

/** How to read the answers, written under the tables. */
const READING = [
  'Reading the answers:',
  '- "N of 20 answered": the others waited `GRAPHQL_MAX_QUEUE_MS` for room in `GRAPHQL_MAX_COST_IN_FLIGHT` and were answered 503 `SERVICE_UNAVAILABLE` with `Retry-After`.',
  '- "10 errors" on the replays: one connection holds at most `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION` (10) subscriptions; the other ten get `LIMIT_EXCEEDED`, the ten accepted replay every kept event.',
  '- "socket still open" for the client that never reads: what it was sent fits the loopback TCP buffers (several MB, held by the kernel, not the heap), so `bufferedAmount` never passes `WS_MAX_BUFFERED_BYTES`; test/api/live-limits.test.ts shows the 1013 close once it does.',
];

function report(runs: Run[]): string {
  const lines = [
    BEGIN,
    '## Attacks on the running service',
    '',
    `Command: \`npm run bench:attacks\` (bench/attacks.ts), run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, Node.js ${process.version}.`,
    `The service runs as docker-compose.yml runs it (\`node ${NODE_FLAGS.join(' ')} dist/src/main.js\`, NODE_ENV=production, every limit at its default), seeded with ${CLIQUE} statements that all rebut each other (${CLIQUE * (CLIQUE - 1)} REBUTS links) and ${BACKLOG} more statements.`,
    `Meanwhile another client asks \`/health\` every ${HEALTH_EVERY_MS} ms and an ordinary 5-statement query every ${CLIENT_EVERY_MS} ms. Per attack: its answer, how long it took, the slowest \`/health\` and ordinary query during it (failures in brackets), and the process's highest RSS.`,
    '',
  ];
  for (const run of runs) {
    lines.push(`### ${run.database}`, '', '| attack | answer | ms | /health max ms | other client max ms | RSS max MB |', '| --- | --- | ---: | ---: | ---: | ---: |');
    for (const r of run.results) {
      const fails = (n: number) => (n ? ` (${n} failed)` : '');
      lines.push(`| ${r.name} | ${r.outcome} | ${r.ms.toFixed(0)} | ${r.healthMaxMs.toFixed(0)}${fails(r.healthFailures)} | ${r.clientMaxMs.toFixed(0)}${fails(r.clientFailures)} | ${r.rssMaxMb.toFixed(0)} |`);
    }
    lines.push(
      '',
      `- Process after the attacks: ${run.alive ? 'still running' : `**${run.exit}**`}; RSS at start ${run.startRssMb.toFixed(0)} MB.`,
      `- \`/health\`: ${run.healthProbes} probes, ${run.healthOverOneSecond} failed or took a second or more.`,
      `- Ordinary queries from the other client: ${run.clientProbes} sent.`,
      '',
    );
  }
  lines.push(...READING, '', END);
  return lines.join('\n');
}

async function main() {
  const embeddedOnly = process.argv.includes('--embedded');
  const runs: Run[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'factcheck-attacks-'));
  let cluster: PostgresCluster | undefined;
  try {
    runs.push(await runOn('Embedded database', { DATA_DIR: dataDir }));
    if (!embeddedOnly) {
      cluster = await startCluster();
      runs.push(await runOn('PostgreSQL', { DATABASE_URL: cluster.url }));
    }
  } finally {
    await cluster?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const section = report(runs);
  const current = readFileSync(OUTPUT, 'utf8');
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  writeFileSync(OUTPUT, start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END.length) : `${current.trimEnd()}\n\n${section}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), OUTPUT)}`);
  const failed = runs.filter((run) => !run.alive || run.healthOverOneSecond > 0);
  if (failed.length) {
    console.log(`Not held: ${failed.map((run) => run.database).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
