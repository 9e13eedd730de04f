import { Kind, parse, type FragmentDefinitionNode, type GraphQLObjectType, type OperationDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectFields, directiveVariables, NotCompilable } from '../../src/graphql/compiled/selection.js';
import { getSchema } from '../../src/schema.js';

let schema: Awaited<ReturnType<typeof getSchema>>;
beforeAll(async () => {
  schema = await getSchema();
});

function keysOf(document: string, typeName: string, variables: Record<string, unknown> = {}): string[] {
  const ast = parse(document);
  const operation = ast.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    ast.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const type = schema.getType(typeName) as GraphQLObjectType;
  return [...collectFields({ schema, fragments, variables }, type, [operation.selectionSet]).fields.keys()];
}

describe('selection analysis', () => {
  it('keys fields in first-appearance order, fragments expanded where spread, aliases and repeats merged', () => {
    const keys = keysOf(
      `{ b: text ...F id ... on Statement { quote text } ... on Node { id } b: text } fragment F on Statement { version b: text }`,
      'Statement',
    );
    expect(keys).toEqual(['b', 'version', 'id', 'quote', 'text']);
  });

  it('leaves out fragments on other types and keeps those on interfaces the type implements', () => {
    expect(keysOf(`{ ... on Speaker { name } ... on Node { id } ...S } fragment S on Source { slug }`, 'Statement')).toEqual(['id']);
  });

  it('decides @skip and @include from the variables, as graphql-js does', () => {
    const doc = `query($a: Boolean!) { text @include(if: $a) quote @skip(if: $a) ... @include(if: $a) { version } id @skip(if: false) @include(if: true) }`;
    expect(keysOf(doc, 'Statement', { a: true })).toEqual(['text', 'version', 'id']);
    expect(keysOf(doc, 'Statement', { a: false })).toEqual(['quote', 'id']);
  });

  it('refuses a directive it does not know', () => {
    expect(() => keysOf(`{ text @deprecated }`, 'Statement')).toThrow(NotCompilable);
  });

  it('names the variables @skip and @include read, fragments included, so that plans are kept per their values', () => {
    const ast = parse(`query($a: Boolean!, $b: Boolean!, $c: Int) { statements(first: $c) { edges @skip(if: $b) { ...F } } } fragment F on StatementEdge { cursor @include(if: $a) }`);
    expect(directiveVariables(ast.definitions as never)).toEqual(['a', 'b']);
  });
});
