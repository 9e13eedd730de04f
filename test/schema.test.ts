import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { describe, expect, it } from 'vitest';
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

describe('playground examples', () => {
  it.each(PLAYGROUND_EXAMPLES.map((e) => [e.title, e] as const))('"%s" is valid against the schema', async (_title, example) => {
    const schema = await getSchema();
    const document = parse(example.query);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    // The variables must fit the operation's types, placeholders and all.
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], JSON.parse(example.variables ?? '{}'));
    expect(coerced.errors?.map((e) => e.message) ?? []).toEqual([]);
    if (example.headers) expect(Object.keys(JSON.parse(example.headers))).toEqual(['Authorization']);
  });
});
