import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Server } from 'node:http';
import type { DatabaseTarget, Db } from './db/client.js';
import { attachLive, subscriptionsOverHttpPlugin, websocketUrl, type Live } from './live.js';
import { EventDispatcher } from './modules/events/event.dispatcher.js';
import type { Lookup } from './modules/webhooks/webhook.address.js';
import { WebhookWorker } from './modules/webhooks/webhook.worker.js';
import { EvidenceWorker } from './modules/evidence/evidence.worker.js';
import { GraphQLError } from 'graphql';
import { createFormatError, RateLimitedError, translateDatabaseError, UnauthenticatedError, type ErrorReporter } from './errors.js';
import { chain } from './http/chain.js';
import { compression } from './http/compression.js';
import { readEtags } from './http/etags.js';
import { cors } from './http/cors.js';
import { cacheControlPlugin, ResponseCache } from './http/response-cache.js';
import { TrustedDocuments, trustedDocumentsPlugin } from './graphql/trusted-documents.js';
import { checkedKey, RateLimiter } from './http/rate-limit.js';
import { costLimitPlugin, queryLimitRules } from './limits.js';
import { CostInFlight, responseBudgetPlugin } from './response-budget.js';
import { createLoaders } from './loaders.js';
import { ReadCompiler, readCompilerPlugin } from './graphql/compiled/compiler.js';
import { plainData, stringifyResult } from './graphql/compiled/splice.js';
import { requestIds, requestLogPlugin, type Logger } from './logger.js';
import { claimReviewRouter } from './modules/claimreview/claimreview.routes.js';
import { PLAYGROUND_EXAMPLES, START_QUERY, startFrom } from './playground/examples.js';
import { playgroundRouter } from './playground/playground.js';
import { getSchema } from './schema.js';
import { createServices } from './services.js';

export const GRAPHQL_PATH = '/graphql';

export interface AppOptions {
  config: Pick<Config, 'env' | 'graphql' | 'publicUrl' | 'claimReview' | 'events' | 'webhooks' | 'evidence' | 'live' | 'rateLimit' | 'cors' | 'compressMinBytes' | 'cache' | 'trustedDocuments'>;
  db: Db;
  /** The database's kind and address: subscriptions listen for its notifications. Without it they rely on polling. */
  target?: DatabaseTarget;
  /** Where unexpected errors go; clients only ever see a masked message. */
  reportError?: ErrorReporter;
  /** One line per request; none when omitted. */
  logger?: Logger;
  /** Resolves webhook host names, at registration and at each send; the system resolver when omitted. */
  lookup?: Lookup;
}

export interface App {
  app: Express;
  apollo: ApolloServer<Context>;
  /** Serves subscriptions (WebSocket) on this HTTP server, at the GraphQL path; close() ends them. */
  attach(server: Server): Live;
  stop(): Promise<void>;
}

