import { inTransaction, type Db, type DbClient } from '../../db/client.js';
import type { Appearance } from '../../generated/prisma/client.js';
import { fidelityOf } from './fidelity.compare.js';
import { BadUserInputError } from '../../errors.js';
import type { SourceFidelity } from './fidelity.type.js';

/** Statements whose appearances the start-up backfill classifies per transaction. */
const BACKFILL_BATCH = 200;

/**
 * Works out again the stored fidelity of every appearance of these
 * statements, inside the transaction that changed them (a quote, an
 * appearance, its wording or date): the stored kind is what
 * `statements(filter: { altered })` and `Source.fidelity` count, so it
 * commits with the change or not at all. A new first appearance changes
 * what the others are compared with, so all of a statement's are redone.
 */
export async function refreshFidelity(tx: DbClient, statementIds: string[]): Promise<void> {
  if (statementIds.length === 0) return;
  const ids = JSON.stringify([...new Set(statementIds)]);
  const statements = await tx.$queryRaw<{ id: string; quote: string | null }[]>`
    SELECT s.id::text AS id, s.quote FROM statement s
    WHERE s.id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(${ids} AS jsonb)) AS uuid)))`;
  const appearances = await tx.$queryRaw<Appearance[]>`
    SELECT a.id::text AS id, a.statement_id::text AS "statementId", a.source_id::text AS "sourceId", a.url,
      a.published_at AS "publishedAt", a.wording, a.created_at AS "createdAt", a.fidelity, a.fidelity_at AS "fidelityAt"
    FROM appearance a
    WHERE a.statement_id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(${ids} AS jsonb)) AS uuid)))
    ORDER BY a.statement_id, a.published_at NULLS LAST, a.id`;
  const quoteOf = new Map(statements.map((s) => [s.id, s.quote]));
  const byStatement = new Map<string, Appearance[]>();
  for (const a of appearances) byStatement.set(a.statementId, [...(byStatement.get(a.statementId) ?? []), a]);
  const rows = appearances.map((a) => ({
    id: a.id,
    fidelity: fidelityOf(a, quoteOf.get(a.statementId) ?? null, byStatement.get(a.statementId)!)?.kind ?? null,
  }));
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE appearance a SET fidelity = CAST(x.fidelity AS wording_fidelity), fidelity_at = now()
    FROM jsonb_to_recordset(CAST(${JSON.stringify(rows)} AS jsonb)) AS x(id uuid, fidelity text)
    WHERE a.id = x.id`;
}

/**
 * Classifies appearances written before fidelity was kept (fidelity_at
 * null), a batch of statements per transaction; run once at start-up, and
 * a no-op once every row is done.
 */
export async function backfillFidelity(db: Db): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT a.statement_id::text AS id FROM appearance a WHERE a.fidelity_at IS NULL LIMIT ${BACKFILL_BATCH}`;
    if (batch.length === 0) return done;
    await inTransaction(db, (tx) => refreshFidelity(tx, batch.map((b) => b.id)));
    done += batch.length;
  }
}

/** Reads for the API: an outlet's record of carrying words faithfully. */
export class FidelityService {
  constructor(private readonly db: DbClient) {}

  async ofSource(sourceId: string, since: Date | null, until: Date | null): Promise<SourceFidelity> {
    if (since && until && since >= until) throw new BadUserInputError('since must be earlier than until', 'since');
    const [row] = await this.db.$queryRaw<{ appearances: number; verbatim: number; trimmed: number; paraphrased: number; altered: number }[]>`
      SELECT count(*)::int AS appearances,
        count(*) FILTER (WHERE a.fidelity = 'VERBATIM')::int AS verbatim, count(*) FILTER (WHERE a.fidelity = 'TRIMMED')::int AS trimmed,
        count(*) FILTER (WHERE a.fidelity = 'PARAPHRASED')::int AS paraphrased, count(*) FILTER (WHERE a.fidelity = 'ALTERED')::int AS altered
      FROM appearance a
      WHERE a.source_id = ${sourceId}::uuid
        AND (${since}::timestamptz IS NULL OR a.published_at >= ${since}::timestamptz)
        AND (${until}::timestamptz IS NULL OR a.published_at < ${until}::timestamptz)`;
    const counts = row!;
    const compared = counts.verbatim + counts.trimmed + counts.paraphrased + counts.altered;
    return { ...counts, compared, alteredShare: compared === 0 ? null : Math.round((counts.altered / compared) * 10_000) / 10_000 };
  }
}
