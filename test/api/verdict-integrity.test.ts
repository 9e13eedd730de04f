import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../src/ids.js';
import { createSpeaker, createStatement, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Attacks on what a published finding says: a verdict is about exact words,
 * so nobody below the fact-checker may put other words (or another speaker)
 * under it, nor quietly remove a fact-checker's rebuttal.
 */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ PUBLIC_URL: 'https://facts.example.org' });
});
afterAll(() => api.close());

const ORIGINAL = 'The dam has cracked and the valley must be evacuated.';
const REWRITE = 'The dam is safe and operating normally.';

const UPDATE = `mutation($input: UpdateStatementInput!) {
  updateStatement(input: $input) { id text quote status version speaker { id name } }
}`;

const STATE = `query($id: ID!) {
  statement(id: $id) {
    text status version disputed claimReview
    verdict { status reopenedByEdit }
    verdicts {
      id status rationale reviewer reopenedByEdit
      statementVersion judgedText judgedQuote judgedSpeakerName judgedSpeaker { id name }
      evidence { url }
    }
  }
}`;

type VerdictView = {
  id: string;
  status: string;
  rationale: string | null;
  reviewer: string;
  reopenedByEdit: boolean;
  statementVersion: number;
  judgedText: string;
  judgedQuote: string | null;
  judgedSpeakerName: string;
  judgedSpeaker: { id: string; name: string } | null;
  evidence: { url: string }[];
};

async function state(id: string) {
  return (await api.ok(STATE, { id })).statement as {
    text: string;
    status: string;
    version: number;
    disputed: boolean;
    claimReview: { claimReviewed: string; itemReviewed: { author: { name: string } }; reviewBody?: string } | null;
    verdict: { status: string; reopenedByEdit: boolean } | null;
    verdicts: VerdictView[];
  };
}

/** A statement a fact-checker has rated FALSE; returns it at its version after the verdict. */
async function judgedFalse(text = `${ORIGINAL} ${Math.random()}`) {
  const speaker = await createSpeaker(api, { name: `Governor ${Math.random().toString(36).slice(2, 8)}` });
  const statement = await createStatement(api, { speakerId: speaker.id, text, quote: 'It has cracked.' });
  const verdict = await setVerdict(api, statement.id, statement.version, { rationale: 'Engineers found no crack.' }, api.keys.FACT_CHECKER);
  return { ...statement, speaker, text, version: verdict.statement.version, verdictId: verdict.id };
}

async function claimReviewHttp(id: string) {
  return api.http.get(`/claimreview/${id}`);
}

