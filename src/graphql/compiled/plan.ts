import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { collectFields, NotCompilable, subSelections, type SelectionContext } from './selection.js';
import { specOf, type CompileSpec } from './spec.js';

/**
 * The plan, the second stage: the operation's selection as a tree of fields
 * each with what it means in SQL (its CompileSpec), built once per document,
 * operation and values of the variables that @skip/@include read. Building
 * it refuses (NotCompilable) anything the compiler cannot answer exactly as
 * the resolvers would: a field without a spec, a field guarded by a role or
 * a middleware, a mutation or subscription.
 */

export interface PlanObject {
  type: GraphQLObjectType;
  fields: PlanField[];
}

export interface PlanField {
  /** The response key (alias or name). */
  key: string;
  nodes: FieldNode[];
  def: GraphQLField<unknown, unknown>;
  spec: CompileSpec | { kind: 'typename' };
  /** What an object-typed field selects. */
  object?: PlanObject;
  /** What an interface-typed field (`node`) selects, per concrete type; null where that type cannot be compiled. */
  byType?: Map<string, PlanObject | null>;
}

/** Keys an object may select and still be compiled: a bound on the SQL one selection set writes. */
export const MAX_KEYS = 50;

/**
 * Lists of related rows nested in lists, at most: each list comes back as
 * the text of an array inside its parent's array, and PostgreSQL escapes a
 * quote or backslash again at every level (twice the characters each time),
 * so text under rebuttals of rebuttals of rebuttals … would grow as 2^depth.
 * Deeper selections are answered by the resolvers, whose cost grows with
 * the rows alone.
 */
export const MAX_LIST_DEPTH = 3;

/** Types the compiler reads rows of (sql.ts has their tables). */
export const COMPILED_TYPES = new Set(['Statement', 'Speaker', 'Source', 'Appearance', 'Verdict', 'Evidence', 'StatementConnection', 'StatementEdge', 'PageInfo']);

export function buildPlan(schema: GraphQLSchema, operation: OperationDefinitionNode, context: SelectionContext): PlanObject {
  if (operation.operation !== 'query') throw new NotCompilable(operation.operation);
  const query = schema.getQueryType();
  if (!query) throw new NotCompilable('no query type');
  return planObject(query, [operation.selectionSet], context, guardedFields(), 0);
}

function planObject(
  type: GraphQLObjectType,
  selectionSets: PlanField['nodes'][number]['selectionSet'][],
  context: SelectionContext,
  guarded: Set<string>,
  lists: number,
): PlanObject {
  const { fields } = collectFields(context, type, selectionSets.filter((s) => s !== undefined));
  if (fields.size > MAX_KEYS) throw new NotCompilable('too many keys');
  const planned: PlanField[] = [];
  for (const [key, nodes] of fields) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      planned.push({ key, nodes, def: undefined as never, spec: { kind: 'typename' } });
      continue;
    }
    const def = type.getFields()[name];
    const spec = def && specOf(def);
    if (!def || !spec) throw new NotCompilable(`${type.name}.${name}`);
    if (guarded.has(`${type.name}.${name}`)) throw new NotCompilable(`${type.name}.${name} is guarded`);
    if ((spec.kind === 'root') !== (type === context.schema.getQueryType())) throw new NotCompilable(`${type.name}.${name} out of place`);
    const field: PlanField = { key, nodes, def, spec };
    const named = getNamedType(def.type);
    if (isObjectType(named)) {
      if (!COMPILED_TYPES.has(named.name)) throw new NotCompilable(named.name);
      const depth = lists + (spec.kind === 'relation' && isListType(getNullableType(def.type)) ? 1 : 0);
      if (depth > MAX_LIST_DEPTH) throw new NotCompilable(`lists nested deeper than ${MAX_LIST_DEPTH}`);
      field.object = planObject(named, subSelections(nodes), context, guarded, depth);
    } else if (isAbstractType(named)) {
      if (!(spec.kind === 'root' && spec.name === 'node')) throw new NotCompilable(`${type.name}.${name} is abstract`);
      field.byType = new Map();
      for (const possible of context.schema.getPossibleTypes(named)) {
        let branch: PlanObject | null = null;
        if (COMPILED_TYPES.has(possible.name)) {
          try {
            branch = planObject(possible, subSelections(nodes), context, guarded, lists);
          } catch (error) {
            if (!(error instanceof NotCompilable)) throw error;
          }
        }
        field.byType.set(possible.name, branch);
      }
    }
    planned.push(field);
  }
  return { type, fields: planned };
}

let guardedCache: Set<string> | undefined;

/**
 * "Type.field" of every field type-graphql guards with @Authorized or
 * @UseMiddleware, on the field, its resolver method or its resolver class:
 * derived from the decorators themselves, so a role added to a field
 * takes it out of compilation without anything else to change.
 */
export function guardedFields(): Set<string> {
  if (guardedCache) return guardedCache;
  const storage = getMetadataStorage();
  const guardedClasses = new Set<Function>([...storage.authorizedResolver, ...storage.resolverMiddlewares].map((m) => m.target));
  const members = new Map<Function, Set<string>>();
  for (const m of [...storage.authorizedFields, ...storage.middlewares]) {
    if (!members.has(m.target)) members.set(m.target, new Set());
    members.get(m.target)!.add(m.fieldName);
  }
  const isGuarded = (target: Function, member: string) => guardedClasses.has(target) || members.get(target)?.has(member) === true;
  const typeName = (target: Function | undefined) =>
    target && (storage.objectTypes.find((o) => o.target === target)?.name ?? storage.interfaceTypes.find((o) => o.target === target)?.name);
  const guarded = new Set<string>();
  for (const q of storage.queries) if (isGuarded(q.target, q.methodName)) guarded.add(`Query.${q.schemaName}`);
  for (const r of storage.fieldResolvers) {
    const owner = typeName((r.getObjectType?.() ?? r.resolverClassMetadata?.getObjectType()) as Function | undefined);
    if (owner && isGuarded(r.target, r.methodName)) guarded.add(`${owner}.${r.schemaName}`);
  }
  for (const type of [...storage.objectTypes, ...storage.interfaceTypes]) {
    for (const f of type.fields ?? []) {
      if (isGuarded(f.target, f.name) || (f.roles?.length ?? 0) > 0 || (f.middlewares?.length ?? 0) > 0) guarded.add(`${type.name}.${f.schemaName}`);
    }
  }
  guardedCache = guarded;
  return guarded;
}

/** Forgets what guardedFields derived (tests that declare types of their own). */
export function resetGuardedFields(): void {
  guardedCache = undefined;
}
