import type { NodeType } from '../../ids.js';
import { typeByte } from '../../ids.js';
import { encodeCursor } from '../../pagination.js';
import { parseArray, type Cell } from './pgarray.js';

/**
 * Writing the answer, the fifth stage: the statement's rows hold every
 * value as PostgreSQL stores it, a column each, or inside a list of
 * related rows a two-dimensional text[] (sql.ts), and this writes them as
 * the JSON graphql-js would: keys in selection order, free text
 * through JSON.stringify, IDs and cursors by the functions the resolvers
 * use (or one shown equal to them), DateTimes by toISOString. A shape,
 * made with the SQL, says what each value of a row is.
 *
 * The JSON is built here rather than in PostgreSQL because there it cost
 * more than the rest of the statement: every value escaped, every date and
 * ID formatted, every object concatenated, in the database that every
 * request shares (bench/RESULTS.md).
 */

/** What one value of a row is, and how it is written. */
export type ValueShape =
  /** Known when the SQL was written (`__typename`, a constant flag). */
  | { kind: 'constant'; json: string }
  /** Free text, escaped by JSON.stringify. */
  | { kind: 'string' }
  /** Text that is its own JSON: an int4 or a boolean as PostgreSQL writes them. */
  | { kind: 'raw' }
  /** An enum label, which has nothing to escape. */
  | { kind: 'enum' }
  /** A timestamp as milliseconds since 1970, written as toISOString. */
  | { kind: 'time' }
  /** A text[] column, as a JSON array of strings. */
  | { kind: 'strings' }
  /** A uuid, written as the type's global ID. */
  | { kind: 'id'; type: NodeType }
  /** A related row's values, inline: after a marker that is NULL where there is no such row, or without one where the object's ID (NULL then) says so. */
  | { kind: 'inline'; object: ObjectShape; marker: boolean }
  /** Related rows as a two-dimensional text[], one row of values each. */
  | { kind: 'many'; object: ObjectShape }
  /** A page of statements as one text (sql.ts connectionText). */
  | { kind: 'connection'; connection: ConnectionShape };

export interface ObjectShape {
  /** Each key (with its comma and colon, written once) and its value, in selection order. */
  members: { prefix: string; value: ValueShape }[];
  /** How many of a row's values the members read, related rows inline included. */
  width: number;
  /** Where among them the row's own ID is, when it is asked for. */
  idAt?: number;
}

/** A statement connection: a page of statements and what is said about it. */
export interface ConnectionShape {
  /** The page's order, as its cursors name it. */
  order: 'N' | 'S' | 'R';
  /** The page size asked for (the statement reads one row more, to know whether there is a next page). */
  first: number;
  /** Where in a row its cursor's values are: the id, then stated_at or the rank. */
  cursorAt: number[];
  members: { prefix: string; value: ConnectionValue }[];
}

export type ConnectionValue =
  | { kind: 'constant'; json: string }
  | { kind: 'totalCount' }
  | { kind: 'edges'; members: { prefix: string; value: EdgeValue }[] }
  | { kind: 'pageInfo'; members: { prefix: string; value: PageInfoValue }[] };

/** An edge's member; a node's values start at `offset` in its row. */
export type EdgeValue = { kind: 'constant'; json: string } | { kind: 'cursor' } | { kind: 'node'; object: ObjectShape; offset: number };

export type PageInfoValue = { kind: 'constant'; json: string } | { kind: 'hasNextPage' | 'startCursor' | 'endCursor' };

/** The members' prefixes: `"key":` for the first, `,"key":` for the rest. */
export function prefixes<T>(members: { key: string; value: T }[]): { prefix: string; value: T }[] {
  return members.map(({ key, value }, i) => ({ prefix: `${i ? ',' : ''}${JSON.stringify(key)}:`, value }));
}

/** An object's JSON from a row's values, starting at `offset`. */
export function writeObject(shape: ObjectShape, cells: Cell[], offset = 0): string {
  let out = '{';
  let at = offset;
  for (const { prefix, value } of shape.members) {
    out += prefix;
    if (value.kind === 'constant') out += value.json;
    else if (value.kind === 'inline') {
      out += writeInline(value, cells, at);
      at += (value.marker ? 1 : 0) + value.object.width;
    } else out += writeValue(value, cells[at++]!);
  }
  return out + '}';
}

