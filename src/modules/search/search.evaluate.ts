/**
 * Scoring claim matching the way the CLEF CheckThat! lab scores it: for
 * each query, the ranked list of claim ids returned against the set of
 * claims judged relevant.
 */

export interface MatchScores {
  queries: number;
  /** Mean average precision over the top 1 and top 5 (the lab's metric is MAP@5). */
  map1: number;
  map5: number;
  /** Mean reciprocal rank of the first relevant claim in the top 5. */
  mrr: number;
  /** Share of queries whose first result is relevant. */
  p1: number;
  /** Share of the relevant claims found in the top 5, averaged over queries. */
  recall5: number;
  /** Queries with no result at all. */
  empty: number;
}

/** Average precision at k, as trec_eval computes it: divided by min(relevant, k). */
export function averagePrecision(ranked: string[], relevant: Set<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) sum += ++hits / (i + 1);
  });
  return sum / Math.min(relevant.size, k);
}

export function scoreMatches(results: Map<string, string[]>, gold: Map<string, Set<string>>): MatchScores {
  let map1 = 0;
  let map5 = 0;
  let mrr = 0;
  let p1 = 0;
  let recall5 = 0;
  let empty = 0;
  for (const [query, relevant] of gold) {
    const ranked = dedupe(results.get(query) ?? []);
    if (ranked.length === 0) empty++;
    map1 += averagePrecision(ranked, relevant, 1);
    map5 += averagePrecision(ranked, relevant, 5);
    const first = ranked.slice(0, 5).findIndex((id) => relevant.has(id));
    if (first >= 0) mrr += 1 / (first + 1);
    if (ranked[0] !== undefined && relevant.has(ranked[0])) p1++;
    recall5 += ranked.slice(0, 5).filter((id) => relevant.has(id)).length / relevant.size;
  }
  const n = gold.size || 1;
  const mean = (x: number) => Math.round((x / n) * 10_000) / 10_000;
  return { queries: gold.size, map1: mean(map1), map5: mean(map5), mrr: mean(mrr), p1: mean(p1), recall5: mean(recall5), empty };
}

/** A claim listed twice counts once, where it first appears. */
function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** The value at a quantile (0 to 1) of some numbers, by nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Gold pairs from a TREC qrels file: `query <TAB> 0 <TAB> claim <TAB> relevance`. */
export function parseQrels(text: string): Map<string, Set<string>> {
  const gold = new Map<string, Set<string>>();
  for (const [n, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const [query, , claim, relevance] = line.split('\t');
    if (!query || !claim || relevance === undefined) throw new Error(`qrels line ${n + 1}: expected 4 tab-separated fields`);
    if (Number(relevance) <= 0) continue;
    if (!gold.has(query)) gold.set(query, new Set());
    gold.get(query)!.add(claim.trim());
  }
  return gold;
}

/** Queries from a TSV file: `id <TAB> text` (a header line `id\ttext`, if any, is skipped). */
export function parseQueries(text: string): Map<string, string> {
  const queries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const id = line.slice(0, tab).trim();
    if (id === '' || id === 'id' || id === 'tweet_id') continue;
    queries.set(id, line.slice(tab + 1).trim());
  }
  return queries;
}

/** One verified claim of the lab's collection (vclaims.jsonl). */
export interface VerifiedClaim {
  vclaim_id: string;
  vclaim: string;
  title?: string;
  subtitle?: string;
  page_url?: string;
  author?: string;
  date?: string;
}

/**
 * A verified claim as the ClaimReview a fact-checker publishes: the claim
 * reviewed, the review's headline, its URL and date where known. The lab's
 * claims carry no rating and no claimant, so neither does the review. A
 * review is identified by its URL; where the collection leaves it out, a
 * Snopes claim's id is its fact-check's slug (vclaim-sno-<slug>), which
 * makes its address.
 */
export function claimReviewOf(claim: VerifiedClaim, publisher = { name: 'Snopes', url: 'https://www.snopes.com/' }): Record<string, unknown> {
  const date = claim.date ? new Date(`${claim.date} UTC`) : null;
  const review: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    claimReviewed: claim.vclaim,
    author: { '@type': 'Organization', ...publisher },
  };
  if (claim.title) review.name = claim.title;
  if (claim.page_url && /^https?:\/\//.test(claim.page_url)) review.url = claim.page_url;
  else if (/^vclaim-sno-[\w-]+$/.test(claim.vclaim_id)) review.url = `https://www.snopes.com/fact-check/${claim.vclaim_id.slice('vclaim-sno-'.length)}/`;
  if (date && !Number.isNaN(date.getTime()) && date.getTime() <= Date.now()) review.datePublished = date.toISOString().slice(0, 10);
  return review;
}
