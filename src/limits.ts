import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  isListType,
  isNonNullType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { createRequire } from 'node:module';
import type { ComplexityEstimator, getComplexity as GetComplexity } from 'graphql-query-complexity';

// The package's ES module build imports graphql's .mjs files, a second copy
// of graphql beside the one type-graphql and Apollo use ("from another
// module or realm"); its CommonJS build shares theirs.
const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as { getComplexity: typeof GetComplexity };

/**
 * Limits on what one GraphQL request may ask for, so that a hostile or
 * careless query is refused in microseconds with a small 400 answer instead
 * of tying up the database and the event loop. Every limit is configurable
 * (see config.ts); the defaults leave room for any real client, the
 * playground's own introspection included.
 */
export interface QueryLimits {
  /** Nesting of selections (introspection's own deep `ofType` chains are not counted). */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens in the document, checked while parsing. */
  maxTokens: number;
  /** Estimated cost: fields times the page sizes they multiply by (see `estimateCost`). */
  maxCost: number;
}

/**
 * Introspection's lists (types, fields, arguments) are as long as the schema
 * makes them, not the data: counted as this many, the playground's full
 * introspection query fits the cost limit while `fields { type { fields {
 * type { ... } } } }` walks nested to multiply it are still refused.
 */
const INTROSPECTION_LIST_ESTIMATE = 10;

/**
 * The most items a list field can hold when it takes no `first`: set with
 * type-graphql's `@Extensions({ maxItems })` where the rules that write the
 * list bound it (a verdict's evidence, a speaker's aliases). Every other list
 * takes a `first`; test/schema.test.ts checks that no list is left unbounded.
 */
export function maxItemsOf(field: { extensions?: Record<string, unknown> | null }): number | undefined {
  const maxItems = field.extensions?.maxItems;
  return typeof maxItems === 'number' && Number.isInteger(maxItems) && maxItems >= 0 ? maxItems : undefined;
}

const tooBig = (message: string, details: Record<string, number>) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...details } });

/** Fragments are expanded where they are spread; a cycle (already refused by GraphQL itself) stops the walk. */
function selectionDepth(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
  memo: Map<string, number>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      depth = selection.selectionSet ? 1 + selectionDepth(selection.selectionSet, fragments, visiting, memo) : 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, visiting, memo);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      if (!memo.has(name)) {
        visiting.add(name);
        memo.set(name, selectionDepth(fragment.selectionSet, fragments, visiting, memo));
        visiting.delete(name);
      }
      depth = memo.get(name)!;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const memo = new Map<string, number>();
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, fragments, new Set(), memo);
        if (depth > maxDepth) {
          context.reportError(tooBig(`Query is nested ${depth} levels deep; the limit is ${maxDepth}`, { depth, maxDepth }));
        }
      },
    };
  };
}

export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias || reported) return;
        aliases += 1;
        if (aliases > maxAliases) {
          reported = true;
          context.reportError(tooBig(`Query uses more than ${maxAliases} aliases`, { maxAliases }));
        }
      },
    };
  };
}

export function maxDirectivesRule(maxDirectives: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let directives = 0;
    let reported = false;
    return {
      Directive() {
        if (reported) return;
        directives += 1;
        if (directives > maxDirectives) {
          reported = true;
          context.reportError(tooBig(`Query uses more than ${maxDirectives} directives`, { maxDirectives }));
        }
      },
    };
  };
}

/**
 * A field costs 1 plus what it selects; a field that takes `first` (a
 * connection, or a list nested in an object) multiplies what it selects by
 * `first` (or its default), and a list without one by the most items it can
 * hold (`maxItems`; the maximum page size if it declares none). So `statements(first: 100) { edges { node {
 * speaker { statements(first: 100) { ... } } } } }` costs ten thousand
 * times its innermost selection.
 */
