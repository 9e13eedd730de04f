/**
 * Language stage: which language an article is written in, from its most
 * frequent function words. The attribution patterns are English ones (with
 * a few Spanish cues in extract-spanish.ts): run on another language they
 * would find nothing, or invent speakers, so the ingest result says which
 * language was seen and why nothing was read, instead of staying silent.
 */

const FUNCTION_WORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'that', 'is', 'was', 'said', 'for', 'on', 'with', 'he', 'it', 'by', 'his', 'from', 'have', 'has', 'not'],
  es: ['el', 'la', 'los', 'las', 'de', 'del', 'que', 'y', 'en', 'un', 'una', 'por', 'con', 'para', 'se', 'su', 'dijo', 'según', 'es', 'fue'],
  fr: ['le', 'la', 'les', 'des', 'de', 'du', 'et', 'est', 'que', 'une', 'un', 'dans', 'pour', 'pas', 'sur', 'qui', 'au', 'aux', 'a', 'été'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'den', 'dem', 'des', 'ein', 'eine', 'mit', 'von', 'zu', 'auf', 'für', 'sich', 'sagte', 'wurde', 'im'],
  pt: ['o', 'a', 'os', 'as', 'de', 'do', 'da', 'dos', 'que', 'e', 'em', 'um', 'uma', 'para', 'com', 'não', 'disse', 'foi', 'no', 'na'],
  it: ['il', 'la', 'di', 'che', 'e', 'è', 'del', 'della', 'un', 'una', 'per', 'con', 'non', 'sono', 'ha', 'gli', 'le', 'nel', 'alla', 'detto'],
};

export interface DetectedLanguage {
  /** BCP 47 primary tag ("en", "es"), or "und" when the text is too short or mixed to tell. */
  language: string;
  /** The winner's function-word count over its own and the runner-up's, 0.5 to 1. */
  confidence: number;
}

/** Words read: enough for a wire story's lead paragraphs, cheap on a long article. */
const SAMPLE_WORDS = 2000;
const MIN_HITS = 8;

export function detectLanguage(body: string): DetectedLanguage {
  const words = (body.slice(0, 40_000).toLowerCase().match(/\p{L}+/gu) ?? []).slice(0, SAMPLE_WORDS);
  const scores = new Map<string, number>();
  const sets = Object.entries(FUNCTION_WORDS).map(([lang, list]) => [lang, new Set(list)] as const);
  for (const w of words) for (const [lang, set] of sets) if (set.has(w)) scores.set(lang, (scores.get(lang) ?? 0) + 1);
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_HITS || (second && best[1] < second[1] * 1.3)) return { language: 'und', confidence: 0 };
  // Romance languages share "de", "la", "que": the margin over the runner-up is what tells them apart.
  return { language: best[0], confidence: Math.round((best[1] / (best[1] + (second?.[1] ?? 0))) * 100) / 100 };
}

export function primaryTag(language: string): string {
  return language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}
