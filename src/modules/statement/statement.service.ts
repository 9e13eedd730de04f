import { inTransaction, readRows, type DbClient } from '../../db/client.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { rowsFromJson } from '../../db/json-rows.js';
import { APPEARANCES, cappedRows, LINKS_FROM, LINKS_TO, sourceOrder } from '../../db/related-rows.js';
import {
  Prisma,
  type Appearance,
  type Evidence,
  type Source,
  type Speaker,
  type Statement as StatementRow,
  type StatementLink,
  type Verdict,
} from '../../generated/prisma/client.js';
import type { VerificationStatus } from '../../generated/prisma/enums.js';
import { fromGlobalId, isUuid, toGlobalId } from '../../ids.js';
import { isCursorObject, isCursorTime, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { QUERY_MAX } from '../search/search.params.js';
import { refreshFidelity } from '../fidelity/fidelity.service.js';
import { searchPlan, type SearchPlan } from '../search/search.plan.js';
import { languageTag, optionalText, pastDate, requiredText, searchText } from '../../validation.js';
import { checkAppearances, type NewAppearance } from '../appearance/appearance.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/event.record.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendVerdict } from '../verdict/verdict.service.js';
import { isFinding } from '../verdict/verdict.rules.js';
import type { VerdictDraft } from '../verdict/verdict.rules.js';
import type { AppearanceInput, CreateStatementInput, StatementFilter, UpdateStatementInput } from './statement.inputs.js';
import { StatementOrder } from './statement.inputs.js';

export const TEXT_MAX = 5000;
/** A search may be a pasted post or paragraph (see search.params.ts). */
export const SEARCH_MAX = QUERY_MAX;

/** A statement row from hand-written SQL over `statement s`, shaped as Prisma shapes it. */
export const STATEMENT_COLUMNS = Prisma.sql`s.id, s.text, s.quote, s.speaker_id AS "speakerId", s.stated_at AS "statedAt", s.language,
  s.status::text AS status, s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

type NewestCursor = { o: 'N'; id: string };
type StatedAtCursor = { o: 'S'; t: string | null; id: string };
/** `r`: the rank, as rankedSql rounds it. */
type RelevanceCursor = { o: 'R'; r: number; id: string };
export type StatementCursor = NewestCursor | StatedAtCursor | RelevanceCursor;

const CURSOR_ORDER = { N: StatementOrder.NEWEST, S: StatementOrder.STATED_AT, R: StatementOrder.RELEVANCE } as const;

export function isStatementCursor(value: unknown): value is StatementCursor {
  if (!isCursorObject(value) || !isUuid(value.id)) return false;
  if (value.o === 'N') return true;
  if (value.o === 'R') return typeof value.r === 'number' && Number.isFinite(value.r) && value.r >= 0;
  return value.o === 'S' && (value.t === null || isCursorTime(value.t));
}

/** The order a cursor was taken in. */
export function statementCursorOrder(cursor: StatementCursor): StatementOrder {
  return CURSOR_ORDER[cursor.o];
}

/** Statement reads and writes, and the rules they follow. */
/** Which relations of a set of statements to read at once (see statement.preload.ts). */
export interface StatementRelations {
  speaker: boolean;
  /** With their sources. */
  appearances: boolean;
  /** The outlets that carried them, in order of first appearance, with the outlets' rows. */
  sources: boolean;
  /** Links pointing at the statements, with the statements they come from and those statements' speakers. */
  linksTo: boolean;
  /** Links from the statements, with the statements they point at and those statements' speakers. */
  linksFrom: boolean;
  /** With their evidence. */
  verdicts: boolean;
}

export const NO_RELATIONS: StatementRelations = { speaker: false, appearances: false, sources: false, linksTo: false, linksFrom: false, verdicts: false };

/** Related rows, each list in the order the per-relation loaders use. */
export interface StatementGraph {
  speakers: Speaker[];
  appearances: Appearance[];
  sources: Source[];
  /** Each statement's outlets in order of first appearance (see related-rows.ts). */
  sourceOrder: { statementId: string; sourceId: string }[];
  linksTo: StatementLink[];
  linksFrom: StatementLink[];
  /** Statements at the other end of the links. */
  linked: StatementRow[];
  verdicts: Verdict[];
  evidence: Evidence[];
}

export class StatementService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
  ) {}

  async get(id: string, field = 'id'): Promise<StatementRow> {
    const dbId = fromGlobalId('Statement', id, field);
    const row = await this.db.statement.findUnique({ where: { id: dbId } });
    if (!row) throw new NotFoundError('Statement', id, field);
    return row;
  }

  /**
   * A page of statements. With `relations`, the relations asked for come in
   * the same SQL statement (see statement.preload.ts).
   */
  async list(
    filter: StatementFilter | null | undefined,
    orderBy: StatementOrder | null | undefined,
    page: PageArgs,
    relations: StatementRelations = NO_RELATIONS,
  ): Promise<Page<StatementRow> & { related: StatementGraph | null }> {
    const search = searchOf(filter);
    const order = orderBy ?? (search ? StatementOrder.RELEVANCE : StatementOrder.NEWEST);
    if (order === StatementOrder.RELEVANCE && !search) {
      throw new BadUserInputError('orderBy RELEVANCE needs filter.search', 'orderBy');
    }
    const request = pageRequest(page, this.limits, isStatementCursor);
    if (request.after && statementCursorOrder(request.after) !== order) {
      throw new BadUserInputError('after is a cursor from a list in another order', 'after');
    }
    // Ranked lists join the ranking; the others only need to know a statement matches.
    const ranked = order === StatementOrder.RELEVANCE ? search : null;
    const conditions = this.conditions(filter ?? {}, ranked ? null : search);
    if (ranked?.required) conditions.push(ranked.required);
    const from = ranked ? Prisma.sql`(${ranked.ranked}) r JOIN statement s ON s.id = r.id` : Prisma.sql`statement s`;
    // With nothing else to meet, the page is the best few of the ranking:
    // those are taken first and only they are joined to their rows, as
    // similarStatements does (a long post ranks thousands of statements).
    const pageFrom =
      ranked?.rankedPage && conditions.length === 0
        ? Prisma.sql`(${ranked.rankedPage({
            top: request.first + 1,
            after: request.after?.o === 'R' ? { rank: request.after.r, id: request.after.id } : undefined,
          })}) r JOIN statement s ON s.id = r.id`
        : from;
    const where = (extra: Prisma.Sql[]) => {
      const all = [...conditions, ...extra];
      return all.length ? Prisma.sql`WHERE ${Prisma.join(all, ' AND ')}` : Prisma.empty;
    };
    const orderSql = {
      [StatementOrder.NEWEST]: [Prisma.sql`ORDER BY s.id DESC`, Prisma.sql`p.id DESC`],
      [StatementOrder.STATED_AT]: [Prisma.sql`ORDER BY s.stated_at DESC NULLS LAST, s.id DESC`, Prisma.sql`p."statedAt" DESC NULLS LAST, p.id DESC`],
      [StatementOrder.RELEVANCE]: [Prisma.sql`ORDER BY r.rank DESC, s.id DESC`, Prisma.sql`p.rank DESC, p.id DESC`],
    }[order];
    const { rows, related } = await this.withRelations(
      Prisma.sql`
        SELECT ${STATEMENT_COLUMNS}${ranked ? Prisma.sql`, r.rank` : Prisma.empty}
        FROM ${pageFrom}
        ${where(request.after ? [keyset(request.after)] : [])}
        ${orderSql[0]}
        LIMIT ${request.first + 1}`,
      orderSql[1],
      relations,
    );
    const found = toPage(
      rows as (StatementRow & { rank?: number })[],
      request,
      (row): StatementCursor =>
        order === StatementOrder.NEWEST
          ? { o: 'N', id: row.id }
          : order === StatementOrder.RELEVANCE
            ? { o: 'R', r: row.rank ?? 0, id: row.id }
            : { o: 'S', t: row.statedAt ? row.statedAt.toISOString() : null, id: row.id },
      ({ rank: _rank, ...row }) => row as StatementRow,
      async () => {
        const [{ count }] = await this.db.$queryRaw<{ count: number }[]>`
          SELECT count(*)::int AS count FROM ${from} ${where([])}`;
        return count;
      },
    );
    return { ...found, related };
  }

  /** One statement by ID, with the relations asked for in the same SQL statement. */
  async getWithRelations(id: string, relations: StatementRelations): Promise<{ statement: StatementRow; related: StatementGraph | null }> {
    const dbId = fromGlobalId('Statement', id, 'id');
    const { rows, related } = await this.withRelations(
      Prisma.sql`SELECT ${STATEMENT_COLUMNS} FROM statement s WHERE s.id = ${dbId}::uuid`,
      Prisma.sql`p.id`,
      relations,
    );
    if (!rows[0]) throw new NotFoundError('Statement', id, 'id');
    return { statement: rows[0], related };
  }

  /**
   * Statements (`pageQuery`, selecting STATEMENT_COLUMNS) and, when any are
   * asked for, their relations, in one SQL statement: the statements and
   * each related table come back as JSON arrays, each ordered as its loader
   * orders it (appearances by publication, links by creation, verdicts
   * newest first, evidence by position). `order` orders the statements (as `p`).
   */
  private async withRelations(
    pageQuery: Prisma.Sql,
    order: Prisma.Sql,
    relations: StatementRelations,
  ): Promise<{ rows: StatementRow[]; related: StatementGraph | null }> {
    if (!Object.values(relations).some(Boolean)) return { rows: await readRows<StatementRow>(this.db, pageQuery), related: null };
    const none = Prisma.sql`'[]'::json`;
    const links = relations.linksTo || relations.linksFrom;
    // As many related rows per statement as a nested list can show (see related-rows.ts).
    const cap = this.limits.maxPageSize;
    // A relation not asked for is an empty set written into the text, not a
    // false parameter: this statement is planned on every call (a search's
    // page is never prepared), and every part it holds is planned, used or
    // not. For a search's page with only its speakers, planning the whole
    // statement took 1.8-2.4 ms, about as long as running it.
    const [row] = await readRows<{ rows: unknown; graph: Record<keyof StatementGraph, unknown> }>(
      this.db,
      Prisma.sql`
      WITH page AS MATERIALIZED (${pageQuery}),
      links_to AS (${relations.linksTo ? cappedRows(LINKS_TO, Prisma.sql`SELECT id FROM page`, cap) : Prisma.sql`SELECT * FROM statement_link WHERE false`}),
      links_from AS (${relations.linksFrom ? cappedRows(LINKS_FROM, Prisma.sql`SELECT id FROM page`, cap) : Prisma.sql`SELECT * FROM statement_link WHERE false`}),
      linked AS (${links ? Prisma.sql`SELECT s.* FROM statement s WHERE s.id IN (SELECT from_id FROM links_to UNION SELECT to_id FROM links_from)` : Prisma.sql`SELECT * FROM statement WHERE false`}),
      apps AS (${relations.appearances ? cappedRows(APPEARANCES, Prisma.sql`SELECT id FROM page`, cap) : Prisma.sql`SELECT * FROM appearance WHERE false`}),
      outlets AS (${
        relations.sources
          ? sourceOrder(Prisma.sql`SELECT id FROM page`, cap)
          : Prisma.sql`SELECT NULL::uuid AS statement_id, NULL::uuid AS source_id, 0::bigint AS n WHERE false`
      }),
      verdicts AS (${relations.verdicts ? Prisma.sql`SELECT v.* FROM verdict v WHERE v.statement_id IN (SELECT id FROM page)` : Prisma.sql`SELECT * FROM verdict WHERE false`})
      SELECT
        (SELECT coalesce(json_agg(p ORDER BY ${order}), '[]') FROM page p) AS rows,
        json_build_object(
          'speakers', ${
            relations.speaker || links
              ? Prisma.sql`(SELECT coalesce(json_agg(sp), '[]') FROM speaker sp WHERE sp.id IN (
                  SELECT speaker_id FROM linked UNION SELECT "speakerId" FROM page WHERE ${Prisma.raw(relations.speaker ? 'true' : 'false')}))`
              : none
          },
          'appearances', (SELECT coalesce(json_agg(a ORDER BY a.published_at NULLS LAST, a.id), '[]') FROM apps a),
          'sources', (SELECT coalesce(json_agg(so), '[]') FROM source so WHERE so.id IN (SELECT source_id FROM apps UNION SELECT source_id FROM outlets)),
          'sourceOrder', (SELECT coalesce(json_agg(o ORDER BY o.statement_id, o.n), '[]') FROM outlets o),
          'linksTo', (SELECT coalesce(json_agg(l ORDER BY l.created_at, l.id), '[]') FROM links_to l),
          'linksFrom', (SELECT coalesce(json_agg(l ORDER BY l.created_at, l.id), '[]') FROM links_from l),
          'linked', (SELECT coalesce(json_agg(s), '[]') FROM linked s),
          'verdicts', (SELECT coalesce(json_agg(v ORDER BY v.created_at DESC, v.id DESC), '[]') FROM verdicts v),
          'evidence', ${
            relations.verdicts
              ? Prisma.sql`(SELECT coalesce(json_agg(e ORDER BY e.position), '[]') FROM evidence e WHERE e.verdict_id IN (SELECT id FROM verdicts))`
              : none
          }) AS graph`,
    );
    const graph = row!.graph;
    return {
      rows: rowsFromJson<StatementRow>(row!.rows),
      related: {
        speakers: rowsFromJson<Speaker>(graph.speakers),
        appearances: rowsFromJson<Appearance>(graph.appearances),
        sources: rowsFromJson<Source>(graph.sources),
        sourceOrder: rowsFromJson<{ statementId: string; sourceId: string }>(graph.sourceOrder),
        linksTo: rowsFromJson<StatementLink>(graph.linksTo),
        linksFrom: rowsFromJson<StatementLink>(graph.linksFrom),
        linked: rowsFromJson<StatementRow>(graph.linked),
        verdicts: rowsFromJson<Verdict>(graph.verdicts),
        evidence: rowsFromJson<Evidence>(graph.evidence),
      },
    };
  }

  /** Throws what `statements` would throw for this filter. */
  checkFilter(filter: StatementFilter): void {
    this.conditions(filter, searchOf(filter));
  }

  /** Which of these statements (internal ids) a filter of `statements` matches: one query for them all. */
  async matching(ids: string[], filter: StatementFilter): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const conditions = [
      Prisma.sql`s.id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`,
      ...this.conditions(filter, searchOf(filter)),
    ];
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT s.id FROM statement s WHERE ${Prisma.join(conditions, ' AND ')}`;
    return new Set(rows.map((row) => row.id));
  }

  /**
   * SQL conditions for a filter, after checking every value. `search` is
   * the plan of the filter's search when the statements must match it
   * (null when the caller joins the ranking instead).
   */
  private conditions(filter: StatementFilter, search: SearchPlan | null): Prisma.Sql[] {
    const parts: Prisma.Sql[] = [];
    if (filter.status && filter.status.length > 0) {
      // One parameter per status: array parameters are not mapped alike by every driver adapter.
      const statuses = filter.status.map((status) => Prisma.sql`CAST(${status} AS verification_status)`);
      parts.push(Prisma.sql`s.status IN (${Prisma.join(statuses)})`);
    }
    if (filter.speakerId != null) {
      parts.push(Prisma.sql`s.speaker_id = ${fromGlobalId('Speaker', filter.speakerId, 'filter.speakerId')}::uuid`);
    }
    if (filter.sourceId != null) {
      const sourceId = fromGlobalId('Source', filter.sourceId, 'filter.sourceId');
      parts.push(Prisma.sql`EXISTS (SELECT 1 FROM appearance a WHERE a.statement_id = s.id AND a.source_id = ${sourceId}::uuid)`);
    }
    if (filter.language != null) {
      parts.push(Prisma.sql`s.language = ${languageTag('filter.language', filter.language)}`);
    }
    if (filter.statedAfter != null) parts.push(Prisma.sql`s.stated_at >= ${filter.statedAfter}`);
    if (filter.statedBefore != null) parts.push(Prisma.sql`s.stated_at < ${filter.statedBefore}`);
    if (filter.statedAfter != null && filter.statedBefore != null && filter.statedAfter >= filter.statedBefore) {
      throw new BadUserInputError('filter.statedAfter must be earlier than filter.statedBefore', 'filter.statedAfter');
    }
    if (filter.disputed != null) {
      const rebutted = Prisma.sql`EXISTS (SELECT 1 FROM statement_link l WHERE l.to_id = s.id AND l.kind = 'REBUTS')`;
      parts.push(filter.disputed ? rebutted : Prisma.sql`NOT ${rebutted}`);
    }
    if (filter.altered != null) {
      const altered = Prisma.sql`EXISTS (SELECT 1 FROM appearance a WHERE a.statement_id = s.id AND a.fidelity = 'ALTERED')`;
      parts.push(filter.altered ? altered : Prisma.sql`NOT ${altered}`);
    }
    if (search) parts.push(search.matches);
    return parts;
  }

  async create(actor: Actor | null, input: CreateStatementInput): Promise<StatementRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const speakerId = fromGlobalId('Speaker', input.speakerId, 'input.speakerId');
    const data = {
      text: requiredText('input.text', input.text, TEXT_MAX),
      quote: optionalText('input.quote', input.quote, TEXT_MAX) ?? null,
      statedAt: pastDate('input.statedAt', input.statedAt) ?? null,
      language: input.language == null ? 'en' : languageTag('input.language', input.language),
    };
    const appearances = checkAppearances(input.appearances ?? [], 'input.appearances');
    return inTransaction(this.db, async (tx) => {
      await requireSpeaker(tx, speakerId, input.speakerId, 'input.speakerId');
      await requireSources(tx, appearances);
      const row = await tx.statement.create({
        data: {
          ...data,
          speakerId,
          appearances: {
            create: appearances.map(({ sourceId, url, publishedAt, wording, carriedFromId }) => ({ sourceId, url, publishedAt, wording, carriedFromId })),
          },
        },
        include: { appearances: true },
      });
      const { appearances: created, ...statement } = row;
      await recordAudit(tx, by, {
        operation: 'createStatement',
        entityType: 'Statement',
        entityId: statement.id,
        after: { ...statement, appearances: created },
      });
      if (created.length > 0) await refreshFidelity(tx, [statement.id]);
      await recordEvent(tx, {
        type: 'STATEMENT_CREATED',
        statementId: statement.id,
        payload: {
          statementId: toGlobalId('Statement', statement.id),
          speakerId: toGlobalId('Speaker', statement.speakerId),
          sourceIds: [...new Set(created.map((a) => toGlobalId('Source', a.sourceId)))],
          language: statement.language,
          status: statement.status,
          version: statement.version,
        },
      });
      return statement;
    });
  }

  /**
   * Changes a statement. A verdict is about exact words, so an edit of the
   * text, quote or speaker after a finding never leaves that finding standing
   * over words it did not judge: the statement goes back to IN_REVIEW through
   * a new verdict row (the finding stays in the history with its words), or,
   * with `keepFinding` (FACT_CHECKER or higher), the finding is recorded again
   * over the new words, by the editor, as a new verdict.
   */
  async update(actor: Actor | null, input: UpdateStatementInput): Promise<StatementRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    if (input.keepFinding) requireRole(by, 'FACT_CHECKER');
    const id = fromGlobalId('Statement', input.id, 'input.id');
    const changes: StatementChanges = {};
    if (input.text != null) changes.text = requiredText('input.text', input.text, TEXT_MAX);
    if (input.quote !== undefined) changes.quote = optionalText('input.quote', input.quote, TEXT_MAX) ?? null;
    if (input.statedAt !== undefined) changes.statedAt = pastDate('input.statedAt', input.statedAt) ?? null;
    if (input.language != null) changes.language = languageTag('input.language', input.language);
    const speakerId = input.speakerId == null ? undefined : fromGlobalId('Speaker', input.speakerId, 'input.speakerId');
    if (speakerId) changes.speakerId = speakerId;
    if (Object.keys(changes).length === 0) {
      throw new BadUserInputError('Give at least one field to change: text, quote, speakerId, statedAt or language', 'input');
    }
    return inTransaction(this.db, async (tx) => {
      if (speakerId && input.speakerId) await requireSpeaker(tx, speakerId, input.speakerId, 'input.speakerId');
      const before = await bumpVersion(tx, id, input.id, input.expectedVersion, changes);
      let after = await tx.statement.findUniqueOrThrow({ where: { id } });
      const reworded = JUDGED_WORDS.filter(([field]) => before[field] !== after[field]).map(([, name]) => name);
      if (reworded.length > 0 && isFinding(before.status)) {
        await this.revisitFinding(tx, by, before, after, reworded, input.keepFinding === true);
        after = await tx.statement.findUniqueOrThrow({ where: { id } });
      }
      await recordAudit(tx, by, { operation: 'updateStatement', entityType: 'Statement', entityId: id, before, after });
      // The quote is what wordings are compared with.
      if (before.quote !== after.quote) await refreshFidelity(tx, [id]);
      await recordEvent(tx, {
        type: 'STATEMENT_UPDATED',
        statementId: id,
        payload: {
          statementId: toGlobalId('Statement', id),
          speakerId: toGlobalId('Speaker', after.speakerId),
          changed: Object.keys(changes).sort(),
          language: after.language,
          status: after.status,
          version: after.version,
        },
      });
      return after;
    });
  }

  /**
   * After an edit of judged words: reopens review, or (keepFinding) records
   * the current finding again over the new words. Either way a new verdict
   * row, in the edit's transaction and version step.
   */
  private async revisitFinding(
    tx: Tx,
    by: Actor,
    before: StatementRow,
    after: StatementRow,
    reworded: string[],
    keepFinding: boolean,
  ): Promise<void> {
    const latest = keepFinding
      ? await tx.verdict.findFirst({
          where: { statementId: after.id },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          include: { evidence: { orderBy: { position: 'asc' } } },
        })
      : null;
    const draft: VerdictDraft = latest
      ? {
          status: latest.status,
          rationale: latest.rationale,
          evidence: latest.evidence.map(({ url, title, stance }) => ({ url, title, stance })),
          reviewAfter: latest.reviewAfter,
        }
      : { status: 'IN_REVIEW', rationale: `Reopened: the statement's ${wordList(reworded)} ${reworded.length > 1 ? 'were' : 'was'} edited after the finding (${before.status}).`, evidence: [] };
    if (draft.status !== after.status) await tx.statement.update({ where: { id: after.id }, data: { status: draft.status } });
    await appendVerdict(
      tx,
      by,
      latest ? 'keepFinding' : 'reopenReview',
      { judged: { ...after, status: draft.status }, previous: before, version: after.version, reopenedByEdit: !latest },
      draft,
    );
  }
}

