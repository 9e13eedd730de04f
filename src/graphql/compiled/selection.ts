import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  isAbstractType,
  typeFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * Selection analysis, the first stage: the fields a selection set asks of
 * an object of a given type, merged by response key in the order graphql-js
 * collects them (first appearance, fragments expanded where they are
 * spread), with @skip and @include decided by the request's variables.
 * Anything the compiler does not know how to honour (another directive)
 * makes the whole selection uncompilable.
 */

export class NotCompilable extends Error {}

export interface Collected {
  /** Response key to the field nodes merged under it, in first-appearance order. */
  fields: Map<string, FieldNode[]>;
}

const KNOWN_DIRECTIVES = new Set(['skip', 'include']);

export interface SelectionContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(node: { directives?: readonly { name: { value: string } }[] }, context: SelectionContext): boolean {
  for (const directive of node.directives ?? []) {
    if (!KNOWN_DIRECTIVES.has(directive.name.value)) throw new NotCompilable(`@${directive.name.value}`);
  }
  if (!node.directives?.length) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node as FieldNode, context.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, context.variables);
  return include?.if !== false;
}

function conditionMatches(typeCondition: GraphQLNamedType | undefined, type: GraphQLObjectType, schema: GraphQLSchema): boolean {
  if (!typeCondition || typeCondition === type) return true;
  return isAbstractType(typeCondition) && schema.isSubType(typeCondition, type);
}

/** As graphql-js's collectFields, for an object of `type`. */
export function collectFields(
  context: SelectionContext,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
): Collected {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (!included(selection, context)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = fields.get(key);
        if (list) list.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? (typeFromAST(context.schema, selection.typeCondition) as GraphQLNamedType | undefined) : undefined;
        if (conditionMatches(condition, type, context.schema)) walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = context.fragments[name];
        if (!fragment) throw new NotCompilable(`fragment ${name}`);
        const condition = typeFromAST(context.schema, fragment.typeCondition) as GraphQLNamedType | undefined;
        if (conditionMatches(condition, type, context.schema)) walk(fragment.selectionSet);
      }
    }
  };
  for (const selectionSet of selectionSets) walk(selectionSet);
  return { fields };
}

/** The selection sets of merged field nodes, for collecting what they select. */
export function subSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
}

/** Names of the variables that @skip and @include read anywhere in these definitions: the plan depends on their values. */
export function directiveVariables(definitions: readonly { selectionSet?: SelectionSetNode }[]): string[] {
  const names = new Set<string>();
  const walk = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      for (const directive of selection.directives ?? []) {
        for (const argument of directive.arguments ?? []) {
          if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
        }
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD) walk(selection.selectionSet);
    }
  };
  for (const definition of definitions) walk(definition.selectionSet);
  return [...names].sort();
}
