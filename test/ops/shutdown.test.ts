import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type PostgresCluster } from './support/postgres.js';
import { lockStatementRow, sql, waitForLockWaiters } from './support/locks.js';
import { createKeys, createSpeaker, createStatement, dbId, ensureBuilt, setUp, sleep, startService, type Reply, type Service } from './support/service.js';

/**
 * `node dist/src/main.js` on a real PostgreSQL server: optimistic
 * concurrency under real row locks, and a SIGTERM that arrives while a
 * request waits on one.
 */
let cluster: PostgresCluster;
let service: Service;
let adminKey: string;
let checkerKey: string;
let speakerId: string;

/** src/main.ts: in-flight requests get this long after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

const SET_VERDICT = `mutation SetVerdict($input: SetVerdictInput!) { setVerdict(input: $input) { id rationale statement { version } } }`;
const UPDATE_STATEMENT = `mutation EditStatement($input: UpdateStatementInput!) { updateStatement(input: $input) { id text version } }`;
const SLOW_EDIT = `mutation SlowEdit($input: UpdateStatementInput!) { updateStatement(input: $input) { id text version } }`;

const ms = (value: number) => Math.round(value);

setUp(async () => {
  ensureBuilt();
  cluster = await startCluster();
  service = await startService({ DATABASE_URL: cluster.url, LOG_LEVEL: 'info' });
  [adminKey, checkerKey] = await createKeys(cluster.url, [
    { role: 'ADMIN', name: 'Ops admin' },
    { role: 'FACT_CHECKER', name: 'Ops fact-checker' },
  ]);
  speakerId = await createSpeaker(service, adminKey);
});

afterAll(async () => {
  await service?.kill();
  await cluster?.cleanup();
});

const newStatement = () => createStatement(service, adminKey, speakerId);

/**
 * Ten requests with the same expectedVersion, all held on the statement's
 * row lock at the same moment (a second client holds it until all ten wait),
 * then let go together.
 */
async function tenAtOnce(statementUuid: string, send: (i: number) => Promise<Reply>): Promise<{ replies: Reply[]; waiting: number }> {
  const lock = await lockStatementRow(cluster.url, statementUuid);
  let replies: Promise<Reply[]> | undefined;
  try {
    replies = Promise.all(Array.from({ length: 10 }, (_, i) => send(i)));
    const waiting = await waitForLockWaiters(cluster.url, 10);
    await lock.release();
    return { replies: await replies, waiting };
  } finally {
    await lock.release();
    await replies?.catch(() => undefined);
  }
}

describe('optimistic concurrency on a real server', () => {
  it('lets exactly one of ten concurrent setVerdict calls through; nine get CONFLICT; one verdict is written', async () => {
    const statement = await newStatement();
    const { replies, waiting } = await tenAtOnce(statement.uuid, (i) =>
      service.gql(
        SET_VERDICT,
        {
          input: {
            statementId: statement.id,
            expectedVersion: 1,
            status: 'FALSE',
            rationale: `Concurrent rationale ${i}`,
            evidence: [{ url: 'https://example.org/report', stance: 'REFUTES' }],
          },
        },
        { key: checkerKey },
      ),
    );
    expect(waiting, 'all ten were waiting on the row lock at once').toBe(10);
    const winners = replies.filter((r) => r.body.errors === undefined && r.body.data?.setVerdict);
    const conflicts = replies.filter((r) => r.body.errors?.length === 1 && r.body.errors[0]!.extensions?.code === 'CONFLICT');
    expect(winners, JSON.stringify(replies.map((r) => r.body))).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    for (const conflict of conflicts) expect(conflict.body.errors![0]!.extensions?.currentVersion).toBe(2);
    const winner = winners[0]!.body.data!.setVerdict;
    expect(winner.statement.version).toBe(2);

    const verdicts = await sql<{ id: string; rationale: string }>(cluster.url, 'SELECT id::text, rationale FROM verdict WHERE statement_id = $1::uuid', [statement.uuid]);
    expect(verdicts).toEqual([{ id: dbId(winner.id), rationale: winner.rationale }]);
    const [row] = await sql<{ version: number; status: string }>(cluster.url, 'SELECT version, status::text FROM statement WHERE id = $1::uuid', [statement.uuid]);
    expect(row).toEqual({ version: 2, status: 'FALSE' });
    const audit = await sql(cluster.url, `SELECT id FROM audit_entry WHERE operation = 'setVerdict' AND before->>'statementId' = $1`, [statement.uuid]);
    expect(audit).toHaveLength(1);
  });

  it('lets exactly one of ten concurrent updateStatement calls through; nine get CONFLICT; one edit is written', async () => {
    const statement = await newStatement();
    const { replies, waiting } = await tenAtOnce(statement.uuid, (i) =>
      service.gql(UPDATE_STATEMENT, { input: { id: statement.id, expectedVersion: 1, text: `Edited text number ${i}` } }, { key: adminKey }),
    );
    expect(waiting, 'all ten were waiting on the row lock at once').toBe(10);
    const winners = replies.filter((r) => r.body.errors === undefined && r.body.data?.updateStatement);
    const conflicts = replies.filter((r) => r.body.errors?.length === 1 && r.body.errors[0]!.extensions?.code === 'CONFLICT');
    expect(winners, JSON.stringify(replies.map((r) => r.body))).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    for (const conflict of conflicts) expect(conflict.body.errors![0]!.extensions?.currentVersion).toBe(2);
    const winner = winners[0]!.body.data!.updateStatement;
    expect(winner.version).toBe(2);

    const [row] = await sql<{ version: number; text: string }>(cluster.url, 'SELECT version, text FROM statement WHERE id = $1::uuid', [statement.uuid]);
    expect(row).toEqual({ version: 2, text: winner.text });
    const audit = await sql<{ after: { text: string } }>(
      cluster.url,
      `SELECT after FROM audit_entry WHERE operation = 'updateStatement' AND entity_id = $1::uuid`,
      [statement.uuid],
    );
    expect(audit.map((a) => a.after.text)).toEqual([winner.text]);
  });
});

