import 'reflect-metadata';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';

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
  config: Config;
  /** SQL statements sent since the last reset. */
  queries: string[];
  /** Errors the server reported (and masked). */
  reported: unknown[];
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = parseConfig({ NODE_ENV: 'test', ...env });
  const queries: string[] = [];
  const reported: unknown[] = [];
  const db = createDb(inject('databaseUrl'), config.db, { onQuery: (sql) => queries.push(sql) });
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
        throw new Error(`GraphQL errors: ${JSON.stringify(body.errors ?? body, null, 2)}`);
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
    config,
    queries,
    reported,
    async close() {
      await stop();
      await db.$disconnect();
    },
  };
}
