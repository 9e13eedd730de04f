/**
 * Attribution cues: which words of a sentence attribute speech. A verb of
 * the lexicon ("said", "denied", "stands by"), finite, outside quotation
 * marks, not passive ("were rejected") or negated ("did not say"), and not
 * a noun in disguise ("the accused", "the Valdorian claims"). Pure.
 */
import { attributionVerb, PARTICIPLE_LINKS, type VerbInfo } from './extract-lexicon.js';
import type { Token } from './nlp.js';

export const AUXILIARIES = new Set(['has', 'have', 'had', 'will', 'would', 'did', 'does', 'do', 'shall', 'should', 'could', 'can', 'may', 'might', 'must', "'s", 'also']);
export const COPULAS = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'be', "'re"]);
export const NEGATIONS = new Set(['not', 'never', "n't", 'neither']);
export const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'these', 'those', 'its', 'his', 'her', 'their', 'our', 'some', 'several', 'many', 'two', 'three', 'four', 'other', 'another', 'one']);

export function hasComma(t: Token): boolean {
  return /,/.test(t.post);
}

/** Punctuation after a word that ends a phrase. */
export function breaksAfter(t: Token): boolean {
  // "Dr. Karim Haddadin": the full stop of a title does not end the phrase.
  if (t.post.trim() === '.' && (t.tags.has('Honorific') || t.tags.has('Abbreviation')) && !/^\p{Lu}{2,}$/u.test(t.text)) return false;
  return /[,.;:!?()\[\]–—]|[“”"‘’«»]/.test(t.post) || /\s[-–—]\s/.test(t.post);
}

export function isPassive(tokens: Token[], v: number): boolean {
  if (tokens[v]!.tags.has('Gerund')) return false;
  for (let i = v - 1; i >= 0 && i >= v - 3; i--) {
    const t = tokens[i]!;
    if (COPULAS.has(t.lower)) return true;
    if (!(t.tags.has('Adverb') || AUXILIARIES.has(t.lower))) return false;
  }
  return false;
}

export function isNegated(tokens: Token[], v: number): boolean {
  for (let i = v - 1; i >= 0 && i >= v - 3; i--) {
    const t = tokens[i]!;
    if (NEGATIONS.has(t.lower) || /n't$/.test(t.lower)) return true;
    if (!(t.tags.has('Adverb') || AUXILIARIES.has(t.lower))) return false;
  }
  return false;
}

/** "Reuters stands by the story": a publisher keeping to what it reported, answering a denial. */
export const STOOD_BY: VerbInfo = { lemma: 'stood by', kind: 'object', denies: false };

export function verbAt(tokens: Token[], i: number): VerbInfo | undefined {
  const t = tokens[i]!;
  if (['stands', 'stood'].includes(t.lower) && tokens[i + 1]?.lower === 'by' && !tokens[i + 1]!.inQuote) return STOOD_BY;
  return attributionVerb(t.lower);
}

/** Finite attribution verbs of a unit, outside quotations. */
export function attributionVerbs(tokens: Token[], from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.inQuote || !verbAt(tokens, i)) continue;
    const prev = tokens[i - 1];
    // "Trump is declaring ...": a progressive is as finite as "declared".
    const progressive = t.tags.has('Gerund') && prev !== undefined && ['is', 'are', 'was', 'were'].includes(prev.lower) && !PARTICIPLE_LINKS.has(t.lower);
    if (!t.tags.has('Verb') || (t.tags.has('Gerund') && !progressive)) continue;
    // "the accused", "a group called ..." are not attributions.
    if (prev && DETERMINERS.has(prev.lower) && !breaksAfter(prev)) continue;
    // "the Valdorian claims were": a plural noun after a determiner and an adjective.
    const before = tokens[i - 2];
    if (/s$/.test(t.lower) && verbAt(tokens, i) !== STOOD_BY && prev && before && DETERMINERS.has(before.lower) && !breaksAfter(prev) && (prev.tags.has('Adjective') || prev.tags.has('Demonym') || /^\p{Lu}/u.test(prev.text))) continue;
    if (t.lower === 'called' && prev && prev.lower !== 'also' && prev.tags.has('Noun') && !/^\p{Lu}/u.test(prev.text) && tokens[i - 2] && ['a', 'an'].includes(tokens[i - 2]!.lower)) continue;
    if (isPassive(tokens, i) || isNegated(tokens, i)) continue;
    out.push(i);
  }
  return out;
}
