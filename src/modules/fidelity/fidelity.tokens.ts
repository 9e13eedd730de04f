/**
 * Stage 1 of wording comparison: a text as words. Each word keeps its
 * spelling as written (for the spans shown to people) and a key that
 * ignores what carrying words never changes: case, curly or straight
 * quotes and apostrophes, the punctuation around a word.
 */
export interface Word {
  /** As written, punctuation around it removed. */
  text: string;
  /** What two words are compared by. */
  key: string;
  /** The word started with a capital letter and was not the first of its sentence. */
  capitalised: boolean;
}

/** Letters, digits and the marks inside words (apostrophes, hyphens, decimal points, thousands separators). */
const WORD = /[\p{L}\p{N}]+(?:[''’.,\-‐‑][\p{L}\p{N}]+)*/gu;

export function words(text: string): Word[] {
  const result: Word[] = [];
  let sentenceStart = true;
  let last = 0;
  for (const match of text.normalize('NFC').matchAll(WORD)) {
    const between = text.slice(last, match.index);
    if (/[.!?:;]["'”’)]*\s*$/.test(between) || /["“”«»]\s*$/.test(between)) sentenceStart = true;
    last = match.index + match[0].length;
    const raw = match[0];
    const first = raw[0]!;
    result.push({
      text: raw,
      key: keyOf(raw),
      capitalised: !sentenceStart && first !== first.toLowerCase(),
    });
    sentenceStart = false;
  }
  return result;
}

/** Case and apostrophe forms folded; thousands separators dropped from numbers, so "1,200" and "1200" are one word. */
export function keyOf(word: string): string {
  const folded = word.toLowerCase().replace(/[’‘]/g, "'").replace(/[‐‑]/g, '-');
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(folded) ? folded.replace(/,/g, '') : folded;
}
