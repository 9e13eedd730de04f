/**
 * Misspelling-tolerant matching, shared by statement and speaker search:
 * each word of a query must be close, by trigram similarity, to a word of
 * what is searched.
 */

const FUZZY_MIN_LENGTH = 4;
/** Bounds the work one search can ask of the trigram indexes. */
const MAX_FUZZY_WORDS = 8;

/**
 * The words of a query that misspelling-tolerant matching applies to. None
 * when the query uses web-search operators ("phrase", -word, or): whoever
 * writes them wants exactly that. Short words are left out: with three
 * letters or fewer, trigram similarity matches too much ("US" is close to "use").
 */
export function fuzzyWords(query: string): string[] {
  if (/"|(^|\s)-\S|(^|\s)or(\s|$)/i.test(query)) return [];
  const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= FUZZY_MIN_LENGTH);
  return [...new Set(words)].slice(0, MAX_FUZZY_WORDS);
}