describe('a contributor rewriting a checked statement', () => {
  it('rewriting the text after FALSE reopens review; the FALSE verdict keeps the words it judged and is no longer published', async () => {
    const s = await judgedFalse();
    const before = await claimReviewHttp(s.id);
    expect(before.status).toBe(200);
    expect(before.body.claimReviewed).toBe(s.text);

    const updated = (await api.ok(UPDATE, { input: { id: s.id, expectedVersion: s.version, text: REWRITE } }, { key: api.keys.CONTRIBUTOR }))
      .updateStatement;
    expect(updated.text).toBe(REWRITE);
    expect(updated.status).toBe('IN_REVIEW');

    const now = await state(s.id);
    expect(now.status).toBe('IN_REVIEW');
    expect(now.claimReview).toBeNull();
    // The old FALSE verdict is still there, with the words it judged; a new row reopened the review.
    expect(now.verdicts.map((v) => v.status)).toEqual(['IN_REVIEW', 'FALSE']);
    const [reopened, judged] = now.verdicts as [VerdictView, VerdictView];
    expect(judged.id).toBe(s.verdictId);
    expect(judged.judgedText).toBe(s.text);
    expect(judged.judgedQuote).toBe('It has cracked.');
    expect(judged.judgedSpeakerName).toBe(s.speaker.name);
    expect(judged.statementVersion).toBe(s.version - 1);
    expect(judged.reopenedByEdit).toBe(false);
    expect(reopened.reopenedByEdit).toBe(true);
    expect(reopened.rationale).toMatch(/^Reopened: the statement's text was edited after the finding/);
    expect(reopened.reviewer).toBe('Test contributor');
    expect(reopened.judgedText).toBe(REWRITE);
    expect(reopened.statementVersion).toBe(updated.version);

    const after = await claimReviewHttp(s.id);
    expect(after.status).toBe(404);
    const feed = await api.http.get('/claimreview?first=100');
    expect(JSON.stringify(feed.body)).not.toContain(REWRITE);

    // The audit trail records the reopening (on the new verdict) and the edit (on the statement).
    const audit = async (id: string) =>
      (
        await api.ok(`query($id: ID!) { auditLog(filter: { entityId: $id }) { edges { node { operation keyName after } } } }`, { id })
      ).auditLog.edges.map((e: { node: { operation: string; keyName: string; after: any } }) => e.node);
    const [reopening] = await audit(reopened.id);
    expect(reopening).toMatchObject({ operation: 'reopenReview', keyName: 'Test contributor', after: { status: 'IN_REVIEW', judgedText: REWRITE } });
    const [edit] = await audit(s.id);
    expect(edit).toMatchObject({ operation: 'updateStatement', after: { text: REWRITE, status: 'IN_REVIEW' } });
  });

  it('changing the speaker after FALSE reopens review too', async () => {
    const s = await judgedFalse();
    const other = await createSpeaker(api, { name: 'Dam operator' });
    const updated = (await api.ok(UPDATE, { input: { id: s.id, expectedVersion: s.version, speakerId: other.id } }, { key: api.keys.CONTRIBUTOR }))
      .updateStatement;
    expect(updated.status).toBe('IN_REVIEW');
    const now = await state(s.id);
    expect(now.claimReview).toBeNull();
    expect(now.verdicts[0]!.rationale).toMatch(/speaker/);
    const judged = now.verdicts[1]!;
    expect(judged.status).toBe('FALSE');
    expect(judged.judgedSpeaker).toEqual({ id: s.speaker.id, name: s.speaker.name });
    expect(judged.judgedSpeakerName).toBe(s.speaker.name);
    expect((await claimReviewHttp(s.id)).status).toBe(404);
  });

  it('changing the quote after FALSE reopens review', async () => {
    const s = await judgedFalse();
    const updated = (await api.ok(UPDATE, { input: { id: s.id, expectedVersion: s.version, quote: null } }, { key: api.keys.CONTRIBUTOR }))
      .updateStatement;
    expect(updated.status).toBe('IN_REVIEW');
    expect((await state(s.id)).verdicts[1]!.judgedQuote).toBe('It has cracked.');
  });

  it('an edit that leaves the words alone (the date) keeps the finding', async () => {
    const s = await judgedFalse();
    const updated = (
      await api.ok(UPDATE, { input: { id: s.id, expectedVersion: s.version, statedAt: '2024-01-01T00:00:00Z', text: s.text } }, { key: api.keys.CONTRIBUTOR })
    ).updateStatement;
    expect(updated.status).toBe('FALSE');
    expect((await claimReviewHttp(s.id)).body.claimReviewed).toBe(s.text);
  });

  it('a contributor cannot keep the finding over new words', async () => {
    const s = await judgedFalse();
    const error = await api.fails(UPDATE, { input: { id: s.id, expectedVersion: s.version, text: REWRITE, keepFinding: true } }, { key: api.keys.CONTRIBUTOR });
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.extensions?.requiredRole).toBe('FACT_CHECKER');
    const now = await state(s.id);
    expect(now.text).toBe(s.text);
    expect(now.status).toBe('FALSE');
  });
});

