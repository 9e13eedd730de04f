import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { QueryTimeoutError, ResponseTooLargeError, ServiceUnavailableError } from './errors.js';

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
  /** Estimated cost (see limits.ts) of all operations executing at once in the process. */
  maxCostInFlight: number;
  /** How long an operation may wait for room in that before SERVICE_UNAVAILABLE. */
  maxWaitMs: number;
}

/** Per field: its name and punctuation in the JSON text. */
const FIELD_OVERHEAD = 8;

export class ResponseBudget {
  private bytes = 0;
  private deadline = Infinity;
  /** The first overrun; every later check throws it again, so the query stops everywhere at once. */
  exceeded: ResponseTooLargeError | QueryTimeoutError | ServiceUnavailableError | null = null;

  /** This request's fields waiting for a turn (see Slicer). */
  readonly fields = new FieldQueue();

  constructor(private readonly limits: ResponseBudgetLimits) {}

  /** Execution starts: the clock runs from here, not from when the request arrived. */
  start(now = Date.now()): void {
    this.deadline = now + this.limits.maxMs;
  }

  /** A write finished: reading what it returns gets the whole time again, unless the budget already ran out. */
  restart(now = Date.now()): void {
    if (!this.exceeded) this.deadline = now + this.limits.maxMs;
  }

  /** Stops the operation before it starts, with this error as the whole answer. */
  refuse(error: ServiceUnavailableError): void {
    this.exceeded = error;
  }

