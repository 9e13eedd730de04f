import { Prisma } from '../generated/prisma/client.js';
import type { Db } from './client.js';
import { rowsFromJson } from './json-rows.js';

/**
 * Related rows read with a bound per parent. A statement's appearances and
 * links are written by contributors, so one statement can be given any
 * number of them; a read that loaded them all would hold them all in memory
 * for a page that shows ten. Each relation is read as at most `cap` rows per
 * group (the parent, and for links the kind too, so that `rebuttals` still
 * finds REBUTS links behind a hundred others), in the order its field lists
 * them. The loaders and the statement preload read through the same
 * definitions, so both paths see the same rows.
 */
export interface RelatedRows {
  table: 'statement_link' | 'appearance' | 'external_review';
  /** The parent's column: what a loader is keyed by. */
  parent: 'from_id' | 'to_id' | 'statement_id';
  /** Columns (of alias r) that, with the parent, make one capped group. */
  groupAlso: string[];
  /** The field's order (of alias r). */
  order: string;
}

export const LINKS_TO: RelatedRows = { table: 'statement_link', parent: 'to_id', groupAlso: ['r.kind'], order: 'r.created_at, r.id' };
export const LINKS_FROM: RelatedRows = { table: 'statement_link', parent: 'from_id', groupAlso: ['r.kind'], order: 'r.created_at, r.id' };
export const APPEARANCES: RelatedRows = {
  table: 'appearance',
  parent: 'statement_id',
  groupAlso: [],
  // Earliest publication first: the first appearance is where a claim surfaced.
  order: 'r.published_at NULLS LAST, r.id',
};

/** The rows of `related` whose parent is in `parents` (an id list or a subquery), at most `cap` per group, as a query of the table's columns. */
export function cappedRows(related: RelatedRows, parents: Prisma.Sql, cap: number): Prisma.Sql {
  const partition = Prisma.raw([`r.${related.parent}`, ...related.groupAlso].join(', '));
  return Prisma.sql`
    SELECT (x.r).* FROM (
      SELECT r, row_number() OVER (PARTITION BY ${partition} ORDER BY ${Prisma.raw(related.order)}) AS n
      FROM ${Prisma.raw(related.table)} r
      WHERE r.${Prisma.raw(related.parent)} IN (${parents})
    ) x
    WHERE x.n <= ${cap}`;
}

/** `ids` as a list of uuid parameters for `IN (...)`. */
export function uuidList(ids: readonly string[]): Prisma.Sql {
  return Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));
}

/** A loader's fetch: the capped rows of `related` for these parents, in the field's order, shaped as Prisma shapes them. */
export async function fetchCapped<TRow>(db: Db, related: RelatedRows, ids: readonly string[], cap: number): Promise<TRow[]> {
  if (ids.length === 0) return [];
  const order = Prisma.raw(related.order.replace(/\br\./g, 'c.'));
  const [row] = await db.$queryRaw<{ rows: unknown }[]>`
    SELECT coalesce(json_agg(c ORDER BY ${order}), '[]') AS rows FROM (${cappedRows(related, uuidList(ids), cap)}) c`;
  return rowsFromJson<TRow>(row?.rows);
}

/** How many rows of `related` each parent has, uncapped (for the count fields), optionally only those matching `where` (of alias r). */
export async function countRelated(db: Db, related: RelatedRows, ids: readonly string[], where: Prisma.Sql = Prisma.sql`TRUE`): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const parent = Prisma.raw(`r.${related.parent}`);
  const rows = await db.$queryRaw<{ parent: string; count: number }[]>`
    SELECT ${parent}::text AS parent, count(*)::int AS count FROM ${Prisma.raw(related.table)} r
    WHERE ${parent} IN (${uuidList(ids)}) AND ${where}
    GROUP BY ${parent}`;
  return new Map(rows.map((row) => [row.parent, row.count]));
}

/**
 * The distinct outlets of each statement's appearances, in order of each
 * outlet's first appearance, at most `cap` per statement: `sources` cannot be
 * read off capped appearances, where an outlet that first carried the claim
 * after the hundredth appearance would be missing.
 */
export function sourceOrder(parents: Prisma.Sql, cap: number): Prisma.Sql {
  return Prisma.sql`
    SELECT g.statement_id, g.source_id, g.n FROM (
      SELECT f.statement_id, f.source_id,
             row_number() OVER (PARTITION BY f.statement_id ORDER BY f.published_at NULLS LAST, f.id) AS n
      FROM (
        SELECT DISTINCT ON (r.statement_id, r.source_id) r.statement_id, r.source_id, r.published_at, r.id
        FROM appearance r
        WHERE r.statement_id IN (${parents})
        ORDER BY r.statement_id, r.source_id, r.published_at NULLS LAST, r.id
      ) f
    ) g
    WHERE g.n <= ${cap}`;
}
