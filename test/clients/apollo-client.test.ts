import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode, getOperationAST } from 'graphql';
import { createClient } from 'graphql-ws';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSpeaker, createStatement } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Apollo Client 4 as a mobile or web app sets it up: a normalised cache,
 * Relay-style pagination, persisted queries over GET (compressed on the
 * wire), subscriptions over graphql-ws, and a key sent with writes only, so
 * reads stay anonymous and cacheable.
 */
let api: TestServer;
let client: ApolloClient;
let wsClient: ReturnType<typeof createClient>;
const seen: { method: string; url: string; status: number; encoding: string | null; cacheControl: string | null }[] = [];

beforeAll(async () => {
  api = await startTestServer({ EVENT_POLL_MS: '200', COMPRESS_MIN_BYTES: '50' });
  const wsUrl = await api.listen();
  const httpUrl = wsUrl.replace(/^ws:/, 'http:');
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'accept-encoding': 'br, gzip' } });
    seen.push({ method: init?.method ?? 'GET', url: String(input), status: res.status, encoding: res.headers.get('content-encoding'), cacheControl: res.headers.get('cache-control') });
    return res;
  };
  const writeKey = new ApolloLink((operation, forward) => {
    if (getOperationAST(operation.query)?.operation === OperationTypeNode.MUTATION) {
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, authorization: `Bearer ${api.keys.FACT_CHECKER}` } }));
    }
    return forward(operation);
  });
  const persisted = new PersistedQueryLink({ sha256: (text: string) => createHash('sha256').update(text).digest('hex'), useGETForHashedQueries: true });
  const http = new HttpLink({ uri: httpUrl, fetch: recordingFetch, headers: { 'apollo-require-preflight': 'true' } });
  wsClient = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: true });
  const link = ApolloLink.split(
    ({ query }) => getOperationAST(query)?.operation === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(wsClient),
    ApolloLink.from([writeKey, persisted, http]),
  );
  client = new ApolloClient({
    link,
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { statements: relayStylePagination(['filter', 'orderBy']) } } } }),
  });
});
afterAll(async () => {
  await wsClient?.dispose();
  client?.stop();
  await api.close();
});

const STATEMENT = gql`
  query OneStatement($id: ID!) {
    statement(id: $id) { id text status version }
  }
`;
const PAGE = gql`
  query SpeakerStatements($speakerId: ID, $after: String) {
    statements(first: 2, after: $after, filter: { speakerId: $speakerId }) {
      edges { cursor node { id text status version } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const SET_VERDICT = gql`
  mutation Verdict($input: SetVerdictInput!) {
    setVerdict(input: $input) { id status statement { id status version } }
  }
`;
const VERDICTS = gql`
  subscription Verdicts($statementId: ID) {
    verdictChanged(statementId: $statementId) { eventId verdict { id status statement { id status version } } }
  }
`;
const verdictInput = (statementId: string, expectedVersion: number, status: string) => ({
  input: { statementId, expectedVersion, status, rationale: 'The record shows otherwise.', evidence: [{ url: 'https://example.org/report', title: 'A report', stance: 'REFUTES' }] },
});

describe('Apollo Client 4', () => {
  it('keeps a statement once, by id: a verdict set through a mutation shows in every query that holds it', async () => {
    const { id } = await createStatement(api);
    const first = await client.query({ query: STATEMENT, variables: { id } });
    expect(first.data?.statement).toMatchObject({ id, status: 'UNVERIFIED', version: 1 });
    expect(client.cache.identify({ __typename: 'Statement', id })).toBe(`Statement:${id}`);
    await client.mutate({ mutation: SET_VERDICT, variables: verdictInput(id, 1, 'FALSE') });
    // Read from the cache alone: the mutation's answer updated the one normalised entry.
    const cached = client.readQuery({ query: STATEMENT, variables: { id } }) as { statement: { status: string; version: number } };
    expect(cached.statement).toMatchObject({ status: 'FALSE', version: 2 });
  });

  it('pages with relayStylePagination: fetchMore appends the next page after endCursor', async () => {
    const speaker = await createSpeaker(api);
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await createStatement(api, { speakerId: speaker.id })).id);
    const watch = client.watchQuery({ query: PAGE, variables: { speakerId: speaker.id } });
    // Watched, as a list on screen is, while the next page comes.
    const watching = watch.subscribe(() => {});
    const page1 = await firstValueFrom(watch.pipe(filter((result) => !result.loading)));
    type Page = { statements: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const first = page1.data as Page;
    expect(first.statements.edges).toHaveLength(2);
    expect(first.statements.pageInfo.hasNextPage).toBe(true);
    await watch.fetchMore({ variables: { after: first.statements.pageInfo.endCursor } });
    const merged = (client.readQuery({ query: PAGE, variables: { speakerId: speaker.id } }) as Page).statements;
    expect(merged.edges).toHaveLength(4);
    const listed = merged.edges.map((e) => e.node.id);
    expect(new Set(listed).size).toBe(4);
    for (const id of listed) expect(ids.has(id)).toBe(true);
    watching.unsubscribe();
  });

  it('sends queries as persisted GETs by hash, answered compressed and publicly cacheable', async () => {
    const { id } = await createStatement(api);
    seen.length = 0;
    await client.query({ query: STATEMENT, variables: { id }, fetchPolicy: 'network-only' });
    // First sight of a document: the hash alone, then (refused as unknown) the hash with the text; from then on the hash alone.
    await client.query({ query: STATEMENT, variables: { id }, fetchPolicy: 'network-only' });
    const last = seen.at(-1)!;
    expect(last.method).toBe('GET');
    const params = new URL(last.url).searchParams;
    expect(params.has('query')).toBe(false);
    expect(JSON.parse(params.get('extensions')!).persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    expect(last.status).toBe(200);
    expect(last.encoding).toMatch(/^(br|gzip)$/);
    expect(last.cacheControl).toMatch(/^public, max-age=\d+$/);
  });

  it('receives a verdict over graphql-ws as it is set', async () => {
    const { id } = await createStatement(api);
    const events: { status: string }[] = [];
    let failed: unknown;
    const subscription = client.subscribe({ query: VERDICTS, variables: { statementId: id } }).subscribe({
      next: (result) => {
        const verdict = (result.data as { verdictChanged?: { verdict: { status: string } } } | undefined)?.verdictChanged?.verdict;
        if (verdict) events.push(verdict);
      },
      error: (error) => (failed = error),
    });
    try {
      // The subscription is live once the server has it; writes before that would be missed.
      for (let i = 0; i < 100 && api.liveStats().subscriptions === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(api.liveStats().subscriptions).toBeGreaterThan(0);
      await client.mutate({ mutation: SET_VERDICT, variables: verdictInput(id, 1, 'MISLEADING') });
      for (let i = 0; i < 200 && events.length === 0 && !failed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(failed).toBeUndefined();
      expect(events).toEqual([expect.objectContaining({ status: 'MISLEADING' })]);
    } finally {
      subscription.unsubscribe();
    }
  });
});
