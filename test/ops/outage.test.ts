import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type PostgresCluster } from './support/postgres.js';
import { createKeys, createSpeaker, dbId, ensureBuilt, internalsIn, setUp, sleep, startService, token, type Reply, type Service } from './support/service.js';

/**
 * The service (`node dist/src/main.js`) on a PostgreSQL server that goes
 * away: stopped cleanly, then crashed under load. Requests must fail fast
 * with SERVICE_UNAVAILABLE, the service must come back by itself, and no
 * acknowledged write may be lost or half-written.
 */
let cluster: PostgresCluster;
let service: Service;
let key: string;
let sourceIds: string[];
let speakerId: string;

const READ = `query Statements { statements(first: 5) { totalCount edges { node { id text } } } }`;
const CREATE_SPEAKER = `mutation CreateSpeaker($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`;
const CREATE_SOURCE = `mutation CreateSource($input: CreateSourceInput!) { createSource(input: $input) { id } }`;
const CREATE_STATEMENT = `mutation CreateStatement($input: CreateStatementInput!) { createStatement(input: $input) { id text version } }`;
const SET_VERDICT = `mutation SetVerdict($input: SetVerdictInput!) { setVerdict(input: $input) { id status statement { id status version } } }`;

/**
 * The longest a request may wait for a database connection. A request that
 * arrives while PostgreSQL restarts may wait this long (the postmaster is
 * listening but not yet answering); none may wait longer.
 */
const CONNECTION_TIMEOUT_MS = 2000;

const codes = (reply: Reply) => (reply.body.errors ?? []).map((error) => error.extensions?.code);
const ms = (value: number) => Math.round(value);

setUp(async () => {
  ensureBuilt();
  cluster = await startCluster();
  service = await startService({ DATABASE_URL: cluster.url, DB_CONNECTION_TIMEOUT_MS: String(CONNECTION_TIMEOUT_MS) });
  [key] = await createKeys(cluster.url, [{ role: 'FACT_CHECKER', name: 'Ops fact-checker' }]);
  sourceIds = [];
  for (const slug of [`ops-${token()}`, `ops-${token()}`]) {
    const reply = await service.gql(CREATE_SOURCE, { input: { slug, name: `Source ${slug}`, kind: 'NEWS_AGENCY' } }, { key });
    expect(reply.body.errors, reply.text).toBeUndefined();
    sourceIds.push(reply.body.data!.createSource.id);
  }
  speakerId = await createSpeaker(service, key);
});

afterAll(async () => {
  await service?.kill();
  await cluster?.cleanup();
});

/** Polls until `ok` holds; returns how long that took. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check().catch(() => false)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms\n${service.output()}`);
    await sleep(50);
  }
}

describe('PostgreSQL stopped', () => {
  it('fails fast with SERVICE_UNAVAILABLE, /ready says 503 while /health says 200, and recovers without a restart', async () => {
    const readyBefore = await service.get('/ready');
    expect(readyBefore.status).toBe(200);
    // Idle connections outlive the client's and a load balancer's own idle timeouts (HTTP_KEEP_ALIVE_TIMEOUT_MS).
    expect(readyBefore.headers.get('keep-alive')).toBe('timeout=65');
    expect((await service.gql(READ)).body.errors).toBeUndefined();
    const pid = service.child.pid;

    await cluster.stop('fast');
    const requests: [string, () => Promise<Reply>][] = [
      ['anonymous read', () => service.gql(READ)],
      ['write with a key', () => service.gql(CREATE_SPEAKER, { input: { name: `Speaker ${token()}`, kind: 'PERSON' } }, { key })],
    ];
    const latencies: Record<string, number[]> = {};
    const statuses: Record<string, number[]> = {};
    for (let round = 0; round < 5; round++) {
      for (const [name, send] of requests) {
        const reply = await send();
        (latencies[name] ??= []).push(reply.ms);
        (statuses[name] ??= []).push(reply.status);
        expect(reply.ms, `${name} took ${ms(reply.ms)} ms`).toBeLessThan(1000);
        expect(codes(reply), `${name}: ${reply.text}`).toEqual(['SERVICE_UNAVAILABLE']);
        expect(reply.body.errors![0]!.message).toBe('The database is unavailable; try again shortly');
        expect(reply.body.data ?? null).toBeNull();
        expect(internalsIn(reply.text, [cluster.password, `:${cluster.port}`]), reply.text).toEqual([]);
        expect(Object.keys(reply.body.errors![0]!.extensions!)).toEqual(['code']);
      }
    }
    const ready = await service.get('/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toEqual({ status: 'unavailable' });
    expect(ready.ms).toBeLessThan(1000);
    const health = await service.get('/health');
    expect(health.status).toBe(200);

    await cluster.start();
    const readRecovery = await until('a read succeeds again', async () => (await service.gql(READ)).body.errors === undefined);
    const readyRecovery = await until('/ready is 200 again', async () => (await service.get('/ready')).status === 200);
    const write = await service.gql(CREATE_SPEAKER, { input: { name: `Speaker ${token()}`, kind: 'PERSON' } }, { key });
    expect(write.body.errors, write.text).toBeUndefined();
    expect(service.exited).toBeNull();
    expect(service.child.pid).toBe(pid);

    const summary = Object.fromEntries(
      Object.entries(latencies).map(([name, values]) => [
        name,
        { maxMs: ms(Math.max(...values)), medianMs: ms(values.sort((a, b) => a - b)[2]!), http: [...new Set(statuses[name])] },
      ]),
    );
    console.info(
      `[ops] PostgreSQL down: ${JSON.stringify(summary)}, /ready 503 in ${ms(ready.ms)} ms; ` +
        `after pg_ctl start returned: reads back in ${ms(readRecovery)} ms, /ready 200 in ${ms(readRecovery + readyRecovery)} ms`,
    );
  });
});

interface Ack {
  op: 'createStatement' | 'setVerdict';
  /** Database id of the row the write created. */
  id: string;
  statementId: string;
  text?: string;
  status?: string;
  at: number;
}

