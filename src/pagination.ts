import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError } from './errors.js';
import { isUuid, uuidBytes, uuidFromBytes } from './ids.js';
import { unsafeTextReason } from './validation.js';
import { Compiled, connectionPart } from './graphql/compiled/spec.js';

/**
 * Relay-style cursor connections with keyset pagination: a cursor names the
 * last row seen (its sort key), not an offset, so inserting rows never shifts
 * a page and page 500 costs what page 1 costs.
 */

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'How many items to return: 0 to the maximum page size (100 unless configured); 20 when omitted.',
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (an `endCursor` or edge `cursor` from a previous page).',
  })
  after?: string | null;
}

/**
 * Lists nested in an object (a statement's appearances, rebuttals, links,
 * verdicts; an article's candidates) take a `first` too: without one, a
 * query nesting them multiplies unbounded lists and one anonymous request
 * can walk millions of nodes. The cost analysis counts each at its `first`.
 */
export const NESTED_LIST_DEFAULT = 10;

export const NESTED_FIRST_DESCRIPTION =
  'How many to return, in list order: 0 to the maximum page size (100 unless configured); 10 when omitted.';

/** The first `first` items; `first` was range-checked before execution (see limits.ts). */
export function firstOf<T>(items: readonly T[], first: number): T[] {
  return items.slice(0, Math.max(0, first));
}

export interface PageLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

export interface PageRequest<TCursor> {
  first: number;
  after: TCursor | undefined;
}

export function pageRequest<TCursor>(
  args: PageArgs,
  limits: PageLimits,
  isCursor: (value: unknown) => value is TCursor,
): PageRequest<TCursor> {
  const first = args.first ?? limits.defaultPageSize;
  if (!Number.isInteger(first) || first < 0 || first > limits.maxPageSize) {
    throw new BadUserInputError(`first must be between 0 and ${limits.maxPageSize} (got ${first})`, 'first', {
      maxPageSize: limits.maxPageSize,
    });
  }
  const after = args.after == null || args.after === '' ? undefined : decodeCursor(args.after, isCursor);
  return { first, after };
}

const CURSOR_PREFIX = 'c1:';
const MAX_CURSOR_LENGTH = 512;

/*
 * Cursors come back from clients, so each field is checked as strictly as
 * the service writes it: whatever passes reaches SQL as a parameter, and a
 * value PostgreSQL refuses would surface as an internal error.
 */

/** A JSON object (not an array or null), for a cursor's fields. */
export function isCursorObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A time as `toISOString` writes it, years 1 to 9999: a date JavaScript
 * accepts but PostgreSQL does not (year -271821, year 0) never gets to it,
 * and a string that merely parses ("2024-02-30", "March 1") is no cursor.
 */
export function isCursorTime(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || value.startsWith('0000')) return false;
  const time = Date.parse(value);
  return Number.isFinite(time) && new Date(time).toISOString() === value;
}

/** Text a cursor carries (a name): storable text, as names are. */
export function isCursorText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH && unsafeTextReason(value) === undefined;
}

/** The position in a list ordered by id alone (uuid v7 ids grow with time). */
export type IdCursor = { id: string };

export function isIdCursor(value: unknown): value is IdCursor {
  return isCursorObject(value) && isUuid(value.id);
}

/** The position in a list ordered by name, then id (sources, speakers). */
export type NameCursor = { n: string; id: string };

export function isNameCursor(value: unknown): value is NameCursor {
  return isCursorObject(value) && isCursorText(value.n) && isUuid(value.id);
}

/*
 * Cursors are written compact: a version byte, then each field of the key
 * as its name (a length byte and the name) and its value, tagged: a uuid as
 * its 16 bytes, a time as its milliseconds (8 bytes), text with a 2-byte
 * length, null as the tag alone, anything else as JSON text. About half the
 * length of the first form ("c1:" and the key's JSON, in base64url), which
 * still reads.
 */
const COMPACT_CURSOR = 0x02;
export const CURSOR_TAG = { uuid: 0x75, time: 0x74, text: 0x73, null: 0x7a, json: 0x6a } as const;

/** The bytes a compact cursor starts with. */
export const CURSOR_START = Buffer.from([COMPACT_CURSOR]);