export function costEstimator(
  defaultPageSize: number,
  maxPageSize: number,
  onBadPageSize: (first: unknown) => void = () => {},
): ComplexityEstimator {
  return ({ type: parent, field, args, childComplexity }) => {
    // A connection's edges are its page: already multiplied by `first`.
    if (field.name === 'edges' && parent.name.endsWith('Connection')) return 1 + childComplexity;
    if (field.args.some((arg) => arg.name === 'first')) {
      if (args.first != null && !(Number.isInteger(args.first) && args.first >= 0 && args.first <= maxPageSize)) onBadPageSize(args.first);
      const first = typeof args.first === 'number' && args.first >= 0 ? Math.min(args.first, maxPageSize) : defaultPageSize;
      return 1 + childComplexity * Math.max(first, 1);
    }
    const type = isNonNullType(field.type) ? field.type.ofType : field.type;
    if (!isListType(type)) return 1 + childComplexity;
    if (parent.name.startsWith('__')) return 1 + childComplexity * INTROSPECTION_LIST_ESTIMATE;
    return 1 + childComplexity * (maxItemsOf(field) ?? maxPageSize);
  };
}

export function estimateCost(
  schema: GraphQLSchema,
  document: import('graphql').DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  pages: { defaultPageSize: number; maxPageSize: number },
  onBadPageSize?: (first: unknown) => void,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName,
    estimators: [costEstimator(pages.defaultPageSize, pages.maxPageSize, onBadPageSize)],
  });
}

export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), maxDirectivesRule(limits.maxDirectives)];
}

/**
 * The cost depends on variables (`first: $n`), which validation rules do not
 * see, so it is checked once the operation is resolved, before execution.
 * Page sizes are checked there too: a field would refuse a bad `first`
 * itself, but only after a mutation above it had committed.
 */
export function costLimitPlugin(limits: QueryLimits, pages: { defaultPageSize: number; maxPageSize: number }): ApolloServerPlugin {
  const costs = new CostCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          let cost: number;
          const badFirst: unknown[] = [];
          const key = costKey(operationName, request.variables);
          const known = costs.get(document, key);
          if (known !== undefined) cost = known;
          else {
            try {
              cost = estimateCost(schema, document, request.variables, operationName ?? undefined, pages, (first) => badFirst.push(first));
            } catch {
              // Variables that cannot be coerced are reported by execution itself.
              return;
            }
            if (badFirst.length === 0) costs.set(document, key, cost);
          }
          if (badFirst.length > 0) {
            throw new GraphQLError(`first must be between 0 and ${pages.maxPageSize} (got ${String(badFirst[0])})`, {
              extensions: { code: 'BAD_USER_INPUT', field: 'first', maxPageSize: pages.maxPageSize, http: { status: 400 } },
            });
          }
          // The response budget reserves this much of the process's work in flight.
          (contextValue as { estimatedCost?: number }).estimatedCost = cost;
          if (cost > limits.maxCost) {
            throw new GraphQLError(
              `Query would cost about ${cost} (fields times page sizes); the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: limits.maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

/**
 * What an operation costs depends on its document and on the variables
 * that are not strings (page sizes, @include conditions); a string never
 * changes it. The estimate walks the whole document with type information
 * on every request otherwise, for the same few operations an app sends.
 * Keys are kept per parsed document (Apollo keeps one per query text), a
 * few per document, so neither a flood of page sizes nor of distinct
 * documents grows memory: the documents go with Apollo's own cache.
 */
export class CostCache {
  private readonly byDocument = new WeakMap<object, Map<string, number>>();

  constructor(private readonly perDocument = 16) {}

  get(document: object, key: string | null): number | undefined {
    return key === null ? undefined : this.byDocument.get(document)?.get(key);
  }

  set(document: object, key: string | null, cost: number): void {
    if (key === null) return;
    let costs = this.byDocument.get(document);
    if (!costs) this.byDocument.set(document, (costs = new Map()));
    if (costs.size >= this.perDocument) costs.delete(costs.keys().next().value!);
    costs.set(key, cost);
  }
}

/** The operation name and the variables a cost can depend on (null: too large to key by). */
export function costKey(operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string | null {
  const shape = JSON.stringify(variables ?? {}, (_key, value: unknown) => (typeof value === 'string' ? undefined : value));
  return shape.length > 512 ? null : `${operationName ?? ''}\u0000${shape}`;
}