/** The fields a verdict is about, with the names the reopening rationale uses. */
const JUDGED_WORDS: [keyof StatementRow & ('text' | 'quote' | 'speakerId'), string][] = [
  ['text', 'text'],
  ['quote', 'quote'],
  ['speakerId', 'speaker'],
];

function wordList(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}

type Tx = Prisma.TransactionClient;

/** What bumpVersion may change on a statement besides its version. */
export interface StatementChanges {
  text?: string;
  quote?: string | null;
  statedAt?: Date | null;
  language?: string;
  speakerId?: string;
  status?: VerificationStatus;
}

/** Each change as its SET item, cast to the column's type (a null has no type of its own). */
const CHANGE_SQL: { [K in keyof Required<StatementChanges>]: (value: StatementChanges[K]) => Prisma.Sql } = {
  text: (value) => Prisma.sql`text = CAST(${value} AS text)`,
  quote: (value) => Prisma.sql`quote = CAST(${value} AS text)`,
  statedAt: (value) => Prisma.sql`stated_at = CAST(${value} AS timestamptz)`,
  language: (value) => Prisma.sql`language = CAST(${value} AS text)`,
  speakerId: (value) => Prisma.sql`speaker_id = CAST(${value} AS uuid)`,
  status: (value) => Prisma.sql`status = CAST(${value} AS verification_status)`,
};

