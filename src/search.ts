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
  if (hasOperators(query)) return [];
  const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= FUZZY_MIN_LENGTH);
  return [...new Set(words)].slice(0, MAX_FUZZY_WORDS);
}

/** Whether a query uses web-search operators: "quoted phrase", -excluded, or. */
export function hasOperators(query: string): boolean {
  return /"|(^|\s)-\S|(^|\s)or(\s|$)/i.test(query);
}

const WORDLIKE = /[\p{L}\p{N}]/u;

/** One term of a web-search query: a word (as written, punctuation and all) or a "quoted phrase", maybe excluded (-). */
export interface SearchTerm {
  text: string;
  phrase: boolean;
  negated: boolean;
}

/**
 * A web-search query ("exact phrase", -excluded, or) as alternatives, each
 * a list of terms that must all hold: `a b or c` is (a and b) or c, as
 * PostgreSQL's websearch_to_tsquery reads it. The service builds the
 * tsquery from these terms itself, each term through plainto_tsquery or
 * phraseto_tsquery, which never fail on punctuation: websearch_to_tsquery
 * fails with an internal error on some inputs ("tsquery stack too small"
 * for a run of hyphens), whatever PostgreSQL version.
 */
export function webSearchTerms(query: string): SearchTerm[][] {
  const groups: SearchTerm[][] = [[]];
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (query[i] === '-' && i + 1 < query.length && !/\s/.test(query[i + 1]!)) {
      negated = true;
      i++;
    }
    if (query[i] === '"') {
      const end = query.indexOf('"', i + 1);
      const stop = end < 0 ? query.length : end;
      const text = query.slice(i + 1, stop);
      // A phrase of no word ("", "--") has nothing to look for: it is left out, as is an exclusion of none.
      if (WORDLIKE.test(text)) groups.at(-1)!.push({ text, phrase: true, negated });
      i = stop + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query[end]!) && query[end] !== '"') end++;
    const text = query.slice(i, end);
    i = end;
    if (!negated && text.toLowerCase() === 'or') {
      if (groups.at(-1)!.length > 0) groups.push([]);
      continue;
    }
    if (!negated || WORDLIKE.test(text)) groups.at(-1)!.push({ text, phrase: false, negated });
  }
  return groups.filter((group) => group.length > 0);
}
