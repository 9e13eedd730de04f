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

/**
 * graphql-js resolves whatever it can reach without waiting in one go: a
 * level of ten thousand rows, once its loader has answered, is walked in a
 * single turn of the event loop, and /health, the other clients and the
 * embedded database's own I/O wait for all of it. Resolution is cut into
 * slices of about SLICE_MS: past that, every field waits for the next turn,
 * so the event loop serves everything else in between. The slice is shared by
 * all requests in the process, since they share the one event loop.
 */
const SLICE_MS = 15;
/** Fields between looks at the clock. */
const CHECK_EVERY = 64;

class Slicer {
  private counter = 0;
  private sliceEnds = 0;
  private lastLook = 0;
  private next: Promise<void> | null = null;

  /** null when the field may run now; otherwise the start of the next slice, to wait for. */
  pause(): Promise<void> | null {
    if (this.next) return this.next;
    if (++this.counter % CHECK_EVERY !== 0) return null;
    const now = performance.now();
    // A long gap since the last look means the loop was free (waiting on the
    // database, or idle): this is a new turn, with a slice of its own.
    if (now - this.lastLook > SLICE_MS) this.sliceEnds = now + SLICE_MS;
    this.lastLook = now;
    if (now < this.sliceEnds) return null;
    this.next = new Promise((resolve) =>
      setImmediate(() => {
        this.next = null;
        this.sliceEnds = performance.now() + SLICE_MS;
        resolve();
      }),
    );
    return this.next;
  }
}

const slicer = new Slicer();

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
      const run: GraphQLFieldResolver<unknown, BudgetHolder> = (source, args, context, info) => {
        const budget = context.budget!;
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
      const sliced: GraphQLFieldResolver<unknown, BudgetHolder> = (source, args, context, info) => {
        if (!context?.budget) return resolve(source, args, context, info);
        const pause = slicer.pause();
        // After the pause the field asks again: the fields that waited all
        // resume together, and the slice must stop them too.
        return pause ? pause.then(() => sliced(source, args, context, info)) : run(source, args, context, info);
      };
      field.resolve = sliced;
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