describe('PostgreSQL crashes under load', () => {
  it('loses no acknowledged write and leaves nothing half-written', async () => {
    const run = token();
    const WRITERS = 8;
    const MAX_ITERATIONS = 300;
    const acks: Ack[] = [];
    const failures: { code: string; ms: number; at: number; message: string }[] = [];
    const lastSuccess: number[] = Array.from({ length: WRITERS }, () => 0);
    let stopping = false;

    const attempt = async (writer: number, send: () => Promise<Reply>): Promise<Reply | undefined> => {
      let reply: Reply;
      try {
        reply = await send();
      } catch (error) {
        failures.push({ code: 'NO_HTTP_RESPONSE', ms: 0, at: performance.now(), message: `${String(error)} (${String((error as { cause?: unknown }).cause)})` });
        await sleep(50);
        return undefined;
      }
      if (reply.body.errors === undefined && reply.body.data) {
        lastSuccess[writer] = performance.now();
        return reply;
      }
      for (const error of reply.body.errors ?? [{ message: reply.text }]) {
        failures.push({ code: String((error as { extensions?: { code?: string } }).extensions?.code), ms: reply.ms, at: performance.now(), message: error.message });
      }
      await sleep(50); // a client backing off, and a bound on the number of requests
      return undefined;
    };

    const writer = async (w: number) => {
      for (let n = 0; n < MAX_ITERATIONS && !stopping; n++) {
        const text = `Load ${run} writer ${w} item ${n}`;
        const created = await attempt(w, () =>
          service.gql(
            CREATE_STATEMENT,
            {
              input: {
                speakerId,
                text,
                appearances: sourceIds.map((sourceId, i) => ({ sourceId, url: `https://example.org/${run}/${w}/${n}/${i}` })),
              },
            },
            { key },
          ),
        );
        if (!created) continue;
        const statementId = dbId(created.body.data!.createStatement.id);
        acks.push({ op: 'createStatement', id: statementId, statementId, text, at: performance.now() });
        for (const [version, status] of [
          [1, 'MISLEADING'],
          [2, 'FALSE'],
        ] as const) {
          const verdict = await attempt(w, () =>
            service.gql(
              SET_VERDICT,
              {
                input: {
                  statementId: created.body.data!.createStatement.id,
                  expectedVersion: version,
                  status,
                  rationale: `Checked during the load run ${run}.`,
                  evidence: [
                    { url: `https://example.org/${run}/evidence/${w}/${n}/${version}/a`, stance: 'REFUTES' },
                    { url: `https://example.org/${run}/evidence/${w}/${n}/${version}/b`, stance: 'CONTEXT' },
                  ],
                },
              },
              { key },
            ),
          );
          if (!verdict) break;
          acks.push({ op: 'setVerdict', id: dbId(verdict.body.data!.setVerdict.id), statementId, status, at: performance.now() });
        }
      }
    };

    const started = performance.now();
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    try {
      await until('the load acknowledges 40 writes', async () => acks.length >= 40, 20_000);
      const beforeCrash = acks.length;
      await cluster.stop('immediate');
      const crashedAt = performance.now();
      await sleep(1500);
      const downFailures = failures.filter((f) => f.at > crashedAt);
      const restartingAt = performance.now();
      await cluster.start();
      const restartedAt = performance.now();
      const recovered = await until(
        'every writer succeeds again after the restart',
        async () => lastSuccess.every((at) => at > restartedAt),
        30_000,
      );
      await sleep(1000);
      stopping = true;
      await Promise.all(writers);

      const failedDuringOutage = failures.filter((f) => f.at > crashedAt && f.at < restartedAt + recovered);
      const slowest = (list: typeof failures) => ms(Math.max(0, ...list.map((f) => f.ms)));
      console.info(
        `[ops] crash under load: ${beforeCrash} writes acknowledged before the crash, ${acks.length} in all over ` +
          `${ms(performance.now() - started)} ms; ${failures.length} failed requests (${JSON.stringify(countBy(failures.map((f) => f.code)))}), ` +
          `slowest failure ${slowest(downFailures)} ms in the first 1.5 s down (${downFailures.length} failures), ` +
          `${slowest(failures)} ms in all (the slowest sent ${[...failures].sort((a, b) => b.ms - a.ms).slice(0, 3).map((f) => `${ms(f.at - f.ms - restartingAt)} ms`).join(', ')} after the restart began, which took ${ms(restartedAt - restartingAt)} ms); ` +
          `all ${WRITERS} writers succeeding again ${ms(recovered)} ms after pg_ctl start returned`,
      );
      expect(failedDuringOutage.length, 'the crash should have failed some requests').toBeGreaterThan(0);
      expect(acks.filter((a) => a.at > restartedAt).length).toBeGreaterThan(0);
      // Every failure said what it was: the database, not a bug.
      if (failures.some((f) => f.code !== 'SERVICE_UNAVAILABLE')) {
        console.info(`[ops] error reports in the service's log:\n${service.stdout.filter((line) => line.includes('"err"')).slice(-20).join('\n')}`);
      }
      expect(
        failures.filter((f) => f.code !== 'SERVICE_UNAVAILABLE').map((f) => `${f.code} after ${ms(f.ms)} ms: ${f.message}`),
        'failures other than SERVICE_UNAVAILABLE',
      ).toEqual([]);
      // Failing fast: no request hung on a dead connection or waited for the
      // statement timeout (15 s). One sent while PostgreSQL was starting up
      // may have waited for a connection, but no longer than its timeout.
      expect(slowest(failures), 'slowest failure (ms)').toBeLessThan(CONNECTION_TIMEOUT_MS + 1000);
      // Sent after the crash and answered before the restart began: nothing
      // was listening, so the connection was refused at once.
      const whileDown = failures.filter((f) => f.at - f.ms > crashedAt && f.at < restartingAt);
      expect(whileDown.length, 'requests failed while PostgreSQL was down').toBeGreaterThan(0);
      expect(slowest(whileDown), 'slowest failure while PostgreSQL was down (ms)').toBeLessThan(1000);
      expect(service.exited, service.output()).toBeNull();
    } finally {
      stopping = true;
      await Promise.allSettled(writers);
    }

    await checkDatabase(run, acks);
  });
});

