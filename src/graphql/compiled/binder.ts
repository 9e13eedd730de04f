import { getArgumentValues } from 'graphql';
import { fromGlobalId, parseGlobalId, type NodeType } from '../../ids.js';
import { pageRequest, type PageLimits } from '../../pagination.js';
import { isStatementCursor, searchOf, statementCursorOrder, type StatementCursor } from '../../modules/statement/statement.service.js';
import type { SearchPlan } from '../../modules/search/search.plan.js';
import { languageTag, slug } from '../../validation.js';
import type { PlanField, PlanObject } from './plan.js';

/**
 * The variable binder, the third stage: per request, each argument of the
 * plan's fields is coerced as graphql-js coerces it and checked as the
 * service behind the resolver checks it. Whatever that service would refuse
 * (an invalid ID or cursor, a page size out of range, a search too long) is not
 * bound: the request goes to the resolvers, so their errors stay the only
 * ones clients see.
 */

export class Refused extends Error {}

export interface StatementFilterValues {
  statuses: string[];
  speakerId?: string;
  sourceId?: string;
  language?: string;
  statedAfter?: string;
  statedBefore?: string;
  disputed?: boolean;
}

export type Bound =
  | {
      kind: 'statements';
      first: number;
      /** The cursor as the service decodes it: the SQL uses the service's own keyset for it. */
      after: StatementCursor | undefined;
      /** NEWEST, STATED_AT or RELEVANCE, as a cursor names them. */
      order: 'N' | 'S' | 'R';
      filter: StatementFilterValues;
      /** filter.search as StatementService plans it (its SQL is the service's own), or null. */
      search: SearchPlan | null;
    }
  | { kind: 'byId'; id: string }
  | { kind: 'bySlug'; slug: string }
  /** `node`: the type the ID names, or null for one it never answers (administrative records). */
  | { kind: 'node'; type: NodeType | null; id: string; branch: PlanObject | null }
  | { kind: 'first'; first: number };

export type Bindings = Map<PlanField, Bound>;

/** Types `node` answers null for whatever the ID (see node.service.ts). */
const NEVER_NODES = new Set<NodeType>(['ApiKey', 'AuditEntry', 'Webhook']);

export function bind(plan: PlanObject, variables: Record<string, unknown>, limits: PageLimits): Bindings {
  const bindings: Bindings = new Map();
  const walk = (object: PlanObject) => {
    for (const field of object.fields) {
      const bound = field.spec.kind === 'typename' ? undefined : bindField(field, variables, limits);
      if (bound) bindings.set(field, bound);
      if (field.object) walk(field.object);
      if (bound?.kind === 'node' && bound.branch) walk(bound.branch);
    }
  };
  walk(plan);
  return bindings;
}

function refusing<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new Refused(error instanceof Error ? error.message : String(error));
  }
}

function bindField(field: PlanField, variables: Record<string, unknown>, limits: PageLimits): Bound | undefined {
  const spec = field.spec;
  if (field.def.args.length === 0) return undefined;
  const args = refusing(() => getArgumentValues(field.def, field.nodes[0]!, variables));
  if (spec.kind === 'root') {
    switch (spec.name) {
      case 'statements':
        return refusing(() => statementsArgs(args, limits));
      case 'statement':
        return { kind: 'byId', id: refusing(() => fromGlobalId('Statement', args.id as string, 'id')) };
      case 'speaker':
        return { kind: 'byId', id: refusing(() => fromGlobalId('Speaker', args.id as string, 'id')) };
      case 'source': {
        const { id, slug: slugValue } = args as { id?: string | null; slug?: string | null };
        if ((id == null) === (slugValue == null)) throw new Refused('Give either id or slug');
        if (id != null) return { kind: 'byId', id: refusing(() => fromGlobalId('Source', id, 'id')) };
        return { kind: 'bySlug', slug: refusing(() => slug('slug', slugValue!)) };
      }
      case 'node': {
        const parsed = parseGlobalId(String(args.id).trim());
        if (!parsed) throw new Refused('id is not a valid ID');
        if (NEVER_NODES.has(parsed.type)) return { kind: 'node', type: null, id: parsed.id, branch: null };
        const branch = field.byType?.get(parsed.type);
        if (!branch) throw new Refused(`${parsed.type} is not compiled`);
        return { kind: 'node', type: parsed.type, id: parsed.id, branch };
      }
    }
  }
  if ('first' in args) {
    const first = args.first;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > limits.maxPageSize) throw new Refused('first out of range');
    return { kind: 'first', first };
  }
  throw new Refused(`${field.def.name} takes arguments the compiler does not bind`);
}

interface StatementsArgs {
  first?: number | null;
  after?: string | null;
  orderBy?: string | null;
  filter?: {
    status?: string[] | null;
    speakerId?: string | null;
    sourceId?: string | null;
    language?: string | null;
    search?: string | null;
    statedAfter?: Date | null;
    statedBefore?: Date | null;
    disputed?: boolean | null;
  } | null;
}

/** The filter fields the compiled SQL applies; the binder and filterConditions (sql.ts) know these and no others. */
const COMPILED_FILTERS: ReadonlySet<string> = new Set(['status', 'speakerId', 'sourceId', 'language', 'search', 'statedAfter', 'statedBefore', 'disputed']);

const ORDER_LETTER = { NEWEST: 'N', STATED_AT: 'S', RELEVANCE: 'R' } as const;

/** What StatementService.list checks, in its terms. */
function statementsArgs(raw: Record<string, unknown>, limits: PageLimits): Bound {
  const { first, after, orderBy, filter } = raw as StatementsArgs;
  // Checked and planned by the service's own function: the compiled page runs the very SQL the resolvers would.
  const search = searchOf(filter);
  // A filter field added to the schema and not taught to the compiler must
  // never be dropped silently: the whole operation goes to the resolvers.
  for (const [name, value] of Object.entries(filter ?? {})) {
    if (value != null && !COMPILED_FILTERS.has(name)) throw new Refused(`filter.${name}`);
  }
  const order = orderBy ?? (search ? 'RELEVANCE' : 'NEWEST');
  if (order !== 'NEWEST' && order !== 'STATED_AT' && order !== 'RELEVANCE') throw new Refused(`orderBy ${order}`);
  if (order === 'RELEVANCE' && !search) throw new Refused('RELEVANCE without a search');
  const request = pageRequest({ first, after }, limits, isStatementCursor);
  if (request.after && statementCursorOrder(request.after) !== order) throw new Refused('cursor of another order');
  const values: StatementFilterValues = { statuses: filter?.status ?? [] };
  if (filter?.speakerId != null) values.speakerId = fromGlobalId('Speaker', filter.speakerId, 'filter.speakerId');
  if (filter?.sourceId != null) values.sourceId = fromGlobalId('Source', filter.sourceId, 'filter.sourceId');
  if (filter?.language != null) values.language = languageTag('filter.language', filter.language);
  if (filter?.statedAfter != null) values.statedAfter = filter.statedAfter.toISOString();
  if (filter?.statedBefore != null) values.statedBefore = filter.statedBefore.toISOString();
  if (filter?.statedAfter != null && filter.statedBefore != null && filter.statedAfter >= filter.statedBefore) throw new Refused('statedAfter');
  if (filter?.disputed != null) values.disputed = filter.disputed;
  return { kind: 'statements', first: request.first, after: request.after, order: ORDER_LETTER[order], filter: values, search };
}
