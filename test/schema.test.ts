import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema, getNamedType, isListType, isNonNullType, isObjectType, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { describe, expect, it } from 'vitest';
import { maxItemsOf } from '../src/limits.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { PLAYGROUND_EXAMPLES } from '../src/playground/examples.js';
import { getSchema, printedSchema } from '../src/schema.js';

describe('schema.graphql', () => {
  it('is exactly the schema the server serves (run `npm run schema:print` after changing the API)', async () => {
    const committed = await readFile(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printedSchema());
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = buildSchema(await printedSchema());
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if ('getValues' in type) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('bounded lists', () => {
  // A list with neither bound is counted by the cost analysis at the maximum
  // page size, but holds whatever the data holds: one such field nested in
  // itself once took the process out of memory.
  it('every list a query can return takes `first` or declares the most items it holds', async () => {
    const schema = await getSchema();
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const outer = isNonNullType(field.type) ? field.type.ofType : field.type;
        if (!isListType(outer)) continue;
        // A connection's edges are its page, bounded by the connection's own `first`.
        if (field.name === 'edges' && type.name.endsWith('Connection') && getNamedType(outer).name.endsWith('Edge')) continue;
        if (field.args.some((arg) => arg.name === 'first') || maxItemsOf(field) !== undefined) continue;
        unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});

describe('playground examples', () => {
  it.each(PLAYGROUND_EXAMPLES.map((e) => [e.title, e] as const))('"%s" is valid against the schema', async (_title, example) => {
    const schema = await getSchema();
    const document = parse(example.query);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    // The variables must fit the operation's types, placeholders and all.
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    for (const start of [undefined, { statementId: 'U3RhdGVtZW50OjE', version: 2, speakerId: 'U3BlYWtlcjox', sourceId: 'U291cmNlOjE' }]) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], JSON.parse(example.variables?.(start) ?? '{}'));
      expect(coerced.errors?.map((e) => e.message) ?? []).toEqual([]);
    }
    if (example.headers) expect(Object.keys(JSON.parse(example.headers))).toEqual(['Authorization']);
  });
});
