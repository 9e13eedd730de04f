import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { testDatabase } from '../support/server.js';

/**
 * The GraphQL-over-HTTP conformance audit (graphql-http's `auditServer`)
 * against the real app on a real socket, with Apollo's CSRF prevention on as
 * in production. Every MUST has to pass; SHOULD and MAY results are printed
 * for the record but not asserted.
 */
let server: Server;
let db: Db;
let closeDatabase: () => Promise<void>;
let stopApp: () => Promise<void>;
let url: string;
const reported: unknown[] = [];
let results: AuditResult[];

beforeAll(async () => {
  const config = parseConfig({ NODE_ENV: 'test' });
  const database = await testDatabase();
  closeDatabase = database.close;
  db = createDb(database.target, config.db);
  const { app, stop } = await createApp({ config, db, reportError: (error) => reported.push(error) });
  stopApp = stop;
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  results = await auditServer({ url });
});

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }
  await stopApp?.();
  await db?.$disconnect();
  await closeDatabase?.();
});

function describeFailure(result: AuditResult): string {
  return result.status === 'ok' ? `${result.id} ${result.name}: ok` : `${result.id} ${result.name}: ${result.status}: ${result.reason}`;
}

describe('GraphQL over HTTP audit', () => {
  it('runs the whole audit', () => {
    expect(results.length).toBeGreaterThan(0);
    expect(results.some((r) => r.name.startsWith('MUST'))).toBe(true);
  });

  it('passes every MUST audit', () => {
    const failed = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok').map(describeFailure);
    expect(failed).toEqual([]);
  });

  it('never answers an audit request with a 5xx or an unexpected server error', async () => {
    for (const result of results) {
      if (result.status !== 'ok') expect(result.response.status, describeFailure(result)).toBeLessThan(500);
    }
    expect(reported).toEqual([]);
  });

  it('keeps CSRF prevention on: a simple GET is refused, the same GET with a preflight header answers', async () => {
    const query = `${url}?query=${encodeURIComponent('{ __typename }')}`;
    const simple = await fetch(query, { headers: { accept: 'application/json' } });
    expect(simple.status).toBe(400);
    expect(((await simple.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
    const preflighted = await fetch(query, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('lists the SHOULD and MAY audits that do not pass (for the record)', () => {
    const notes = results.filter((r) => !r.name.startsWith('MUST') && r.status !== 'ok').map(describeFailure);
    if (notes.length > 0) console.info(`graphql-http SHOULD/MAY audits not passed (${notes.length}):\n${notes.join('\n')}`);
    const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
    for (const r of results) counts[r.status] += 1;
    console.info(`graphql-http audit: ${results.length} audits, ${JSON.stringify(counts)}`);
  });
});
