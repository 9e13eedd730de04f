import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Db } from './db/client.js';
import { refusalBody, type RateLimiter } from './http/rate-limit.js';
import { createFormatError, RateLimitedError, translateDatabaseError, UnauthenticatedError, type ErrorReporter } from './errors.js';
import { estimateCost, queryLimitRules } from './limits.js';
import { createLoaders } from './loaders.js';
import type { Actor } from './modules/auth/actor.js';
import type { EventDispatcher } from './modules/events/event.dispatcher.js';
import type { Services } from './services.js';

/** graphql-ws close codes beyond its own: the key was refused, or could not be checked. */
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_UNAVAILABLE = 4503;
const CLOSE_RATE_LIMITED = 4429;

export interface LiveOptions {
  schema: GraphQLSchema;
  path: string;
  db: Db;
  services: Services;
  events: EventDispatcher;
  config: Pick<Config, 'env' | 'graphql'>;
  reportError: ErrorReporter;
  /** Connection attempts and their key checks count against the client's budgets, as HTTP requests do. */
  limiter?: RateLimiter;
}

type ConnectionState = {
  actor?: Actor | null;
};

/**
 * Subscriptions over WebSocket (graphql-ws) on the HTTP server's own port
 * and path. Only subscriptions travel this way: queries and mutations keep
 * HTTP's limits, logging and status codes. Documents meet the same limits
 * as over HTTP, before anything runs.
 */
export function attachLive(server: Server, options: LiveOptions): { close(): Promise<void> } {
  const { schema, db, services, events, config, reportError } = options;
  const { limits } = config.graphql;
  const rules = [...specifiedRules, ...queryLimitRules(limits)];
  const formatError = createFormatError(reportError, { hideSuggestions: config.env === 'production' });
  const format = (error: GraphQLError): GraphQLError => {
    const shown = formatError(error.toJSON(), error);
    return new GraphQLError(shown.message, { nodes: error.nodes, path: error.path, extensions: shown.extensions });
  };

  events.start().catch(reportError);
  const { limiter } = options;
  const wss = new WebSocketServer({
    server,
    path: options.path,
    maxPayload: config.graphql.maxBodyBytes,
    verifyClient: (info, accept) => {
      const wait = limiter?.admitConnection(limiter.clientOf(info.req)) ?? 0;
      if (wait === 0) return accept(true);
      const body = JSON.stringify(refusalBody(new RateLimitedError(wait)));
      accept(false, 429, body, { 'Retry-After': String(wait), 'Content-Type': 'application/json' });
    },
  });
  const disposable = useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      schema,
      // Reads are open; a key, when given, must be good, as over HTTP.
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
        const check = () => services.apiKeys.authenticate(authorization);
        try {
          ctx.extra.actor = await (limiter ? limiter.checkKey(limiter.clientOf(ctx.extra.request), authorization, check) : check());
          return true;
        } catch (error) {
          if (error instanceof RateLimitedError) {
            ctx.extra.socket.close(CLOSE_RATE_LIMITED, error.message.slice(0, 120));
            return false;
          }
          if (error instanceof UnauthenticatedError) {
            ctx.extra.socket.close(CLOSE_UNAUTHORIZED, error.message.slice(0, 120));
            return false;
          }
          if (error instanceof Error && translateDatabaseError(error)) {
            ctx.extra.socket.close(CLOSE_UNAVAILABLE, 'Service unavailable: try again shortly');
            return false;
          }
          throw error;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? withCode(error, 'GRAPHQL_PARSE_FAILED') : new GraphQLError('Syntax error')];
        }
        const problems = validate(schema, document, rules);
        if (problems.length > 0) return problems.map((problem) => withCode(problem, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = document.definitions.find(
          (d): d is OperationDefinitionNode =>
            d.kind === Kind.OPERATION_DEFINITION && (payload.operationName == null || d.name?.value === payload.operationName),
        );
        if (!operation || operation.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket: send queries and mutations as HTTP POST', { extensions: { code: 'BAD_REQUEST' } })];
        }
        let cost = 0;
        try {
          cost = estimateCost(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined, config.graphql);
        } catch {
          // Variables that cannot be coerced are reported by execution itself.
        }
        if (cost > limits.maxCost) {
          return [
            new GraphQLError(`Query would cost about ${cost} (fields times page sizes); the limit is ${limits.maxCost}.`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: limits.maxCost },
            }),
          ];
        }
        const contextValue: Context = {
          requestId: randomUUID(),
          services,
          loaders: createLoaders(db),
          actor: ctx.extra.actor ?? null,
          events,
          lastEventId: ctx.connectionParams?.lastEventId,
        };
        return { schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined, contextValue };
      },
      // Errors reach clients as over HTTP: with a code, and never with internals.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : result),
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    wss,
  );

  // Called by main.ts before the HTTP server closes, and again by App.stop(): a second dispose would fail.
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.close(1001, 'Server shutting down');
        await disposable.dispose();
      })();
      return closing;
    },
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
