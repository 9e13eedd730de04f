import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/**
 * The service's one error vocabulary. Services throw these; `formatError`
 * turns them into GraphQL errors with an `extensions.code`, and turns
 * anything else into an opaque INTERNAL_SERVER_ERROR so that no stack trace,
 * SQL or connection string reaches a client.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'LIMIT_EXCEEDED'
  | 'SERVICE_UNAVAILABLE'
  | 'RESPONSE_TOO_LARGE'
  | 'QUERY_TIMEOUT'
  | 'RATE_LIMITED'
  | 'ARTICLE_TOO_COMPLEX'
  | 'SUBSCRIPTION_REQUIRES_WEBSOCKET'
  | 'PERSISTED_QUERY_NOT_IN_LIST'
  | 'INTERNAL_SERVER_ERROR';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    message: string,
    /** Safe, client-facing details (field names, current versions). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadUserInputError extends AppError {
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(message, field === undefined ? details : { field, ...details });
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND' as const;
  constructor(entity: string, id: string, field?: string) {
    super(`${entity} ${id} does not exist`, { entity, id, ...(field ? { field } : {}) });
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT' as const;
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN' as const;
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED' as const;
}

/** A per-client limit of the live (WebSocket) side; `limit` names its setting. */
export class LimitExceededError extends AppError {
  readonly code = 'LIMIT_EXCEEDED' as const;
  constructor(message: string, limit: string, max: number) {
    super(message, { limit, max });
  }
}

export class ServiceUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  constructor(message = 'The database is unavailable; try again shortly', details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/** An article whose reading ran past its time or memory budget: the body, not the service, is at fault. */
export class ArticleTooComplexError extends AppError {
  readonly code = 'ARTICLE_TOO_COMPLEX' as const;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { field: 'input.body', ...details });
  }
}

/** A response grew past its size budget while it was being built (see response-budget.ts). */
export class ResponseTooLargeError extends AppError {
  readonly code = 'RESPONSE_TOO_LARGE' as const;
}

/** A query ran past its time budget and was stopped. */
export class QueryTimeoutError extends AppError {
  readonly code = 'QUERY_TIMEOUT' as const;
}

/** Over a per-client request budget (HTTP 429); `retryAfter` seconds, as in the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED' as const;
  constructor(
    readonly retryAfter: number,
    /** Which budget ran out, without the wait. */
    readonly reason = 'Too many requests from this client',
  ) {
    super(`${reason}: try again in ${retryAfter} s`, { retryAfter });
  }
}

/** A subscription sent as an HTTP request: it is served over graphql-ws on the same path. */
export class WebSocketRequiredError extends AppError {
  readonly code = 'SUBSCRIPTION_REQUIRES_WEBSOCKET' as const;
  constructor(websocketUrl: string) {
    super(
      `Subscriptions are served over WebSocket, not HTTP: connect to ${websocketUrl} with a graphql-ws client (subprotocol graphql-transport-ws)`,
      { websocketUrl, protocol: 'graphql-transport-ws' },
    );
  }
}

/** An anonymous operation that is not in the registered manifest, while only registered operations run (TRUSTED_DOCUMENTS_ONLY). */
export class NotRegisteredError extends AppError {
  readonly code = 'PERSISTED_QUERY_NOT_IN_LIST' as const;
  constructor() {
    super('This service runs registered operations only: send the id of an operation in its manifest (see README "Trusted documents"), or an API key');
  }
}

/** Codes produced by GraphQL itself (parsing, validation, variable coercion): safe to show. */
const GRAPHQL_CODES = new Set([
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_HASH_MISMATCH',
  'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
]);

export interface ErrorReporter {
  (error: unknown): void;
}

export interface FormatOptions {
  /** Drop GraphQL's "Did you mean ...?" hints, which map the schema for whoever probes it. */
  hideSuggestions?: boolean;
}

