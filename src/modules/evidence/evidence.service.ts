import { Prisma } from '../../generated/prisma/client.js';
import type { DbClient } from '../../db/client.js';
import { fromGlobalId, isUuid } from '../../ids.js';
import type { OutboxEvent } from '../events/event.dispatcher.js';
import type { RottedPayload } from './evidence.worker.js';
import { isCursorObject, isCursorTime, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { ROTTEN } from './evidence.judge.js';
import type { CheckRow, EvidenceRotted, VerdictWithRottenEvidence } from './evidence.type.js';

/** Newest first: the time, then the id (uuid v7). */
type TimeCursor = { t: string; id: string };

function isTimeCursor(value: unknown): value is TimeCursor {
  return isCursorObject(value) && isCursorTime(value.t) && isUuid(value.id);
}

const ROTTEN_RESULTS = Prisma.sql`(${Prisma.join(ROTTEN.map((r) => Prisma.sql`${r}::evidence_result`))})`;

/**
 * Evidence of current verdicts whose latest check is rotten. Evidence is
 * the starting point (each item's latest check is one index probe), and a
 * verdict is current when no later one exists for its statement.
 */
const ROTTEN_EVIDENCE = Prisma.sql`
  SELECT v.id AS verdict_id, v.created_at, e.position, c.id AS check_id
  FROM evidence e
  JOIN verdict v ON v.id = e.verdict_id
  JOIN LATERAL (
    SELECT c.id, c.result FROM evidence_check c WHERE c.evidence_id = e.id ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1
  ) c ON c.result IN ${ROTTEN_RESULTS}
  WHERE NOT EXISTS (
    SELECT 1 FROM verdict w WHERE w.statement_id = v.statement_id
      AND (w.created_at > v.created_at OR (w.created_at = v.created_at AND w.id > v.id)))`;

/** Reads of evidence checks; the checks themselves are written by the EvidenceWorker. */
export class EvidenceService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
  ) {}

  async checks(evidenceId: string, page: PageArgs): Promise<Page<CheckRow>> {
    const request = pageRequest(page, this.limits, isTimeCursor);
    const after = request.after;
    const rows = await this.db.evidenceCheck.findMany({
      where: {
        evidenceId,
        ...(after
          ? { OR: [{ fetchedAt: { lt: new Date(after.t) } }, { fetchedAt: new Date(after.t), id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ fetchedAt: 'desc' }, { id: 'desc' }],
      take: request.first + 1,
      omit: { body: true },
    });
    return toPage(
      rows,
      request,
      (row) => ({ t: row.fetchedAt.toISOString(), id: row.id }),
      (row) => row,
      () => this.db.evidenceCheck.count({ where: { evidenceId } }),
    );
  }

  /** The event as its subscription serves it: the check from the payload (the event is all it needs), the verdict and evidence read. */
  async rottedOf(event: OutboxEvent): Promise<Omit<EvidenceRotted, 'eventId'>> {
    const payload = event.payload as unknown as RottedPayload;
    const verdictId = fromGlobalId('Verdict', payload.verdictId, 'verdictId');
    const [verdict, evidence] = await Promise.all([
      this.db.verdict.findUniqueOrThrow({ where: { id: verdictId } }),
      this.db.evidence.findUniqueOrThrow({ where: { verdictId_position: { verdictId, position: payload.position } } }),
    ]);
    const check: CheckRow = { ...payload.check, id: '', evidenceId: evidence.id, fetchedAt: new Date(payload.check.fetchedAt) };
    return { result: payload.result, previousResult: payload.previousResult, verdict, evidence, check };
  }

  async rotten(page: PageArgs): Promise<Page<VerdictWithRottenEvidence>> {
    const request = pageRequest(page, this.limits, isTimeCursor);
    const after = request.after;
    const keyset = after
      ? Prisma.sql`WHERE r.created_at < ${after.t}::timestamptz OR (r.created_at = ${after.t}::timestamptz AND r.verdict_id < ${after.id}::uuid)`
      : Prisma.empty;
    const rows = await this.db.$queryRaw<{ verdict_id: string; created_at: Date; checks: string[] }[]>`
      SELECT r.verdict_id, r.created_at, array_agg(r.check_id::text ORDER BY r.position) AS checks
      FROM (${ROTTEN_EVIDENCE}) r
      ${keyset}
      GROUP BY r.verdict_id, r.created_at
      ORDER BY r.created_at DESC, r.verdict_id DESC
      LIMIT ${request.first + 1}`;
    const shown = rows.slice(0, request.first);
    const [verdicts, checks] = await Promise.all([
      this.db.verdict.findMany({ where: { id: { in: shown.map((r) => r.verdict_id) } }, include: { statement: true } }),
      this.db.evidenceCheck.findMany({ where: { id: { in: shown.flatMap((r) => r.checks) } }, omit: { body: true }, include: { evidence: true } }),
    ]);
    const verdictById = new Map(verdicts.map((v) => [v.id, v]));
    const checkById = new Map(checks.map((c) => [c.id, c]));
    return toPage(
      rows,
      request,
      (row) => ({ t: new Date(row.created_at).toISOString(), id: row.verdict_id }),
      (row) => {
        const { statement, ...verdict } = verdictById.get(row.verdict_id)!;
        return {
          verdict,
          statement,
          rotten: row.checks.map((id) => {
            const { evidence, ...check } = checkById.get(id)!;
            return { evidence, result: check.result, reason: check.reason, check };
          }),
        };
      },
      async () => {
        const [count] = await this.db.$queryRaw<{ n: number }[]>`SELECT count(DISTINCT r.verdict_id)::int AS n FROM (${ROTTEN_EVIDENCE}) r`;
        return count?.n ?? 0;
      },
    );
  }
}
