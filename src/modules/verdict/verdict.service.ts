import { inTransaction, type DbClient } from '../../db/client.js';
import { BadUserInputError } from '../../errors.js';
import type { Verdict as VerdictRow } from '../../generated/prisma/client.js';
import { fromGlobalId, toGlobalId } from '../../ids.js';
import { httpUrl, optionalText } from '../../validation.js';
import { bumpVersion } from '../statement/statement.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/event.record.js';
import { requireRole, type Actor } from '../auth/actor.js';
import type { SetVerdictInput } from './verdict.inputs.js';
import { MAX_EVIDENCE, verdictViolations, type VerdictDraft } from './verdict.rules.js';

export const RATIONALE_MAX = 10_000;

export class VerdictService {
  constructor(private readonly db: DbClient) {}

  /**
   * Appends a verdict and makes its status the statement's, in one
   * transaction guarded by the statement's version: a fact-check is never
   * recorded over one its author has not seen.
   */
  async set(actor: Actor | null, input: SetVerdictInput): Promise<VerdictRow> {
    const by = requireRole(actor, 'FACT_CHECKER');
    const statementId = fromGlobalId('Statement', input.statementId, 'input.statementId');
    const evidenceInput = input.evidence ?? [];
    if (evidenceInput.length > MAX_EVIDENCE) {
      throw new BadUserInputError(`input.evidence takes at most ${MAX_EVIDENCE} items`, 'input.evidence');
    }
    const draft: VerdictDraft = {
      status: input.status,
      rationale: optionalText('input.rationale', input.rationale, RATIONALE_MAX) ?? null,
      evidence: evidenceInput.map((item, index) => ({
        url: httpUrl(`input.evidence[${index}].url`, item.url),
        title: optionalText(`input.evidence[${index}].title`, item.title, 500) ?? null,
        stance: item.stance,
      })),
    };
    const [problem] = verdictViolations(draft);
    if (problem) throw new BadUserInputError(problem.message, `input.${problem.field}`);

    return inTransaction(this.db, async (tx) => {
      const before = await bumpVersion(tx, statementId, input.statementId, input.expectedVersion, { status: draft.status }, 'input.statementId');
      const row = await tx.verdict.create({
        data: {
          statementId,
          status: draft.status,
          rationale: draft.rationale,
          reviewer: by.name,
          reviewerKeyId: by.keyId,
          evidence: { create: draft.evidence.map((item, position) => ({ ...item, position })) },
        },
        include: { evidence: true },
      });
      const { evidence, ...verdict } = row;
      await recordAudit(tx, by, {
        operation: 'setVerdict',
        entityType: 'Verdict',
        entityId: verdict.id,
        before: { statementId, status: before.status, version: before.version },
        after: { ...verdict, evidence, version: before.version + 1 },
      });
      const sources = await tx.appearance.findMany({ where: { statementId }, select: { sourceId: true }, distinct: ['sourceId'] });
      await recordEvent(tx, {
        type: 'VERDICT_SET',
        statementId,
        payload: {
          statementId: toGlobalId('Statement', statementId),
          verdictId: toGlobalId('Verdict', verdict.id),
          status: verdict.status,
          previousStatus: before.status,
          version: before.version + 1,
          speakerId: toGlobalId('Speaker', before.speakerId),
          sourceIds: sources.map((s) => toGlobalId('Source', s.sourceId)),
        },
      });
      return verdict;
    });
  }
}
