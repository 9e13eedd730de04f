import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createDb, type DatabaseTarget, type Db } from '../../src/db/client.js';
import { migrate } from '../../src/db/database.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { createScratchDatabase } from '../../src/db/scratch.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import { systemActor } from '../../src/modules/auth/actor.js';
import type { Lookup } from '../../src/modules/webhooks/webhook.address.js';
import { createServices } from '../../src/services.js';

export interface GraphQLResponse<TData = Record<string, any>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface RequestOptions {
  /** The API key to send; null sends none (anonymous). The ADMIN key "Test desk" by default. */
  key?: string | null;
}

export interface TestServer {
  /** POSTs an operation to /graphql and returns the parsed body (any status). */
  gql<TData = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<TData>>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<TData = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<TData>;
  /** Like gql, but expects exactly one error and returns it. */
  fails(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<{ message: string; extensions?: Record<string, any> }>;
  /** Creates an API key directly (as the command line does) and returns its secret. */
  createKey(role: Role, name: string): Promise<string>;
  /** Every API key, walking all pages of `apiKeys` (the test database may hold many). */
  allKeys(): Promise<{ id: string; name: string; role: string; keyPrefix: string; revokedAt: string | null }[]>;
  /** One key per role, named "Test desk" (ADMIN), "Test fact-checker" and "Test contributor". */
  keys: Record<Role, string>;
  http: ReturnType<typeof supertest>;
  /** Starts listening on 127.0.0.1 (once) with subscriptions attached; returns the WebSocket URL of /graphql. */
  listen(): Promise<string>;
  /** Open WebSocket connections and live event streams (after listen()). */
  liveStats(): { connections: number; subscriptions: number };
  db: Db;
  target: DatabaseTarget;
  config: Config;
  /** SQL statements sent since the last reset. */
  queries: string[];
  /** Errors the server reported (and masked). */
  reported: unknown[];
  close(): Promise<void>;
}

/** The database tests in this file use: TEST_DATABASE_URL's scratch database, or a fresh embedded one. */
export async function testDatabase(): Promise<{ target: DatabaseTarget; close(): Promise<void> }> {
  const url = inject('databaseUrl');
  if (url) return { target: { kind: 'server', url }, close: async () => {} };
  const snapshot = inject('embeddedSnapshot');
  const pglite = await openEmbedded(undefined, snapshot ? { loadDataDir: new Blob([readFileSync(snapshot)]) } : {});
  const target: DatabaseTarget = { kind: 'embedded', pglite };
  // A no-op on the snapshot; applies whatever it lacks otherwise.
  await migrate(target);
  return { target, close: () => pglite.close() };
}

export interface TestServerOptions {
  /** Resolves webhook host names in place of the system resolver. */
  lookup?: Lookup;
  /** Serve from this server's database, as a second instance of the service would (a replica behind a load balancer). */
  sharedWith?: TestServer;
  /**
   * A database of this server's own, also with TEST_DATABASE_URL (where test
   * files otherwise share one): for a background job that must see only the
   * rows its own file made, such as the evidence fetcher.
   */
  ownDatabase?: boolean;
}

async function ownDatabase(): Promise<{ target: DatabaseTarget; close(): Promise<void> }> {
  const url = inject('databaseUrl');
  if (!url) return testDatabase();
  const scratch = await createScratchDatabase(url, 'factcheck_own');
  await migrate({ kind: 'server', url: scratch.url });
  return { target: { kind: 'server', url: scratch.url }, close: scratch.drop };
}

export async function startTestServer(env: Record<string, string> = {}, { lookup, sharedWith, ownDatabase: own }: TestServerOptions = {}): Promise<TestServer> {
  // Suites send hundreds of requests a minute from one address; tests of the limits set their own.
  // Evidence is not fetched unless a test asks: its URLs are made up, and nothing may reach the internet.
  const config = parseConfig({ NODE_ENV: 'test', RATE_LIMIT_RPM: '1000000', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '1000000', EVIDENCE_FETCH: 'false', ...env });
  const queries: string[] = [];
  const reported: unknown[] = [];
  const database = sharedWith ? { target: sharedWith.target, close: async () => {} } : own ? await ownDatabase() : await testDatabase();
  const db = createDb(database.target, config.db, { onQuery: (sql) => queries.push(sql) });
  const { app, attach, stop } = await createApp({ config, db, target: database.target, reportError: (error) => reported.push(error), lookup });
  const http = supertest(app);
  const services = createServices(db, config);
  const createKey = async (role: Role, name: string) => (await services.apiKeys.create(systemActor('test setup'), { name, role })).key;
  const keys: Record<Role, string> = {
    ADMIN: await createKey('ADMIN', 'Test desk'),
    FACT_CHECKER: await createKey('FACT_CHECKER', 'Test fact-checker'),
    CONTRIBUTOR: await createKey('CONTRIBUTOR', 'Test contributor'),
  };

  const gql = async <TData>(query: string, variables?: Record<string, unknown>, options: RequestOptions = {}) => {
    const key = options.key === undefined ? keys.ADMIN : options.key;
    const request = http.post('/graphql').set('content-type', 'application/json');
    if (key !== null) request.set('authorization', `Bearer ${key}`);
    const res = await request.send({ query, variables });
    return res.body as GraphQLResponse<TData>;
  };

  let listening: { server: Server; url: string; live: ReturnType<typeof attach> } | undefined;
  const listen = async () => {
    if (!listening) {
      const server = createServer(app);
      const live = attach(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      listening = { server, live, url: `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql` };
    }
    return listening.url;
  };

  return {
    gql,
    listen,
    liveStats() {
      if (!listening) throw new Error('liveStats() needs listen() first');
      return listening.live.stats();
    },
    async ok<TData>(query: string, variables?: Record<string, unknown>, options?: RequestOptions) {
      const body = await gql<TData>(query, variables, options);
      if (body.errors?.length || !body.data) {
        const internals = reported.map((error) => String(error instanceof Error ? error.stack : error)).join('\n');
        throw new Error(`GraphQL errors: ${JSON.stringify(body.errors ?? body, null, 2)}${internals ? `\nReported:\n${internals}` : ''}`);
      }
      return body.data;
    },
    async fails(query: string, variables?: Record<string, unknown>, options?: RequestOptions) {
      const body = await gql(query, variables, options);
      if (!body.errors || body.errors.length !== 1) {
        throw new Error(`expected exactly one error, got: ${JSON.stringify(body, null, 2)}`);
      }
      return body.errors[0]!;
    },
    createKey,
    async allKeys() {
      const found = [];
      let after: string | null = null;
      do {
        const body: GraphQLResponse = await gql(
          `query($after: String) { apiKeys(first: 100, after: $after) { edges { node { id name role keyPrefix revokedAt } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        const page = body.data!.apiKeys;
        found.push(...page.edges.map((edge: { node: any }) => edge.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return found;
    },
    keys,
    http,
    db,
    target: database.target,
    config,
    queries,
    reported,
    async close() {
      await stop();
      if (listening) {
        listening.server.closeAllConnections();
        await new Promise((resolve) => listening!.server.close(resolve));
      }
      await db.$disconnect();
      await database.close();
    },
  };
}