export async function createApp({ config, db, target, reportError = defaultReporter, logger, lookup }: AppOptions): Promise<App> {
  const services = createServices(db, config, { lookup });
  const { limits } = config.graphql;
  const schema = await getSchema();
  const events = new EventDispatcher(db, target, {
    ...config.events,
    replay: { pageSize: config.live.replayPageSize, maxEvents: config.live.maxReplayEvents },
    onError: reportError,
  });
  // Keys found valid are remembered only while changes to keys are heard.
  const stopFollowingKeys = await services.apiKeys.followChanges(target, { retryMs: config.events.pollMs, onError: reportError });
  const webhooks = new WebhookWorker(db, { ...config.webhooks, onError: reportError, lookup });
  const evidence = new EvidenceWorker(db, config.evidence.fetch, { onError: reportError, lookup });
  const inFlight = new CostInFlight(config.graphql.responseBudget.maxCostInFlight);
  const responses = new ResponseCache(config.cache);
  const trusted = new TrustedDocuments(config.trustedDocuments);
  // The playground's own examples run as they are shown, even where only registered operations do.
  if (config.graphql.playground) trusted.add([START_QUERY, ...PLAYGROUND_EXAMPLES.map((example) => example.query)].map((body) => ({ body })));
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    // Compiled reads carry their data as PostgreSQL's JSON text, written out as it is.
    stringifyResult,
    formatError: createFormatError(reportError, { hideSuggestions: config.env === 'production' }),
    // Refused while parsing: huge documents never become huge syntax trees.
    parseOptions: { maxTokens: limits.maxTokens },
    // Without a manifest, Apollo's own store of automatic persisted queries.
    ...(config.trustedDocuments.files.length > 0 ? { persistedQueries: { cache: trusted.store() } } : {}),
    validationRules: queryLimitRules(limits),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints are read from the document (cacheControlPlugin): Apollo's own
      // plugin would wrap every field resolver (about 8% of a list's CPU, bench/RESULTS.md).
      ApolloServerPluginCacheControlDisabled(),
      trustedDocumentsPlugin<Context>(trusted),
      cacheControlPlugin<Context>(responses),
      subscriptionsOverHttpPlugin(websocketUrl(config.publicUrl, GRAPHQL_PATH)),
      costLimitPlugin(limits, config.graphql),
      responseBudgetPlugin<Context>(config.graphql.responseBudget, inFlight),
      ...(config.graphql.compile
        ? [readCompilerPlugin<Context>(new ReadCompiler({ db, limits: config.graphql, maxResponseBytes: config.graphql.responseBudget.maxBytes, inFlight, maxWaitMs: config.graphql.responseBudget.maxWaitMs }), reportError)]
        : []),
      ...(logger ? [requestLogPlugin(logger)] : []),
    ],
    // main.ts owns shutdown: it stops taking connections, lets in-flight
    // requests finish, then stops Apollo and closes the database.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // ETags for GET and HEAD only (etags.ts).
  app.set('etag', false);
  app.use(
    chain(
      requestIds(),
      readEtags(),
      // First of the rest: preflights carry no key, and refusals (429, 401) must reach the page that asked.
      cors(config.cors),
      ...(config.compressMinBytes > 0 ? [compression({ minBytes: config.compressMinBytes })] : []),
    ),
  );

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: 'ready' });
    } catch (error) {
      reportError(error);
      res.status(503).json({ status: 'unavailable' });
    }
  });

  // After the probes, which a load balancer polls whatever the traffic; before everything else.
  const limiter = new RateLimiter(config.rateLimit);
  // Keys are checked here, once, so that a flood of guesses is refused before any lookup and its bodies are never read.
  app.use(limiter.middleware((authorization) => services.apiKeys.authenticate(authorization)));

  app.use(claimReviewRouter(services, config));

  const requestContext = (requestId: string, actor: Context['actor']): Context => ({
    requestId,
    services,
    loaders: createLoaders(db, { maxListSize: config.graphql.maxPageSize }),
    actor,
  });
  if (config.graphql.playground) {
    // The tabs start from the demo claim, read through the API as any client would.
    const start = async () => {
      const result = await apollo.executeOperation({ query: START_QUERY }, { contextValue: requestContext('playground', null) });
      // A compiled answer's data is its JSON text (the start query is a search, which compiles).
      return result.body.kind === 'single' ? startFrom(plainData(result.body.singleResult.data)) : undefined;
    };
    app.use(playgroundRouter({ endpoint: GRAPHQL_PATH, title: 'Fact-check API', start }));
  }

  app.use(
    GRAPHQL_PATH,
    chain(
      responses.middleware(),
      express.json({ limit: config.graphql.maxBodyBytes }),
      trusted.middleware(),
      expressMiddleware(apollo, {
        context: async ({ req, res }): Promise<Context> =>
          requestContext(String(res.locals.requestId), await authenticate(checkedKey(res.locals) ?? (() => services.apiKeys.authenticate(req.headers.authorization)))),
      }),
    ),
  );

  app.use(jsonErrors(reportError, config.graphql.maxBodyBytes));

  const live: Live[] = [];
  return {
    app,
    apollo,
    attach(server) {
      // A serving instance also sends webhooks: new events wake it at once, its poll catches retries.
      void events.subscribe(() => webhooks.wake()).catch(reportError);
      // A new verdict queues its evidence: the event wakes the fetcher at once, its poll catches retries and re-checks.
      void events.subscribe((event) => {
        if (event.type === 'VERDICT_SET') evidence.wake();
      }).catch(reportError);
      // Whichever instance wrote, an event means kept answers may be stale.
      void events.subscribe(() => responses.invalidate()).catch(reportError);
      webhooks.start();
      evidence.start();
      const attached = attachLive(server, { schema, path: GRAPHQL_PATH, db, services, events, config, reportError, limiter, trusted });
      live.push(attached);
      return attached;
    },
    async stop() {
      await Promise.all(live.map((l) => l.close()));
      await Promise.all([webhooks.stop(), evidence.stop()]);
      await events.stop();
      await stopFollowingKeys();
      await apollo.stop();
    },
  };
}

/**
 * The request's actor. A bad key fails the whole request with 401 before
 * anything runs, rather than quietly reading as anonymous.
 */
async function authenticate(check: () => ReturnType<ReturnType<typeof createServices>['apiKeys']['authenticate']>) {
  try {
    return await check();
  } catch (error) {
    if (error instanceof RateLimitedError) {
      throw new GraphQLError(error.message, {
        originalError: error,
        extensions: { code: error.code, http: { status: 429, headers: new Map([['retry-after', String(error.retryAfter)]]) } },
      });
    }
    if (error instanceof UnauthenticatedError) {
      throw new GraphQLError(error.message, {
        originalError: error,
        extensions: { code: error.code, http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
      });
    }
    const unavailable = error instanceof Error ? translateDatabaseError(error) : undefined;
    if (unavailable) {
      throw new GraphQLError(unavailable.message, {
        originalError: unavailable,
        extensions: { code: unavailable.code, http: { status: 503, headers: new Map([['retry-after', '5']]) } },
      });
    }
    throw error;
  }
}

/** Malformed JSON, oversized bodies and the like: a GraphQL-shaped answer, never an HTML stack trace. */
function jsonErrors(reportError: ErrorReporter, maxBodyBytes: number): ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string }, _req, res, _next) => {
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 500) reportError(error);
    const message =
      error.type === 'entity.too.large'
        ? `Request body is larger than ${maxBodyBytes} bytes`
        : error.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON'
          : status >= 500
            ? 'Internal server error'
            : 'Bad request';
    res
      .status(status)
      .json({ errors: [{ message, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  };
}

function defaultReporter(error: unknown): void {
  console.error(error);
}