/** A field's name as a compact cursor writes it, before its value's tag. */
export function cursorFieldName(name: string): Buffer {
  const bytes = Buffer.from(name, 'utf8');
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** A value as a compact cursor writes it: its tag, then its bytes. */
export function cursorValue(value: unknown): Buffer {
  if (value === null) return Buffer.from([CURSOR_TAG.null]);
  if (isUuid(value)) return Buffer.concat([Buffer.from([CURSOR_TAG.uuid]), uuidBytes(value)]);
  if (isCursorTime(value)) {
    const bytes = Buffer.alloc(9);
    bytes[0] = CURSOR_TAG.time;
    bytes.writeBigInt64BE(BigInt(Date.parse(value)), 1);
    return bytes;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const bytes = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(3);
  head[0] = typeof value === 'string' ? CURSOR_TAG.text : CURSOR_TAG.json;
  head.writeUInt16BE(Math.min(bytes.length, 0xffff), 1);
  return Buffer.concat([head, bytes]);
}

export function encodeCursor(key: unknown): string {
  const parts: Buffer[] = [CURSOR_START];
  for (const [name, value] of Object.entries(key as Record<string, unknown>)) parts.push(cursorFieldName(name), cursorValue(value));
  return Buffer.concat(parts).toString('base64url');
}

/** The key in a compact cursor, or undefined when its bytes are not one. */
function readCompact(bytes: Buffer): Record<string, unknown> | undefined {
  const key: Record<string, unknown> = {};
  let at = 1;
  const take = (n: number) => {
    if (at + n > bytes.length) throw new RangeError('short');
    const part = bytes.subarray(at, at + n);
    at += n;
    return part;
  };
  try {
    while (at < bytes.length) {
      const name = take(take(1)[0]!).toString('utf8');
      if (name === '' || name === '__proto__' || Object.hasOwn(key, name)) return undefined;
      const tag = take(1)[0];
      if (tag === CURSOR_TAG.null) key[name] = null;
      else if (tag === CURSOR_TAG.uuid) key[name] = uuidFromBytes(take(16));
      else if (tag === CURSOR_TAG.time) {
        const ms = Number(take(8).readBigInt64BE());
        const date = new Date(ms);
        if (!Number.isFinite(date.getTime())) return undefined;
        key[name] = date.toISOString();
      } else if (tag === CURSOR_TAG.text || tag === CURSOR_TAG.json) {
        const text = take(take(2).readUInt16BE()).toString('utf8');
        key[name] = tag === CURSOR_TAG.text ? text : JSON.parse(text);
      } else return undefined;
    }
  } catch {
    return undefined;
  }
  return key;
}

export function decodeCursor<TCursor>(cursor: string, isCursor: (value: unknown) => value is TCursor): TCursor {
  const invalid = () => new BadUserInputError('after is not a valid cursor for this list', 'after');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const bytes = Buffer.from(cursor, 'base64url');
  let value: unknown;
  if (bytes[0] === COMPACT_CURSOR) {
    value = readCompact(bytes);
  } else {
    const text = bytes.toString('utf8');
    if (!text.startsWith(CURSOR_PREFIX)) throw invalid();
    try {
      value = JSON.parse(text.slice(CURSOR_PREFIX.length));
    } catch {
      throw invalid();
    }
  }
  if (!isCursor(value)) throw invalid();
  return value;
}

@ObjectType({ description: 'Where a page sits in its list (Relay cursor connections).' })
export class PageInfo {
  @Compiled(connectionPart('hasNextPage'))
  @Field(() => Boolean, { description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Compiled(connectionPart('hasPreviousPage'))
  @Field(() => Boolean, { description: 'True when this page was requested with `after`, i.e. items precede it.' })
  hasPreviousPage!: boolean;

  @Compiled(connectionPart('startCursor'))
  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page.' })
  startCursor!: string | null;

  @Compiled(connectionPart('endCursor'))
  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Page<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  /** Counted only when a client asks for totalCount. */
  count: () => Promise<number>;
}

/**
 * Builds a page from rows fetched with LIMIT first + 1: the extra row only
 * says whether another page follows.
 */
export function toPage<TRow, TNode>(
  rows: TRow[],
  request: PageRequest<unknown>,
  cursorOf: (row: TRow) => unknown,
  toNode: (row: TRow) => TNode,
  count: () => Promise<number>,
): Page<TNode> {
  const visible = rows.slice(0, request.first);
  const edges = visible.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > request.first,
      hasPreviousPage: request.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count,
  };
}

export interface ConnectionShape<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/** A connection type `<Name>Connection` with edges of `<Name>Edge`; `what` and `whats` name one item and several in descriptions. */
export function Connection<TNode extends object>(nodeType: ClassType<TNode>, name: string, what: string, whats = `${what}s`) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Compiled(connectionPart('cursor'))
    @Field(() => String, { description: 'Opaque position of this item; pass it as `after` to continue from here.' })
    cursor!: string;

    @Compiled(connectionPart('node'))
    @Field(() => nodeType, { description: `The ${what}.` })
    node!: TNode;
  }

  @ObjectType()
  abstract class ConnectionBase implements ConnectionShape<TNode> {
    @Compiled(connectionPart('edges'))
    @Field(() => [Edge], { description: `The ${whats} on this page, in list order.` })
    edges: Edge[];

    @Compiled(connectionPart('pageInfo'))
    @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursors to get them.' })
    pageInfo: PageInfo;

    readonly #count: () => Promise<number>;

    constructor(page: Page<TNode>) {
      this.edges = page.edges;
      this.pageInfo = page.pageInfo;
      this.#count = page.count;
    }

    @Compiled(connectionPart('totalCount'))
    @Field(() => Int, { description: `How many ${whats} match, across all pages (counted only when asked for).` })
    totalCount(): Promise<number> {
      return this.#count();
    }
  }

  return ConnectionBase;
}
