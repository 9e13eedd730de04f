import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { link, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

type Doc = Record<string, unknown>;
const IMPORT = `mutation($documents: [JSON!]!) { importClaimReviews(documents: $documents) { items { outcome reason statement { id } } } }`;

/** A ClaimReview by `publisher` of `claim`, rated `rating`. */
function review(publisher: string, claim: string, rating: string, date = '2024-03-05'): Doc {
  const t = token();
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://${publisher.toLowerCase().replace(/\W+/g, '-')}.example.net/reviews/${t}`,
    claimReviewed: claim,
    datePublished: date,
    author: { '@type': 'Organization', name: publisher },
    reviewRating: { '@type': 'Rating', alternateName: rating },
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: `Minister ${claim.split(' ').at(-1)}` } },
  };
}

async function imported(...documents: Doc[]): Promise<string[]> {
  const items = (await api.ok(IMPORT, { documents })).importClaimReviews.items;
  for (const item of items) expect(item.outcome, item.reason).not.toBe('SKIPPED');
  return items.map((item: { statement: { id: string } }) => item.statement.id);
}

const LIST = `query($first: Int, $after: String) { disagreements(first: $first, after: $after) {
  totalCount
  edges { cursor node { statement { id } statuses publishers latestReviewAt statements { id } reviews { publisher ratingText status reviewDate url statement { id } } } }
  pageInfo { hasNextPage endCursor } } }`;

async function all(): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = (await api.ok(LIST, { first: 1, after }, { key: null })).disagreements;
    nodes.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}
const about = async (id: string) => (await all()).filter((d) => d.statement.id === id);

describe('disagreements: fact-checkers rating one claim differently', () => {
  it('lists a claim two publishers rate differently, their ratings side by side, and not one they agree on', async () => {
    const claim = `The dam cut the river flow by half ${token()}`;
    const [id, again] = await imported(review('Checker North', claim, 'False', '2024-03-05'), review('Checker South', claim, 'True', '2024-04-01'));
    expect(again).toBe(id);
    const [found] = await about(id!);
    expect(found).toMatchObject({
      statuses: ['TRUE', 'FALSE'],
      publishers: 2,
      latestReviewAt: '2024-04-01T00:00:00.000Z',
      statements: [{ id }],
    });
    expect(found.reviews.map((r: any) => [r.publisher, r.ratingText, r.status, r.statement.id])).toEqual([
      ['Checker South', 'True', 'TRUE', id],
      ['Checker North', 'False', 'FALSE', id],
    ]);
    // Statement.externalReviews shows them too.
    const reviews = (await api.ok(`query($id: ID!) { statement(id: $id) { externalReviews { publisher status } } }`, { id })).statement.externalReviews;
    expect(reviews).toHaveLength(2);

    const agreed = `The bridge was closed for a year ${token()}`;
    const [agreedId] = await imported(review('Checker North', agreed, 'False'), review('Checker South', agreed, 'False'));
    expect(await about(agreedId!)).toEqual([]);
  });

  it('does not count one publisher changing its mind as a disagreement, nor a rating no mapping knows', async () => {
    const claim = `The port handled a record tonnage ${token()}`;
    const [id] = await imported(review('Checker East', claim, 'False'), review('Checker East', claim, 'True'), review('Checker West', claim, `Baloney ${token()}`));
    expect(await about(id!)).toEqual([]);
  });

  it('brings together statements linked REPEATS, link by link, and names the claim by the earliest one', async () => {
    const first = `Imports of grain doubled this spring ${token()}`;
    const later = `Grain imports went up twofold this spring ${token()}`;
    const [original] = await imported(review('Checker North', first, 'False', '2024-05-01'));
    const [middle] = await imported(review('Checker Nobody', `Spring grain imports doubled ${token()}`, `Unknown ${token()}`));
    const [repeat] = await imported(review('Checker South', later, 'Mostly True', '2024-06-01'));
    expect(await about(original!)).toEqual([]);
    await link(api, middle!, original!, 'REPEATS');
    expect(await about(original!)).toEqual([]);
    await link(api, repeat!, middle!, 'REPEATS');
    const [found] = await about(original!);
    expect(found).toMatchObject({ statuses: ['MOSTLY_TRUE', 'FALSE'], publishers: 2, statements: [{ id: original }, { id: middle }, { id: repeat }] });
    expect(found.reviews.map((r: any) => [r.publisher, r.statement.id])).toEqual([
      ['Checker South', repeat],
      ['Checker North', original],
    ]);
    // A rebuttal is no repeat: it joins nothing.
    const [other] = await imported(review('Checker East', `Grain imports fell this spring ${token()}`, 'True'));
    await link(api, other!, original!, 'REBUTS');
    expect((await about(original!))[0].statements).toHaveLength(3);
  });

  it('pages newest first without repeating or skipping, and refuses a forged cursor', async () => {
    const nodes = await all();
    const ids = nodes.map((n) => n.statement.id);
    expect(new Set(ids).size).toBe(ids.length);
    const total = (await api.ok(LIST, { first: 0 }, { key: null })).disagreements.totalCount;
    expect(ids).toHaveLength(total);
    const times = nodes.map((n) => Date.parse(n.latestReviewAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const forged = Buffer.from('c1:' + JSON.stringify({ t: 'soon', id: 'x' })).toString('base64url');
    expect((await api.fails(LIST, { first: 1, after: forged })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
