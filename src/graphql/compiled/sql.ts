import { getNamedType, getNullableType, isEnumType, isListType, type GraphQLObjectType } from 'graphql';
import type { Prisma } from '../../generated/prisma/client.js';
import { keyset as keysetSql } from '../../modules/statement/statement.service.js';
import type { Bindings, Bound, StatementFilterValues } from './binder.js';
import type { PlanField, PlanObject } from './plan.js';
import type { ConnectionPart, RelationName } from './spec.js';
import {
  prefixes,
  type AnswerShape,
  type ConnectionShape,
  type ConnectionValue,
  type EdgeValue,
  type ObjectShape,
  type PageInfoValue,
  type RootShape,
  type ValueShape,
} from './write.js';

/**
 * SQL generation, the fourth stage: one SELECT reading every row the
 * answer needs in the order, and with the caps, the loaders read them
 * (related-rows.ts, the *.loaders.ts files). Values come back as they are
 * stored (uuids, timestamps as milliseconds, text unescaped), each a
 * column, or inside a list of related rows a two-dimensional text[]; along
 * with the SQL goes a shape that says what each value is, and write.ts
 * writes the JSON from the two. Every value from the request is a
 * parameter. A search is the service's own SQL (search.plan.ts), embedded.
 *
 * Writing the JSON in PostgreSQL instead, even as text joined with `||`,
 * cost it more than PostGraphile's whole statement for the same page, and
 * the database is the part every request shares (bench/RESULTS.md). Every
 * value expression below is text, or NULL.
 */

export interface Generated {
  sql: string;
  params: unknown[];
  /** How the answer is written from the statement's rows. */
  answer: AnswerShape;
  /** The statement's columns' names, in order (c0, c1, …). */
  columns: string[];
  /** Whether its plan is the same whatever its values, so that it may run prepared (not so for a search's conditions on words). */
  prepare: boolean;
}

/** The table behind each compiled object type. */
const TABLES: Record<string, string> = {
  Statement: 'statement',
  Speaker: 'speaker',
  Source: 'source',
  Appearance: 'appearance',
  Verdict: 'verdict',
  Evidence: 'evidence',
};

/** An object's values as SQL, and what each one is. */
interface Tuple {
  cells: string[];
  shape: ObjectShape;
}

/** One value of an object: its cells' SQL (none for a constant) and its shape. */
type Value<S extends ValueShape = ValueShape> = { cells: string[]; shape: S };

/** A root field's value: a row by key, or a second page as text. */
type RootValue = Extract<ValueShape, { kind: 'inline' | 'connection' }>;

/**
 * Where a row's related rows are joined: the FROM a tuple's row comes
 * from. A related row by key (a statement's speaker, an appearance's
 * outlet) is a LEFT JOIN there, its values inline with its parent's, as
 * PostGraphile reads them; a sub-select for each cost PostgreSQL more.
 */
type Joins = string[];

class Builder {
  readonly params: unknown[] = [];
  /** Whether the statement may run prepared (see embed). */
  prepare = true;
  private aliases = 0;

  constructor(private readonly bindings: Bindings) {}

  param(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }

  /**
   * A page size, written into the text rather than sent as a parameter:
   * the statement is prepared (readRowArrays), and with `LIMIT $1`
   * PostgreSQL's generic plan assumes a tenth of the table, finds it dearer
   * than planning each call afresh and so never uses it. The binder has
   * checked the value against the page limits; this only refuses what is
   * not a plain integer.
   */
  limit(value: number): string {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a page size: ${value}`);
    return String(value);
  }

  alias(): string {
    return `t${++this.aliases}`;
  }

  bound<K extends Bound['kind']>(field: PlanField, kind: K): Extract<Bound, { kind: K }> {
    const bound = this.bindings.get(field);
    if (!bound || bound.kind !== kind) throw new Error(`${field.key} was not bound as ${kind}`);
    return bound as Extract<Bound, { kind: K }>;
  }

  /** The values of `object`'s fields for the row `row`, whose related rows by key are joined in `joins`. */
  tuple(object: PlanObject, row: string, joins: Joins): Tuple {
    const cells: string[] = [];
    let idAt: number | undefined;
    const members = object.fields.map((field) => {
      const value = this.value(field, object.type, row, joins);
      if (value.shape.kind === 'id' && idAt === undefined) idAt = cells.length;
      cells.push(...value.cells);
      return { key: field.key, value: value.shape };
    });
    return { cells, shape: { members: prefixes(members), width: cells.length, ...(idAt !== undefined && { idAt }) } };
  }

  private value(field: PlanField, parent: GraphQLObjectType, row: string, joins: Joins): Value {
    const spec = field.spec;
    switch (spec.kind) {
      case 'typename':
        return { cells: [], shape: { kind: 'constant', json: JSON.stringify(parent.name) } };
      case 'column':
        return this.scalar(field, `${row}.${spec.column}`);
      case 'globalId':
        return { cells: [`${row}.id::text`], shape: { kind: 'id', type: spec.type } };
      case 'relation':
        return RELATIONS[spec.name](this, field, row, joins);
      default:
        throw new Error(`${parent.name}.${field.key} (${spec.kind}) cannot appear here`);
    }
  }

  private scalar(field: PlanField, expression: string): Value {
    const type = getNullableType(field.def.type);
    const named = getNamedType(type);
    if (isListType(type)) {
      if (named.name !== 'String') throw new Error(`no writer for a list of ${named.name}`);
      return { cells: [`${expression}::text`], shape: { kind: 'strings' } };
    }
    if (isEnumType(named)) return { cells: [`${expression}::text`], shape: { kind: 'enum' } };
    if (named.name === 'DateTime') return { cells: [epochMs(expression)], shape: { kind: 'time' } };
    // int4's text is its JSON; a boolean cast to text is true or false.
    if (named.name === 'Int' || named.name === 'Boolean') return { cells: [`${expression}::text`], shape: { kind: 'raw' } };
    if (named.name === 'String') return { cells: [`${expression}::text`], shape: { kind: 'string' } };
    throw new Error(`no writer for ${named.name}`);
  }

  /** A list of `field.object`s: rows `row` of `from` meeting `where`, in `order`, at most `limit` (SQL) of them. */
  list(field: PlanField, { from, row, where, order, limit }: { from: string; row: string; where?: string; order: string; limit?: string }): Value {
    const joins: Joins = [];
    const tuple = this.tuple(field.object!, row, joins);
    // An array built from a sub-select holds its rows in the sub-select's order; an empty one is {}.
    const sql = `ARRAY(SELECT ${rowArray(tuple.cells)} FROM ${from}${joins.map((j) => ` ${j}`).join('')}${where ? ` WHERE ${where}` : ''} ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''})::text`;
    return { cells: [sql], shape: { kind: 'many', object: tuple.shape } };
  }

  first(field: PlanField): string {
    return this.limit(this.bound(field, 'first').first);
  }

  /**
   * One related row, joined as `join` (given its alias) in `joins`: its
   * values, after a marker that is NULL where there is no such row unless
   * its ID, NULL then too, is among them.
   */
  inline(object: PlanObject, joins: Joins, join: (row: string) => string): Value<Extract<RootValue, { kind: 'inline' }>> {
    const row = this.alias();
    joins.push(join(row));
    const tuple = this.tuple(object, row, joins);
    // An object that shows its ID needs no marker: the ID is NULL only where there is no row.
    if (tuple.shape.idAt !== undefined) return { cells: tuple.cells, shape: { kind: 'inline', object: tuple.shape, marker: false } };
    return { cells: [`CASE WHEN ${row}.id IS NOT NULL THEN '' END`, ...tuple.cells], shape: { kind: 'inline', object: tuple.shape, marker: true } };
  }

  /** One row of `object`'s table by `on`, LEFT JOINed in `joins`. */
  byKey(object: PlanObject, joins: Joins, on: (row: string) => string): Value<Extract<RootValue, { kind: 'inline' }>> {
    return this.inline(object, joins, (row) => `LEFT JOIN ${TABLES[object.type.name]} ${row} ON ${on(row)}`);
  }

  /**
   * Prisma SQL of the service's own (a search's plan, a keyset), its values
   * made parameters of this statement. A search's conditions on word
   * positions and postings make the statement unprepared: their best plan
   * depends on the words.
   */
  embed(sql: Prisma.Sql, { prepare = true }: { prepare?: boolean } = {}): string {
    if (!prepare) this.prepare = false;
    return sql.strings.reduce((text, part, i) => {
      this.params.push(sql.values[i - 1]);
      return `${text}$${this.params.length}${part}`;
    });
  }

  /**
   * A page of statements (the `statements` root field): the SELECT of its
   * rows, one past the page size (to know whether there is a next page),
   * each holding each `edges` selection's node's values and then what a
   * cursor needs that they lack, as columns p0, p1, …, its related rows by
   * key joined in its own FROM. Alongside: totalCount's SQL when asked
   * for, and the shape that writes it all. Inside, the statement is `s` and
   * a ranking `r`, as the service's SQL names them.
   */
  page(field: PlanField, bound: Extract<Bound, { kind: 'statements' }>): Page {
    const first = this.limit(bound.first);
    const ranked = bound.order === 'R' ? bound.search : null;
    const conditions = (): string[] => {
      const parts = filterConditions(this, bound.filter, 's');
      if (bound.search && !ranked) parts.push(this.embed(bound.search.matches, { prepare: false }));
      if (ranked?.required) parts.push(this.embed(ranked.required, { prepare: false }));
      return parts;
    };
    const filters = conditions();
    const rankedFrom = () => `(${this.embed(ranked!.ranked)}) r JOIN statement s ON s.id = r.id`;
    let from = 'statement s';
    if (ranked?.rankedPage && filters.length === 0) {
      // With nothing else to meet, the best few of the ranking are cut inside the database, as StatementService.list cuts them.
      const after = bound.after?.o === 'R' ? { rank: bound.after.r, id: bound.after.id } : undefined;
      from = `(${this.embed(ranked.rankedPage({ top: bound.first + 1, after }))}) r JOIN statement s ON s.id = r.id`;
    } else if (ranked) from = rankedFrom();
    const all = bound.after ? [...filters, this.embed(keysetSql(bound.after))] : filters;
    const order = { N: 's.id DESC', S: 's.stated_at DESC NULLS LAST, s.id DESC', R: 'r.rank DESC, s.id DESC' }[bound.order];

    const part = (f: PlanField): ConnectionPart | 'typename' => (f.spec.kind === 'connection' ? f.spec.part : f.spec.kind === 'typename' ? 'typename' : fail(f));
    const typename = (f: PlanField) => ({ kind: 'constant' as const, json: JSON.stringify(f.object!.type.name) });
    const fields = field.object!.fields;
    const subfields = (p: ConnectionPart) => fields.filter((f) => part(f) === p).flatMap((f) => f.object!.fields.map((g) => part(g)));
    const cursors = subfields('edges').includes('cursor') || subfields('pageInfo').some((p) => p === 'startCursor' || p === 'endCursor');
    const cells: string[] = [];
    const joins: Joins = [];
    let total: string | undefined;
    const members = fields.map((f): { key: string; value: ConnectionValue } => {
      const p = part(f);
      if (p === 'typename') return { key: f.key, value: { kind: 'constant', json: JSON.stringify(field.object!.type.name) } };
      if (p === 'totalCount') {
        total ??= `(SELECT count(*) FROM ${ranked ? rankedFrom() : 'statement s'} ${where(conditions())})::text`;
        return { key: f.key, value: { kind: 'totalCount' } };
      }
      if (p === 'pageInfo') {
        const info = f.object!.fields.map((g): { key: string; value: PageInfoValue } => {
          const q = part(g);
          if (q === 'typename') return { key: g.key, value: typename(f) };
          if (q === 'hasPreviousPage') return { key: g.key, value: { kind: 'constant', json: bound.after ? 'true' : 'false' } };
          if (q === 'hasNextPage' || q === 'startCursor' || q === 'endCursor') return { key: g.key, value: { kind: q } };
          return fail(g);
        });
        return { key: f.key, value: { kind: 'pageInfo', members: prefixes(info) } };
      }
      if (p === 'edges') {
        const edge = f.object!.fields.map((g): { key: string; value: EdgeValue } => {
          const q = part(g);
          if (q === 'typename') return { key: g.key, value: typename(f) };
          if (q === 'cursor') return { key: g.key, value: { kind: 'cursor' } };
          if (q === 'node') {
            const tuple = this.tuple(g.object!, 's', joins);
            const offset = cells.length;
            cells.push(...tuple.cells);
            return { key: g.key, value: { kind: 'node', object: tuple.shape, offset } };
          }
          return fail(g);
        });
        return { key: f.key, value: { kind: 'edges', members: prefixes(edge) } };
      }
      return fail(f);
    });
    // A cursor's values (the id, then what the order sorts on) are read
    // where a node reads them already (its id), or after the nodes' values.
    const at = (cell: string) => {
      const known = cells.indexOf(cell);
      return known >= 0 ? known : cells.push(cell) - 1;
    };
    const cursorAt = cursors ? [at('s.id::text'), ...(bound.order === 'S' ? [at(epochMs('s.stated_at'))] : bound.order === 'R' ? [at('r.rank::text')] : [])] : [];
    const shape: ConnectionShape = { order: bound.order, first: bound.first, cursorAt, members: prefixes(members) };
    const select = (extra: string[]) =>
      `SELECT ${[...extra, ...cells.map((cell, i) => `${cell} AS p${i}`)].join(', ') || "''"} FROM ${from}${joins.map((j) => ` ${j}`).join('')}
      ${where(all)} ORDER BY ${order} LIMIT ${first} + 1`;
    return { select, order, width: cells.length, total, shape, first };
  }

  /**
   * A page as one text, `<rows read>;<totalCount or nothing>;<the visible
   * rows as a two-dimensional text[]>`: for a second `statements` field in
   * one operation (the first one's rows are the statement's own, see
   * generate).
   */
  connectionText(field: PlanField, bound: Extract<Bound, { kind: 'statements' }>): Value<Extract<RootValue, { kind: 'connection' }>> {
    const page = this.page(field, bound);
    const p = this.alias();
    const values = Array.from({ length: page.width }, (_, i) => `${p}.p${i}`);
    const wanted = values.length > 0 || page.shape.members.some((m) => m.value.kind === 'edges');
    const rows = wanted ? `coalesce((array_agg(${rowArray(values)} ORDER BY ${p}._n) FILTER (WHERE ${p}._n <= ${page.first}))::text, '{}')` : `'{}'`;
    const text = `count(*)::text || ';' || ${page.total ?? "''"} || ';' || ${rows}`;
    const numbered = page.select([`row_number() OVER (ORDER BY ${page.order}) AS _n`]);
    // Grouped, so that it is one row even when the page is empty.
    return { cells: [`(SELECT ${text} FROM (${numbered}) ${p} GROUP BY ())`], shape: { kind: 'connection', connection: page.shape } };
  }
}

interface Page {
  /** The page's SELECT, with `extra` columns before its values p0, p1, …. */
  select: (extra: string[]) => string;
  /** Its ORDER BY, over `s` (and `r`). */
  order: string;
  /** How many values each row has. */
  width: number;
  total: string | undefined;
  shape: ConnectionShape;
  first: string;
}

function fail(field: PlanField): never {
  throw new Error(`${field.key} cannot appear here`);
}

/** A row's values as one text[] (an empty object still has a value, so that it is a row). */
const rowArray = (cells: string[]) => `ARRAY[${cells.length ? cells.join(', ') : "''"}]::text[]`;

/** A timestamp as milliseconds since 1970 (text), or NULL: timestamps are stored to the millisecond, so the float8 epoch times 1000 rounds to it exactly. */
export const epochMs = (expression: string) => `(date_part('epoch', ${expression}) * 1000)::int8::text`;

const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/** StatementService's filter conditions, over statements of alias `row`. */
function filterConditions(b: Builder, filter: StatementFilterValues, row: string): string[] {
  const parts: string[] = [];
  if (filter.statuses.length > 0) parts.push(`${row}.status IN (${filter.statuses.map((s) => b.param(s, 'verification_status')).join(', ')})`);
  if (filter.speakerId !== undefined) parts.push(`${row}.speaker_id = ${b.param(filter.speakerId, 'uuid')}`);
  if (filter.sourceId !== undefined) {
    parts.push(`EXISTS (SELECT 1 FROM appearance fa WHERE fa.statement_id = ${row}.id AND fa.source_id = ${b.param(filter.sourceId, 'uuid')})`);
  }
  if (filter.language !== undefined) parts.push(`${row}.language = ${b.param(filter.language, 'text')}`);
  if (filter.statedAfter !== undefined) parts.push(`${row}.stated_at >= ${b.param(filter.statedAfter, 'timestamptz')}`);
  if (filter.statedBefore !== undefined) parts.push(`${row}.stated_at < ${b.param(filter.statedBefore, 'timestamptz')}`);
  if (filter.disputed !== undefined) {
    const rebutted = `EXISTS (SELECT 1 FROM statement_link fl WHERE fl.to_id = ${row}.id AND fl.kind = 'REBUTS')`;
    parts.push(filter.disputed ? rebutted : `NOT ${rebutted}`);
  }
  return parts;
}


type RelationSql = (b: Builder, field: PlanField, parent: string, joins: Joins) => Value;

const count = (from: string): Value => ({ cells: [`(SELECT count(*) FROM ${from})::text`], shape: { kind: 'raw' } });

/** Statements at the other end of REBUTS links (`end` the column naming them), oldest link first. */
const rebutting =
  (near: 'to_id' | 'from_id', far: 'from_id' | 'to_id'): RelationSql =>
  (b, field, parent) => {
    const l = b.alias();
    const r = b.alias();
    return b.list(field, {
      from: `statement_link ${l} JOIN statement ${r} ON ${r}.id = ${l}.${far}`,
      row: r,
      where: `${l}.${near} = ${parent}.id AND ${l}.kind = 'REBUTS'`,
      order: `${l}.created_at, ${l}.id`,
      limit: b.first(field),
    });
  };

/** What each RelationName means in SQL, as its resolver and loader read it. */
export const RELATIONS: Record<RelationName, RelationSql> = {
  'statement.speaker': (b, field, parent, joins) => b.byKey(field.object!, joins, (row) => `${row}.id = ${parent}.speaker_id`),
  'statement.appearances': (b, field, parent) => {
    const a = b.alias();
    return b.list(field, { from: `appearance ${a}`, row: a, where: `${a}.statement_id = ${parent}.id`, order: `${a}.published_at NULLS LAST, ${a}.id`, limit: b.first(field) });
  },
  'statement.appearanceCount': (b, _field, parent) => {
    const a = b.alias();
    return count(`appearance ${a} WHERE ${a}.statement_id = ${parent}.id`);
  },
  // Each outlet once, at its first appearance (related-rows.ts sourceOrder).
  'statement.sources': (b, field, parent) => {
    const f = b.alias();
    const so = b.alias();
    return b.list(field, {
      from: `(SELECT DISTINCT ON (r.source_id) r.source_id, r.published_at, r.id FROM appearance r WHERE r.statement_id = ${parent}.id
        ORDER BY r.source_id, r.published_at NULLS LAST, r.id) ${f} JOIN source ${so} ON ${so}.id = ${f}.source_id`,
      row: so,
      order: `${f}.published_at NULLS LAST, ${f}.id`,
      limit: b.first(field),
    });
  },
  'statement.rebuttals': rebutting('to_id', 'from_id'),
  'statement.rebuts': rebutting('from_id', 'to_id'),
  'statement.rebuttalCount': (b, _field, parent) => {
    const l = b.alias();
    return count(`statement_link ${l} WHERE ${l}.to_id = ${parent}.id AND ${l}.kind = 'REBUTS'`);
  },
  'statement.disputed': (b, _field, parent) => {
    const l = b.alias();
    return { cells: [`(EXISTS (SELECT 1 FROM statement_link ${l} WHERE ${l}.to_id = ${parent}.id AND ${l}.kind = 'REBUTS'))::text`], shape: { kind: 'raw' } };
  },
  // The latest verdict, as a lateral join: the row the loader picks, or none.
  'statement.verdict': (b, field, parent, joins) =>
    b.inline(
      field.object!,
      joins,
      (row) => `LEFT JOIN LATERAL (SELECT * FROM verdict v WHERE v.statement_id = ${parent}.id ORDER BY v.created_at DESC, v.id DESC LIMIT 1) ${row} ON true`,
    ),
  'statement.verdicts': (b, field, parent) => {
    const v = b.alias();
    return b.list(field, { from: `verdict ${v}`, row: v, where: `${v}.statement_id = ${parent}.id`, order: `${v}.created_at DESC, ${v}.id DESC`, limit: b.first(field) });
  },
  'statement.verdictCount': (b, _field, parent) => {
    const v = b.alias();
    return count(`verdict ${v} WHERE ${v}.statement_id = ${parent}.id`);
  },
  'appearance.source': (b, field, parent, joins) => b.byKey(field.object!, joins, (row) => `${row}.id = ${parent}.source_id`),
  'appearance.statement': (b, field, parent, joins) => b.byKey(field.object!, joins, (row) => `${row}.id = ${parent}.statement_id`),
  'verdict.evidence': (b, field, parent) => {
    const e = b.alias();
    return b.list(field, { from: `evidence ${e}`, row: e, where: `${e}.verdict_id = ${parent}.id`, order: `${e}.position` });
  },
  'verdict.judgedSpeaker': (b, field, parent, joins) => b.byKey(field.object!, joins, (row) => `${row}.id = ${parent}.judged_speaker_id`),
  'verdict.statement': (b, field, parent, joins) => b.byKey(field.object!, joins, (row) => `${row}.id = ${parent}.statement_id`),
};

/**
 * The whole statement for a plan of the Query type and its bindings. Its
 * FROM is one row, to which each root field's row is LEFT JOINed by key
 * (statement, speaker, source, node); the first `statements` field's page
 * is joined to it too, so that the statement returns that page's rows, one
 * each (one row of NULLs for an empty page), as PostGraphile's does. Every
 * other value is a column of the first row.
 */
export function generate(plan: PlanObject, bindings: Bindings): Generated {
  const b = new Builder(bindings);
  const joins: Joins = [];
  const cells: string[] = [];
  const fields: RootShape[] = [];
  let page: { alias: string; width: number; shape: ConnectionShape } | undefined;
  let pageTotal = -1;
  for (const field of plan.fields) {
    if (field.spec.kind === 'typename') {
      fields.push({ key: field.key, kind: 'constant', json: JSON.stringify(plan.type.name) });
      continue;
    }
    if (field.spec.kind !== 'root') throw new Error(`${field.key} is no root field`);
    const offset = cells.length;
    switch (field.spec.name) {
      case 'statements': {
        const bound = b.bound(field, 'statements');
        if (page) {
          const value = b.connectionText(field, bound);
          cells.push(...value.cells);
          fields.push({ key: field.key, kind: 'value', value: value.shape, offset });
          break;
        }
        const built = b.page(field, bound);
        const alias = b.alias();
        // A marker that is not NULL on each of the page's rows, and NULL on the one row of an empty page.
        joins.push(`LEFT JOIN LATERAL (${built.select(["'' AS _row"])}) ${alias} ON true`);
        page = { alias, width: built.width, shape: built.shape };
        if (built.total !== undefined) {
          pageTotal = cells.length;
          cells.push(built.total);
        }
        fields.push({ key: field.key, kind: 'page' });
        break;
      }
      case 'statement':
      case 'speaker':
      case 'source': {
        const bound = bindings.get(field);
        const on =
          bound?.kind === 'bySlug'
            ? (row: string) => `${row}.slug = ${b.param(bound.slug, 'text')}`
            : (row: string) => `${row}.id = ${b.param(b.bound(field, 'byId').id, 'uuid')}`;
        const value = b.byKey(field.object!, joins, on);
        cells.push(...value.cells);
        fields.push({ key: field.key, kind: 'value', value: value.shape, offset, required: true });
        break;
      }
      case 'node': {
        const bound = b.bound(field, 'node');
        if (!bound.branch) {
          fields.push({ key: field.key, kind: 'constant', json: 'null' });
          break;
        }
        const value = b.byKey(bound.branch, joins, (row) => `${row}.id = ${b.param(bound.id, 'uuid')}`);
        cells.push(...value.cells);
        fields.push({ key: field.key, kind: 'value', value: value.shape, offset });
        break;
      }
    }
  }
  const pageValues = page ? Array.from({ length: page.width }, (_, i) => `${page!.alias}.p${i}`) : [];
  const columns = [...cells, ...(page ? [`${page.alias}._row`, ...pageValues] : [])];
  const select = columns.length ? columns.map((cell, i) => `${cell} AS c${i}`).join(',\n') : "'' AS c0";
  // No ORDER BY: the page is the inner side of a nested loop over one row
  // (a join ON true can be nothing else), which yields its rows in the
  // order its own ORDER BY gives them; sorting the page's wide rows again
  // cost a few per cent of the statement.
  const sql = `SELECT ${select}\nFROM (SELECT 1) _one${joins.map((j) => `\n${j}`).join('')}`;
  const answer: AnswerShape = { fields, page: page && { shape: page.shape, at: cells.length, total: pageTotal } };
  return { sql, params: b.params, answer, columns: Array.from({ length: Math.max(1, columns.length) }, (_, i) => `c${i}`), prepare: b.prepare };
}