/** Resolves with the connection error, or undefined if the port accepted a connection. */
function connectError(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error) => resolve(error));
  });
}

describe('SIGTERM', () => {
  it('finishes the in-flight request, refuses new connections, exits 0 within the grace period, and logs JSON without secrets', async () => {
    const statement = await newStatement();
    const lock = await lockStatementRow(cluster.url, statement.uuid);
    let inFlight: Promise<Reply> | undefined;
    try {
      inFlight = service.gql(SLOW_EDIT, { input: { id: statement.id, expectedVersion: 1, text: 'Edited while the service stops' } }, { key: adminKey });
      expect(await waitForLockWaiters(cluster.url, 1), 'the edit waits on the row lock').toBe(1);

      const signalled = performance.now();
      expect(service.child.kill('SIGTERM')).toBe(true);

      // New connections are refused at once, while the edit is still waiting.
      let refusedAfter: number | undefined;
      while (performance.now() - signalled < 900) {
        const error = await connectError(service.port);
        if (error?.code === 'ECONNREFUSED') {
          refusedAfter = performance.now() - signalled;
          break;
        }
        await sleep(10);
      }
      expect(refusedAfter, 'new connections refused within 900 ms of SIGTERM').toBeDefined();
      await expect(fetch(`${service.baseUrl}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      expect(service.exited, 'still running while a request is in flight').toBeNull();

      await sleep(Math.max(0, 1000 - (performance.now() - signalled)));
      const releasedAt = performance.now();
      await lock.release();

      const reply = await inFlight;
      const answeredAt = performance.now();
      expect(reply.status).toBe(200);
      expect(reply.body.errors, reply.text).toBeUndefined();
      expect(reply.body.data!.updateStatement).toMatchObject({ text: 'Edited while the service stops', version: 2 });

      const exit = await Promise.race([service.exit, sleep(SHUTDOWN_GRACE_MS + 5000).then(() => undefined)]);
      const exitedAt = performance.now();
      expect(exit, `did not exit within ${SHUTDOWN_GRACE_MS + 5000} ms of SIGTERM\n${service.output()}`).toEqual({ code: 0, signal: null });
      expect(exitedAt - signalled).toBeLessThan(SHUTDOWN_GRACE_MS);

      const [row] = await sql<{ version: number; text: string }>(cluster.url, 'SELECT version, text FROM statement WHERE id = $1::uuid', [statement.uuid]);
      expect(row).toEqual({ version: 2, text: 'Edited while the service stops' });

      // Logs: one JSON object a line (pino), the request with its id, operation and duration, no secrets.
      const lines = service.stdout.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not a JSON log line: ${line}`);
        }
      });
      const edit = lines.find((line) => line.requestId === reply.requestId);
      expect(edit, service.output()).toMatchObject({ requestId: reply.requestId, operation: 'SlowEdit', type: 'mutation', status: 200 });
      expect(edit!.durationMs as number).toBeGreaterThanOrEqual(900);
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['finishing in-flight requests before stopping', 'stopped']));
      const everything = [...service.stdout, ...service.stderr].join('\n');
      for (const secret of [adminKey, checkerKey, cluster.password]) expect(everything.includes(secret)).toBe(false);
      expect(everything).not.toContain(cluster.url);
      expect(service.stderr, 'nothing on stderr').toEqual([]);
      expect(lines.filter((line) => line.operation === 'SlowEdit')).toHaveLength(1);

      console.info(
        `[ops] SIGTERM: new connections refused ${ms(refusedAfter!)} ms after the signal; lock released at ${ms(releasedAt - signalled)} ms; ` +
          `in-flight edit answered at ${ms(answeredAt - signalled)} ms (durationMs ${edit!.durationMs}); ` +
          `process exited with code 0 at ${ms(exitedAt - signalled)} ms (${ms(exitedAt - answeredAt)} ms after the answer)`,
      );
    } finally {
      await lock.release();
      await inFlight?.catch(() => undefined);
    }
  });
});