describe('a fact-checker editing judged words', () => {
  it('reopens review unless keepFinding is given', async () => {
    const s = await judgedFalse();
    const updated = (await api.ok(UPDATE, { input: { id: s.id, expectedVersion: s.version, text: REWRITE } }, { key: api.keys.FACT_CHECKER }))
      .updateStatement;
    expect(updated.status).toBe('IN_REVIEW');
  });

  it('with keepFinding, re-records the finding over the new words as a new verdict; ClaimReview publishes the words that verdict judged', async () => {
    const s = await judgedFalse();
    const fixed = `${s.text} (corrected)`;
    const updated = (
      await api.ok(UPDATE, { input: { id: s.id, expectedVersion: s.version, text: fixed, keepFinding: true } }, { key: api.keys.FACT_CHECKER })
    ).updateStatement;
    expect(updated.status).toBe('FALSE');
    const now = await state(s.id);
    expect(now.verdicts.map((v) => v.status)).toEqual(['FALSE', 'FALSE']);
    const [carried, original] = now.verdicts as [VerdictView, VerdictView];
    expect(original.judgedText).toBe(s.text);
    expect(carried.judgedText).toBe(fixed);
    expect(carried.reviewer).toBe('Test fact-checker');
    expect(carried.rationale).toBe('Engineers found no crack.');
    expect(carried.evidence).toEqual(original.evidence);
    expect(now.claimReview!.claimReviewed).toBe(fixed);
    expect((await claimReviewHttp(s.id)).body.claimReviewed).toBe(fixed);
  });
});

describe('ClaimReview publishes the judged words', () => {
  it('shows the words and speaker name the verdict pinned, not the current ones', async () => {
    // A statement judged, then an edit that keeps the finding while the
    // speaker's words stay: the document must come from the verdict row.
    const s = await judgedFalse();
    const doc = (await claimReviewHttp(s.id)).body;
    expect(doc.claimReviewed).toBe(s.text);
    expect(doc.itemReviewed.author.name).toBe(s.speaker.name);
    // Rows written around the service (a database console) cannot make the export lie either.
    // One row: an id that matched nothing would make the checks below pass without testing anything.
    expect(await api.db.$executeRaw`UPDATE statement SET text = ${REWRITE} WHERE id = ${dbId(s.id)}::uuid`).toBe(1);
    expect((await claimReviewHttp(s.id)).body.claimReviewed).toBe(s.text);
    expect((await state(s.id)).claimReview!.claimReviewed).toBe(s.text);
    const feed = await api.http.get('/claimreview?first=100');
    expect(JSON.stringify(feed.body)).not.toContain(REWRITE);
  });
});

describe('removing a fact-checker’s rebuttal', () => {
  const UNLINK = `mutation($input: UnlinkStatementsInput!) { unlinkStatements(input: $input) { id kind } }`;

  async function rebutted(key: string) {
    const target = await createStatement(api);
    const rebuttal = await createStatement(api);
    await api.ok(
      `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { id } }`,
      { input: { fromId: rebuttal.id, toId: target.id, kind: 'REBUTS' } },
      { key },
    );
    return { target, rebuttal };
  }

  it('a contributor cannot unlink a fact-checker’s REBUTS link: FORBIDDEN, and the statement stays disputed', async () => {
    const { target, rebuttal } = await rebutted(api.keys.FACT_CHECKER);
    const error = await api.fails(UNLINK, { input: { fromId: rebuttal.id, toId: target.id, kind: 'REBUTS' } }, { key: api.keys.CONTRIBUTOR });
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.extensions?.requiredRole).toBe('FACT_CHECKER');
    expect((await state(target.id)).disputed).toBe(true);
  });

  it('a fact-checker can unlink it', async () => {
    const { target, rebuttal } = await rebutted(api.keys.FACT_CHECKER);
    await api.ok(UNLINK, { input: { fromId: rebuttal.id, toId: target.id, kind: 'REBUTS' } }, { key: api.keys.FACT_CHECKER });
    expect((await state(target.id)).disputed).toBe(false);
  });

  it('a fact-checker cannot unlink an ADMIN’s link; a contributor can unlink a contributor’s', async () => {
    const admin = await rebutted(api.keys.ADMIN);
    const error = await api.fails(UNLINK, { input: { fromId: admin.rebuttal.id, toId: admin.target.id, kind: 'REBUTS' } }, { key: api.keys.FACT_CHECKER });
    expect(error.extensions?.requiredRole).toBe('ADMIN');
    const own = await rebutted(api.keys.CONTRIBUTOR);
    await api.ok(UNLINK, { input: { fromId: own.rebuttal.id, toId: own.target.id, kind: 'REBUTS' } }, { key: api.keys.CONTRIBUTOR });
    expect((await state(own.target.id)).disputed).toBe(false);
  });

  it('the link says which role made it', async () => {
    const { target } = await rebutted(api.keys.FACT_CHECKER);
    const data = await api.ok(`query($id: ID!) { statement(id: $id) { links { kind createdByRole } } }`, { id: target.id });
    expect(data.statement.links).toEqual([{ kind: 'REBUTS', createdByRole: 'FACT_CHECKER' }]);
  });
});