/**
 * The SET list of a statement's UPDATE: the changes and the next version.
 * Raw rather than an ORM update: every verdict and edit comes through here,
 * and the ORM's query compiler was a large share of a write's CPU. Only the
 * columns given are set, so the search triggers on text, quote and speaker
 * fire exactly as they did.
 */
export function statementChangesSql(changes: StatementChanges, now: Date): Prisma.Sql {
  const set = (Object.keys(changes) as (keyof StatementChanges)[]).flatMap((key) =>
    changes[key] === undefined ? [] : [(CHANGE_SQL[key] as (value: unknown) => Prisma.Sql)(changes[key])],
  );
  return Prisma.join([...set, Prisma.sql`version = version + 1, updated_at = CAST(${now} AS timestamptz)`], ', ');
}

/** A client's expectedVersion, checked before anything is read. */
export function checkExpectedVersion(expectedVersion: number): void {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
    throw new BadUserInputError('input.expectedVersion must be a positive whole number', 'input.expectedVersion');
  }
}

/** Why a write guarded by expectedVersion wrote nothing: the statement is gone, or at another version (`current`). */
export function staleVersionError(current: { version: number } | undefined, globalId: string, expectedVersion: number, idField: string): Error {
  if (!current) return new NotFoundError('Statement', globalId, idField);
  return new ConflictError(
    `Statement was changed by someone else: it is at version ${current.version}, not ${expectedVersion}. Reload it and try again.`,
    { field: 'input.expectedVersion', currentVersion: current.version },
  );
}