/** A related row inline at `at`, or null where there is none. */
function writeInline(value: Extract<ValueShape, { kind: 'inline' }>, cells: Cell[], at: number): string {
  if (value.marker) return cells[at] === null ? 'null' : writeObject(value.object, cells, at + 1);
  return cells[at + value.object.idAt!] === null ? 'null' : writeObject(value.object, cells, at);
}

function writeValue(shape: Exclude<ValueShape, { kind: 'constant' | 'inline' }>, cell: Cell): string {
  if (cell === null) return 'null';
  if (typeof cell !== 'string') throw new TypeError('a value is a nested array');
  switch (shape.kind) {
    case 'string':
      return jsonString(cell);
    case 'raw':
      return cell;
    case 'enum':
      return `"${cell}"`;
    case 'time':
      return `"${isoTime(cell)}"`;
    case 'strings':
      return JSON.stringify(parseArray(cell));
    case 'id':
      return `"${globalIdOf(shape.type, cell)}"`;
    case 'many': {
      const rows = parseArray(cell);
      let out = '[';
      for (let i = 0; i < rows.length; i++) out += (i ? ',' : '') + writeObject(shape.object, rows[i] as Cell[]);
      return out + ']';
    }
    case 'connection': {
      // `<rows read>;<total or nothing>;<the visible rows>`
      const a = cell.indexOf(';');
      const b = cell.indexOf(';', a + 1);
      return writeConnection(shape.connection, { read: Number(cell.slice(0, a)), total: cell.slice(a + 1, b), rows: parseArray(cell.slice(b + 1)) as Cell[][], offset: 0 });
    }
  }
}

/** A root field of the answer, in selection order. */
export type RootShape =
  | { key: string; kind: 'constant'; json: string }
  /** Values of the first row, from `offset`; `required`: a NULL first value (no such row) is an answer the resolvers would refuse. */
  | { key: string; kind: 'value'; value: Extract<ValueShape, { kind: 'inline' | 'connection' }>; offset: number; required?: boolean }
  /** The page whose rows are the statement's rows (AnswerShape.page). */
  | { key: string; kind: 'page' };

export interface AnswerShape {
  fields: RootShape[];
  /** Where the page's values are in each row: a marker at `at` (NULL on the one row of an empty page), the row's values after it; totalCount in the first row at `total` (-1: not asked for). */
  page?: { shape: ConnectionShape; at: number; total: number };
}

/** The `data` object's JSON from the statement's rows, or undefined where a required root field is missing (the resolvers refuse that). */
export function writeAnswer(answer: AnswerShape, rows: Cell[][]): string | undefined {
  const head = rows[0] ?? [];
  let out = '{';
  for (const [i, field] of answer.fields.entries()) {
    out += `${i ? ',' : ''}${JSON.stringify(field.key)}:`;
    if (field.kind === 'constant') out += field.json;
    else if (field.kind === 'value') {
      const value = field.value;
      const written = value.kind === 'inline' ? writeInline(value, head, field.offset) : writeValue(value, head[field.offset] ?? null);
      if (field.required && written === 'null') return undefined;
      out += written;
    } else {
      const page = answer.page!;
      // Rows come in page order; those past the page size are read only to know there are more.
      let read = 0;
      while (read < rows.length && rows[read]![page.at] !== null) read++;
      const visible = rows.slice(0, Math.min(read, page.shape.first));
      out += writeConnection(page.shape, { read, total: page.total >= 0 ? (head[page.total] as string) : '', rows: visible, offset: page.at + 1 });
    }
  }
  return out + '}';
}

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, surrogates (paired ones are kept, so they go to JSON.stringify too). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as JSON.stringify writes it. Most text has nothing to escape and
 * is written between quotes as it is: a test for the characters
 * JSON.stringify would change costs less than JSON.stringify itself.
 */
