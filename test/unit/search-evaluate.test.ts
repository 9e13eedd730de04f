import { describe, expect, it } from 'vitest';
import { averagePrecision, claimReviewOf, parseQrels, parseQueries, quantile, scoreMatches } from '../../src/modules/search/search.evaluate.js';

describe('averagePrecision', () => {
  it('is divided by min(relevant, k), as trec_eval does', () => {
    expect(averagePrecision(['a', 'b'], new Set(['a']), 5)).toBe(1);
    expect(averagePrecision(['x', 'a'], new Set(['a']), 5)).toBe(0.5);
    expect(averagePrecision(['x', 'a', 'y', 'b'], new Set(['a', 'b']), 5)).toBeCloseTo((1 / 2 + 2 / 4) / 2);
    expect(averagePrecision(['x', 'y', 'z', 'w', 'v', 'a'], new Set(['a']), 5)).toBe(0);
    expect(averagePrecision([], new Set(['a']), 5)).toBe(0);
  });
});

describe('scoreMatches', () => {
  it('averages over the judged queries, counting a query without results as empty', () => {
    const gold = new Map([
      ['q1', new Set(['a'])],
      ['q2', new Set(['b'])],
      ['q3', new Set(['c'])],
    ]);
    const results = new Map([
      ['q1', ['a', 'x']],
      ['q2', ['x', 'b']],
      ['unjudged', ['z']],
    ]);
    const scores = scoreMatches(results, gold);
    expect(scores).toMatchObject({ queries: 3, empty: 1, p1: 0.3333, map1: 0.3333, map5: 0.5, mrr: 0.5, recall5: 0.6667 });
  });

  it('counts a claim listed twice once', () => {
    const gold = new Map([['q', new Set(['a', 'b'])]]);
    expect(scoreMatches(new Map([['q', ['a', 'a', 'b']]]), gold).map5).toBe(1);
  });
});

describe('parsing the benchmark files', () => {
  it('reads qrels and queries, skipping header lines', () => {
    const gold = parseQrels('q1\t0\tv1\t1\nq1\t0\tv2\t1\nq2\t0\tv3\t0\n');
    expect([...gold.keys()]).toEqual(['q1']);
    expect([...gold.get('q1')!]).toEqual(['v1', 'v2']);
    expect(() => parseQrels('q1 v1\n')).toThrow(/line 1/);
    const queries = parseQueries('id\ttext\nq1\tHello\tworld\nq2\tBye\n');
    expect(queries.get('q1')).toBe('Hello\tworld');
    expect(queries.size).toBe(2);
  });
});

describe('claimReviewOf', () => {
  it('makes a ClaimReview with the claim, headline, URL and date, and no rating or claimant', () => {
    expect(
      claimReviewOf({ vclaim_id: 'v', vclaim: 'A claim.', title: 'Is it so?', page_url: 'https://example.org/r', date: '26 May 2015' }),
    ).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: 'A claim.',
      author: { '@type': 'Organization', name: 'Snopes', url: 'https://www.snopes.com/' },
      name: 'Is it so?',
      url: 'https://example.org/r',
      datePublished: '2015-05-26',
    });
    const bare = claimReviewOf({ vclaim_id: 'v', vclaim: 'A claim.', page_url: '', date: 'sometime' });
    expect(bare).not.toHaveProperty('url');
    expect(claimReviewOf({ vclaim_id: 'vclaim-sno-100-target-coupon', vclaim: 'A claim.' }).url).toBe('https://www.snopes.com/fact-check/100-target-coupon/');
    expect(bare).not.toHaveProperty('datePublished');
  });
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([5, 1, 3, 2, 4], 0.95)).toBe(5);
    expect(quantile([], 0.5)).toBe(0);
  });
});