/**
 * Optimistic concurrency: the write applies only if the statement is still
 * at the version the client read. Concurrent writers serialise on the row
 * lock, and every one after the first finds the version moved and writes
 * nothing. Returns the statement as it was before the change.
 */
export async function bumpVersion(
  tx: Tx,
  id: string,
  globalId: string,
  expectedVersion: number,
  changes: StatementChanges,
  idField = 'input.id',
): Promise<StatementRow> {
  checkExpectedVersion(expectedVersion);
  // Locks the row: concurrent writers queue here, and each later one then
  // finds the version moved on.
  const [before] = await tx.$queryRaw<StatementRow[]>`
    SELECT ${STATEMENT_COLUMNS} FROM statement s WHERE s.id = ${id}::uuid FOR UPDATE`;
  if (!before || before.version !== expectedVersion) throw staleVersionError(before, globalId, expectedVersion, idField);
  await tx.$executeRaw`UPDATE statement SET ${statementChangesSql(changes, new Date())} WHERE id = ${id}::uuid`;
  return before;
}

async function requireSpeaker(tx: Tx, id: string, globalId: string, field: string): Promise<void> {
  const found = await tx.speaker.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new NotFoundError('Speaker', globalId, field);
}

export async function requireSources(tx: Tx, appearances: NewAppearance[]): Promise<void> {
  const ids = [...new Set(appearances.flatMap((a) => (a.carriedFromId ? [a.sourceId, a.carriedFromId] : [a.sourceId])))];
  if (ids.length === 0) return;
  const found = new Set((await tx.source.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((s) => s.id));
  const missing = appearances.find((a) => !found.has(a.sourceId));
  if (missing) throw new NotFoundError('Source', missing.globalSourceId, missing.field);
  const unknownCarrier = appearances.find((a) => a.carriedFromId && !found.has(a.carriedFromId));
  if (unknownCarrier) throw new NotFoundError('Source', unknownCarrier.globalCarriedFromId!, unknownCarrier.field.replace(/sourceId$/, 'carriedFromId'));
}

/** Rows past `after` in a list over `statement s` (and, ranked, `r`); the read compiler embeds it too. */
export function keyset(after: StatementCursor): Prisma.Sql {
  if (after.o === 'N') return Prisma.sql`s.id < ${after.id}::uuid`;
  if (after.o === 'R') return afterRank(after, Prisma.raw('r.rank'), Prisma.raw('s.id'));
  if (after.t === null) return Prisma.sql`(s.stated_at IS NULL AND s.id < ${after.id}::uuid)`;
  const t = new Date(after.t);
  return Prisma.sql`(s.stated_at < ${t} OR (s.stated_at = ${t} AND s.id < ${after.id}::uuid) OR s.stated_at IS NULL)`;
}

/** Past a relevance cursor: a lower rank, or the same rank and a lower id. */
function afterRank(after: RelevanceCursor, rank: Prisma.Sql, id: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${rank} < ${after.r}::float8 OR (${rank} = ${after.r}::float8 AND ${id} < ${after.id}::uuid))`;
}

export type { AppearanceInput, VerificationStatus };

/** How `filter.search` runs, checked as every list that takes the filter checks it; null without a search. */
export function searchOf(filter: Pick<StatementFilter, 'search'> | null | undefined): SearchPlan | null {
  return filter?.search == null ? null : searchPlan(searchText('filter.search', filter.search, SEARCH_MAX), { field: 'filter.search' });
}