export function jsonString(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** A page's JSON: how many rows were read (one past the page says there is a next), totalCount's text, and the visible rows, whose values start at `offset`. */
export function writeConnection(shape: ConnectionShape, page: { read: number; total: string; rows: Cell[][]; offset: number }): string {
  const { read, total, rows, offset } = page;
  const cursorOf = (row: Cell[]) => statementCursor(shape.order, row, offset, shape.cursorAt);
  let out = '{';
  for (const { prefix, value } of shape.members) {
    out += prefix;
    switch (value.kind) {
      case 'constant':
        out += value.json;
        break;
      case 'totalCount':
        out += total;
        break;
      case 'pageInfo':
        out += '{';
        for (const m of value.members) {
          out += m.prefix;
          const v = m.value;
          if (v.kind === 'constant') out += v.json;
          else if (v.kind === 'hasNextPage') out += read > shape.first ? 'true' : 'false';
          else {
            const row = v.kind === 'startCursor' ? rows[0] : rows[rows.length - 1];
            out += row ? `"${cursorOf(row)}"` : 'null';
          }
        }
        out += '}';
        break;
      case 'edges':
        out += '[';
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          out += i ? ',{' : '{';
          for (const m of value.members) {
            out += m.prefix;
            const v = m.value;
            out += v.kind === 'constant' ? v.json : v.kind === 'cursor' ? `"${cursorOf(row)}"` : writeObject(v.object, row, offset + v.offset);
          }
          out += '}';
        }
        out += ']';
        break;
    }
  }
  return out + '}';
}

/** The cursor StatementService.list writes for a row of this order, from the row's values at `offset` + `cursorAt` (the id, then stated_at or the rank). */
function statementCursor(order: 'N' | 'S' | 'R', row: Cell[], offset: number, cursorAt: number[]): string {
  const id = row[offset + cursorAt[0]!] as string;
  const key = cursorAt.length > 1 ? (row[offset + cursorAt[1]!] ?? null) : null;
  if (order === 'N') return encodeCursor({ o: 'N', id });
  if (order === 'R') return encodeCursor({ o: 'R', r: key === null ? 0 : Number(key), id });
  return encodeCursor({ o: 'S', t: key === null ? null : isoTime(key as string), id });
}

const DAY = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on toISOString writes six digits and a sign. */
const YEAR_10000 = 253_402_300_800_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Milliseconds since 1970, as text, as Date.prototype.toISOString writes
 * them. A page writes dozens; a Date for each cost more than the rest of
 * the value, so 1970 to 9999 are worked out here (the civil calendar from
 * a day count, as in Howard Hinnant's date algorithms) and a test holds
 * them equal to toISOString; other instants go through Date.
 */
export function isoTime(text: string): string {
  const ms = Number(text);
  if (!(ms >= 0 && ms < YEAR_10000 && Number.isInteger(ms))) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY);
  let rest = ms - days * DAY;
  // Days since 0000-03-01, in 400-year eras of 146097 days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${year}-${PAD2[month]}-${PAD2[day]}T${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * 1000]}Z`;
}

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Two base64url characters for each 12 bits. */
const PAIRS = Array.from({ length: 4096 }, (_, v) => BASE64URL[v >> 6]! + BASE64URL[v & 63]!);
const nibbles = new Uint8Array(34);

/**
 * As toGlobalId (ids.ts): base64url of the type's byte and the uuid's 16,
 * written straight from the uuid's text, three hex digits (12 bits) to two
 * characters. A page writes dozens of these, and Buffer's way allocates
 * twice for each (a test holds the two equal).
 */
export function globalIdOf(type: NodeType, uuid: string): string {
  if (uuid.length !== 36) throw new TypeError(`not a uuid: ${uuid}`);
  const tag = typeByte(type);
  nibbles[0] = tag >> 4;
  nibbles[1] = tag & 15;
  let n = 2;
  for (let i = 0; i < 36; i++) {
    const c = uuid.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) throw new TypeError(`not a uuid: ${uuid}`);
      continue;
    }
    const v = c < 128 ? HEX[c]! : -1;
    if (v < 0) throw new TypeError(`not a uuid: ${uuid}`);
    nibbles[n++] = v;
  }
  let out = '';
  for (let i = 0; i < 33; i += 3) out += PAIRS[(nibbles[i]! << 8) | (nibbles[i + 1]! << 4) | nibbles[i + 2]!]!;
  // 136 bits: the last 4 make one more character, padded with two zero bits.
  return out + BASE64URL[nibbles[33]! << 2]!;
}
