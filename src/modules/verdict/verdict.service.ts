import { readRows, writeRows, type DbClient } from '../../db/client.js';
import { globalIdSql } from '../../db/sql-ids.js';
import { BadUserInputError } from '../../errors.js';
import { Prisma, type Evidence as EvidenceRow, type Statement as StatementRow, type Verdict as VerdictRow } from '../../generated/prisma/client.js';
import type { ReopenReason } from '../../generated/prisma/enums.js';
import { fromGlobalId, newId, toGlobalId } from '../../ids.js';
import { optionalText, publicUrl } from '../../validation.js';
import { checkExpectedVersion, staleVersionError, STATEMENT_COLUMNS, statementChangesSql } from '../statement/statement.service.js';
import { eventInsertSql } from '../events/event.record.js';
import { auditInsertSql } from '../audit/audit.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import type { SetVerdictInput } from './verdict.inputs.js';
import { defaultReviewDays, isFinding, MAX_EVIDENCE, verdictViolations, type VerdictDraft } from './verdict.rules.js';
import { DEFAULT_REVIEW, type ReviewSettings } from '../../config.js';

export const RATIONALE_MAX = 10_000;

export class VerdictService {
  constructor(
    private readonly db: DbClient,
    /**
     * allowPrivateEvidence: evidence may link to private addresses and intranet names (EVIDENCE_ALLOW_PRIVATE);
     * reviewAfterDays: each finding status's default review date (REVIEW_AFTER_DAYS).
     */
    private readonly options: { allowPrivateEvidence: boolean; reviewAfterDays: ReviewSettings['afterDays'] } = {
      allowPrivateEvidence: false,
      reviewAfterDays: DEFAULT_REVIEW.afterDays,
    },
  ) {}

  /**
   * Appends a verdict and makes its status the statement's, in one
   * transaction guarded by the statement's version: a fact-check is never
   * recorded over one its author has not seen, and it is pinned to the words
   * of exactly that version.
   */
  async set(actor: Actor | null, input: SetVerdictInput, { fetchEvidence = true }: { fetchEvidence?: boolean } = {}): Promise<SetVerdictResult> {
    const by = requireRole(actor, 'FACT_CHECKER');
    const statementId = fromGlobalId('Statement', input.statementId, 'input.statementId');
    const evidenceInput = input.evidence ?? [];
    if (evidenceInput.length > MAX_EVIDENCE) {
      throw new BadUserInputError(`input.evidence takes at most ${MAX_EVIDENCE} items`, 'input.evidence');
    }
    const draft: VerdictDraft = {
      fetchEvidence,
      status: input.status,
      rationale: optionalText('input.rationale', input.rationale, RATIONALE_MAX) ?? null,
      evidence: evidenceInput.map((item, index) => ({
        url: publicUrl(`input.evidence[${index}].url`, item.url, { allowPrivate: this.options.allowPrivateEvidence }),
        title: optionalText(`input.evidence[${index}].title`, item.title, 500) ?? null,
        stance: item.stance,
      })),
    };
    const [problem] = verdictViolations(draft);
    if (problem) throw new BadUserInputError(problem.message, `input.${problem.field}`);
    if (input.reviewAfter != null && !isFinding(input.status)) {
      throw new BadUserInputError(`reviewAfter is for findings: a ${input.status} verdict is not one`, 'input.reviewAfter');
    }
    if (input.reviewAfter != null) draft.reviewAfter = input.reviewAfter;
    else draft.reviewAfterDays = defaultReviewDays(input.status, this.options.reviewAfterDays);

    checkExpectedVersion(input.expectedVersion);

    // One statement, which commits on its own (or joins the caller's
    // transaction): the status and version change guarded by
    // expectedVersion, the verdict pinned to the words of that version, its
    // evidence, the audit entry and the event. Nothing waits on this
    // process between the outbox lock and the commit, so concurrent
    // verdicts queue on the lock only as long as PostgreSQL takes to commit.
    // The UPDATE matches only at expectedVersion, on the row as its snapshot
    // and as its lock see it (a concurrent change moves the version), so the
    // status read in `before` is the one it replaced.
    const written = verdictWrite(by, 'setVerdict', draft);
    const [row] = await writeRows<StatementRow & { speakerName: string }>(
      this.db,
      Prisma.sql`
        WITH before AS (SELECT s.status::text AS status FROM statement s WHERE s.id = CAST(${statementId} AS uuid)),
        u AS (
          UPDATE statement s SET ${statementChangesSql({ status: draft.status }, written.createdAt)}
          WHERE s.id = CAST(${statementId} AS uuid) AND s.version = CAST(${input.expectedVersion} AS int)
          RETURNING ${STATEMENT_COLUMNS}, (SELECT sp.name FROM speaker sp WHERE sp.id = s.speaker_id) AS "speakerName"),
        judged AS (
          SELECT u.id, u.text, u.quote, u."speakerId" AS speaker_id, u."speakerName" AS speaker_name, u.version - 1 AS version,
            b.status AS previous_status, u.version - 1 AS previous_version, u.version AS target_version
          FROM u, before b),
        ${written.sql}
        SELECT * FROM u`,
      { prepare: true },
    );
    if (!row) {
      const [current] = await readRows<{ version: number }>(this.db, Prisma.sql`SELECT version FROM statement WHERE id = CAST(${statementId} AS uuid)`);
      throw staleVersionError(current, input.statementId, input.expectedVersion, 'input.statementId');
    }
    const { speakerName, ...statement } = row;
    return { verdict: written.row({ ...statement, version: statement.version - 1 }, speakerName), statement };
  }
}

