import { getNamedType, getNullableType, isEnumType, isListType, type GraphQLObjectType } from 'graphql';
import { base64urlSql as base64url, bytesLiteral, globalIdSql, uuidBytesSql } from '../../db/sql-ids.js';
import { CURSOR_START, CURSOR_TAG, cursorFieldName, cursorValue } from '../../pagination.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { keyset as keysetSql } from '../../modules/statement/statement.service.js';
import type { Bindings, Bound, StatementFilterValues } from './binder.js';
import type { PlanField, PlanObject } from './plan.js';
import type { ConnectionPart, RelationName } from './spec.js';

/**
 * SQL generation, the fourth stage: one SELECT whose columns are the root
 * fields' values as JSON text, each built by PostgreSQL in the shape and key
 * order graphql-js would give it. Related rows are read in the order, and
 * with the caps, the loaders read them (related-rows.ts, the *.loaders.ts
 * files); scalars are written as the schema's scalars serialise them:
 * DateTime as toISOString, IDs and cursors as base64url like ids.ts and
 * pagination.ts. Every value from the request is a parameter. A search is
 * the service's own SQL (search.plan.ts), embedded.
 *
 * The JSON is written as text, joined with `||`: keys and punctuation are
 * literals folded together here, values that need no escaping (IDs,
 * cursors, dates, enums, numbers, booleans) are written as they are, and
 * only free text goes through to_json. json_build_object looked up the
 * type of every key and every value on every row, which made a page's
 * statement cost PostgreSQL about a tenth more (bench/RESULTS.md).
 * Every value expression below is JSON text, never NULL, unless its
 * comment says it may be NULL.
 */

export interface Generated {
  sql: string;
  params: unknown[];
  /** The root fields' response keys, in order, with a column each (or a constant). */
  columns: { key: string; column?: string; constant?: string; required: boolean }[];
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
   * the statement is prepared (readRowsText), and with `LIMIT $1`
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

  /** A JSON object of `object`'s fields for the row `row` of its table. */
  object(object: PlanObject, row: string): string {
    return jsonObject(object.fields.map((field) => [field.key, this.value(field, object.type, row)]));
  }

  private value(field: PlanField, parent: GraphQLObjectType, row: string): Json {
    const spec = field.spec;
    switch (spec.kind) {
      case 'typename':
        return { constant: JSON.stringify(parent.name) };
      case 'column':
        return { sql: this.scalar(field, `${row}.${spec.column}`) };
      case 'globalId':
        return { sql: quoted(globalIdSql(spec.type, `${row}.id`)) };
      case 'relation':
        // A relation to one row is NULL where there is none.
        return { sql: orNull(RELATIONS[spec.name](this, field, row)) };
      default:
        throw new Error(`${parent.name}.${field.key} (${spec.kind}) cannot appear here`);
    }
  }

  private scalar(field: PlanField, expression: string): string {
    const type = getNullableType(field.def.type);
    const named = getNamedType(type);
    if (isListType(type)) return orNull(jsonString(expression));
    // Enum labels are names ([_A-Za-z][_0-9A-Za-z]*): nothing in them to escape.
    if (isEnumType(named)) return orNull(quoted(`${expression}::text`));
    if (named.name === 'DateTime') return orNull(quoted(isoTime(expression)));
    // int4's text is its JSON; a boolean cast to text is true or false.
    if (named.name === 'Int' || named.name === 'Boolean') return orNull(`${expression}::text`);
    return orNull(jsonString(expression));
  }

  /** A list of `field.object`s from `from` (whose row is `row`), in `order`, at most `limit` (SQL) of them. */
  list(field: PlanField, from: string, row: string, order: string, limit?: string): string {
    // An array built from a sub-select holds its rows in the sub-select's
    // order, so the list needs no window function numbering its rows for an
    // ordered aggregate (which sorted them a second time). An empty list is [].
    return `'[' || array_to_string(ARRAY(SELECT ${this.object(field.object!, row)} FROM ${from} ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}), ',') || ']'`;
  }

  first(field: PlanField): string {
    return this.limit(this.bound(field, 'first').first);
  }

