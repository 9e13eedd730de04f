/**
 * The words of a statement once its span is known: the text (a whole
 * quotation's inside, or the reported clause), the quoted words, the
 * stance. Pure.
 */
import { FALSITY_PHRASES, FALSITY_WORDS, type VerbInfo } from './extract-lexicon.js';
import type { QuoteSpan } from './nlp.js';

export type Stance = 'ASSERTS' | 'DENIES';

/** Body offsets of a statement's words, and of a second quote in the same sentence ("“A,” he said, “B.”"). */
export interface WordSpan {
  contentStart: number;
  contentEnd: number;
  extra: [number, number] | null;
}

function trimContent(body: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(body[s]!)) s++;
  while (e > s && /[\s.,;:]/.test(body[e - 1]!)) e--;
  return [s, e];
}

function quoteParts(body: string, quotes: QuoteSpan[], start: number, end: number): { whole: boolean; parts: string[] } {
  const inside = quotes.filter((q) => q.open >= start && q.open < end);
  const parts = inside.map((q) => body.slice(q.open + 1, Math.min(q.close, end)).trim().replace(/[,;:]+$/, '').trim());
  const first = inside[0];
  const whole = inside.length === 1 && first !== undefined && first.open === start && first.close >= end - 1;
  return { whole, parts: parts.filter((p) => p.length > 0) };
}

export function wordsOf(body: string, quotes: QuoteSpan[], draft: WordSpan): { text: string; quote: string | null } {
  const [s, e] = trimContent(body, draft.contentStart, draft.contentEnd);
  const main = quoteParts(body, quotes, s, e);
  let text = main.whole ? main.parts[0] ?? '' : body.slice(s, e).replace(/\s+/g, ' ');
  let quote: string | null = main.parts.length > 0 ? main.parts.join(' … ') : null;
  if (draft.extra) {
    const [xs, xe] = trimContent(body, draft.extra[0], draft.extra[1]);
    const extra = quoteParts(body, quotes, xs, xe);
    if (extra.parts.length > 0) {
      const joined = extra.parts.join(' ');
      text = main.whole ? `${text} ${joined}` : text;
      quote = quote ? `${quote} ${joined}` : joined;
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  // The inner words of a quoted report ("“X denied the report,” ISNA said") end at the quote, not on it.
  if (/[,.]?[”"]$/.test(text) && !/[“"]/.test(text.slice(0, -1))) text = text.replace(/[,.]?[”"]$/, '');
  return { text, quote };
}

export function stanceOf(verb: VerbInfo, text: string): Stance {
  if (verb.denies) return 'DENIES';
  // "“Vanta strongly denies all allegations,” said a statement": the words themselves deny.
  if (OWN_DENIAL.test(text)) return 'DENIES';
  // "said the US allegations were baseless" answers a claim as a denial does.
  const words = text.toLowerCase().replace(/[’]/g, "'").split(/[^\p{L}']+/u);
  if (words.some((w) => FALSITY_WORDS.has(w))) return 'DENIES';
  if (FALSITY_PHRASES.some((re) => re.test(text))) return 'DENIES';
  return 'ASSERTS';
}

const OWN_DENIAL = /^(?:[\p{Lu}][\p{L}'’-]*\s+){1,3}(?:(?:strongly|firmly|categorically|flatly|totally|completely)\s+)?(?:denies|rejects|refutes)\b|\bwe\s+(?:(?:strongly|firmly|categorically|flatly)\s+)?(?:deny|reject|refute)\b/iu;
