import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import {
  getOperationAST,
  getVariableValues,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { readRowArrays, type Db } from '../../db/client.js';
import { translateDatabaseError } from '../../errors.js';
import type { PageLimits } from '../../pagination.js';
import type { BudgetHolder, CostInFlight } from '../../response-budget.js';
import { bind, Refused } from './binder.js';
import { buildPlan, type PlanObject } from './plan.js';
import { directiveVariables, NotCompilable } from './selection.js';
import { SplicedJson } from './splice.js';
import { generate, type Generated } from './sql.js';
import { writeAnswer } from './write.js';

/**
 * The read compiler: a query over statements, speakers and sources answered
 * by one SQL statement whose rows hold every value of its `data`, written
 * as JSON here (write.ts), instead of a few hundred resolver calls. Each
 * document and operation is analysed once; an operation it cannot compile,
 * or a request whose arguments or rows the resolvers would refuse, goes to
 * the resolvers as before, so the two paths answer alike and errors come
 * from one place. It runs after validation and
 * the cost analysis (Apollo's responseForOperation), so every limit applies
 * before either path.
 */

export interface ReadCompilerOptions {
  db: Db;
  limits: PageLimits;
  /** The response budget's size limit: a compiled answer anywhere near it is left to the resolvers, which enforce it. */
  maxResponseBytes: number;
  /**
   * The operations executing at once (response-budget.ts): a compiled read
   * takes its room too, waiting for it as long as the resolvers would. One
   * that gets none is left to the resolvers, which then do not wait again
   * and refuse it with the budget's own error.
   */
  inFlight: CostInFlight;
  /** How long a read waits for room in flight (GRAPHQL_MAX_QUEUE_MS). */
  maxWaitMs: number;
}

interface Entry {
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Variables read by @skip/@include: the plan depends on their values. */
  directiveVariables: string[];
  plans: Map<string, PlanObject | null>;
  /** What was made of each request's variables so far (see prepared). */
  prepared: Map<string, Prepared>;
}

/** A request's statement, or why its variables send it to the resolvers: made the same for the same variables. */
type Prepared = { generated: Generated } | { fallback: string };

/** Documents and operations analysed; the least recently added goes first past this. */
const MAX_ENTRIES = 1000;
/** Plans per operation (one per combination of @skip/@include values). */
const MAX_PLANS = 16;
/** Variables' statements kept per operation; the least recently added goes first past this. */
const MAX_PREPARED_PER_OPERATION = 64;
/** Variables longer than this as JSON are not kept: such requests are rarely repeated, and their key would cost more than it saves. */
const MAX_KEY_LENGTH = 2048;

const NOT_KEPT = new Error('variables not kept');

/**
 * JSON.stringify's replacer, refusing whatever JSON would write as
 * something else (undefined, which GraphQL tells apart from a missing
 * variable; NaN; a Date, which would read as its text): only variables
 * that JSON writes as they are make a key, as those of every request over
 * HTTP do.
 */
function asWritten(this: unknown, key: string, value: unknown): unknown {
  // What toJSON made of a value (a Date's text) is not the value.
  if ((this as Record<string, unknown>)[key] !== value) throw NOT_KEPT;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (Array.isArray(value) || prototype === Object.prototype || prototype === null) return value;
  }
  throw NOT_KEPT;
}

/** The variables as a key, or undefined for ones not kept (too long, or not as JSON writes them). */
export function variablesKey(inputs: Record<string, unknown> | undefined): string | undefined {
  if (inputs === undefined) return '{}';
  try {
    const key = JSON.stringify(inputs, asWritten);
    return key.length <= MAX_KEY_LENGTH ? key : undefined;
  } catch (error) {
    if (error === NOT_KEPT) return undefined;
    throw error;
  }
}
/**
 * The budget charges a field about 2× the JSON text it becomes at most
 * (response-budget.ts sizeOf): an answer past a third of the limit is left
 * to the resolvers, which refuse it if it really is too large.
 */
const SIZE_MARGIN = 3;

/** A compiled answer, or why the resolvers answer instead (`waited`: the room in flight was already waited for, in vain). */
export type Outcome = { data: SplicedJson } | { fallback: string; error?: unknown; waited?: boolean };

export class ReadCompiler {
  private readonly entries = new Map<string, Entry | null>();
  /** Requests whose statement was made, and those that found it kept (see prepared). */
  readonly counts = { made: 0, kept: 0 };

  constructor(private readonly options: ReadCompilerOptions) {}

