import {
  getNamedType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { parseGlobalId } from '../ids.js';

/**
 * Cache hints, as Apollo's @cacheControl directive has them, declared with
 * type-graphql's extensions on types and fields. The policy of an answer is
 * worked out from the document alone (the strictest hint of every field it
 * selects), not while resolvers run: Apollo's cache-control plugin wraps
 * every field resolver (about 8% of a list's CPU, bench/RESULTS.md) and never
 * sees answers the read compiler builds in SQL, so one analysis serves both.
 */
export type CacheScope = 'PUBLIC' | 'PRIVATE';

export interface CacheHint {
  /** Seconds an answer holding this may be reused; the service's default (CACHE_MAX_AGE) when omitted. */
  maxAge?: number;
  /** PRIVATE: it depends on who asks (an API key), so no shared cache may keep it. */
  scope?: CacheScope;
}

export interface CachePolicy {
  maxAge: number;
  scope: CacheScope;
}

const KEY = 'cacheControl';

/** Declares a cache hint on an object type or a field. */
export function CacheControl(hint: CacheHint): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Extensions({ [KEY]: hint });
}

/** Anything that depends on an API key: never public, whatever else the answer holds. */
export const KEY_DEPENDENT: CacheHint = { scope: 'PRIVATE' };

function hintOf(extensions: Readonly<Record<string, unknown>> | null | undefined): CacheHint | undefined {
  return (extensions?.[KEY] as CacheHint | undefined) ?? undefined;
}

/**
 * The policy for a query's answer: the smallest maxAge and the narrowest
 * scope over every field the document selects. Fields under @skip/@include
 * count whatever their condition (the stricter answer). A field of an
 * abstract type (Query.node) takes the strictest of its possible types,
 * unless its `id` argument is a global ID that names the type. undefined
 * for anything but a query.
 */
export function cachePolicy(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  defaultMaxAge: number,
): CachePolicy | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') return undefined;
  const root = schema.getQueryType();
  if (!root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const policy: CachePolicy = { maxAge: defaultMaxAge, scope: 'PUBLIC' };
  const apply = (hint: CacheHint | undefined) => {
    if (!hint) return;
    if (hint.maxAge !== undefined) policy.maxAge = Math.min(policy.maxAge, hint.maxAge);
    if (hint.scope === 'PRIVATE') policy.scope = 'PRIVATE';
  };
  const typeHint = (type: GraphQLNamedType, narrowed: GraphQLObjectType[] | undefined) => {
    apply(hintOf(type.extensions));
    if (isAbstractType(type)) for (const possible of narrowed ?? schema.getPossibleTypes(type)) apply(hintOf(possible.extensions));
  };
  const seen = new Set<string>();

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) walk(selection.selectionSet, type);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // Validation refuses cycles; this only spares walking a fragment twice.
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) walk(fragment.selectionSet, type);
        continue;
      }
      if (selection.name.value.startsWith('__')) continue;
      const field: GraphQLField<unknown, unknown> | undefined = 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      apply(hintOf(field.extensions));
      const type = getNamedType(field.type);
      let narrowed: GraphQLObjectType[] | undefined;
      if (isAbstractType(type)) {
        const idArg = selection.arguments?.find((a) => a.name.value === 'id');
        const id = idArg ? valueFromAST(idArg.value, schema.getType('ID') as never, variables) : undefined;
        const named = typeof id === 'string' ? parseGlobalId(id.trim())?.type : undefined;
        const possible = named ? schema.getType(named) : undefined;
        // An id that names no possible type finds nothing: null, cacheable as any miss.
        if (named) narrowed = possible && isObjectType(possible) && schema.isSubType(type, possible) ? [possible] : [];
      }
      typeHint(type, narrowed);
      if (selection.selectionSet && isCompositeType(type)) walk(selection.selectionSet, type);
    }
  };
  walk(operation.selectionSet, root);
  return policy;
}
