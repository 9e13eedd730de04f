import { inTransaction, type DbClient } from '../../db/client.js';
import { BadUserInputError } from '../../errors.js';
import type { Prisma, Statement as StatementRow, Verdict as VerdictRow } from '../../generated/prisma/client.js';
import type { ReopenReason } from '../../generated/prisma/enums.js';
import { fromGlobalId, toGlobalId } from '../../ids.js';
import { optionalText, publicUrl } from '../../validation.js';
import { bumpVersion } from '../statement/statement.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/event.record.js';
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
  const speaker = await tx.speaker.findUniqueOrThrow({ where: { id: judged.speakerId }, select: { name: true } });
  // A default review date counts from the verdict's own time, which is set
  // here rather than left to the column default, so the two agree exactly.
  const createdAt = new Date();
  const reviewAfter = draft.reviewAfterDays ? new Date(createdAt.getTime() + draft.reviewAfterDays * 86_400_000) : (draft.reviewAfter ?? null);
  const row = await tx.verdict.create({
    data: {
      statementId: judged.id,
      status: draft.status,
      rationale: draft.rationale,
      reviewer: by.name,
      reviewerKeyId: by.keyId,
      // The version whose words were judged; a verdict itself moves the
      // statement to the next version without changing them.
      statementVersion: judged.version,
      judgedText: judged.text,
      judgedQuote: judged.quote,
      judgedSpeakerId: judged.speakerId,
      judgedSpeakerName: speaker.name,
      reopenedByEdit: target.reopenedByEdit ?? false,
      reopenReason: target.reopenReason ?? null,
      reviewAfter,
      createdAt,
      evidence: { create: draft.evidence.map((item, position) => ({ ...item, position })) },
    },
    include: { evidence: true },
  });
  const { evidence, ...verdict } = row;
  // Queued with the verdict, in its transaction: a restart cannot lose the fetch.
  if (draft.fetchEvidence !== false && evidence.length > 0) {
    await tx.evidenceFetch.createMany({ data: evidence.map((item) => ({ evidenceId: item.id })) });
  }
  await recordAudit(tx, by, {
    operation,
    entityType: 'Verdict',
    entityId: verdict.id,
    before: { statementId: judged.id, status: previous.status, version: previous.version },
    after: { ...verdict, evidence, version: target.version },
  });
  const sources = await tx.appearance.findMany({ where: { statementId: judged.id }, select: { sourceId: true }, distinct: ['sourceId'] });
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
      sourceIds: sources.map((s) => toGlobalId('Source', s.sourceId)),
    },
  });
  return verdict;
}
