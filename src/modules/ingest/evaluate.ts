import { levenshtein } from './extract-names.js';

/**
 * Scores extracted candidates against hand-labelled statements. Pure.
 *
 * A candidate matches a label when the speakers match and the label's text
 * fragment is in the candidate's text (or most of its words are), each
 * candidate and each label being used once. Precision is matched candidates
 * over candidates, recall matched labels over labels; REBUTS pairs are
 * scored the same way through the statement matching.
 *
 * Optional label fields (quote, verb, carrier, statedAt) are checked only
 * when present and reported as field mismatches; they do not change the
 * scores.
 */

export interface LabelledStatement {
  id: string;
  /** Who said it, as a fact-checker would name them; a surname alone is enough. */
  speaker: string;
  /** A distinctive fragment of the expected words. */
  text: string;
  quote?: boolean;
  verb?: string;
  carrier?: string | null;
  /** Every outlet that carried it, when there are several ("three papers at once"); any one of them is a right carrier. */
  carriers?: string[];
  /** Whose words the quotation marks hold when they are not the speaker's (a quote passed on); the quote field is then not checked. */
  relayedFrom?: string;
  /** YYYY-MM-DD, or null for an undated statement. */
  statedAt?: string | null;
}

export interface ArticleLabels {
  publishedAt: string | null;
  publisher?: string | null;
  language?: string;
  statements: LabelledStatement[];
  /** [fromId, toId]: the first statement rebuts the second. */
  rebuts: [string, string][];
}

/** The fields of an extracted candidate that scoring reads. */
export interface ScoredCandidate {
  speakerName: string;
  speakerText: string;
  text: string;
  quote: string | null;
  verb: string;
  carrier: string | null;
  statedAt: Date | null;
  rebuts: number[];
}

export interface Score {
  precision: number;
  recall: number;
}

export interface FieldMismatch {
  labelId: string;
  field: 'quote' | 'verb' | 'carrier' | 'statedAt';
  expected: string;
  actual: string;
}

export interface Evaluation {
  statements: Score & { matched: number; candidates: number; labels: number };
  rebuts: Score & { correct: number; predicted: number; labelled: number; found: number };
  /**
   * Labels some candidate has the words of (`found`), and of those the ones
   * matched with the right speaker too (`correct`): how often a found
   * statement is credited to the right person or body.
   */
  speakers: { found: number; correct: number; accuracy: number };
  /** Labels whose words a candidate has, credited to someone else. */
  speakerMisses: { labelId: string; expected: string; actual: string }[];
  /** Label id -> candidate index. */
  matches: Map<string, number>;
  misses: LabelledStatement[];
  /** Indices of candidates that matched no label. */
  falsePositives: number[];
  rebutMisses: [string, string][];
  /** Predicted [from, to] candidate index pairs that no label supports. */
  rebutFalsePositives: [number, number][];
  fieldMismatches: FieldMismatch[];
}

const PARTICLES = new Set(['al', 'el', 'ad', 'as', 'ash', 'an', 'ar', 'at', 'az', 'de', 'del', 'der', 'den', 'van', 'von', 'bin', 'ibn', 'da', 'di', 'du', 'la', 'le', 'the']);


/** "Ostland’s foreign Ministery" -> ["ostland", "foreign", "ministery"]; "Omar al-Hakim" -> ["omar", "hakim"]. */
export function speakerTokens(name: string): string[] {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'s\b|s'(?=\s|$)/g, (m) => (m === "'s" ? '' : 's'))
    .replace(/[-‐–—]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && !PARTICLES.has(w));
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  // Typos in long words ("ministery", "negotiar") but not different short names.
  return Math.min(a.length, b.length) >= 6 && levenshtein(a, b) <= 2;
}

const ACRONYM_SKIP = new Set(['of', 'and', 'for', 'on', 'in', 'the']);

function isAcronymOf(short: string[], long: string[]): boolean {
  if (short.length !== 1 || long.length < 2) return false;
  const initials = long.filter((w) => !ACRONYM_SKIP.has(w)).map((w) => w[0]).join('');
  return short[0] === initials;
}

