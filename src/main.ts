import 'reflect-metadata';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { loadDemoIfEmpty } from './modules/demo/demo.service.js';
import { genevaStory } from './modules/demo/geneva.data.js';

/** In-flight requests get this long to finish after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const database = await openDatabase(config);
  console.log(
    database.target.kind === 'embedded'
      ? `Database: embedded PostgreSQL in ${config.dataDir}`
      : 'Database: PostgreSQL at DATABASE_URL',
  );
  if (database.appliedMigrations.length > 0) console.log(`Applied migrations: ${database.appliedMigrations.join(', ')}`);

  if (config.demoData) {
    const demo = await loadDemoIfEmpty(database.db, config, genevaStory);
    if (demo.loaded) console.log(`Loaded the demo story (${demo.statements} statements).`);
  }

  const { app, stop } = await createApp({ config, db: database.db });
  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`Fact-check API ready at http://${shownHost}:${port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests`);
    const force = setTimeout(() => {
      console.error('Shutdown grace period over: closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stop();
    await database.close();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