export function createFormatError(report: ErrorReporter, options: FormatOptions = {}) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = appErrorIn(unwrapResolverError(error));
    if (original instanceof AppError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...original.details },
      };
    }
    const translated = original instanceof Error ? translateDatabaseError(original) : undefined;
    // Expected while the database is away: the request's log line records the code.
    if (translated) {
      return {
        message: translated.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: translated.code, ...translated.details },
      };
    }
    // Errors raised by GraphQL itself (parsing, validation, variable
    // coercion) describe the request, never the server: keep them, minus any
    // stack trace. A resolver's own exception never qualifies.
    const raisedByGraphQL = !(original instanceof Error) || original instanceof GraphQLError;
    const code = uncodedApolloError(original) ?? formatted.extensions?.code;
    if (typeof code === 'string' && GRAPHQL_CODES.has(code) && raisedByGraphQL) {
      const { stacktrace: _stack, ...extensions }: Record<string, unknown> = { ...formatted.extensions, code };
      const message = options.hideSuggestions ? formatted.message.replace(/ ?Did you mean .*\?$/, '') : formatted.message;
      return { ...formatted, message, extensions };
    }
    report(original);
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * Apollo refuses a few malformed requests (HTTP 400) without an error code,
 * which it then labels INTERNAL_SERVER_ERROR; they are the client's doing,
 * so they get a code of their own (Apollo Router's names for them).
 */
const UNCODED_APOLLO_ERRORS: [string, string][] = [
  ['provided sha does not match query', 'PERSISTED_QUERY_HASH_MISMATCH'],
  ['Unsupported persisted query version', 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED'],
];

function uncodedApolloError(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions.code !== undefined) return undefined;
  return UNCODED_APOLLO_ERRORS.find(([message]) => message === error.message)?.[1];
}

/** The AppError behind an error, if any (errors thrown while building the context arrive wrapped). */
function appErrorIn(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 3 && current instanceof GraphQLError; depth++) {
    if (current.originalError instanceof AppError) return current.originalError;
    current = current.originalError;
  }
  return error;
}

/*
 * The database went away, or is not taking connections yet, in the words
 * the pg driver, Prisma's driver adapter and PostgreSQL use for it. A raw
 * query's error (P2010) carries the adapter's words ("Server has closed the
 * connection.") and PostgreSQL's code inside its message, not as its code.
 */
const CONNECTION_LOST_WORDS =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|Can't reach database|Server has closed the connection|DatabaseNotReachable|terminating connection due to|the database system is (starting up|shutting down|in recovery mode)|too many clients already/i;
/**
 * Node's socket errors; Prisma's codes for an unreachable, timed-out or closed connection, and its
 * driver adapter's kinds for them (a DriverAdapterError inside a
 * transaction carries only the kind); PostgreSQL's for shutdown, start-up,
 * too many connections and a lost connection.
 */
const CONNECTION_LOST_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  'P1001', 'P1008', 'P1017',
  'DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
]);
const TIMED_OUT_CODES = new Set(['57014', 'P2028']);

/** The codes an error carries: its own, Prisma's meta, its cause's code or kind, and PostgreSQL's quoted in a raw query's message. */
function codesOf(error: Error): string[] {
  const { code, meta, cause } = error as { code?: unknown; meta?: { code?: unknown }; cause?: { code?: unknown; kind?: unknown } };
  const quoted = [...error.message.matchAll(/Code: `([0-9A-Z]{5})`/g)].map((match) => match[1]!);
  return [code, meta?.code, cause?.code, cause?.kind, ...quoted].filter((value): value is string => typeof value === 'string');
}

/**
 * Errors from the database driver that say something about the request or
 * the service's state rather than a bug. Services translate expected
 * constraint violations themselves; this is the safety net.
 */
export function translateDatabaseError(error: Error): AppError | undefined {
  const text = `${error.name} ${error.message}`;
  const codes = codesOf(error);
  if (codes.some((code) => CONNECTION_LOST_CODES.has(code)) || CONNECTION_LOST_WORDS.test(text)) {
    return new ServiceUnavailableError();
  }
  // A statement past DB_STATEMENT_TIMEOUT_MS, or a transaction past the same
  // limit as a whole (Prisma then refuses its remaining statements).
  if (codes.some((code) => TIMED_OUT_CODES.has(code)) || /canceling statement due to statement timeout|expired transaction|Transaction already closed/i.test(text)) {
    return new ServiceUnavailableError('The request took too long and was cancelled');
  }
  return undefined;
}