  /** The compiled answer to this request, or why the resolvers answer it. */
  async answer(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    documentKey: string,
    inputs: Record<string, unknown> | undefined,
    cost = 1,
    admitted: () => void = () => {},
  ): Promise<Outcome> {
    const entry = this.entry(document, operationName, documentKey);
    if (!entry) return { fallback: 'operation not compilable' };
    const prepared = this.prepared(schema, entry, inputs);
    if ('fallback' in prepared) return prepared;
    const generated = prepared.generated;
    const charge = Math.max(1, cost);
    // Waiting here rather than handing the request to the resolvers at once:
    // under a burst (fifty clients reading a page each) every request past
    // the room would otherwise be served by the resolvers, at several times
    // the CPU, which is what makes the burst last.
    if (!(await this.options.inFlight.acquire(charge, this.options.maxWaitMs))) return { fallback: 'no room in flight', waited: true };
    admitted();
    let rows: (string | null)[][];
    try {
      // Prepared unless a search's conditions on words make its best plan depend on them (a ranking alone is a function call, planned alike whatever the words).
      rows = (await readRowArrays(this.options.db, generated.sql, generated.params, generated.columns, { prepare: generated.prepare })) as (string | null)[][];
    } catch (error) {
      // An outage or a timeout, which the resolvers meet and report too; anything else may be the compiler's own fault.
      return { fallback: 'database', error: error instanceof Error && translateDatabaseError(error) ? undefined : error };
    } finally {
      this.options.inFlight.release(charge);
    }
    let text: string | undefined;
    try {
      text = writeAnswer(generated.answer, rows);
    } catch (error) {
      // Values the writer could not read are the compiler's own fault: the resolvers answer, and it is reported.
      return { fallback: 'write', error };
    }
    if (text === undefined) return { fallback: 'row refused' };
    if (text.length * SIZE_MARGIN > this.options.maxResponseBytes) return { fallback: 'size' };
    return { data: new SplicedJson(text) };
  }

  private entry(document: DocumentNode, operationName: string | null | undefined, documentKey: string): Entry | null {
    const key = `${documentKey}\u0000${operationName ?? ''}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const operation = getOperationAST(document, operationName);
    let entry: Entry | null = null;
    if (operation && operation.operation === 'query') {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
      }
      entry = { operation, fragments, directiveVariables: directiveVariables([operation, ...Object.values(fragments)]), plans: new Map(), prepared: new Map() };
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * The statement for these variables. Coercing, binding and writing the
   * SQL depend on nothing but the operation, the variables and the page
   * limits, so what was made for one request's variables is kept for the
   * next with the same (a page every client polls, a statement many open):
   * its text is then the same string too, which node-postgres's prepared
   * statement lookup and PreparedTexts find without hashing it again.
   */
  private prepared(schema: GraphQLSchema, entry: Entry, inputs: Record<string, unknown> | undefined): Prepared {
    const key = variablesKey(inputs);
    const known = key === undefined ? undefined : entry.prepared.get(key);
    if (known) {
      this.counts.kept++;
      return known;
    }
    this.counts.made++;
    const made = this.prepare(schema, entry, inputs);
    if (key !== undefined) {
      if (entry.prepared.size >= MAX_PREPARED_PER_OPERATION) entry.prepared.delete(entry.prepared.keys().next().value!);
      entry.prepared.set(key, made);
    }
    return made;
  }

  private prepare(schema: GraphQLSchema, entry: Entry, inputs: Record<string, unknown> | undefined): Prepared {
    const coerced = getVariableValues(schema, entry.operation.variableDefinitions ?? [], inputs ?? {});
    if (coerced.errors) return { fallback: 'variables' };
    const variables = coerced.coerced;
    const plan = this.plan(schema, entry, variables);
    if (!plan) return { fallback: 'selection not compilable' };
    try {
      return { generated: generate(plan, bind(plan, variables, this.options.limits)) };
    } catch (error) {
      if (error instanceof Refused) return { fallback: `refused: ${error.message}` };
      throw error;
    }
  }

  private plan(schema: GraphQLSchema, entry: Entry, variables: Record<string, unknown>): PlanObject | null {
    const key = JSON.stringify(entry.directiveVariables.map((name) => variables[name] ?? null));
    const cached = entry.plans.get(key);
    if (cached !== undefined) return cached;
    let plan: PlanObject | null = null;
    try {
      plan = buildPlan(schema, entry.operation, { schema, fragments: entry.fragments, variables });
    } catch (error) {
      if (!(error instanceof NotCompilable)) throw error;
    }
    if (entry.plans.size < MAX_PLANS) entry.plans.set(key, plan);
    return plan;
  }
}

/**
 * Answers compilable queries before execution; every other request executes
 * as before. SQL of the compiler's that the database refused is reported
 * when the resolvers then answer without an error: the fault was the
 * compiler's. When they fail too, theirs is the one report.
 */
export function readCompilerPlugin<TContext extends object>(compiler: ReadCompiler, reportError: (error: unknown) => void = () => {}): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let failure: unknown;
      return {
        async willSendResponse({ response }) {
          if (failure !== undefined && response.body.kind === 'single' && !response.body.singleResult.errors?.length) reportError(failure);
        },
        async responseForOperation(requestContext: GraphQLRequestContext<TContext>) {
          const { schema, document, operationName, queryHash, request, contextValue } = requestContext;
          if (!document || !queryHash) return null;
          // Set by the cost analysis (limits.ts), which has run by now.
          const cost = (contextValue as { estimatedCost?: number }).estimatedCost;
          // The execution clock runs for the compiled statement too, from when it has room (and starts again for the resolvers, should they answer instead).
          const holder = contextValue as BudgetHolder;
          const budget = holder.budget;
          const outcome = await compiler.answer(schema, document, operationName ?? request.operationName, queryHash, request.variables, cost, () =>
            budget?.start(),
          );
          if (!('data' in outcome)) {
            failure = outcome.error;
            if (outcome.waited) holder.inFlightWaited = true;
            return null;
          }
          // Past the time budget the answer is the budget's own QUERY_TIMEOUT, written by the response budget plugin as for any operation.
          const data = budget?.overrun() ? null : (outcome.data as unknown as Record<string, unknown>);
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
      };
    },
  };
}
