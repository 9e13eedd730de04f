import { inTransaction, type DbClient } from '../../db/client.js';
import { BadUserInputError } from '../../errors.js';
import { Prisma, type Evidence as EvidenceRow, type Statement as StatementRow, type Verdict as VerdictRow } from '../../generated/prisma/client.js';
import type { ReopenReason } from '../../generated/prisma/enums.js';
import { fromGlobalId, newId, toGlobalId } from '../../ids.js';
import { optionalText, publicUrl } from '../../validation.js';
import { bumpVersion } from '../statement/statement.service.js';
import { recordEvent } from '../events/event.record.js';
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
  async set(actor: Actor | null, input: SetVerdictInput, { fetchEvidence = true }: { fetchEvidence?: boolean } = {}): Promise<VerdictRow> {
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

    return inTransaction(this.db, async (tx) => {
      // The row lock taken here holds until commit: the words read with it
      // are the words of expectedVersion, and no edit can slip in between.
      const before = await bumpVersion(tx, statementId, input.statementId, input.expectedVersion, { status: draft.status }, 'input.statementId');
      return appendVerdict(tx, by, 'setVerdict', { judged: before, previous: before, version: before.version + 1 }, draft);
    });
  }
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
 * its audit entry and event. The caller has locked the statement and set its
 * status (see bumpVersion); every verdict, whoever writes it, comes through here.
 */
export async function appendVerdict(
  tx: Prisma.TransactionClient,
  by: Actor,
  operation: string,
  target: VerdictTarget,
  draft: VerdictDraft,
): Promise<VerdictRow> {
  const { judged, previous } = target;
  // A default review date counts from the verdict's own time, which is set
  // here rather than left to the column default, so the two agree exactly.
  const createdAt = new Date();
  const reviewAfter = draft.reviewAfterDays ? new Date(createdAt.getTime() + draft.reviewAfterDays * 86_400_000) : (draft.reviewAfter ?? null);
  const verdictId = newId();
  const evidence: EvidenceRow[] = draft.evidence.map((item, position) => ({ id: newId(), verdictId, position, url: item.url, title: item.title, stance: item.stance }));
  // The row as the verdict table holds it, but for the speaker's name, which the statement below reads.
  const unnamed: Omit<VerdictRow, 'judgedSpeakerName'> = {
    id: verdictId,
    statementId: judged.id,
    status: draft.status,
    rationale: draft.rationale,
    reviewer: by.name,
    reviewerKeyId: by.keyId,
    createdAt,
    // The version whose words were judged; a verdict itself moves the
    // statement to the next version without changing them.
    statementVersion: judged.version,
    judgedText: judged.text,
    judgedQuote: judged.quote,
    judgedSpeakerId: judged.speakerId,
    reopenedByEdit: target.reopenedByEdit ?? false,
    reviewAfter,
    reopenReason: target.reopenReason ?? null,
  };
  // One statement: the verdict with the name of the speaker it judged, its
  // evidence, the evidence's place in the fetch queue (in the same
  // transaction: a restart cannot lose a fetch), the audit entry, and the
  // outlets that carried the statement, for the event. Written one ORM call
  // each, a verdict took eight round trips and most of a write's CPU.
  const auditBefore = JSON.stringify({ statementId: judged.id, status: previous.status, version: previous.version });
  const auditAfter = JSON.stringify({ ...unnamed, evidence, version: target.version });
  const fetchEvidence = draft.fetchEvidence !== false && evidence.length > 0;
  const [written] = await tx.$queryRaw<{ speakerName: string; sourceIds: string[] }[]>`
    WITH sp AS (SELECT name FROM speaker WHERE id = CAST(${judged.speakerId} AS uuid)),
    v AS (
      INSERT INTO verdict (id, statement_id, status, rationale, reviewer, reviewer_key_id, created_at, statement_version,
        judged_text, judged_quote, judged_speaker_id, judged_speaker_name, reopened_by_edit, review_after, reopen_reason)
      SELECT CAST(${verdictId} AS uuid), CAST(${judged.id} AS uuid), CAST(${draft.status} AS verification_status), CAST(${draft.rationale} AS text),
        ${by.name}, CAST(${by.keyId} AS uuid), CAST(${createdAt} AS timestamptz), CAST(${judged.version} AS int), ${judged.text}, CAST(${judged.quote} AS text),
        CAST(${judged.speakerId} AS uuid), sp.name, CAST(${unnamed.reopenedByEdit} AS boolean), CAST(${reviewAfter} AS timestamptz),
        CAST(${unnamed.reopenReason} AS reopen_reason)
      FROM sp
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
      Prisma.sql`SELECT CAST(${newId()} AS uuid), 'Verdict'::text, v.id, CAST(${auditBefore} AS jsonb),
        CAST(${auditAfter} AS jsonb) || jsonb_build_object('judgedSpeakerName', sp.name) FROM v, sp`,
    )})
    SELECT sp.name AS "speakerName",
      ARRAY(SELECT DISTINCT a.source_id::text FROM appearance a WHERE a.statement_id = CAST(${judged.id} AS uuid) ORDER BY 1) AS "sourceIds"
    FROM sp`;
  if (!written) throw new Error(`speaker ${judged.speakerId} of statement ${judged.id} is missing`);
  const verdict: VerdictRow = { ...unnamed, judgedSpeakerName: written.speakerName };
  await recordEvent(tx, {
    type: 'VERDICT_SET',
    statementId: judged.id,
    payload: {
      statementId: toGlobalId('Statement', judged.id),
      verdictId: toGlobalId('Verdict', verdict.id),
      status: verdict.status,
      previousStatus: previous.status,
      version: target.version,
      speakerId: toGlobalId('Speaker', judged.speakerId),
      sourceIds: written.sourceIds.map((id) => toGlobalId('Source', id)),
    },
  });
  return verdict;
}
