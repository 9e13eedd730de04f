/**
 * PostgreSQL's text form of an array, read back: the compiled statement
 * returns each list of related rows as a two-dimensional text[], a row of
 * values each, and a text[] column as it is (sql.ts). This reads what array_out writes and
 * nothing more: `{` elements separated by `,` `}`, an element either a
 * nested array, NULL, a bare word (array_out leaves a value bare only when
 * it has no space, quote, backslash, comma or brace and is not empty or
 * "NULL") or a double-quoted string in which `\` escapes the next
 * character.
 */

/** An element: text, NULL, or the elements of a nested dimension. */
export type Cell = string | null | Cell[];

/** Thrown on text array_out would never write: the caller's SQL and this reader disagree. */
export class ArrayTextError extends Error {}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const COMMA = 0x2c;
const QUOTE = 0x22;

/** The elements of an array's text (its outer dimension). */
export function parseArray(text: string): Cell[] {
  if (text.charCodeAt(0) !== OPEN) throw new ArrayTextError('an array starts with {');
  const reader = { text, at: 0 };
  const cells = readDimension(reader);
  if (reader.at !== text.length) throw new ArrayTextError('text after the array');
  return cells;
}

interface Reader {
  readonly text: string;
  at: number;
}

/** The elements from `{` to its `}`, leaving `at` past the `}`. */
function readDimension(r: Reader): Cell[] {
  const { text } = r;
  const cells: Cell[] = [];
  r.at++;
  if (text.charCodeAt(r.at) === CLOSE) {
    r.at++;
    return cells;
  }
  for (;;) {
    const c = text.charCodeAt(r.at);
    if (c === OPEN) cells.push(readDimension(r));
    else if (c === QUOTE) cells.push(readQuoted(r));
    else cells.push(readBare(r));
    const next = text.charCodeAt(r.at++);
    if (next === CLOSE) return cells;
    if (next !== COMMA) throw new ArrayTextError(`unexpected ${Number.isNaN(next) ? 'end' : JSON.stringify(String.fromCharCode(next))} at ${r.at - 1}`);
  }
}

function readQuoted(r: Reader): string {
  const { text } = r;
  let from = r.at + 1;
  let value = '';
  // Each search starts where the last one left off, so a string of many
  // backslashes costs its length, not its length squared.
  let quote = text.indexOf('"', from);
  let escape = text.indexOf('\\', from);
  for (;;) {
    if (quote < 0) throw new ArrayTextError('unterminated string');
    if (escape >= 0 && escape < quote) {
      // The character after the backslash stands for itself.
      value += text.slice(from, escape) + text[escape + 1];
      from = escape + 2;
      if (quote < from) quote = text.indexOf('"', from);
      escape = text.indexOf('\\', from);
      continue;
    }
    value += text.slice(from, quote);
    r.at = quote + 1;
    return value;
  }
}

function readBare(r: Reader): string | null {
  const { text } = r;
  // A bare element ends at the first comma or closing brace (array_out
  // quotes any value holding either).
  const comma = text.indexOf(',', r.at);
  const close = text.indexOf('}', r.at);
  const end = comma < 0 ? close : close < 0 ? comma : Math.min(comma, close);
  if (end <= r.at) throw new ArrayTextError(end < 0 ? 'unterminated array' : `empty element at ${end}`);
  const value = text.slice(r.at, end);
  if (value.includes('{') || value.includes('"') || value.includes('\\')) throw new ArrayTextError(`unexpected character in ${value}`);
  r.at = end;
  // array_out quotes a string that reads NULL; bare, it is the null value.
  return value === 'NULL' ? null : value;
}
