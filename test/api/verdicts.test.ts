import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createStatement, EVIDENCE, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { parseGlobalId } from '../../src/ids.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const SET = `mutation($input: SetVerdictInput!) {
  setVerdict(input: $input) {
    id status rationale reviewer createdAt
    evidence { position url title stance }
    statement { status version verdict { id } verdicts { id status } }
  }
}`;

const HISTORY = `query($id: ID!) {
  statement(id: $id) { status version verdict { id status } verdicts { id status rationale reviewer } }
}`;

const FINDINGS = ['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MISLEADING', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN'] as const;

const ghost = (type: string) => Buffer.from(`${type}:00000000-0000-7000-8000-000000000000`).toString('base64url');

/** The database uuid behind a global ID of this type. */
function dbId(globalId: string, type: string): string {
  const parsed = parseGlobalId(globalId);
  expect(parsed?.type).toBe(type);
  return parsed!.id;
}

function input(statementId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) {
  return {
    statementId,
    expectedVersion,
    status: 'FALSE',
    rationale: 'The ministry figures say otherwise.',
    evidence: EVIDENCE,
    ...overrides,
  };
}

async function history(id: string) {
  return (await api.ok(HISTORY, { id })).statement as {
    status: string;
    version: number;
    verdict: { id: string; status: string } | null;
    verdicts: { id: string; status: string; rationale: string | null; reviewer: string }[];
  };
}

describe('setVerdict', () => {
  it('records a FALSE finding with rationale and evidence, sets the status and bumps the version', async () => {
    const statement = await createStatement(api);
    const desk = await api.createKey('FACT_CHECKER', 'Verification desk');
    const data = await api.ok(
      SET,
      {
        input: input(statement.id, 1, {
          rationale: '  Satellite images show the opposite.  ',
          evidence: [
            { url: 'https://example.org/images', title: 'Satellite images', stance: 'REFUTES' },
            { url: 'https://example.org/timeline', stance: 'CONTEXT' },
          ],
        }),
      },
      { key: desk },
    );
    const verdict = data.setVerdict;
    expect(verdict).toMatchObject({
      status: 'FALSE',
      rationale: 'Satellite images show the opposite.',
      reviewer: 'Verification desk',
      evidence: [
        { position: 0, url: 'https://example.org/images', title: 'Satellite images', stance: 'REFUTES' },
        { position: 1, url: 'https://example.org/timeline', title: null, stance: 'CONTEXT' },
      ],
      statement: { status: 'FALSE', version: 2, verdict: { id: verdict.id }, verdicts: [{ id: verdict.id, status: 'FALSE' }] },
    });
    expect(dbId(verdict.id, 'Verdict')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(verdict.createdAt))).toBe(false);
  });

  it('keeps every verdict, newest first, and the latest is the current one', async () => {
    const statement = await createStatement(api);
    const first = await setVerdict(api, statement.id, 1, { status: 'IN_REVIEW', rationale: null, evidence: null });
    const second = await setVerdict(api, statement.id, 2, { status: 'MISLEADING', rationale: 'Missing context.' });
    const secondDesk = await api.createKey('FACT_CHECKER', 'Second desk');
    const third = await setVerdict(api, statement.id, 3, { status: 'FALSE', rationale: 'New documents.' }, secondDesk);
    expect([first.statement.version, second.statement.version, third.statement.version]).toEqual([2, 3, 4]);

    expect(await history(statement.id)).toEqual({
      status: 'FALSE',
      version: 4,
      verdict: { id: third.id, status: 'FALSE' },
      verdicts: [
        { id: third.id, status: 'FALSE', rationale: 'New documents.', reviewer: 'Second desk' },
        { id: second.id, status: 'MISLEADING', rationale: 'Missing context.', reviewer: 'Test desk' },
        { id: first.id, status: 'IN_REVIEW', rationale: null, reviewer: 'Test desk' },
      ],
    });
  });

  it.each(['IN_REVIEW', 'UNVERIFIED'])('records %s without rationale or evidence', async (status) => {
    const statement = await createStatement(api);
    const data = await api.ok(SET, { input: input(statement.id, 1, { status, rationale: null, evidence: null }) });
    expect(data.setVerdict).toMatchObject({
      status,
      rationale: null,
      evidence: [],
      statement: { status, version: 2, verdicts: [{ status }] },
    });
  });

  it.each(FINDINGS)('refuses %s without a rationale, on input.rationale', async (status) => {
    const statement = await createStatement(api);
    for (const rationale of [null, '   ']) {
      const error = await api.fails(SET, { input: input(statement.id, 1, { status, rationale }) });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rationale' });
    }
    const without = await api.fails(SET, { input: { ...input(statement.id, 1, { status }), rationale: undefined } });
    expect(without.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rationale' });
    expect(await history(statement.id)).toMatchObject({ status: 'UNVERIFIED', version: 1, verdicts: [] });
  });

  it.each(FINDINGS)('refuses %s without evidence, on input.evidence', async (status) => {
    const statement = await createStatement(api);
    for (const evidence of [null, []]) {
      const error = await api.fails(SET, { input: input(statement.id, 1, { status, evidence }) });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.evidence' });
    }
    expect(await history(statement.id)).toMatchObject({ status: 'UNVERIFIED', version: 1, verdicts: [] });
  });

  it.each(FINDINGS)('records %s with a rationale and evidence', async (status) => {
    const statement = await createStatement(api);
    const data = await api.ok(SET, { input: input(statement.id, 1, { status }) });
    expect(data.setVerdict).toMatchObject({ status, statement: { status, version: 2 } });
  });

  it('refuses a stale expectedVersion with CONFLICT and writes nothing', async () => {
    const statement = await createStatement(api);
    const current = await setVerdict(api, statement.id, 1, { status: 'MOSTLY_TRUE' });
    const error = await api.fails(SET, { input: input(statement.id, 1, { status: 'FALSE' }) });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const future = await api.fails(SET, { input: input(statement.id, 7, { status: 'FALSE' }) });
    expect(future.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });

    const now = await history(statement.id);
    expect(now).toMatchObject({ status: 'MOSTLY_TRUE', version: 2, verdict: { id: current.id } });
    expect(now.verdicts).toHaveLength(1);
  });

  it('lets exactly one of ten concurrent verdicts through', async () => {
    const statement = await createStatement(api);
    const CONCURRENT_SET = `mutation($input: SetVerdictInput!) {
      setVerdict(input: $input) { id status rationale reviewer statement { version } }
    }`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.gql(CONCURRENT_SET, { input: input(statement.id, 1, { rationale: `Concurrent rationale ${i}` }) }),
      ),
    );
    const winners = results.filter((r) => !r.errors && r.data?.setVerdict);
    const conflicts = results.filter((r) => r.errors?.length === 1 && r.errors[0]!.extensions?.code === 'CONFLICT');
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    for (const conflict of conflicts) expect(conflict.errors![0]!.extensions?.currentVersion).toBe(2);

    const winner = winners[0]!.data!.setVerdict;
    expect(winner.statement.version).toBe(2);
    const now = await history(statement.id);
    expect(now.version).toBe(2);
    expect(now.verdicts).toEqual([{ id: winner.id, status: 'FALSE', rationale: winner.rationale, reviewer: winner.reviewer }]);
  });

  it.each([
    ['not a url', 'input.evidence[0].url', 0],
    ['ftp://files.example/report.pdf', 'input.evidence[0].url', 0],
    ['javascript:alert(1)', 'input.evidence[1].url', 1],
  ])('refuses evidence URL %j on %s', async (url, field, index) => {
    const statement = await createStatement(api);
    const evidence = [
      { url: 'https://example.org/good', stance: 'REFUTES' },
      { url: 'https://example.org/also-good', stance: 'CONTEXT' },
    ];
    evidence[index] = { url, stance: 'REFUTES' };
    const error = await api.fails(SET, { input: input(statement.id, 1, { evidence }) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await history(statement.id)).toMatchObject({ version: 1, verdicts: [] });
  });

  it('refuses the same evidence URL twice, even spelled differently', async () => {
    const statement = await createStatement(api);
    for (const urls of [
      ['https://example.org/a', 'https://example.org/a'],
      ['https://example.org/a', 'HTTPS://EXAMPLE.org/a'],
    ]) {
      const evidence = urls.map((url) => ({ url, stance: 'REFUTES' }));
      const error = await api.fails(SET, { input: input(statement.id, 1, { evidence }) });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.evidence' });
    }
    expect(await history(statement.id)).toMatchObject({ version: 1, verdicts: [] });
  });

  it('takes 20 pieces of evidence and refuses 21', async () => {
    const statement = await createStatement(api);
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://example.org/doc/${i}`, stance: 'CONTEXT' }));
    const error = await api.fails(SET, { input: input(statement.id, 1, { evidence: items(21) }) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.evidence' });
    expect(await history(statement.id)).toMatchObject({ version: 1, verdicts: [] });

    const data = await api.ok(SET, { input: input(statement.id, 1, { evidence: items(20) }) });
    expect(data.setVerdict.evidence.map((e: { position: number }) => e.position)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('says NOT_FOUND for a statement that does not exist, naming input.statementId', async () => {
    const error = await api.fails(SET, { input: input(ghost('Statement'), 1) });
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.statementId' });
  });

  it('refuses an expectedVersion that is not a positive whole number with BAD_USER_INPUT, and writes nothing', async () => {
    const statement = await createStatement(api);
    for (const expectedVersion of [0, -1]) {
      const error = await api.fails(SET, { input: input(statement.id, expectedVersion) });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expectedVersion' });
    }
    const after = await api.ok(`query($id: ID!) { statement(id: $id) { version status verdicts { id } } }`, { id: statement.id });
    expect(after.statement).toMatchObject({ version: 1, status: 'UNVERIFIED', verdicts: [] });
  });

  it('refuses an ID of another type with BAD_USER_INPUT', async () => {
    const source = await createSource(api);
    const error = await api.fails(SET, { input: input(source.id, 1) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.statementId' });
  });
});

describe('statements(filter: { status })', () => {
  it('finds a statement by the status of its latest verdict', async () => {
    const statement = await createStatement(api);
    const other = await createStatement(api, { speakerId: statement.speakerId });
    const LIST = `query($speakerId: ID!, $status: [VerificationStatus!]) {
      statements(filter: { speakerId: $speakerId, status: $status }) { totalCount edges { node { id status } } }
    }`;
    const find = async (status: string[]) => (await api.ok(LIST, { speakerId: statement.speakerId, status })).statements;

    expect(await find(['FALSE'])).toEqual({ totalCount: 0, edges: [] });
    await setVerdict(api, statement.id, 1, { status: 'FALSE' });
    expect(await find(['FALSE'])).toEqual({ totalCount: 1, edges: [{ node: { id: statement.id, status: 'FALSE' } }] });
    expect(await find(['UNVERIFIED'])).toEqual({ totalCount: 1, edges: [{ node: { id: other.id, status: 'UNVERIFIED' } }] });
    expect((await find(['FALSE', 'UNVERIFIED'])).totalCount).toBe(2);

    await setVerdict(api, statement.id, 2, { status: 'MOSTLY_TRUE' });
    expect(await find(['FALSE'])).toEqual({ totalCount: 0, edges: [] });
  });
});

describe('verdict history in the database', () => {
  it('refuses to update or delete a verdict or its evidence, whoever asks', async () => {
    const statement = await createStatement(api);
    const verdict = await setVerdict(api, statement.id, 1, { status: 'FALSE' });
    const id = dbId(verdict.id, 'Verdict');
    const snapshot = async () => ({
      verdict: await api.db.$queryRawUnsafe(`SELECT status::text AS status, rationale, reviewer FROM verdict WHERE id = $1::uuid`, id),
      evidence: await api.db.$queryRawUnsafe(`SELECT position, url, title, stance::text AS stance FROM evidence WHERE verdict_id = $1::uuid`, id),
    });
    const before = await snapshot();
    expect(before).toEqual({
      verdict: [{ status: 'FALSE', rationale: 'The record shows otherwise.', reviewer: 'Test desk' }],
      evidence: [{ position: 0, url: 'https://example.org/report', title: 'A report', stance: 'REFUTES' }],
    });

    await expect(api.db.$executeRawUnsafe(`UPDATE verdict SET status = 'TRUE' WHERE id = $1::uuid`, id)).rejects.toThrow(/append-only/);
    await expect(api.db.$executeRawUnsafe(`DELETE FROM verdict WHERE id = $1::uuid`, id)).rejects.toThrow(/append-only/);
    await expect(api.db.$executeRawUnsafe(`UPDATE evidence SET url = 'https://forged.example' WHERE verdict_id = $1::uuid`, id)).rejects.toThrow(
      /append-only/,
    );
    await expect(api.db.$executeRawUnsafe(`DELETE FROM evidence WHERE verdict_id = $1::uuid`, id)).rejects.toThrow(/append-only/);

    expect(await snapshot()).toEqual(before);
    expect(await history(statement.id)).toMatchObject({ status: 'FALSE', verdicts: [{ id: verdict.id, status: 'FALSE' }] });
  });
});
