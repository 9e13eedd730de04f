/**
 * The relevance engine's parameters. Chosen on the CheckThat! 2022 task 2A
 * train split (tweets against 14,231 Snopes claims; see bench/MATCHING.md
 * for each step and what it moved), never on dev or test.
 */
export const RELEVANCE = {
  /** BM25 term-frequency saturation: 1.2 was best or tied on train among 0.9–1.5. */
  k1: 1.2,
  /** BM25 length normalisation, the same for every field: 0.75 was within 0.001 of the best (0.6) on train. */
  b: 0.75,
  /** How much an occurrence counts, by field. A review's headline restates the claim in other words: 1.5 beat 1 and 2 on train. */
  weights: { text: 1, quote: 1, title: 1.5, speaker: 1 },
  /**
   * A word close by trigrams to a query word stands for it at this share of
   * a real match, times its similarity, so an exact match always ranks first.
   * Misspellings are rare in the benchmark's posts: on train, expansion at
   * 0.5 cost 0.002 MAP@5 against none, at 0.3 0.001 (it is kept for the
   * searches people type, "Damscus" for Damascus).
   */
  nearWeight: 0.3,
  /** Close stored words considered per query word. */
  nearPerWord: 3,
  /** Query words looked up for misspellings, at most: each costs one trigram-index probe. */
  nearWordsMax: 8,
  /**
   * Up to this many words, every query word of four letters or more is also
   * matched through close spellings (people type short searches, with
   * typos); past it, only words the index has never seen are, because a
   * pasted post's own words carry it.
   */
  shortQueryWords: 8,
  /**
   * The most distinct words a query is ranked by, its rarest: a post has
   * tens (the longest train or dev tweet, 66), a pasted transcript
   * thousands, whose common words would each read a long list of postings.
   */
  maxTerms: 100,
} as const;

/** The most characters of a query the engine reads: a post, a paragraph, a transcript passage. */
export const QUERY_MAX = 5000;