  /** One row of `type` by `where` (of alias row), as its object; NULL where there is none. */
  one(field: PlanField, object: PlanObject, where: (row: string) => string): string {
    const row = this.alias();
    return `(SELECT ${this.object(object, row)} FROM ${TABLES[object.type.name]} ${row} WHERE ${where(row)})`;
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

  /** A page of statements (the `statements` root field), as its connection object. */
  connection(field: PlanField, bound: Extract<Bound, { kind: 'statements' }>): string {
    const row = this.alias();
    const first = this.limit(bound.first);
    // Inside the page, the statement is `s` and a ranking `r`, as the service's SQL names them.
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
    const rowOf = (column: string) => `${row}.${column}`;
    const visible = `FILTER (WHERE ${row}._n <= ${first})`;
    // The first or last row's cursor, written once from that row's columns rather than for every row of the page; NULL on an empty page.
    const endOf = (direction: '' | ' DESC') =>
      quoted(cursorSql(bound.order, (column) => `(array_agg(${row}.${column} ORDER BY ${row}._n${direction}) ${visible})[1]`));
    const part = (f: PlanField): ConnectionPart | 'typename' => (f.spec.kind === 'connection' ? f.spec.part : f.spec.kind === 'typename' ? 'typename' : fail(f));
    const objectOf = (f: PlanField, values: (part: ConnectionPart, f: PlanField) => string) =>
      jsonObject(f.object!.fields.map((g) => [g.key, part(g) === 'typename' ? { constant: JSON.stringify(f.object!.type.name) } : { sql: values(part(g) as ConnectionPart, g) }]));
    const counted = () => `(SELECT count(*)::int FROM ${ranked ? rankedFrom() : 'statement s'} ${where(conditions())})::text`;
    const parts = field.object!.fields.map((f): [string, Json] => {
      const p = part(f);
      if (p === 'typename') return [f.key, { constant: JSON.stringify(field.object!.type.name) }];
      let value: string;
      if (p === 'edges') {
        const edge = objectOf(f, (q, g) => (q === 'cursor' ? quoted(cursorSql(bound.order, rowOf)) : q === 'node' ? this.object(g.object!, row) : fail(g)));
        value = `'[' || coalesce(string_agg(${edge}, ',' ORDER BY ${row}._n) ${visible}, '') || ']'`;
      } else if (p === 'pageInfo') {
        value = objectOf(f, (q, g) => {
          if (q === 'hasNextPage') return `(count(*) > ${first})::text`;
          if (q === 'hasPreviousPage') return bound.after ? `'true'` : `'false'`;
          if (q === 'startCursor') return orNull(endOf(''));
          if (q === 'endCursor') return orNull(endOf(' DESC'));
          return fail(g);
        });
      } else if (p === 'totalCount') value = counted();
      else value = fail(f);
      return [f.key, { sql: value }];
    });
    const object = jsonObject(parts);
    // A rank whose text JSON.stringify would write otherwise (see rankWritable) leaves the page to the resolvers: the connection is null, which they never answer.
    const answer = ranked ? `CASE WHEN coalesce(bool_and(${rankWritable(`${row}._rank`)}) ${visible}, true) THEN ${object} END` : object;
    // The page carries only the statement's columns the answer reads (the
    // window function keeps every column it is given). They are named in
    // the SQL written above as `<row>.<column>`, the alias being this page's own.
    const used = new Set(['id', ...[...answer.matchAll(new RegExp(`\\b${row}\\.([a-z_]+)\\b`, 'g'))].map((m) => m[1]!)]);
    const columns = [...used].filter((c) => c !== '_rank' && c !== '_n').map((c) => `s.${c}`);
    const page = `(SELECT ${columns.join(', ')}, ${ranked ? 'r.rank' : 'NULL::float8'} AS _rank, row_number() OVER (ORDER BY ${order}) AS _n FROM ${from}
      ${where(all)} ORDER BY ${order} LIMIT ${first} + 1) ${row}`;
    // Grouped, so that it is one row even when no part aggregates (a selection of only __typename and totalCount).
    return `(SELECT ${answer} FROM ${page} GROUP BY ())`;
  }
}

function fail(field: PlanField): never {
  throw new Error(`${field.key} cannot appear here`);
}

/** A value in a JSON object: JSON text known now, or SQL that yields it. */
type Json = { constant: string } | { sql: string };

/** A SQL string literal. */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * A JSON object as one text expression: `{"a":` || a || `,"b":` || b || `}`,
 * each run of keys, punctuation and constant values one literal.
 */
export function jsonObject(members: [key: string, value: Json][]): string {
  const pieces: string[] = [];
  let pending = '{';
  members.forEach(([key, value], i) => {
    pending += `${i ? ',' : ''}${JSON.stringify(key)}:`;
    if ('constant' in value) pending += value.constant;
    else {
      pieces.push(literal(pending), value.sql);
      pending = '';
    }
  });
  pieces.push(literal(pending + '}'));
  return `(${pieces.join(' || ')})`;
}

/** Free text (or an array of it) as a JSON string, escaped as json_build_object escapes it; NULL for NULL. */
export const jsonString = (expression: string) => `to_json(${expression})::text`;

/** Text with nothing to escape (an ID, a cursor, a date, an enum label) as a JSON string; NULL for NULL. */
const quoted = (expression: string) => `('"' || ${expression} || '"')`;

/** JSON null where `expression` is NULL. */
const orNull = (expression: string) => `coalesce(${expression}, 'null')`;

/** As Date.prototype.toISOString (timestamps are stored to the millisecond). */
export const isoTime = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Whether PostgreSQL writes the float `rank` as JSON.stringify does. Both
 * write the shortest digits that read back as the same number (PostgreSQL
 * 12 on, extra_float_digits 1, its default), but PostgreSQL switches to an
 * exponent below 1e-4 and from 1e15 on, JavaScript below 1e-6 and from
 * 1e21 on. Ranks are near 1; one outside the range they agree on is left
 * to the resolvers.
 */
export const rankWritable = (rank: string) => `(${rank} = 0 OR (${rank} >= 1e-4 AND ${rank} < 1e15))`;

/**
 * As encodeCursor of the cursor StatementService.list writes for this order,
 * from a page row's columns (`id`, `stated_at`, and a relevance cursor's
 * rank as `_rank`), each given as SQL by `column`; NULL where the id is.
 */
export function cursorSql(order: 'N' | 'S' | 'R', column: (name: 'id' | 'stated_at' | '_rank') => string): string {
  const start = [CURSOR_START, cursorFieldName('o'), cursorValue(order)];
  const id = `${bytesLiteral(cursorFieldName('id'), Buffer.from([CURSOR_TAG.uuid]))} || ${uuidBytesSql(column('id'))}`;
  if (order === 'N') return base64url(`${bytesLiteral(...start)} || ${id}`);
  if (order === 'R') {
    // The rank as cursorValue writes a number: its JSON text after a 2-byte length.
    const rank = `convert_to(${column('_rank')}::text, 'UTF8')`;
    return base64url(`${bytesLiteral(...start, cursorFieldName('r'), Buffer.from([CURSOR_TAG.json]))} || int2send(length(${rank})::int2) || ${rank} || ${id}`);
  }
  // Milliseconds since 1970 as 8 bytes, big-endian, as writeBigInt64BE writes them.
  const statedAt = column('stated_at');
  const time = `${bytesLiteral(Buffer.from([CURSOR_TAG.time]))} || int8send((extract(epoch FROM ${statedAt}) * 1000)::bigint)`;
  return base64url(
    `${bytesLiteral(...start, cursorFieldName('t'))} || CASE WHEN ${statedAt} IS NULL THEN ${bytesLiteral(Buffer.from([CURSOR_TAG.null]))} ELSE ${time} END || ${id}`,
  );
}

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

type RelationSql = (b: Builder, field: PlanField, parent: string) => string;

const count = (from: string) => `(SELECT count(*)::int FROM ${from})::text`;

/** Statements at the other end of REBUTS links (`end` the column naming them), oldest link first. */
const rebutting =
  (near: 'to_id' | 'from_id', far: 'from_id' | 'to_id'): RelationSql =>
  (b, field, parent) => {
    const l = b.alias();
    const r = b.alias();
    return b.list(field, `statement_link ${l} JOIN statement ${r} ON ${r}.id = ${l}.${far} WHERE ${l}.${near} = ${parent}.id AND ${l}.kind = 'REBUTS'`, r, `${l}.created_at, ${l}.id`, b.first(field));
  };

/** What each RelationName means in SQL, as its resolver and loader read it. */
export const RELATIONS: Record<RelationName, RelationSql> = {
  'statement.speaker': (b, field, parent) => b.one(field, field.object!, (row) => `${row}.id = ${parent}.speaker_id`),
  'statement.appearances': (b, field, parent) => {
    const a = b.alias();
    return b.list(field, `appearance ${a} WHERE ${a}.statement_id = ${parent}.id`, a, `${a}.published_at NULLS LAST, ${a}.id`, b.first(field));
  },
  'statement.appearanceCount': (b, _field, parent) => {
    const a = b.alias();
    return count(`appearance ${a} WHERE ${a}.statement_id = ${parent}.id`);
  },
  // Each outlet once, at its first appearance (related-rows.ts sourceOrder).
  'statement.sources': (b, field, parent) => {
    const f = b.alias();
    const so = b.alias();
    return b.list(
      field,
      `(SELECT DISTINCT ON (r.source_id) r.source_id, r.published_at, r.id FROM appearance r WHERE r.statement_id = ${parent}.id
        ORDER BY r.source_id, r.published_at NULLS LAST, r.id) ${f} JOIN source ${so} ON ${so}.id = ${f}.source_id`,
      so,
      `${f}.published_at NULLS LAST, ${f}.id`,
      b.first(field),
    );
  },
  'statement.rebuttals': rebutting('to_id', 'from_id'),
  'statement.rebuts': rebutting('from_id', 'to_id'),
  'statement.rebuttalCount': (b, _field, parent) => {
    const l = b.alias();
    return count(`statement_link ${l} WHERE ${l}.to_id = ${parent}.id AND ${l}.kind = 'REBUTS'`);
  },
  'statement.disputed': (b, _field, parent) => {
    const l = b.alias();
    return `(EXISTS (SELECT 1 FROM statement_link ${l} WHERE ${l}.to_id = ${parent}.id AND ${l}.kind = 'REBUTS'))::text`;
  },
  'statement.verdict': (b, field, parent) => {
    const v = b.alias();
    return `(SELECT ${b.object(field.object!, v)} FROM verdict ${v} WHERE ${v}.statement_id = ${parent}.id ORDER BY ${v}.created_at DESC, ${v}.id DESC LIMIT 1)`;
  },
  'statement.verdicts': (b, field, parent) => {
    const v = b.alias();
    return b.list(field, `verdict ${v} WHERE ${v}.statement_id = ${parent}.id`, v, `${v}.created_at DESC, ${v}.id DESC`, b.first(field));
  },
  'statement.verdictCount': (b, _field, parent) => {
    const v = b.alias();
    return count(`verdict ${v} WHERE ${v}.statement_id = ${parent}.id`);
  },
  'appearance.source': (b, field, parent) => b.one(field, field.object!, (row) => `${row}.id = ${parent}.source_id`),
  'appearance.statement': (b, field, parent) => b.one(field, field.object!, (row) => `${row}.id = ${parent}.statement_id`),
  'verdict.evidence': (b, field, parent) => {
    const e = b.alias();
    return b.list(field, `evidence ${e} WHERE ${e}.verdict_id = ${parent}.id`, e, `${e}.position`);
  },
  'verdict.judgedSpeaker': (b, field, parent) => b.one(field, field.object!, (row) => `${row}.id = ${parent}.judged_speaker_id`),
  'verdict.statement': (b, field, parent) => b.one(field, field.object!, (row) => `${row}.id = ${parent}.statement_id`),
};

/** The whole statement for a plan of the Query type and its bindings. */
export function generate(plan: PlanObject, bindings: Bindings): Generated {
  const b = new Builder(bindings);
  const selects: string[] = [];
  const columns: Generated['columns'] = [];
  for (const field of plan.fields) {
    if (field.spec.kind === 'typename') {
      columns.push({ key: field.key, constant: JSON.stringify(plan.type.name), required: false });
      continue;
    }
    if (field.spec.kind !== 'root') throw new Error(`${field.key} is no root field`);
    const column = `c${selects.length}`;
    let expression: string;
    let required = true;
    switch (field.spec.name) {
      case 'statements':
        expression = b.connection(field, b.bound(field, 'statements'));
        break;
      case 'statement':
      case 'speaker':
      case 'source': {
        const bound = bindings.get(field);
        if (bound?.kind === 'bySlug') expression = b.one(field, field.object!, (row) => `${row}.slug = ${b.param(bound.slug, 'text')}`);
        else expression = b.one(field, field.object!, (row) => `${row}.id = ${b.param(b.bound(field, 'byId').id, 'uuid')}`);
        break;
      }
      case 'node': {
        const bound = b.bound(field, 'node');
        required = false;
        expression = bound.branch ? b.one(field, bound.branch, (row) => `${row}.id = ${b.param(bound.id, 'uuid')}`) : 'NULL::text';
        break;
      }
    }
    selects.push(`(${expression}) AS ${column}`);
    columns.push({ key: field.key, column, required });
  }
  return { sql: selects.length ? `SELECT ${selects.join(',\n')}` : 'SELECT 1', params: b.params, columns, prepare: b.prepare };
}
