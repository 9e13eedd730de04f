import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readCompilerPlugin, variablesKey, type ReadCompiler } from '../../src/graphql/compiled/compiler.js';
import { SplicedJson } from '../../src/graphql/compiled/splice.js';
import { ResponseBudget } from '../../src/response-budget.js';

/** The plugin around a compiler that is admitted at once and answers after `ms`, or gives up after waiting for room. */
async function respond(ms: number, maxMs: number, outcome: 'data' | 'no room' = 'data') {
  const compiler = {
    answer: async (...args: unknown[]) => {
      if (outcome === 'no room') return { fallback: 'no room in flight', waited: true };
      (args[6] as () => void)();
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { data: new SplicedJson('{"a":1}') };
    },
  } as unknown as ReadCompiler;
  const contextValue: { budget: ResponseBudget; inFlightWaited?: boolean } = {
    budget: new ResponseBudget({ maxBytes: 1_000_000, maxMs, maxCostInFlight: 1000, maxWaitMs: 0 }),
  };
  const listener = await readCompilerPlugin(compiler).requestDidStart!({} as never);
  const response = await listener!.responseForOperation!({
    schema: {} as never,
    document: parse('{ a }'),
    operationName: null,
    queryHash: 'h',
    request: {},
    contextValue,
  } as never);
  return { response, budget: contextValue.budget, contextValue };
}

describe('read compiler plugin', () => {
  it('answers with the spliced data within the time budget', async () => {
    const { response, budget } = await respond(0, 5000);
    expect(response?.body).toEqual({ kind: 'single', singleResult: { data: expect.any(SplicedJson) } });
    expect(budget.exceeded).toBeNull();
  });

  it('holds a compiled statement that outran GRAPHQL_MAX_EXECUTION_MS to the budget, whose plugin answers QUERY_TIMEOUT', async () => {
    const { response, budget } = await respond(60, 10);
    expect(response?.body).toEqual({ kind: 'single', singleResult: { data: null } });
    expect(budget.exceeded?.code).toBe('QUERY_TIMEOUT');
  });

  it('leaves a read that waited for room in vain to the resolvers, marked so that they do not wait again', async () => {
    const { response, contextValue } = await respond(0, 5000, 'no room');
    expect(response).toBeNull();
    expect(contextValue.inFlightWaited).toBe(true);
  });
});

describe('variablesKey', () => {
  it('keys variables by their JSON, as every request over HTTP writes them', () => {
    expect(variablesKey(undefined)).toBe('{}');
    expect(variablesKey({ after: null, first: 2, f: { status: ['FALSE'] } })).toBe('{"after":null,"first":2,"f":{"status":["FALSE"]}}');
    // Parsed JSON may hold a "__proto__" key of its own: it stays a key.
    expect(variablesKey(JSON.parse('{"__proto__":{"a":1}}'))).toBe('{"__proto__":{"a":1}}');
  });

  it('keys nothing JSON would write as something else, so that no two requests the resolvers tell apart share a statement', () => {
    // undefined is a variable given no value (null), where a missing one takes its default: JSON would drop both.
    expect(variablesKey({ after: undefined })).toBeUndefined();
    expect(variablesKey({ ids: ['a', undefined] })).toBeUndefined();
    expect(variablesKey({ at: new Date(0) })).toBeUndefined();
    expect(variablesKey({ n: Number.NaN })).toBeUndefined();
    expect(variablesKey({ n: Number.POSITIVE_INFINITY })).toBeUndefined();
    expect(variablesKey({ n: 1n })).toBeUndefined();
    expect(variablesKey({ m: new Map() })).toBeUndefined();
    expect(variablesKey({ f: () => 1 })).toBeUndefined();
  });

  it('keys no variables past 2 KB of JSON', () => {
    expect(variablesKey({ s: 'x'.repeat(2000) })).toBeDefined();
    expect(variablesKey({ s: 'x'.repeat(2100) })).toBeUndefined();
  });
});
