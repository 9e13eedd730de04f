import type { DbClient } from '../../db/client.js';
import { BadUserInputError } from '../../errors.js';
import { PICKUP_FROM_MAX, type SourcePickup } from './propagation.type.js';

/** The spread order of propagation.rules.ts, in SQL over appearance alias a. */
const SPREAD_ORDER = 'a.published_at NULLS LAST, a.created_at, a.id';

/** Reads for the API: how an outlet comes by the statements it carries. */
export class PropagationService {
  constructor(private readonly db: DbClient) {}

  async pickup(sourceId: string, since: Date | null, until: Date | null): Promise<SourcePickup> {
    if (since && until && since >= until) throw new BadUserInputError('since must be earlier than until', 'since');
    // Per statement: the outlet's own earliest appearance of it, against the
    // statement's first appearance of all.
    const [row] = await this.db.$queryRawUnsafe<
      { statements: number; first: number; median_lag: number | null; origins: { source_id: string; statements: number; named: number }[] }[]
    >(
      `WITH own AS (
         SELECT DISTINCT ON (a.statement_id) a.statement_id, a.published_at, a.carried_from_id
         FROM appearance a WHERE a.source_id = $1::uuid
         ORDER BY a.statement_id, ${SPREAD_ORDER}
       ), period AS (
         SELECT * FROM own o
         WHERE ($2::timestamptz IS NULL OR o.published_at >= $2::timestamptz) AND ($3::timestamptz IS NULL OR o.published_at < $3::timestamptz)
       ), firsts AS (
         SELECT DISTINCT ON (a.statement_id) a.statement_id, a.source_id, a.published_at
         FROM appearance a WHERE a.statement_id IN (SELECT statement_id FROM period)
         ORDER BY a.statement_id, ${SPREAD_ORDER}
       ), joined AS (
         SELECT p.carried_from_id, f.source_id AS first_source, f.source_id = $1::uuid AS was_first,
           extract(epoch FROM p.published_at - f.published_at)::float8 AS lag
         FROM period p JOIN firsts f USING (statement_id)
       )
       SELECT count(*)::int AS statements, count(*) FILTER (WHERE j.was_first)::int AS first,
         (percentile_cont(0.5) WITHIN GROUP (ORDER BY j.lag) FILTER (WHERE NOT j.was_first AND j.lag IS NOT NULL))::float8 AS median_lag,
         coalesce((
           SELECT json_agg(o ORDER BY o.statements DESC, o.named DESC, o.source_id) FROM (
             SELECT coalesce(x.carried_from_id, x.first_source)::text AS source_id, count(*)::int AS statements,
               count(x.carried_from_id)::int AS named
             FROM joined x WHERE x.carried_from_id IS NOT NULL OR NOT x.was_first
             GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1 LIMIT ${PICKUP_FROM_MAX}
           ) o
         ), '[]') AS origins
       FROM joined j`,
      sourceId,
      since,
      until,
    );
    const { statements, first, median_lag, origins } = row!;
    const sources = await this.db.source.findMany({ where: { id: { in: origins.map((o) => o.source_id) } } });
    const byId = new Map(sources.map((s) => [s.id, s]));
    return {
      statements,
      first,
      firstShare: statements === 0 ? null : Math.round((first / statements) * 10_000) / 10_000,
      medianLagSeconds: median_lag,
      from: origins.filter((o) => byId.has(o.source_id)).map((o) => ({ source: byId.get(o.source_id)!, statements: o.statements, named: o.named })),
    };
  }
}