describe('an edit racing a verdict', () => {
  it('a verdict given with expectedVersion N pins the words of version N, never words changed in between', async () => {
    const statement = await createStatement(api, { text: ORIGINAL });
    // The fact-checker read version N; a contributor changes the words first.
    await api.ok(UPDATE, { input: { id: statement.id, expectedVersion: statement.version, text: REWRITE } }, { key: api.keys.CONTRIBUTOR });
    const stale = await api.fails(
      `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id } }`,
      { input: { statementId: statement.id, expectedVersion: statement.version, status: 'FALSE', rationale: 'No.', evidence: [{ url: 'https://example.org/a', stance: 'REFUTES' }] } },
      { key: api.keys.FACT_CHECKER },
    );
    expect(stale.extensions?.code).toBe('CONFLICT');
    expect((await state(statement.id)).verdicts).toEqual([]);
  });

  it('sent at the same time, either the edit or the verdict wins, and a verdict always carries the words it was given over', async () => {
    for (let round = 0; round < 5; round++) {
      const text = `${ORIGINAL} round ${round} ${Math.random()}`;
      const statement = await createStatement(api, { text });
      const [edit, verdict] = await Promise.all([
        api.gql(UPDATE, { input: { id: statement.id, expectedVersion: statement.version, text: REWRITE } }, { key: api.keys.CONTRIBUTOR }),
        api.gql(
          `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id statementVersion judgedText } }`,
          { input: { statementId: statement.id, expectedVersion: statement.version, status: 'FALSE', rationale: 'No.', evidence: [{ url: 'https://example.org/a', stance: 'REFUTES' }] } },
          { key: api.keys.FACT_CHECKER },
        ),
      ]);
      const winners = [edit, verdict].filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      const now = await state(statement.id);
      if (verdict.errors) {
        expect(verdict.errors[0]!.extensions?.code).toBe('CONFLICT');
        expect(now.verdicts).toEqual([]);
      } else {
        expect(edit.errors![0]!.extensions?.code).toBe('CONFLICT');
        expect(verdict.data!.setVerdict).toEqual({ id: expect.any(String), statementVersion: statement.version, judgedText: text });
        expect(now.text).toBe(text);
      }
    }
  });
});

describe('verdict history', () => {
  it('lists every verdict with the words each one judged', async () => {
    const s = await judgedFalse();
    await api.ok(UPDATE, { input: { id: s.id, expectedVersion: s.version, text: REWRITE } }, { key: api.keys.CONTRIBUTOR });
    const now = await state(s.id);
    await setVerdict(api, s.id, now.version, { status: 'TRUE', rationale: 'The rewrite is accurate.' }, api.keys.FACT_CHECKER);
    const history = (await state(s.id)).verdicts.map((v) => [v.status, v.judgedText]);
    expect(history).toEqual([
      ['TRUE', REWRITE],
      ['IN_REVIEW', REWRITE],
      ['FALSE', s.text],
    ]);
    const doc = (await claimReviewHttp(s.id)).body;
    expect(doc.claimReviewed).toBe(REWRITE);
    expect(doc.reviewBody).toBe('The rewrite is accurate.');
  });
});

/** The row id behind a Statement's global id, in whichever form the API gave it. */
function dbId(globalId: string): string {
  return fromGlobalId('Statement', globalId, 'id');
}