  /** The overrun that stops this field, or null while the budget lasts. */
  overrun(): ResponseTooLargeError | QueryTimeoutError | ServiceUnavailableError | null {
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
 * slices of about SLICE_MS, shared by all requests since they share the one
 * event loop. Past a slice, a request's fields wait in that request's own
 * queue; each later turn runs a bounded number of them, taking the requests
 * in turn, so a huge answer advances a little every turn while a small one
 * still finishes in a few.
 */
const SLICE_MS = 15;
/** Fields between looks at the clock. */
const CHECK_EVERY = 64;
/**
 * Waiting fields run per turn. Each also sets off graphql-js's completion of
 * its value, which runs after it, outside the turn's clock: the count bounds
 * that part.
 */
const FIELDS_PER_TURN = 256;
/** Of those, one request's before the next request's. */
const FIELDS_PER_REQUEST = 32;

type Waiting = () => void;

class FieldQueue {
  private readonly tasks: Waiting[] = [];
  private head = 0;

  get waiting(): boolean {
    return this.head < this.tasks.length;
  }

  push(task: Waiting): void {
    this.tasks.push(task);
  }

  /** Runs up to `max` waiting fields; how many ran. */
  run(max: number): number {
    let ran = 0;
    while (ran < max && this.head < this.tasks.length) {
      const task = this.tasks[this.head]!;
      this.tasks[this.head++] = undefined as unknown as Waiting;
      task();
      ran++;
    }
    if (this.head === this.tasks.length) {
      this.tasks.length = 0;
      this.head = 0;
    }
    return ran;
  }
}

class Slicer {
  private counter = 0;
  private sliceEnds = 0;
  private lastLook = 0;
  private scheduled = false;
  /** Requests with fields waiting, in turn order. */
  private readonly active: FieldQueue[] = [];

  /**
   * Runs `field` now, or queues it behind the request's other waiting fields
   * when the slice is spent, and answers with what it answers.
   */
  run(queue: FieldQueue, field: () => unknown): unknown {
    if (!queue.waiting && !this.sliceSpent()) return field();
    return new Promise((resolve, reject) => {
      if (!queue.waiting) this.active.push(queue);
      queue.push(() => {
        try {
          resolve(field());
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  private sliceSpent(): boolean {
    if (++this.counter % CHECK_EVERY !== 0) return false;
    const now = performance.now();
    // A long gap since the last look means the loop was free (waiting on the
    // database, or idle): this is a new turn, with a slice of its own.
    if (now - this.lastLook > SLICE_MS) this.sliceEnds = now + SLICE_MS;
    this.lastLook = now;
    return now >= this.sliceEnds;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    const now = performance.now();
    this.sliceEnds = now + SLICE_MS;
    this.lastLook = now;
    let budget = FIELDS_PER_TURN;
    while (budget > 0 && this.active.length > 0 && performance.now() < this.sliceEnds) {
      const queue = this.active.shift()!;
      budget -= queue.run(Math.min(budget, FIELDS_PER_REQUEST));
      if (queue.waiting) this.active.push(queue);
    }
    if (this.active.length > 0) this.schedule();
  }
}

const slicer = new Slicer();

export interface BudgetHolder {
  budget?: ResponseBudget;
  /** Set by the cost analysis once the operation is known. */
  estimatedCost?: number;
  /** Set by the read compiler when it waited for room in flight and got none: the resolvers then do not wait a second time. */
  inFlightWaited?: boolean;
}

/**
 * The estimated cost of the operations executing at once. Memory follows
 * what is being built, not what one request asks: twenty answers that each
 * pass every per-request limit can together exhaust a small heap. An
 * operation past the room left waits for others to finish, in order, then
 * is refused with SERVICE_UNAVAILABLE and a Retry-After.
 */
/** Operations costing at most this share of the room in flight are let through at once. */
const SMALL_SHARE = 0.02;

export class CostInFlight {
  private inFlight = 0;
  private readonly waiting: { cost: number; admit: () => void }[] = [];

  constructor(private readonly max: number) {}

  /**
   * Resolves true once `cost` fits (an operation alone always does), false
   * after `waitMs`. Small operations never wait: the ordinary reads of a
   * dashboard are not held up behind someone's export.
   */
  acquire(cost: number, waitMs: number): Promise<boolean> {
    const charge = Math.min(cost, this.max);
    if (charge <= this.max * SMALL_SHARE) {
      this.inFlight += charge;
      return Promise.resolve(true);
    }
    if (this.waiting.length === 0 && this.inFlight + charge <= this.max) {
      this.inFlight += charge;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const entry = {
        cost: charge,
        admit: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        resolve(false);
        this.admit();
      }, waitMs);
      this.waiting.push(entry);
    });
  }

  release(cost: number): void {
    this.inFlight -= Math.min(cost, this.max);
    this.admit();
  }

  private admit(): void {
    while (this.waiting.length > 0 && this.inFlight + this.waiting[0]!.cost <= this.max) {
      const next = this.waiting.shift()!;
      this.inFlight += next.cost;
      next.admit();
    }
  }
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
  const mutation = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    // A write is bounded by its own limits (statement and transaction
    // timeouts, the ingest budget), and once it has committed its answer
    // must say so: a QUERY_TIMEOUT over a committed write would have the
    // client write it again. The clock bounds reading what it returns: it
    // starts again as each write starts and as it finishes (mutations run
    // one at a time); only an overrun already recorded stops a write.
    const writes = type === mutation;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, BudgetHolder> = field.resolve ?? defaultFieldResolver;
      const run: GraphQLFieldResolver<unknown, BudgetHolder> = (source, args, context, info) => {
        const budget = context.budget!;
        if (writes) budget.restart();
        const overrun = budget.overrun();
        // A rejected promise, not a throw: graphql-js abandons the promises
        // of sibling fields when a field under a non-null parent throws
        // synchronously, and those would then reject unhandled.
        if (overrun) return Promise.reject(overrun);
        const result = resolve(source, args, context, info);
        if (result instanceof Promise) {
          return result.then(
            (value: unknown) => {
              if (writes) budget.restart();
              budget.charge(value);
              return value;
            },
            (error: unknown) => {
              if (writes) budget.restart();
              throw error;
            },
          );
        }
        if (writes) budget.restart();
        budget.charge(result);
        return result;
      };
      field.resolve = (source, args, context, info) => {
        const budget = context?.budget;
        if (!budget) return resolve(source, args, context, info);
        return slicer.run(budget.fields, () => run(source, args, context, info));
      };
    }
  }
  return schema;
}

/**
 * Starts each operation's clock, and replaces an answer whose budget ran out
 * with that one error (HTTP 400 for size, 503 for time or no room in
 * flight): a partial answer
 * would be as large or as slow as the one refused, with an error for every
 * field left unresolved.
 */
export function responseBudgetPlugin<TContext extends BudgetHolder>(
  limits: ResponseBudgetLimits,
  /** Shared with whatever else answers operations (the read compiler). */
  inFlight = new CostInFlight(limits.maxCostInFlight),
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      contextValue.budget = new ResponseBudget(limits);
      let reserved = 0;
      return {
        // Only an operation that will run takes room: one refused by the cost
        // analysis or by validation never gets here. Room refused is reported
        // as the budget's own overrun, so every field stops at once and the
        // answer is that one error.
        async executionDidStart() {
          const cost = Math.max(1, contextValue.estimatedCost ?? 1);
          if (await inFlight.acquire(cost, contextValue.inFlightWaited ? 0 : limits.maxWaitMs)) {
            reserved = cost;
            contextValue.budget?.start();
          } else {
            contextValue.budget?.refuse(new ServiceUnavailableError('The service is busy with other large queries: try again shortly, or ask for less'));
          }
        },
        async willSendResponse({ response }) {
          if (reserved > 0) inFlight.release(reserved);
          reserved = 0;
          const exceeded = contextValue.budget?.exceeded;
          if (!exceeded || response.body.kind !== 'single') return;
          const error: GraphQLFormattedError = { message: exceeded.message, extensions: { code: exceeded.code, ...exceeded.details } };
          response.body.singleResult = { data: null, errors: [error] };
          response.http.status = exceeded instanceof ResponseTooLargeError ? 400 : 503;
          if (exceeded instanceof ServiceUnavailableError) response.http.headers.set('retry-after', '1');
        },
      };
    },
  };
}
