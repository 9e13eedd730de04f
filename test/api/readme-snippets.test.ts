import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createStatement, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The README's snippets run as written (only the address is this test's),
 * so an integrator who copies one gets what the README says.
 */
const README = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The first ```js block after `heading`. */
function snippet(heading: string): string {
  const from = README.indexOf(heading);
  expect(from, heading).toBeGreaterThan(-1);
  const block = /```js\n([\s\S]*?)```/.exec(README.slice(from));
  expect(block, heading).not.toBeNull();
  return block![1]!;
}

let api: TestServer;
let url: string;
beforeAll(async () => {
  api = await startTestServer({ EVENT_POLL_MS: '200' });
  url = await api.listen();
});
afterAll(() => api.close());

/** Runs a snippet with its imports given and its console captured; returns what it logged and its client. */
function run(code: string, env: Record<string, string | undefined>) {
  const logged: unknown[] = [];
  const errors: unknown[] = [];
  const clients: ReturnType<typeof createClient>[] = [];
  const body = code
    .replace(/^import .*$/gm, '')
    .replaceAll('ws://localhost:4000/graphql', url);
  const track = (options: Parameters<typeof createClient>[0]) => {
    const client = createClient({ ...options, retryAttempts: 0 });
    clients.push(client);
    return client;
  };
  new Function('createClient', 'WebSocket', 'process', 'console', body)(
    track,
    WebSocket,
    { env },
    { log: (value: unknown) => logged.push(value), error: (value: unknown) => errors.push(value) },
  );
  return { logged, errors, clients };
}

/** Runs the Live updates snippet, records a verdict, and returns what the snippet logged or failed with. */
async function verdictThroughSnippet(env: Record<string, string | undefined>) {
  const { logged, errors, clients } = run(snippet('## Live updates'), env);
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const statement = await createStatement(api);
    await setVerdict(api, statement.id, 1);
    await until(() => logged.length > 0 || errors.length > 0);
    return { logged, errors, statementId: statement.id };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
  }
}

/** Waits, generously (a loaded machine), for `done`. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('README: Live updates', () => {
  it('the subscription snippet receives verdicts without a key (reading is open)', async () => {
    const { logged, errors, statementId } = await verdictThroughSnippet({});
    expect(errors).toEqual([]);
    expect(logged[0]).toMatchObject({ status: 'FALSE', statement: { id: statementId } });
  });

  it('the subscription snippet sends the key when FACTCHECK_KEY is set', async () => {
    const { logged, errors } = await verdictThroughSnippet({ FACTCHECK_KEY: api.keys.FACT_CHECKER });
    expect(errors).toEqual([]);
    expect(logged.length).toBeGreaterThan(0);
    // A wrong key is refused, so the key really is what was sent.
    const wrong = run(snippet('## Live updates'), { FACTCHECK_KEY: 'fck_not-a-key' });
    try {
      await until(() => wrong.errors.length > 0);
      expect((wrong.errors[0] as { code?: number }).code).toBe(4401);
    } finally {
      await Promise.all(wrong.clients.map((client) => client.dispose()));
    }
  });
});

describe('README: Integrate', () => {
  it('the Apollo Client snippet reads through persisted queries, as written', async () => {
    const base = url.replace(/^ws:/, 'http:');
    const code = snippet('An Apollo Client 4 app set up for this')
      .replaceAll('https://factcheck.example.org/graphql', base)
      .replaceAll('wss://factcheck.example.org/graphql', url);
    // As a browser has it (Node.js 22 has it too).
    globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
    const file = path.join(PROJECT_ROOT, 'test-results', `readme-apollo-${process.pid}.mjs`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${code}\nexport { client };\n`);
    const { client } = (await import(pathToFileURL(file).href).finally(() => rmSync(file, { force: true }))) as { client: import('@apollo/client').ApolloClient };
    const { gql } = await import('@apollo/client');
    const query = gql`query ReadmeStatements { statements(first: 2) { edges { node { id text } } } }`;
    const first = await client.query({ query });
    expect((first.data as { statements: { edges: unknown[] } }).statements.edges.length).toBeGreaterThan(0);
    // Registered by the first request: the second sends the hash alone.
    const again = await client.query({ query, fetchPolicy: 'network-only' });
    expect(again.data).toEqual(first.data);
    client.stop();
  });

  it('the browser snippet reads as written, from an allowed origin', async () => {
    const cors = await startTestServer({ CORS_ORIGINS: 'https://cms.example.org' }, { sharedWith: api });
    try {
      const base = (await cors.listen()).replace(/^ws:/, 'http:');
      const code = snippet('### Browsers (CORS)').replaceAll('https://factcheck.example.org/graphql', base);
      const seen: Response[] = [];
      // As a browser on that origin would send it.
      const browserFetch = async (input: string, init: RequestInit) => {
        const res = await fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), origin: 'https://cms.example.org' } });
        seen.push(res);
        return res;
      };
      const result = await new Function('fetch', `return (async () => { ${code}; return { data, errors }; })();`)(browserFetch);
      expect(result.errors).toBeUndefined();
      expect(Array.isArray(result.data.similarStatements)).toBe(true);
      expect(seen[0]!.headers.get('access-control-allow-origin')).toBe('https://cms.example.org');
    } finally {
      await cors.close();
    }
  });
});