/** "London's Metropolitan Police" -> "Metropolitan Police": a leading possessive that only places the body. */
function withoutLeadingPossessor(name: string): string | null {
  const m = name.trim().match(/^[\p{Lu}][\p{L}.-]*(?:\s+[\p{Lu}][\p{L}.-]*)?['’]s\s+(.+)$/u);
  return m ? m[1]! : null;
}

export function speakersMatch(label: string, candidate: string): boolean {
  if (sameSpeakerTokens(label, candidate)) return true;
  // Only the exact rest counts: "London's Metropolitan Police" is the Metropolitan Police, never a surname match.
  const l = withoutLeadingPossessor(label);
  const c = withoutLeadingPossessor(candidate);
  const equal = (x: string, y: string): boolean => {
    const a = speakerTokens(x);
    const b = speakerTokens(y);
    return a.length > 1 && a.length === b.length && a.every((w, i) => sameWord(w, b[i]!));
  };
  return (l !== null && equal(l, candidate)) || (c !== null && equal(label, c));
}

function sameSpeakerTokens(label: string, candidate: string): boolean {
  const a = speakerTokens(label);
  const b = speakerTokens(candidate);
  if (a.length === 0 || b.length === 0) return false;
  if (a.length === b.length && a.every((w, i) => sameWord(w, b[i]!))) return true;
  // A surname alone names the same person as the full name.
  if (a.length === 1 && sameWord(a[0]!, b[b.length - 1]!)) return true;
  if (b.length === 1 && sameWord(b[0]!, a[a.length - 1]!)) return true;
  return isAcronymOf(a, b) || isAcronymOf(b, a);
}

export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”"«»„]/g, ' ')
    .replace(/(^|\s)'|'(?=\s|$)/g, ' ')
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 1 when the fragment is contained, else the share of the fragment's words found in the candidate. */
export function textOverlap(labelText: string, candidateText: string): number {
  const l = normaliseText(labelText);
  const c = normaliseText(candidateText);
  if (l.length === 0) return 0;
  if (` ${c} `.includes(` ${l} `)) return 1;
  const words = l.split(' ');
  const have = new Set(c.split(' '));
  return words.filter((w) => have.has(w)).length / words.length;
}

const OVERLAP_THRESHOLD = 0.6;

function dayOf(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : 'null';
}

function ratio(num: number, den: number): number {
  return den === 0 ? 1 : num / den;
}

/**
 * "The Spanish Football Federation (RFEF)": the acronyms an article spells
 * out in brackets, each with the name before it, so a label may use either.
 */
export function articleAcronyms(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of body.matchAll(/((?:\p{Lu}[\p{L}'’-]*\s+(?:(?:of|for|and|de|the)\s+)?){1,6})\((\p{Lu}{2,8})\)/gu)) {
    out.set(m[2]!, m[1]!.trim().replace(/^The\s+/, ''));
  }
  return out;
}

function viaAcronym(label: string, candidate: string, acronyms: Map<string, string>): boolean {
  for (const [short, long] of acronyms) {
    if ((speakersMatch(label, short) && speakersMatch(long, candidate)) || (speakersMatch(label, long) && speakersMatch(short, candidate))) return true;
  }
  return false;
}

export function evaluate(candidates: ScoredCandidate[], labels: ArticleLabels, acronyms: Map<string, string> = new Map()): Evaluation {
  const sameSpeaker = (label: string, c: ScoredCandidate): boolean =>
    speakersMatch(label, c.speakerName) || speakersMatch(label, c.speakerText) || viaAcronym(label, c.speakerName, acronyms);
  // Edges label -> candidates, best text overlap first.
  const edges: number[][] = labels.statements.map((label) =>
    candidates
      .map((c, i) => ({ i, overlap: textOverlap(label.text, c.text) }))
      .filter(({ i, overlap }) => overlap >= OVERLAP_THRESHOLD && sameSpeaker(label.speaker, candidates[i]!))
      .sort((x, y) => y.overlap - x.overlap || x.i - y.i)
      .map(({ i }) => i),
  );

  // Maximum one-to-one matching (augmenting paths): a greedy pass could let
  // one label take the only candidate another label could have had.
  const owner: (number | undefined)[] = new Array(candidates.length).fill(undefined);
  const tryLabel = (l: number, seen: Set<number>): boolean => {
    for (const c of edges[l]!) {
      if (seen.has(c)) continue;
      seen.add(c);
      const current = owner[c];
      if (current === undefined || tryLabel(current, seen)) {
        owner[c] = l;
        return true;
      }
    }
    return false;
  };
  labels.statements.forEach((_, l) => tryLabel(l, new Set()));

  const matches = new Map<string, number>();
  const labelOfCandidate = new Map<number, string>();
  owner.forEach((l, c) => {
    if (l === undefined) return;
    const id = labels.statements[l]!.id;
    matches.set(id, c);
    labelOfCandidate.set(c, id);
  });

  const misses = labels.statements.filter((s) => !matches.has(s.id));
  const speakerMisses: { labelId: string; expected: string; actual: string }[] = [];
  for (const label of misses) {
    const near = candidates.findIndex((c) => textOverlap(label.text, c.text) >= OVERLAP_THRESHOLD);
    if (near >= 0) speakerMisses.push({ labelId: label.id, expected: label.speaker, actual: candidates[near]!.speakerName });
  }
  const wordsFound = matches.size + speakerMisses.length;
  const falsePositives = candidates.map((_, i) => i).filter((i) => !labelOfCandidate.has(i));

  const fieldMismatches: FieldMismatch[] = [];
  for (const label of labels.statements) {
    const ci = matches.get(label.id);
    if (ci === undefined) continue;
    const c = candidates[ci]!;
    if (label.quote !== undefined && label.relayedFrom === undefined && (c.quote !== null) !== label.quote) {
      fieldMismatches.push({ labelId: label.id, field: 'quote', expected: String(label.quote), actual: c.quote === null ? 'none' : `"${c.quote}"` });
    }
    if (label.verb !== undefined && label.verb !== c.verb) {
      fieldMismatches.push({ labelId: label.id, field: 'verb', expected: label.verb, actual: c.verb });
    }
    const carriers = label.carriers ?? (label.carrier !== undefined ? [label.carrier ?? ''] : null);
    if (carriers && !carriers.some((x) => (x ?? '').toLowerCase() === (c.carrier ?? '').toLowerCase())) {
      fieldMismatches.push({ labelId: label.id, field: 'carrier', expected: carriers.map(String).join(' | ') || 'null', actual: String(c.carrier) });
    }
    if (label.statedAt !== undefined && (label.statedAt ?? 'null') !== dayOf(c.statedAt)) {
      fieldMismatches.push({ labelId: label.id, field: 'statedAt', expected: String(label.statedAt), actual: dayOf(c.statedAt) });
    }
  }

  const labelled = new Set(labels.rebuts.map(([a, b]) => `${a}\u0000${b}`));
  const predicted: [number, number][] = [];
  candidates.forEach((c, i) => c.rebuts.forEach((j) => predicted.push([i, j])));
  const found = new Set<string>();
  const rebutFalsePositives: [number, number][] = [];
  let correct = 0;
  for (const [i, j] of predicted) {
    const key = `${labelOfCandidate.get(i)}\u0000${labelOfCandidate.get(j)}`;
    if (labelOfCandidate.has(i) && labelOfCandidate.has(j) && labelled.has(key)) {
      correct++;
      found.add(key);
    } else {
      rebutFalsePositives.push([i, j]);
    }
  }
  const rebutMisses = labels.rebuts.filter(([a, b]) => !found.has(`${a}\u0000${b}`));

  return {
    statements: {
      precision: ratio(matches.size, candidates.length),
      recall: ratio(matches.size, labels.statements.length),
      matched: matches.size,
      candidates: candidates.length,
      labels: labels.statements.length,
    },
    rebuts: {
      precision: ratio(correct, predicted.length),
      recall: ratio(found.size, labels.rebuts.length),
      correct,
      predicted: predicted.length,
      labelled: labels.rebuts.length,
      found: found.size,
    },
    speakers: { found: wordsFound, correct: matches.size, accuracy: ratio(matches.size, wordsFound) },
    speakerMisses,
    matches,
    misses,
    falsePositives,
    rebutMisses,
    rebutFalsePositives,
    fieldMismatches,
  };
}

/** Checks the shape of a parsed labels file, naming the first problem. */
export function parseLabels(json: unknown, origin: string): ArticleLabels {
  const fail = (what: string): never => {
    throw new Error(`${origin}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) fail('not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.publishedAt !== null && typeof o.publishedAt !== 'string') fail('publishedAt must be an ISO date string or null');
  if (typeof o.publishedAt === 'string' && Number.isNaN(Date.parse(o.publishedAt))) fail(`publishedAt is not a date: ${o.publishedAt}`);
  if (!Array.isArray(o.statements)) fail('statements must be an array');
  const ids = new Set<string>();
  (o.statements as unknown[]).forEach((s, i) => {
    const st = s as Record<string, unknown>;
    if (typeof st?.id !== 'string' || typeof st.speaker !== 'string' || typeof st.text !== 'string') {
      fail(`statements[${i}] needs string id, speaker and text`);
    }
    if (ids.has(st.id as string)) fail(`duplicate statement id ${String(st.id)}`);
    if (st.carriers !== undefined && (!Array.isArray(st.carriers) || !st.carriers.every((x) => typeof x === 'string'))) fail(`statements[${i}].carriers must be an array of outlet names`);
    if (st.relayedFrom !== undefined && typeof st.relayedFrom !== 'string') fail(`statements[${i}].relayedFrom must be a string`);
    ids.add(st.id as string);
  });
  const rebuts = o.rebuts ?? [];
  if (!Array.isArray(rebuts)) fail('rebuts must be an array of [fromId, toId]');
  (rebuts as unknown[]).forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === 'string' && ids.has(x))) {
      fail(`rebuts[${i}] must be [fromId, toId] naming labelled statements`);
    }
  });
  return {
    publishedAt: o.publishedAt as string | null,
    publisher: typeof o.publisher === 'string' ? o.publisher : null,
    language: typeof o.language === 'string' ? o.language : 'en',
    statements: o.statements as LabelledStatement[],
    rebuts: rebuts as [string, string][],
  };
}
