import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { TrustedDocuments } from './graphql/trusted-documents.js';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Db } from './db/client.js';
import { refusalBody, type RateLimiter } from './http/rate-limit.js';
import { createFormatError, LimitExceededError, NotRegisteredError, RateLimitedError, translateDatabaseError, UnauthenticatedError, WebSocketRequiredError, type ErrorReporter } from './errors.js';
import { estimateCost, queryLimitRules } from './limits.js';
import { serveSockets, type SocketExtra } from './live-sockets.js';
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
  config: Pick<Config, 'env' | 'graphql' | 'live'>;
  reportError: ErrorReporter;
  /** Connection attempts and their key checks count against the client's budgets, as HTTP requests do. */
  limiter?: RateLimiter;
  /** With TRUSTED_DOCUMENTS_ONLY, anonymous subscriptions too must be registered operations. */
  trusted?: TrustedDocuments;
}

type ConnectionState = SocketExtra & {
  actor?: Actor | null;
};

export interface Live {
  close(): Promise<void>;
  /** Open connections, and clients' subscriptions following the outbox (counted once they receive every event committed from then on). */
  stats(): { connections: number; subscriptions: number };
}

const REVOKED = 'This API key has been revoked';

/**
 * Subscriptions over WebSocket (graphql-ws) on the HTTP server's own port
 * and path. Only subscriptions travel this way: queries and mutations keep
 * HTTP's limits, logging and status codes. Documents meet the same limits
 * as over HTTP, before anything runs.
 */
export function attachLive(server: Server, options: LiveOptions): Live {
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
  const { maxSubscriptionsPerConnection } = config.live;
  const sockets = serveSockets<Record<string, unknown> | undefined, ConnectionState>(
    wss,
    {
      schema,
      // Reads are open; a key, when given, must be good, as over HTTP.
      onConnect: async (ctx) => {
        const authorization = authorizationParam(ctx.connectionParams);
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
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has already counted this one.
        if (Object.keys(ctx.subscriptions).length > maxSubscriptionsPerConnection) {
          return [
            asGraphQLError(
              new LimitExceededError(
                `A connection may hold at most ${maxSubscriptionsPerConnection} subscriptions: complete one first, or open another connection`,
                'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
                maxSubscriptionsPerConnection,
              ),
            ),
          ];
        }
        // A key revoked through another instance is caught here, before it subscribes again.
        const keyId = ctx.extra.actor?.keyId;
        if (keyId) {
          let revoked: Set<string>;
          try {
            revoked = await services.apiKeys.revokedAmong([keyId]);
          } catch (error) {
            const unavailable = error instanceof Error ? translateDatabaseError(error) : undefined;
            if (unavailable) return [asGraphQLError(unavailable)];
            throw error;
          }
          if (revoked.size > 0) {
            sockets.drop(ctx.extra, CLOSE_UNAUTHORIZED, REVOKED);
            return [asGraphQLError(new UnauthenticatedError(REVOKED))];
          }
        }
        if (options.trusted?.settings.only && !ctx.extra.actor && !options.trusted.registeredText(payload.query)) {
          return [asGraphQLError(new NotRegisteredError())];
        }
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
          loaders: createLoaders(db, { maxListSize: config.graphql.maxPageSize }),
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
    config.live,
    (socket, request) => ({ socket, request }),
    reportError,
  );

  // A revoked key loses its connections: at once when revoked here, within
  // WS_AUTH_RECHECK_MS when revoked through another instance.
  const dropKey = (keyId: string) => {
    for (const extra of sockets.open) if (extra.actor?.keyId === keyId) sockets.drop(extra, CLOSE_UNAUTHORIZED, REVOKED);
  };
  const stopListening = services.apiKeys.onRevoked(dropKey);
  const recheck = setInterval(() => {
    const keyIds = [...new Set([...sockets.open].flatMap((extra) => (extra.actor?.keyId ? [extra.actor.keyId] : [])))];
    services.apiKeys
      .revokedAmong(keyIds)
      .then((revoked) => revoked.forEach(dropKey))
      .catch((error: unknown) => {
        // The database away: checked again next time.
        if (!(error instanceof Error && translateDatabaseError(error))) reportError(error);
      });
  }, config.live.authRecheckMs);
  recheck.unref();

  // Called by main.ts before the HTTP server closes, and again by App.stop(): a second dispose would fail.
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        clearInterval(recheck);
        stopListening();
        for (const client of wss.clients) client.close(1001, 'Server shutting down');
        await sockets.dispose();
      })();
      return closing;
    },
    stats: () => ({ connections: sockets.open.size, subscriptions: events.streamCount }),
  };
}

/**
 * The key from the connection parameters, whatever its spelling: GraphiQL
 * sends its Headers editor as typed ("Authorization"), scripts tend to
 * write "authorization".
 */
function authorizationParam(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const name = Object.keys(params).find((key) => key.toLowerCase() === 'authorization');
  const value = name === undefined ? undefined : params[name];
  return typeof value === 'string' ? value : undefined;
}

/** The address subscriptions are served at: the public address's scheme made ws(s), the GraphQL path under its path. */
export function websocketUrl(publicUrl: string, path: string): string {
  const url = new URL(publicUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/**
 * Subscriptions sent as HTTP requests are refused before they run, naming
 * where they are served. A POST is stopped once its operation is known; a
 * GET is refused by Apollo itself (405, "only queries"), whose answer is
 * replaced with the same one so clients need handle a single code.
 */
export function subscriptionsOverHttpPlugin(address: string): ApolloServerPlugin {
  const refusal = () => {
    const error = new WebSocketRequiredError(address);
    return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, ...error.details, http: { status: 400 } } });
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) throw refusal();
        },
        async willSendResponse({ operation, request, response }) {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION || request.http?.method !== 'GET') return;
          if (response.body.kind !== 'single') return;
          const { message, extensions } = refusal();
          const { http: _http, ...shown } = extensions;
          response.body.singleResult = { errors: [{ message, extensions: shown }] };
          response.http.status = 400;
          response.http.headers.delete('allow');
        },
      };
    },
  };
}

/** The form graphql-ws sends; `format` gives it its code. */
function asGraphQLError(error: Error): GraphQLError {
  return new GraphQLError(error.message, { originalError: error });
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
