import 'reflect-metadata';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createDb, type DatabaseTarget, type Db } from '../../src/db/client.js';
import { migrate } from '../../src/db/database.js';
import { openEmbedded } from '../../src/db/embedded.js';

export interface GraphQLResponse<TData = Record<string, any>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  /** POSTs an operation to /graphql and returns the parsed body (any status). */
  gql<TData = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<TData>>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<TData = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<TData>;
  /** Like gql, but expects exactly one error and returns it. */
  fails(query: string, variables?: Record<string, unknown>): Promise<{ message: string; extensions?: Record<string, any> }>;
  http: ReturnType<typeof supertest>;
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
  const pglite = await openEmbedded();
  const target: DatabaseTarget = { kind: 'embedded', pglite };
  await migrate(target);
  return { target, close: () => pglite.close() };
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = parseConfig({ NODE_ENV: 'test', ...env });
  const queries: string[] = [];
  const reported: unknown[] = [];
  const database = await testDatabase();
  const db = createDb(database.target, config.db, { onQuery: (sql) => queries.push(sql) });
  const { app, stop } = await createApp({ config, db, reportError: (error) => reported.push(error) });
  const http = supertest(app);

  const gql = async <TData>(query: string, variables?: Record<string, unknown>) => {
    const res = await http.post('/graphql').set('content-type', 'application/json').send({ query, variables });
    return res.body as GraphQLResponse<TData>;
  };

  return {
    gql,
    async ok<TData>(query: string, variables?: Record<string, unknown>) {
      const body = await gql<TData>(query, variables);
      if (body.errors?.length || !body.data) {
        const internals = reported.map((error) => String(error instanceof Error ? error.stack : error)).join('\n');
        throw new Error(`GraphQL errors: ${JSON.stringify(body.errors ?? body, null, 2)}${internals ? `\nReported:\n${internals}` : ''}`);
      }
      return body.data;
    },
    async fails(query: string, variables?: Record<string, unknown>) {
      const body = await gql(query, variables);
      if (!body.errors || body.errors.length !== 1) {
        throw new Error(`expected exactly one error, got: ${JSON.stringify(body, null, 2)}`);
      }
      return body.errors[0]!;
    },
    http,
    db,
    target: database.target,
    config,
    queries,
    reported,
    async close() {
      await stop();
      await db.$disconnect();
      await database.close();
    },
  };
}
