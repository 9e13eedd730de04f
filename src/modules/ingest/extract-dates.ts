/**
 * Dates: which words of a sentence name a day or a time ("on Tuesday",
 * "late on Monday", "yesterday"), how far a time phrase runs, and the day
 * the date words of a statement name, seen from the publication date. Pure.
 */
import { breaksAfter } from './extract-cues.js';
import { resolveDatePhrase, type Token } from './nlp.js';

export const TIME_WORDS = new Set(['yesterday', 'today', 'tonight', 'earlier', 'later', 'morning', 'afternoon', 'evening', 'night', 'overnight', 'weekend']);
export const TIME_LEADS = new Set(['on', 'late', 'early', 'earlier', 'later', 'last', 'this', 'in', 'at', 'the', 'of', 'by', 'during', 'until', 'since']);

export function isDateToken(t: Token): boolean {
  return t.tags.has('Date') || t.tags.has('WeekDay') || t.tags.has('Month') || TIME_WORDS.has(t.lower);
}

/** Index just past a time phrase that starts at `i` ("on Tuesday", "late on Monday"), or `i`. */
export function skipTimeForward(tokens: Token[], i: number, limit: number, into: Token[]): number {
  let j = i;
  while (j < limit && TIME_LEADS.has(tokens[j]!.lower) && !tokens[j]!.inQuote) j++;
  let k = j;
  while (k < limit && isDateToken(tokens[k]!) && !tokens[k]!.inQuote) {
    k++;
    if (breaksAfter(tokens[k - 1]!)) break;
  }
  if (k > j) {
    into.push(...tokens.slice(i, k));
    return k;
  }
  return i;
}

/** Index of the start of a time phrase ending at `j`, or -1. */
export function timePhraseStart(tokens: Token[], j: number, min: number): number {
  if (j < min || !isDateToken(tokens[j]!) || tokens[j]!.inQuote) return -1;
  let k = j;
  while (k - 1 >= min && !breaksAfter(tokens[k - 1]!) && (isDateToken(tokens[k - 1]!) || TIME_LEADS.has(tokens[k - 1]!.lower))) k--;
  return k;
}

/** The day a statement's date words name, seen from the publication date; null when they name none. */
export function dateOf(publishedAt: Date | null, tokens: Token[]): Date | null {
  if (tokens.length === 0) return null;
  const phrase = tokens.map((t) => t.text).join(' ');
  return resolveDatePhrase(phrase, publishedAt);
}
