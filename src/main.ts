import 'reflect-metadata';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { loadDemoIfEmpty } from './modules/demo/demo.service.js';
import { backfillFidelity } from './modules/fidelity/fidelity.service.js';
import { genevaStory } from './modules/demo/geneva.data.js';
import { ratingTableFor } from './modules/claimreview/claimreview.service.js';
import { pino } from 'pino';
import { createLogger, redactSecrets } from './logger.js';

/** In-flight requests get this long to finish after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig();
    // Read the ClaimReview ratings file now, so a bad one stops start-up before anything opens.
    ratingTableFor(config.claimReview.ratingsFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  // Written asynchronously: a synchronous write per request line cost the
  // request itself a system call (0.3-0.7 ms on this 2-core machine under
  // load). Pino flushes what is buffered when the process exits.
  const logger = createLogger(config.logLevel, pino.destination({ dest: 1, sync: false }));
  // A promise some library dropped must not end the process for every
  // client: Node's default turns one unhandled rejection, which a single
  // request can cause, into a crash. It is logged as the bug it is instead.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const database = await openDatabase(config);
  logger.info(
    database.target.kind === 'embedded' ? { database: 'embedded', dataDir: config.dataDir } : { database: 'postgresql' },
    'database open',
  );
  if (database.appliedMigrations.length > 0) logger.info({ migrations: database.appliedMigrations }, 'applied migrations');

  // Appearances recorded before wording fidelity was kept get theirs once; afterwards nothing is left to do.
  const classified = await backfillFidelity(database.db);
  if (classified > 0) logger.info({ statements: classified }, "classified the wording of earlier statements' appearances");
  if (config.demoData) {
    const demo = await loadDemoIfEmpty(database.db, config, genevaStory);
    if (demo.loaded) logger.info({ statements: demo.statements }, 'loaded the demo story');
  }

  const { app, attach, stop } = await createApp({
    config,
    db: database.db,
    target: database.target,
    logger,
    reportError: (err) => logger.error({ err }, 'unexpected error'),
  });
  const server: Server = app.listen(config.port, config.host);
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  // Receiving a request's headers may take no longer than before (Node's 60 s), and never less than an idle connection may wait.
  server.headersTimeout = Math.max(60_000, config.keepAliveTimeoutMs + 1000);
  const live = attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info({ url: `http://${shownHost}:${port}/graphql` }, `Fact-check API ready at http://${shownHost}:${port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'finishing in-flight requests before stopping');
    const force = setTimeout(() => {
      logger.warn('shutdown grace period over: closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Responses finishing now would keep their keep-alive connections open
    // for more requests; close each as soon as it falls idle.
    server.on('request', (_req, res) => res.setHeader('connection', 'close'));
    server.closeIdleConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    // Subscribers hold their connections open for good: tell them to reconnect elsewhere.
    await live.close();
    await closed;
    clearInterval(sweep);
    await stop();
    await database.close();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Start-up failed:', redactSecrets(error instanceof Error ? error.message : String(error)));
  process.exit(1);
});
