import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setVerdict, createStatement } from '../support/factories.js';
import { subscribe } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ EVENT_POLL_MS: '200', PUBLIC_URL: 'https://factcheck.example.org' });
});
afterAll(() => api.close());

const SUBSCRIPTION = 'subscription { verdictChanged { eventId } }';

describe('a subscription sent over HTTP', () => {
  it('is refused with 400 and a code naming the WebSocket address, not an internal error', async () => {
    const res = await api.http.post('/graphql').set('content-type', 'application/json').send({ query: SUBSCRIPTION });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors;
    expect(error.extensions).toEqual({
      code: 'SUBSCRIPTION_REQUIRES_WEBSOCKET',
      websocketUrl: 'wss://factcheck.example.org/graphql',
      protocol: 'graphql-transport-ws',
    });
    expect(error.message).toContain('wss://factcheck.example.org/graphql');
    expect(error.message).toContain('graphql-ws');
    expect(api.reported).toEqual([]);
  });

  it('is refused the same way as a GET, and when named among several operations', async () => {
    const get = await api.http
      .get('/graphql')
      .query({ query: SUBSCRIPTION })
      .set('accept', 'application/json')
      .set('apollo-require-preflight', 'true');
    expect(get.status).toBe(400);
    expect(get.body.errors[0].extensions.code).toBe('SUBSCRIPTION_REQUIRES_WEBSOCKET');

    const named = await api.http
      .post('/graphql')
      .send({ query: `query Q { __typename } subscription S { statementAdded { eventId } }`, operationName: 'S' });
    expect(named.status).toBe(400);
    expect(named.body.errors[0].extensions.code).toBe('SUBSCRIPTION_REQUIRES_WEBSOCKET');
    // The query beside it still runs.
    const query = await api.http.post('/graphql').send({ query: `query Q { __typename } subscription S { statementAdded { eventId } }`, operationName: 'Q' });
    expect(query.status).toBe(200);
    expect(query.body.data).toEqual({ __typename: 'Query' });
    expect(api.reported).toEqual([]);
  });

  it('works over graphql-ws at the address the refusal names, with the key under the header name GraphiQL sends', async () => {
    const url = await api.listen();
    // GraphiQL passes its Headers editor as connection parameters, spelled as typed.
    const sub = await subscribe(url, `subscription { verdictChanged { eventId verdict { reviewer } } }`, {}, { Authorization: `Bearer ${api.keys.FACT_CHECKER}` });
    const statement = await createStatement(api);
    await setVerdict(api, statement.id, 1);
    await sub.waitFor(1);
    expect(sub.results[0]!.errors).toBeUndefined();
    await sub.close();

    const refused = await subscribe(url, SUBSCRIPTION, {}, { Authorization: 'Bearer not-a-key' });
    const ended = (await refused.ended) as { code?: number };
    expect(ended.code).toBe(4401);
  });
});
