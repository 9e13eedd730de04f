import { Prisma, type Statement as StatementRow, type Verdict as VerdictRow } from '../../generated/prisma/client.js';
import type { DbClient } from '../../db/client.js';
import { rowFromJson } from '../../db/json-rows.js';
import { isUuid } from '../../ids.js';
import { isCursorObject, isCursorTime, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { ReviewReasonKind, type ReviewQueueItem, type ReviewReason } from './review.type.js';

/** The queue's order: reach (desc), the finding's date (oldest first), the statement id. */
type QueueCursor = { r: number; t: string; id: string };

function isQueueCursor(value: unknown): value is QueueCursor {
  return isCursorObject(value) && Number.isSafeInteger(value.r) && (value.r as number) >= 0 && isCursorTime(value.t) && isUuid(value.id);
}

const PROVISIONAL = Prisma.sql`('UNVERIFIED', 'IN_REVIEW')`;

/**
 * Statements needing attention: the current verdict is a finding past its
 * review date, or the IN_REVIEW verdict the service recorded when it
 * reopened review (new reach, an edit of judged words). Reach is counted
 * from the latest finding.
 */
const QUEUE = Prisma.sql`
  WITH latest AS (
    SELECT DISTINCT ON (v.statement_id) v.statement_id, v.status, v.created_at, v.review_after, v.reopen_reason, v.reopened_by_edit
    FROM verdict v ORDER BY v.statement_id, v.created_at DESC, v.id DESC
  ), waiting AS (
    SELECT l.* FROM latest l
    WHERE (l.status NOT IN ${PROVISIONAL} AND l.review_after <= now())
       OR (l.status = 'IN_REVIEW' AND (l.reopen_reason IS NOT NULL OR l.reopened_by_edit))
  ), queued AS (
    SELECT w.statement_id, w.status, w.created_at AS latest_at, w.review_after AS latest_review_after, w.reopen_reason, w.reopened_by_edit,
      f.id AS finding_id, f.created_at AS since
    FROM waiting w
    JOIN LATERAL (
      SELECT v.id, v.created_at FROM verdict v
      WHERE v.statement_id = w.statement_id AND v.status NOT IN ${PROVISIONAL}
      ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    ) f ON TRUE
  ), reached AS (
    SELECT q.*, a.n AS new_appearances, k.n AS repeats, (a.reach + k.reach)::bigint AS reach
    FROM queued q
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, coalesce(sum(coalesce(so.reach, 1)), 0)::bigint AS reach
      FROM appearance ap JOIN source so ON so.id = ap.source_id
      WHERE ap.statement_id = q.statement_id AND ap.created_at > q.since
    ) a
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, coalesce(sum(greatest(1, (
        SELECT coalesce(sum(coalesce(so.reach, 1)), 0) FROM appearance ap JOIN source so ON so.id = ap.source_id WHERE ap.statement_id = l.from_id
      ))), 0)::bigint AS reach
      FROM statement_link l WHERE l.to_id = q.statement_id AND l.kind = 'REPEATS' AND l.created_at > q.since
    ) k
  )`;

interface QueueRow {
  statement_id: string;
  status: string;
  latest_at: Date;
  latest_review_after: Date | null;
  reopen_reason: string | null;
  reopened_by_edit: boolean;
  finding_id: string;
  since: Date;
  new_appearances: number;
  repeats: number;
  reach: bigint | number;
  statement: Record<string, unknown>;
  finding: Record<string, unknown>;
}

/** Reads for the desk: which findings to look at again first. */
export class ReviewService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
  ) {}

  async queue(page: PageArgs): Promise<Page<ReviewQueueItem>> {
    const request = pageRequest(page, this.limits, isQueueCursor);
    const after = request.after;
    const keyset = after
      ? Prisma.sql`WHERE (r.reach < ${after.r} OR (r.reach = ${after.r} AND (r.since > ${after.t}::timestamptz OR (r.since = ${after.t}::timestamptz AND r.statement_id > ${after.id}::uuid))))`
      : Prisma.empty;
    const rows = await this.db.$queryRaw<QueueRow[]>`
      ${QUEUE}
      SELECT r.*, row_to_json(s) AS statement, row_to_json(f) AS finding
      FROM reached r JOIN statement s ON s.id = r.statement_id JOIN verdict f ON f.id = r.finding_id
      ${keyset}
      ORDER BY r.reach DESC, r.since, r.statement_id
      LIMIT ${request.first + 1}`;
    return toPage(
      rows,
      request,
      (row) => ({ r: Number(row.reach), t: new Date(row.since).toISOString(), id: row.statement_id }),
      (row) => ({
        statement: rowFromJson<StatementRow>(row.statement),
        finding: verdictFromJson(row.finding),
        reach: Number(row.reach),
        newAppearances: row.new_appearances,
        repeats: row.repeats,
        reasons: reasonsOf(row),
      }),
      async () => {
        const [count] = await this.db.$queryRaw<{ n: number }[]>`${QUEUE} SELECT count(*)::int AS n FROM reached`;
        return count?.n ?? 0;
      },
    );
  }
}

function verdictFromJson(json: Record<string, unknown>): VerdictRow {
  const verdict = rowFromJson<VerdictRow>(json);
  // Not an *_at column, so rowFromJson leaves it a string.
  return { ...verdict, reviewAfter: verdict.reviewAfter == null ? null : new Date(verdict.reviewAfter) };
}

function reasonsOf(row: QueueRow): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (row.status !== 'IN_REVIEW' && row.latest_review_after) {
    reasons.push({ kind: ReviewReasonKind.REVIEW_DUE, count: null, since: row.latest_review_after, message: `The ${row.status} finding was due for review on ${day(row.latest_review_after)}.` });
  }
  if (row.status === 'IN_REVIEW' && row.reopen_reason) {
    const what = row.reopen_reason === 'REPEATED' ? 'a new statement repeated it' : 'a new appearance';
    reasons.push({ kind: ReviewReasonKind.REOPENED, count: null, since: row.latest_at, message: `Reopened on ${day(row.latest_at)}: ${what} after the finding's review date.` });
  } else if (row.status === 'IN_REVIEW' && row.reopened_by_edit) {
    reasons.push({ kind: ReviewReasonKind.EDITED, count: null, since: row.latest_at, message: `Reopened on ${day(row.latest_at)}: its judged words were edited after the finding.` });
  }
  if (row.new_appearances > 0) {
    reasons.push({ kind: ReviewReasonKind.NEW_APPEARANCES, count: row.new_appearances, since: null, message: `${plural(row.new_appearances, 'new appearance')} since the finding.` });
  }
  if (row.repeats > 0) {
    reasons.push({ kind: ReviewReasonKind.REPEATS, count: row.repeats, since: null, message: `${plural(row.repeats, 'statement')} repeating it since the finding.` });
  }
  return reasons;
}

const day = (at: Date | string) => new Date(at).toISOString().slice(0, 10);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