/** A verdict as setVerdict wrote it, and its statement as the write left it. */
export interface SetVerdictResult {
  verdict: VerdictRow;
  statement: StatementRow;
}

export interface VerdictTarget {
  /** The statement as the verdict judges it: its words are pinned on the verdict. */
  judged: StatementRow;
  /** The statement before this write, for the audit trail and the event. */
  previous: StatementRow;
  /** The statement's version once this write commits. */
  version: number;
  /** Recorded by the service because an edit of judged words reopened review. */
  reopenedByEdit?: boolean;
  /** Recorded by the service because a stale finding met new reach. */
  reopenReason?: ReopenReason;
}

/**
 * Writes one verdict row with its evidence, pinned to the judged words, and
 * its audit entry and event, in one statement. The caller has locked the
 * statement and set its status (see bumpVersion); every verdict, whoever
 * writes it, is written by verdictWrite's SQL.
 */
export async function appendVerdict(
  tx: Prisma.TransactionClient,
  by: Actor,
  operation: string,
  target: VerdictTarget,
  draft: VerdictDraft,
): Promise<VerdictRow> {
  const { judged, previous } = target;
  const written = verdictWrite(by, operation, draft, target);
  const [row] = await tx.$queryRaw<{ speakerName: string }[]>`
    WITH judged AS (
      SELECT CAST(${judged.id} AS uuid) AS id, CAST(${judged.text} AS text) AS text, CAST(${judged.quote} AS text) AS quote,
        sp.id AS speaker_id, sp.name AS speaker_name, CAST(${judged.version} AS int) AS version,
        CAST(${previous.status} AS text) AS previous_status, CAST(${previous.version} AS int) AS previous_version,
        CAST(${target.version} AS int) AS target_version
      FROM speaker sp WHERE sp.id = CAST(${judged.speakerId} AS uuid)),
    ${written.sql}
    SELECT speaker_name AS "speakerName" FROM judged`;
  if (!row) throw new Error(`speaker ${judged.speakerId} of statement ${judged.id} is missing`);
  return written.row(judged, row.speakerName);
}

/** The judged statement's columns a verdict row copies. */
type JudgedWords = Pick<StatementRow, 'id' | 'version' | 'text' | 'quote' | 'speakerId'>;

/**
 * A verdict's write as CTEs that follow a CTE `judged` of one row (id, text,
 * quote, speaker_id, speaker_name; version: the version whose words are
 * judged; previous_status and previous_version: the statement before the
 * write; target_version: its version after): the verdict with the judged
 * words, its evidence, the evidence's place in the fetch queue (in the
 * same statement: a restart cannot lose a fetch), the audit entry, and the
 * VERDICT_SET event with the outlets that carried the statement. With no
 * `judged` row nothing is written. What is known before the write (ids,
 * times, the verdict's own fields) is bound as values; what only the
 * statement's row knows is read from `judged`, so one text serves every
 * verdict.
 */
