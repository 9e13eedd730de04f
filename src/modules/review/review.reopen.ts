import type { Prisma, Statement as StatementRow } from '../../generated/prisma/client.js';
import type { ReopenReason } from '../../generated/prisma/enums.js';
import { toGlobalId } from '../../ids.js';
import type { Actor } from '../auth/actor.js';
import { recordEvent } from '../events/event.record.js';
import { STATEMENT_COLUMNS } from '../statement/statement.service.js';
import { appendVerdict } from '../verdict/verdict.service.js';
import { isFinding } from '../verdict/verdict.rules.js';

/** What reached a statement: a new appearance of it, or a new statement repeating it. */
export type Reach =
  | { reason: 'NEW_APPEARANCE'; appearanceId: string; sourceId: string; publishedAt: Date | null }
  | { reason: 'REPEATED'; statementId: string; createdAt: Date };

/**
 * Inside the write that brought new reach: when the statement's current
 * verdict is a finding past its review date, the statement goes back to
 * IN_REVIEW through a new verdict row (the finding stays in the history),
 * announced as VERDICT_SET and REVIEW_REOPENED. Reach that is not new to
 * the finding reopens nothing: an appearance published before the verdict
 * (old coverage recorded late), a repeat recorded before it.
 */
export async function reopenIfStale(tx: Prisma.TransactionClient, by: Actor, statementId: string, reach: Reach): Promise<boolean> {
  // The row lock orders this against verdicts and edits of the same statement.
  const [statement] = await tx.$queryRaw<StatementRow[]>`
    SELECT ${STATEMENT_COLUMNS} FROM statement s WHERE s.id = ${statementId}::uuid FOR UPDATE`;
  if (!statement) return false;
  const finding = await tx.verdict.findFirst({ where: { statementId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  if (!finding || !isFinding(finding.status) || !finding.reviewAfter) return false;
  const now = new Date();
  if (finding.reviewAfter > now) return false;
  const when = reach.reason === 'NEW_APPEARANCE' ? reach.publishedAt : reach.createdAt;
  if (when && when <= finding.createdAt) return false;

  const version = statement.version + 1;
  await tx.statement.update({ where: { id: statementId }, data: { status: 'IN_REVIEW', version } });
  const what = reach.reason === 'NEW_APPEARANCE' ? 'a new appearance was recorded' : 'a new statement repeating it was recorded';
  const reason: ReopenReason = reach.reason;
  const verdict = await appendVerdict(
    tx,
    by,
    'reopenReview',
    { judged: { ...statement, status: 'IN_REVIEW' }, previous: statement, version, reopenReason: reason },
    {
      status: 'IN_REVIEW',
      rationale: `Reopened: ${what} after the finding (${finding.status}, ${finding.createdAt.toISOString().slice(0, 10)}) was due for review on ${finding.reviewAfter.toISOString().slice(0, 10)}.`,
      evidence: [],
      reviewAfter: null,
    },
  );
  await recordEvent(tx, {
    type: 'REVIEW_REOPENED',
    statementId,
    payload: {
      statementId: toGlobalId('Statement', statementId),
      verdictId: toGlobalId('Verdict', verdict.id),
      findingId: toGlobalId('Verdict', finding.id),
      reason,
      previousStatus: finding.status,
      reviewAfter: finding.reviewAfter.toISOString(),
      version,
      ...(reach.reason === 'NEW_APPEARANCE'
        ? { appearanceId: toGlobalId('Appearance', reach.appearanceId), sourceId: toGlobalId('Source', reach.sourceId) }
        : { repeatedById: toGlobalId('Statement', reach.statementId) }),
    },
  });
  return true;
}
