import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import type { Db } from '../../src/db/client.js';
import { ReadCompiler } from '../../src/graphql/compiled/compiler.js';
import { toGlobalId } from '../../src/ids.js';
import { CostInFlight } from '../../src/response-budget.js';
import { getSchema } from '../../src/schema.js';


let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
});

/** A compiler over a database that records each statement it is sent and returns one row of NULLs. */
function compiler() {
  const sent: { text: string; values: unknown[] }[] = [];
  const db = {
    $queryRawUnsafe: async (text: string, ...values: unknown[]) => {
      sent.push({ text, values });
      return [{}];
    },
  } as unknown as Db;
  const readCompiler = new ReadCompiler({ db, limits: { defaultPageSize: 20, maxPageSize: 100 }, maxResponseBytes: 1_000_000, inFlight: new CostInFlight(1000), maxWaitMs: 0 });
  return { readCompiler, sent };
}

const QUERY = `query($id: ID!, $first: Int = 2) { statement(id: $id) { id text rebuttals(first: $first) { id } } }`;
const ID_A = toGlobalId('Statement', '018c3372-f051-7237-b4e6-292fd475d248');

describe('the statement made for a request', () => {
  it('is made once for the same variables, and again for others, each with its own values', async () => {
    const { readCompiler, sent } = compiler();
    const document = parse(QUERY);
    const ask = (variables: Record<string, unknown>) => readCompiler.answer(schema, document, undefined, 'doc', variables);
    await ask({ id: ID_A });
    await ask({ id: ID_A });
    expect(readCompiler.counts.made).toBe(1);
    const other = toGlobalId('Statement', '018c3372-f051-7237-b4e6-292fd475d249');
    await ask({ id: other });
    await ask({ id: ID_A, first: 3 });
    await ask({ id: ID_A });
    expect(readCompiler.counts.made).toBe(3);
    expect(sent.map((s) => s.values)).toEqual([[sent[0]!.values[0]], [sent[0]!.values[0]], [sent[2]!.values[0]], [sent[0]!.values[0]], [sent[0]!.values[0]]]);
    expect(sent[2]!.values[0]).not.toEqual(sent[0]!.values[0]);
    // The page size is part of the text (LIMIT), so first: 3 is another statement.
    expect(sent[3]!.text).not.toEqual(sent[0]!.text);
    expect(sent[4]!.text).toEqual(sent[0]!.text);
  });

  it('is made afresh for variables that no key stands for, and keeps refusing what the binder refused', async () => {
    const { readCompiler } = compiler();
    const document = parse(QUERY);
    // A variable given undefined: not keyed, so made each time.
    await readCompiler.answer(schema, document, undefined, 'doc', { id: ID_A, first: undefined });
    await readCompiler.answer(schema, document, undefined, 'doc', { id: ID_A, first: undefined });
    expect(readCompiler.counts.made).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(await readCompiler.answer(schema, document, undefined, 'doc', { id: 'not an id' })).toEqual({ fallback: expect.stringMatching(/^refused/) });
      expect(await readCompiler.answer(schema, document, undefined, 'doc', { id: 5, first: 'x' })).toEqual({ fallback: 'variables' });
    }
  });

  it('keeps at most 64 statements per operation, the oldest going first', async () => {
    const { readCompiler } = compiler();
    const document = parse(QUERY);
    for (let first = 0; first <= 64; first++) await readCompiler.answer(schema, document, undefined, 'doc', { id: ID_A, first });
    expect(readCompiler.counts.made).toBe(65);
    // first: 0 went when the 65th came; first: 64 is still kept.
    await readCompiler.answer(schema, document, undefined, 'doc', { id: ID_A, first: 64 });
    expect(readCompiler.counts.made).toBe(65);
    await readCompiler.answer(schema, document, undefined, 'doc', { id: ID_A, first: 0 });
    expect(readCompiler.counts.made).toBe(66);
  });
});