function verdictWrite(by: Actor, operation: string, draft: VerdictDraft, target: Pick<VerdictTarget, 'reopenedByEdit' | 'reopenReason'> = {}) {
  // A default review date counts from the verdict's own time, which is set
  // here rather than left to the column default, so the two agree exactly.
  const createdAt = new Date();
  const reviewAfter = draft.reviewAfterDays ? new Date(createdAt.getTime() + draft.reviewAfterDays * 86_400_000) : (draft.reviewAfter ?? null);
  const verdictId = newId();
  const evidence: EvidenceRow[] = draft.evidence.map((item, position) => ({ id: newId(), verdictId, position, url: item.url, title: item.title, stance: item.stance }));
  const own = {
    id: verdictId,
    status: draft.status,
    rationale: draft.rationale,
    reviewer: by.name,
    reviewerKeyId: by.keyId,
    createdAt,
    reopenedByEdit: target.reopenedByEdit ?? false,
    reviewAfter,
    reopenReason: target.reopenReason ?? null,
  };
  const fetchEvidence = draft.fetchEvidence !== false && evidence.length > 0;
  const speakerId = Prisma.raw(globalIdSql('Speaker', 'j.speaker_id'));
  const statementId = Prisma.raw(globalIdSql('Statement', 'j.id'));
  const sourceId = Prisma.raw(globalIdSql('Source', 'o.source_id'));
  const sql = Prisma.sql`
    v AS (
      INSERT INTO verdict (id, statement_id, status, rationale, reviewer, reviewer_key_id, created_at, statement_version,
        judged_text, judged_quote, judged_speaker_id, judged_speaker_name, reopened_by_edit, review_after, reopen_reason)
      SELECT CAST(${verdictId} AS uuid), j.id, CAST(${draft.status} AS verification_status), CAST(${draft.rationale} AS text),
        ${by.name}, CAST(${by.keyId} AS uuid), CAST(${createdAt} AS timestamptz), j.version, j.text, j.quote,
        j.speaker_id, j.speaker_name, CAST(${own.reopenedByEdit} AS boolean), CAST(${reviewAfter} AS timestamptz),
        CAST(${own.reopenReason} AS reopen_reason)
      FROM judged j
      RETURNING id),
    e AS (
      INSERT INTO evidence (id, verdict_id, position, url, title, stance)
      SELECT x.id, v.id, x.position, x.url, x.title, CAST(x.stance AS evidence_stance)
      FROM v, jsonb_to_recordset(CAST(${JSON.stringify(evidence)} AS jsonb)) AS x(id uuid, position int, url text, title text, stance text)
      RETURNING id),
    f AS (INSERT INTO evidence_fetch (evidence_id) SELECT id FROM e WHERE CAST(${fetchEvidence} AS boolean)),
    a AS (${auditInsertSql(
      by,
      operation,
      Prisma.sql`SELECT CAST(${newId()} AS uuid), 'Verdict'::text, v.id,
        jsonb_build_object('statementId', j.id, 'status', j.previous_status, 'version', j.previous_version),
        CAST(${JSON.stringify({ ...own, evidence })} AS jsonb) || jsonb_build_object('statementId', j.id, 'statementVersion', j.version,
          'judgedText', j.text, 'judgedQuote', j.quote, 'judgedSpeakerId', j.speaker_id, 'judgedSpeakerName', j.speaker_name,
          'version', j.target_version)
      FROM v, judged j`,
    )}),
    ev AS (${eventInsertSql(
      Prisma.sql`SELECT 0, 'VERDICT_SET'::text, j.id,
        CAST(${JSON.stringify({ verdictId: toGlobalId('Verdict', verdictId), status: draft.status })} AS jsonb) || jsonb_build_object(
          'statementId', ${statementId}, 'previousStatus', j.previous_status, 'version', j.target_version, 'speakerId', ${speakerId},
          'sourceIds', COALESCE((SELECT jsonb_agg(${sourceId} ORDER BY o.source_id)
            FROM (SELECT DISTINCT a.source_id FROM appearance a WHERE a.statement_id = j.id) o), '[]'::jsonb))
      FROM v, judged j`,
    )})`;
  return {
    sql,
    createdAt,
    /** The verdict row as written, given the words it judged. */
    row: (judged: JudgedWords, judgedSpeakerName: string): VerdictRow => ({
      ...own,
      statementId: judged.id,
      statementVersion: judged.version,
      judgedText: judged.text,
      judgedQuote: judged.quote,
      judgedSpeakerId: judged.speakerId,
      judgedSpeakerName,
    }),
  };
}