describe('logs', () => {
  it('are JSON lines that never carry the API key or the database password, even while the database was down', () => {
    for (const line of service.stdout) expect(() => JSON.parse(line), line).not.toThrow();
    const everything = [...service.stdout, ...service.stderr].join('\n');
    expect(everything.includes(key)).toBe(false);
    expect(everything.includes(cluster.password)).toBe(false);
    const reported = service.stdout.map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string } }).filter((line) => line.err);
    expect(reported.length, 'the outage left error reports in the log').toBeGreaterThan(0);
    console.info(`[ops] outage log: ${service.stdout.length} lines, ${reported.length} error reports, e.g. ${JSON.stringify(reported[0]?.err?.message)}`);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Every acknowledged write is there, once in the audit trail, and nothing is half-written. */
async function checkDatabase(run: string, acks: Ack[]): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const statements = (
      await client.query<{ id: string; text: string; status: string; version: number }>(
        `SELECT id::text, text, status::text, version FROM statement WHERE text LIKE $1`,
        [`Load ${run} %`],
      )
    ).rows;
    const statementIds = statements.map((s) => s.id);
    const appearances = new Map(
      (
        await client.query<{ statement_id: string; count: number }>(
          `SELECT statement_id::text, count(*)::int AS count FROM appearance WHERE statement_id = ANY($1::uuid[]) GROUP BY 1`,
          [statementIds],
        )
      ).rows.map((r) => [r.statement_id, r.count]),
    );
    const verdicts = (
      await client.query<{ id: string; statement_id: string; status: string; evidence: number }>(
        `SELECT v.id::text, v.statement_id::text, v.status::text,
                (SELECT count(*)::int FROM evidence e WHERE e.verdict_id = v.id) AS evidence
         FROM verdict v WHERE v.statement_id = ANY($1::uuid[])
         ORDER BY v.statement_id, v.created_at DESC, v.id DESC`,
        [statementIds],
      )
    ).rows;
    const audit = (
      await client.query<{ operation: string; entity_id: string; statement_id: string | null }>(
        `SELECT operation, entity_id::text, COALESCE(before->>'statementId', after->>'id') AS statement_id
         FROM audit_entry
         WHERE (operation = 'createStatement' AND after->>'text' LIKE $1)
            OR (operation = 'setVerdict' AND before->>'statementId' = ANY($2::text[]))`,
        [`Load ${run} %`, statementIds],
      )
    ).rows;

    const byId = new Map(statements.map((s) => [s.id, s]));
    const verdictById = new Map(verdicts.map((v) => [v.id, v]));
    const auditCount = (operation: string, id: string) => audit.filter((a) => a.operation === operation && a.entity_id === id).length;

    // No acknowledged write lost.
    const lost = acks.filter((ack) =>
      ack.op === 'createStatement'
        ? byId.get(ack.id)?.text !== ack.text
        : verdictById.get(ack.id)?.statement_id !== ack.statementId || verdictById.get(ack.id)?.status !== ack.status,
    );
    expect(lost, 'acknowledged writes missing from the database').toEqual([]);
    // Exactly one audit entry per acknowledged write.
    for (const ack of acks) expect(auditCount(ack.op, ack.id), `${ack.op} ${ack.id}`).toBe(1);

    // Nothing half-written, acknowledged or not: every row that exists is whole and audited once,
    // and no audit entry describes a row that does not exist.
    for (const statement of statements) {
      expect(appearances.get(statement.id) ?? 0, `appearances of ${statement.text}`).toBe(2);
      expect(auditCount('createStatement', statement.id), `audit of ${statement.text}`).toBe(1);
      const own = verdicts.filter((v) => v.statement_id === statement.id);
      expect(statement.version, `version of ${statement.text}`).toBe(1 + own.length);
      expect(statement.status, `status of ${statement.text}`).toBe(own[0]?.status ?? 'UNVERIFIED');
    }
    for (const verdict of verdicts) {
      expect(verdict.evidence, `evidence of verdict ${verdict.id}`).toBe(2);
      expect(auditCount('setVerdict', verdict.id), `audit of verdict ${verdict.id}`).toBe(1);
    }
    const orphans = audit.filter((a) => (a.operation === 'createStatement' ? !byId.has(a.entity_id) : !verdictById.has(a.entity_id)));
    expect(orphans, 'audit entries for rows that do not exist').toEqual([]);

    const ackedIds = new Set(acks.map((a) => a.id));
    const unacknowledged = [...statements.map((s) => s.id), ...verdicts.map((v) => v.id)].filter((id) => !ackedIds.has(id));
    console.info(
      `[ops] after the crash: ${acks.length} acknowledged writes (${acks.filter((a) => a.op === 'createStatement').length} statements, ` +
        `${acks.filter((a) => a.op === 'setVerdict').length} verdicts), 0 lost; ${statements.length} statements and ${verdicts.length} verdicts ` +
        `in the database, ${unacknowledged.length} committed without the client hearing so (complete and audited); ${audit.length} audit entries`,
    );
  } finally {
    await client.end();
  }
}
