import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { QueryTimeoutError, ResponseTooLargeError } from './errors.js';

/**
 * A budget for one response, enforced while it is built. The cost analysis
 * (limits.ts) refuses a query before it runs from what its shape could cost;
 * this is the second line, for what an estimate cannot see: data that is
 * larger or slower than expected. Every field's resolver is checked against
 * the clock and charged for the size of what it returns; once either runs
 * out, the rest of the query is not resolved and the client gets one clear
 * error instead of a partial answer, a process out of memory or a blocked
 * event loop.
 */
export interface ResponseBudgetLimits {
  /** Bytes of response data, estimated from the strings and values resolved. */
  maxBytes: number;
  /** Milliseconds from the start of execution. */
  maxMs: number;
}

/** Per field: its name and punctuation in the JSON text. */
const FIELD_OVERHEAD = 8;

export class ResponseBudget {
  private bytes = 0;
  private deadline = Infinity;
  /** The first overrun; every later check throws it again, so the query stops everywhere at once. */
  exceeded: ResponseTooLargeError | QueryTimeoutError | null = null;

  constructor(private readonly limits: ResponseBudgetLimits) {}

  /** Execution starts: the clock runs from here, not from when the request arrived. */
  start(now = Date.now()): void {
    this.deadline = now + this.limits.maxMs;
  }

  /** The overrun that stops this field, or null while the budget lasts. */
  overrun(): ResponseTooLargeError | QueryTimeoutError | null {
    if (!this.exceeded && Date.now() > this.deadline) {
      this.exceeded = new QueryTimeoutError(
        `The query ran for more than ${this.limits.maxMs} ms and was stopped. Ask for smaller pages or fewer nested lists.`,
        { maxMs: this.limits.maxMs },
      );
    }
    return this.exceeded;
  }

  charge(value: unknown): void {
    this.bytes += FIELD_OVERHEAD + sizeOf(value);
    if (this.bytes > this.limits.maxBytes && !this.exceeded) {
      this.exceeded = new ResponseTooLargeError(
        `The response would be larger than ${this.limits.maxBytes} bytes and was stopped. Ask for smaller pages or fewer fields.`,
        { maxBytes: this.limits.maxBytes },
      );
    }
  }
}

/** What a resolved value adds to the JSON text; objects are charged field by field as their own fields resolve. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (Array.isArray(value)) return value.length + 2;
  return 4;
}

export interface BudgetHolder {
  budget?: ResponseBudget;
}

const wrapped = new WeakSet<GraphQLSchema>();

/**
 * Wraps every field's resolver in the schema (once) so that it checks and
 * charges the request's budget. Synchronous resolvers stay synchronous while
 * the budget lasts: the check is a comparison and an addition per field.
 */
export function enforceResponseBudgets(schema: GraphQLSchema): GraphQLSchema {
  if (wrapped.has(schema)) return schema;
  wrapped.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, BudgetHolder> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const budget = context?.budget;
        if (!budget) return resolve(source, args, context, info);
        const overrun = budget.overrun();
        // A rejected promise, not a throw: graphql-js abandons the promises
        // of sibling fields when a field under a non-null parent throws
        // synchronously, and those would then reject unhandled.
        if (overrun) return Promise.reject(overrun);
        const result = resolve(source, args, context, info);
        if (result instanceof Promise) {
          return result.then((value: unknown) => {
            budget.charge(value);
            return value;
          });
        }
        budget.charge(result);
        return result;
      };
    }
  }
  return schema;
}

/**
 * Starts each operation's clock, and replaces an answer whose budget ran out
 * with that one error (HTTP 400 for size, 503 for time): a partial answer
 * would be as large or as slow as the one refused, with an error for every
 * field left unresolved.
 */
export function responseBudgetPlugin<TContext extends BudgetHolder>(limits: ResponseBudgetLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      contextValue.budget = new ResponseBudget(limits);
      return {
        async executionDidStart() {
          contextValue.budget?.start();
        },
        async willSendResponse({ response }) {
          const exceeded = contextValue.budget?.exceeded;
          if (!exceeded || response.body.kind !== 'single') return;
          const error: GraphQLFormattedError = { message: exceeded.message, extensions: { code: exceeded.code, ...exceeded.details } };
          response.body.singleResult = { data: null, errors: [error] };
          response.http.status = exceeded instanceof QueryTimeoutError ? 503 : 400;
        },
      };
    },
  };
}
