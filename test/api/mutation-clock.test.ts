import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * GRAPHQL_MAX_EXECUTION_MS stops reads that run away. A write bounded by
 * its own limits (statement and transaction timeouts, the ingest budget)
 * that commits after the read clock ran out must be answered with what it
 * wrote: an answer of QUERY_TIMEOUT with data null would tell the client a
 * committed write failed, and a retry would write it again.
 */
let api: TestServer;
beforeAll(async () => {
  // Long enough to read back a small answer, far shorter than reading a
  // long article takes (the first also starts the extraction worker).
  api = await startTestServer({ GRAPHQL_MAX_EXECUTION_MS: '250' });
});
afterAll(() => api.close());

const INGEST = `mutation($input: IngestArticleInput!) {
  ingestArticle(input: $input) { created article { id url } }
}`;

/** About 2,000 words of wire copy with attributed statements. */
const BODY = Array.from(
  { length: 40 },
  (_, i) =>
    `Talks resumed in Geneva on day ${i + 1}. "We are ready to sign a ceasefire within days," the envoy told reporters. ` +
    `The ministry denied that any deal was close, calling the reports premature. ` +
    `Aid convoys reached ${i + 2} northern districts for the first time in weeks, officials said.`,
).join('\n\n');

describe('the execution clock and writes', () => {
  it('answers a write that outlasts the read clock with what it wrote, once', async () => {
    const sourceSlug = (await createSource(api, { name: `Clock wire ${token()}` })).slug;
    const url = `https://clock.example/${token()}`;
    const input = { url, sourceSlug, title: 'Talks resume', publishedAt: '2024-03-15T12:00:00Z', body: BODY };
    const first = await api.gql(INGEST, { input }, { key: api.keys.CONTRIBUTOR });
    expect(first.errors).toBeUndefined();
    expect(first.data!.ingestArticle).toMatchObject({ created: true, article: { url } });
    // Sent again, as a client told it failed would: the same article, not a second one.
    const again = await api.gql(INGEST, { input }, { key: api.keys.CONTRIBUTOR });
    expect(again.errors).toBeUndefined();
    expect(again.data!.ingestArticle).toMatchObject({ created: false, article: { id: first.data!.ingestArticle.article.id } });
  });
});
