import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError } from './errors.js';
import { isUuid } from './ids.js';
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

export function encodeCursor(key: unknown): string {
  return Buffer.from(CURSOR_PREFIX + JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<TCursor>(cursor: string, isCursor: (value: unknown) => value is TCursor): TCursor {
  const invalid = () => new BadUserInputError('after is not a valid cursor for this list', 'after');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(text.slice(CURSOR_PREFIX.length));
  } catch {
    throw invalid();
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
