import { Prisma } from '../../generated/prisma/client.js';
import type { DbClient } from '../../db/client.js';
import type { VerificationStatus } from '../../generated/prisma/enums.js';
import { isUuid } from '../../ids.js';
import { isCursorObject, isCursorTime, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import type { Disagreement } from './disagreement.type.js';

/** Newest review first, then the claim's statement id. */
type DisagreementCursor = { t: string; id: string };

function isDisagreementCursor(value: unknown): value is DisagreementCursor {
  return isCursorObject(value) && isCursorTime(value.t) && isUuid(value.id);
}

const STATUS_ORDER: VerificationStatus[] = ['UNVERIFIED', 'IN_REVIEW', 'TRUE', 'MOSTLY_TRUE', 'MIXED', 'MISLEADING', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN'];

/**
 * Claims whose rated external reviews come from at least two publishers and
 * map to at least two statuses (then two publishers always differ). A claim
 * is a statement with every statement REPEATS links reach from it, in
 * either direction; it is named by its earliest recorded statement. A
 * publisher is the review's publisher name, else its home page, else the
 * review itself.
 */
const DISAGREEMENTS = Prisma.sql`
  WITH RECURSIVE reviewed AS (
    SELECT DISTINCT e.statement_id AS id FROM external_review e WHERE e.status IS NOT NULL
  ), walk (root, id) AS (
    SELECT r.id, r.id FROM reviewed r
    UNION
    SELECT w.root, CASE WHEN l.from_id = w.id THEN l.to_id ELSE l.from_id END
    FROM walk w JOIN statement_link l ON l.kind = 'REPEATS' AND (l.from_id = w.id OR l.to_id = w.id)
  ), claim AS (
    SELECT w.root, min(w.id::text)::uuid AS anchor FROM walk w GROUP BY w.root
  ), member AS (
    SELECT DISTINCT c.anchor, w.id FROM walk w JOIN claim c ON c.root = w.root
  ), grouped AS (
    SELECT m.anchor,
      array_agg(DISTINCT e.status::text) AS statuses,
      count(DISTINCT coalesce(lower(btrim(e.publisher)), e.publisher_url, e.id::text))::int AS publishers,
      max(coalesce(e.review_date, e.imported_at)) AS latest,
      array_agg(e.id::text ORDER BY e.status, e.review_date DESC NULLS LAST, e.id) AS reviews,
      (SELECT array_agg(x.id::text) FROM member x WHERE x.anchor = m.anchor) AS statements
    FROM member m JOIN external_review e ON e.statement_id = m.id AND e.status IS NOT NULL
    GROUP BY m.anchor
    HAVING count(DISTINCT e.status) >= 2 AND count(DISTINCT coalesce(lower(btrim(e.publisher)), e.publisher_url, e.id::text)) >= 2
  )`;

interface Row {
  anchor: string;
  statuses: string[];
  publishers: number;
  latest: Date;
  reviews: string[];
  statements: string[];
}

/** Reads for the desk: where other fact-checkers disagree. */
export class DisagreementService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
  ) {}

  async list(page: PageArgs): Promise<Page<Disagreement>> {
    const request = pageRequest(page, this.limits, isDisagreementCursor);
    const after = request.after;
    const keyset = after
      ? Prisma.sql`WHERE g.latest < ${after.t}::timestamptz OR (g.latest = ${after.t}::timestamptz AND g.anchor < ${after.id}::uuid)`
      : Prisma.empty;
    const rows = await this.db.$queryRaw<Row[]>`
      ${DISAGREEMENTS}
      SELECT g.anchor::text AS anchor, g.statuses, g.publishers, g.latest, g.reviews, g.statements FROM grouped g
      ${keyset}
      ORDER BY g.latest DESC, g.anchor DESC
      LIMIT ${request.first + 1}`;
    const visible = rows.slice(0, request.first);
    const reviewIds = visible.flatMap((r) => r.reviews.slice(0, this.limits.maxPageSize));
    const statementIds = visible.flatMap((r) => [r.anchor, ...r.statements]);
    const [reviews, statements] = await Promise.all([
      this.db.externalReview.findMany({ where: { id: { in: reviewIds } } }),
      this.db.statement.findMany({ where: { id: { in: statementIds } } }),
    ]);
    const reviewById = new Map(reviews.map((r) => [r.id, r]));
    const statementById = new Map(statements.map((s) => [s.id, s]));
    return toPage(
      rows,
      request,
      (row) => ({ t: new Date(row.latest).toISOString(), id: row.anchor }),
      (row): Disagreement => ({
        statement: statementById.get(row.anchor)!,
        statuses: STATUS_ORDER.filter((status) => row.statuses.includes(status)),
        publishers: row.publishers,
        latestReviewAt: new Date(row.latest),
        reviewRows: row.reviews.flatMap((id) => reviewById.get(id) ?? []),
        // The claim's own statement first, then the others in the order they were recorded.
        statementRows: [row.anchor, ...row.statements.filter((id) => id !== row.anchor).sort()].flatMap((id) => statementById.get(id) ?? []),
      }),
      async () => {
        const [count] = await this.db.$queryRaw<{ n: number }[]>`${DISAGREEMENTS} SELECT count(*)::int AS n FROM grouped`;
        return count?.n ?? 0;
      },
    );
  }
}
