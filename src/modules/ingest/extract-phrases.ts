/**
 * Noun phrases and subjects over tagged tokens: the phrase that ends before
 * or starts at a word, whether it can be a speaker, the subject of an
 * attribution verb past its asides ("Anton Kirov, rebel commander, speaking
 * to AFP on Monday, said"), and what may follow an inverted speaker. The
 * word lists the attribution patterns share live here too. Pure.
 */
import { AUXILIARIES, breaksAfter, COPULAS, DETERMINERS, hasComma } from './extract-cues.js';
import { isDateToken, skipTimeForward, TIME_LEADS, timePhraseStart } from './extract-dates.js';
import { HUMAN_WORDS, INSTITUTION_WORDS, PRONOUNS, type VerbInfo } from './extract-lexicon.js';
import { capitalisedRuns, fixSpelling, outletName, parsePersonRun, stripPossessive } from './extract-names.js';
import { type Token } from './nlp.js';

/** Adverbs that place a statement in time or hedge it, rather than say how it was said. */
export const NON_MANNER_ADVERBS = new Set(['recently', 'reportedly', 'previously', 'allegedly', 'apparently', 'subsequently', 'initially', 'separately', 'later', 'earlier', 'also', 'again', 'then', 'now', 'once', 'already', 'still', 'meanwhile', 'finally', 'first', 'last', 'too', 'since', 'however', 'yesterday', 'today']);

/** Nouns that make a prepositional phrase a setting for speech: "in a statement", "at a news conference". */
export const SETTING_NOUNS = new Set([
  'statement', 'statements', 'interview', 'conference', 'briefing', 'speech', 'address', 'letter', 'message', 'post',
  'tweet', 'broadcast', 'remarks', 'comments', 'meeting', 'session', 'rally', 'summit', 'appearance', 'hearing', 'debate',
  'communique', 'communiqué', 'release', 'programme', 'program', 'show', 'television', 'radio', 'twitter', 'facebook',
  'telegram', 'website', 'channel', 'page', 'account', 'call', 'phone', 'news', 'video', 'podcast', 'parliament',
  'reporters', 'journalists', 'media', 'press', 'council', 'assembly', 'forum', 'event', 'ceremony', 'visit', 'talks',
  'report', 'filing', 'document', 'documents', 'notice', 'blog', 'op-ed', 'column', 'article', 'memo', 'email', 'book',
]);

/** Prepositions the tagger sometimes reads as adjectives ("said outside the hospital"). */
export const PREPOSITIONS = new Set(['in', 'at', 'on', 'during', 'via', 'through', 'after', 'before', 'from', 'to', 'with', 'without', 'outside', 'inside', 'near', 'behind', 'beside', 'across', 'ahead', 'following', 'by', 'for', 'late', 'early', 'earlier', 'later', 'while', 'when', 'amid', 'despite', 'under', 'over', 'within', 'upon', 'into', 'onto', 'towards', 'toward', 'against', 'among', 'between', 'since']);
export const SETTING_PREPOSITIONS = new Set(['in', 'at', 'during', 'via', 'through', 'on', 'after', 'before', 'from', 'to', 'with', 'ahead', 'following']);
const CLAUSE_WORDS = new Set(['as', 'while', 'when', 'because', 'although', 'though', 'whereas', 'after', 'before', 'since', 'if', 'that', 'which', 'who', 'whom', 'where', 'but', 'and', 'or', 'so', 'yet', 'until', 'unless', 'whether']);
const MODIFIER_GERUNDS = new Set(['speaking', 'reporting', 'writing', 'addressing', 'referring', 'responding', 'visiting', 'talking', 'appearing', 'commenting', 'asked', 'quoted', 'interviewed', 'echoing', 'citing', 'standing', 'briefing']);

export function isVerbLike(t: Token): boolean {
  return (t.tags.has('Verb') || t.tags.has('Modal') || t.tags.has('Copula') || t.tags.has('Auxiliary')) && !t.tags.has('Noun');
}

export function isFiniteVerb(t: Token): boolean {
  return isVerbLike(t) && !t.tags.has('Gerund') && !t.tags.has('Infinitive');
}

function isNounish(t: Token): boolean {
  if (PRONOUNS.has(t.lower)) return false;
  if (t.tags.has('Pronoun') && !t.tags.has('Possessive')) return false;
  if (t.tags.has('Preposition') || t.tags.has('Conjunction') || t.tags.has('QuestionWord')) return false;
  if (CLAUSE_WORDS.has(t.lower) && !/^\p{Lu}/u.test(t.text)) return false;
  if (isVerbLike(t) && !/^\p{Lu}/u.test(t.text) && !t.tags.has('Hyphenated')) return false;
  if (t.tags.has('Adverb') && !/^\p{Lu}/u.test(t.text)) return false;
  return (
    t.tags.has('Noun') ||
    t.tags.has('ProperNoun') ||
    t.tags.has('Adjective') ||
    t.tags.has('Determiner') ||
    t.tags.has('Possessive') ||
    t.tags.has('Acronym') ||
    t.tags.has('Value') ||
    /^\p{Lu}/u.test(t.text) ||
    t.tags.has('Hyphenated')
  );
}

/** Written reports that speak for whoever wrote them ("Posts on several blogs said"). */
const REPORT_NOUNS = new Set(['report', 'reports', 'posts', 'articles', 'stories', 'messages', 'comments']);

/** A connector that may sit inside a noun phrase ("Ministry of Foreign Affairs", "government in Damascus"). */
function innerConnector(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  const left = tokens[i - 1];
  const right = tokens[i + 1];
  if (!left || !right || breaksAfter(left) || breaksAfter(t)) return false;
  const rightCap = /^\p{Lu}/u.test(right.text);
  const leftHead = fixSpelling(stripPossessive(left.lower));
  const leftInstitution = INSTITUTION_WORDS.has(leftHead) || HUMAN_WORDS.has(leftHead);
  switch (t.lower) {
    case 'of':
    case 'for':
      return rightCap || leftInstitution;
    case 'in':
    case 'at':
    case 'on':
      // "Reports on some foreign websites said": what a report appeared on belongs to it.
      if (t.lower !== 'at' && REPORT_NOUNS.has(leftHead) && !isDateToken(right) && !isVerbLike(right)) return true;
      return t.lower !== 'on' && leftInstitution && rightCap && !isDateToken(right);
    case 'and':
    case '&':
      // "residents and activists said": two kinds of speaker make one subject.
      if (t.lower === 'and' && HUMAN_WORDS.has(leftHead) && !PRONOUNS.has(leftHead) && isNounish(right) && !rightCap) return true;
      return /^\p{Lu}/u.test(left.text) && rightCap;
    default:
      return false;
  }
}

/** "Castrian Medical Association (CMA)": an acronym in brackets right after a name belongs to it. */
function bracketedAcronymFollows(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  return next !== undefined && /^\s*\($/.test(t.post) && /^\p{Lu}{2,8}$/u.test(next.text) && next.post.startsWith(')');
}

const ACTING = new Set(['acting', 'working', 'speaking']);

/** The noun phrase ending just before `end` (exclusive), not reaching before `min`. */
export function npBefore(tokens: Token[], end: number, min: number): [number, number] | null {
  let i = end - 1;
  if (i < min) return null;
  const last = tokens[i]!;
  if (PRONOUNS.has(last.lower)) return [i, end];
  while (i >= min) {
    const t = tokens[i]!;
    if (i < end - 1 && breaksAfter(t) && !bracketedAcronymFollows(tokens, i)) break;
    if (t.inQuote) break;
    if (isNounish(t)) {
      i--;
      // "a spokesman for the ... Force": a role's complement belongs to the phrase.
      const link = tokens[i];
      const role = tokens[i - 1];
      const complement = link !== undefined && role !== undefined && i - 1 >= min && ['for', 'of'].includes(link.lower) && !breaksAfter(role) && HUMAN_WORDS.has(fixSpelling(stripPossessive(role.lower)));
      if (complement) {
        i -= 2;
        continue;
      }
      // "a lawyer acting for the family": the participle ties the complement to the role.
      const holder = tokens[i - 2];
      const acting = link?.lower === 'for' && role !== undefined && holder !== undefined && i - 2 >= min && ACTING.has(role.lower) && !breaksAfter(holder) && HUMAN_WORDS.has(fixSpelling(stripPossessive(holder.lower)));
      if (acting) {
        i -= 3;
        continue;
      }
      if (DETERMINERS.has(t.lower) && i > min && ['on', 'in'].includes(tokens[i]!.lower) && innerConnector(tokens, i)) continue;
      if (DETERMINERS.has(t.lower) && !/^\p{Lu}/u.test(t.text)) break;
      if (DETERMINERS.has(t.lower) && i >= min && !isNounish(tokens[i]!)) break;
      continue;
    }
    if (i > min && innerConnector(tokens, i)) {
      i--;
      continue;
    }
    break;
  }
  let start = i + 1;
  while (start < end && (['of', 'for', 'in', 'at', 'and'].includes(tokens[start]!.lower) || tokens[start]!.tags.has('Conjunction'))) start++;
  // "Earlier on Monday local police said": the day opens the sentence, it is not part of the speaker.
  const opener = tokens[start - 1];
  while (start < end - 1 && isDateToken(tokens[start]!) && opener !== undefined && TIME_LEADS.has(opener.lower)) start++;
  return start < end ? [start, end] : null;
}

/** "an e-mailed statement", "a televised address": a participle between a determiner and its noun. */
function participleAdjective(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  return t.tags.has('PastTense') && before !== undefined && ['a', 'an', 'the', 'its', 'his', 'her', 'their'].includes(before.lower) && !breaksAfter(before) && !breaksAfter(t) && after !== undefined && after.tags.has('Noun') && !after.inQuote;
}

/** The noun phrase starting at `from`, not reaching `limit`. */
export function npAfter(tokens: Token[], from: number, limit: number): [number, number] | null {
  let i = from;
  while (i < limit) {
    const t = tokens[i]!;
    if (t.inQuote) break;
    if (i === from && PRONOUNS.has(t.lower)) {
      i++;
      break;
    }
    // "told Reuters his fighters would ...", "told Reuters the talks ...": a determiner starts a new phrase.
    if (i > from && DETERMINERS.has(t.lower) && !/^\p{Lu}/u.test(t.text) && !['of', 'for', 'and'].includes(tokens[i - 1]!.lower)) break;
    if (isNounish(t) || (i > from && innerConnector(tokens, i)) || participleAdjective(tokens, i)) {
      i++;
      if (breaksAfter(t) && !bracketedAcronymFollows(tokens, i - 1)) break;
      continue;
    }
    break;
  }
  return i > from ? [from, i] : null;
}

export function isPlausibleSpeaker(tokens: Token[]): boolean {
  if (tokens.length === 0) return false;
  if (tokens.length === 1 && PRONOUNS.has(tokens[0]!.lower)) return true;
  if (tokens.some((t) => PRONOUNS.has(t.lower))) return false;
  if (tokens.length > 12) return false;
  // "The statement continued": a document speaks for the author the article gave it.
  if (tokens.length <= 3 && tokens[0]!.lower === 'the' && DOCUMENT_NOUNS.has(tokens[tokens.length - 1]!.lower)) return true;
  return tokens.some((t, i) => {
    const w = fixSpelling(stripPossessive(t.lower));
    if (INSTITUTION_WORDS.has(w) || HUMAN_WORDS.has(w)) return true;
    // A capitalised word counts unless it is only capitalised because it starts the sentence.
    return /^\p{Lu}/u.test(t.text) && !(i === 0 && (t.tags.has('Determiner') || t.tags.has('Conjunction') || t.tags.has('Adverb')));
  });
}

/** Index of the start of a setting phrase ending at `j` ("in a statement", "at a news conference"), or -1. */
function settingPhraseStart(tokens: Token[], j: number, min: number): number {
  // "on Monday local police said": a phrase that ends on a speaker's noun is the subject, not a setting.
  const last = fixSpelling(stripPossessive(tokens[j]!.lower));
  if (!SETTING_NOUNS.has(last) && (HUMAN_WORDS.has(last) || INSTITUTION_WORDS.has(last)) && !/^\p{Lu}/u.test(tokens[j]!.text)) return -1;
  for (let p = j; p >= Math.max(min, j - 7); p--) {
    const t = tokens[p]!;
    if (p < j && breaksAfter(t)) return -1;
    if (SETTING_PREPOSITIONS.has(t.lower) && p < j) {
      const inside = tokens.slice(p + 1, j + 1);
      const hasSetting = inside.some((x) => SETTING_NOUNS.has(x.lower) || isDateToken(x));
      if (hasSetting && !inside.some((x) => isFiniteVerb(x))) return p;
    }
  }
  return -1;
}

interface Segment {
  from: number;
  to: number;
  kind: 'np' | 'modifier' | 'clause';
}

function classifySegment(tokens: Token[], from: number, to: number): Segment['kind'] {
  const first = tokens[from]!;
  if (first.inQuote) return 'clause';
  if (MODIFIER_GERUNDS.has(first.lower) || first.tags.has('Gerund')) return 'modifier';
  if (['who', 'which', 'whose', 'whom'].includes(first.lower)) return 'modifier';
  if (first.tags.has('Preposition') || PREPOSITIONS.has(first.lower) || isDateToken(first) || first.tags.has('Adverb')) return 'modifier';
  if (isVerbLike(first) && !/^\p{Lu}/u.test(first.text)) return 'modifier';
  const inner = tokens.slice(from, to + 1);
  if (inner.some((t) => isFiniteVerb(t) && !t.inQuote)) return 'clause';
  const np = npBefore(tokens, to + 1, from);
  if (np && np[0] <= from + 1) return 'np';
  return 'clause';
}

interface Subject {
  np: [number, number];
  appositive: [number, number] | null;
  /** Token ranges between subject and verb that may carry a day or an outlet. */
  modifiers: [number, number][];
}

/**
 * The subject of an attribution verb at `v`: skips auxiliaries, adverbs, time
 * and setting phrases, then either a plain noun phrase or a comma chain
 * ("Anton Kirov, rebel commander, speaking to AFP ..., said").
 */
export function subjectBefore(tokens: Token[], v: number, min: number): Subject | null {
  const modifiers: [number, number][] = [];
  let j = v - 1;
  while (j >= min) {
    const t = tokens[j]!;
    // A comma before the verb starts a chain of asides; phrases inside it are the chain's business.
    if (hasComma(t) && !t.inQuote) break;
    if (AUXILIARIES.has(t.lower) || t.tags.has('Adverb') || (COPULAS.has(t.lower) && tokens[v]!.tags.has('Gerund'))) {
      j--;
      continue;
    }
    const time = timePhraseStart(tokens, j, min);
    if (time >= 0 && time <= j) {
      modifiers.push([time, j + 1]);
      j = time - 1;
      continue;
    }
    const setting = settingPhraseStart(tokens, j, min);
    if (setting >= 0) {
      modifiers.push([setting, j + 1]);
      j = setting - 1;
      continue;
    }
    break;
  }
  if (j < min) return null;
  // "Swiss diplomat Claudia Renner, who said ...": the speaker is the antecedent.
  if (tokens[j]!.lower === 'who' && j - 1 >= min && hasComma(tokens[j - 1]!)) {
    const np = npBefore(tokens, j, min);
    return np ? { np, appositive: null, modifiers } : null;
  }
  if (!hasComma(tokens[j]!) || tokens[j]!.inQuote) {
    let np = npBefore(tokens, j + 1, min);
    if (!np) return null;
    // "Patients interviewed by RTC said": the patients speak, RTC carries.
    if (np[0] - 2 >= min && tokens[np[0] - 1]!.lower === 'by' && tokens[np[0] - 2]!.tags.has('PastTense') && !hasComma(tokens[np[0] - 3] ?? tokens[0]!)) {
      const head = npBefore(tokens, np[0] - 2, min);
      if (head) {
        modifiers.push([np[0] - 2, np[1]]);
        np = head;
      }
    }
    // "Speaking at the palace on Monday evening, he insisted": the opening aside dates the statement.
    if (np[0] - 1 >= min && hasComma(tokens[np[0] - 1]!)) {
      let a = np[0] - 1;
      while (a - 1 >= min && !hasComma(tokens[a - 1]!)) a--;
      if (classifySegment(tokens, a, np[0] - 1) === 'modifier') modifiers.push([a, np[0]]);
    }
    return { np, appositive: null, modifiers };
  }
  // Comma chain: segments right to left until a clause.
  const segments: Segment[] = [];
  let b = j;
  while (b >= min) {
    let a = b;
    while (a - 1 >= min && !(hasComma(tokens[a - 1]!) && !tokens[a - 1]!.inQuote)) a--;
    const kind = classifySegment(tokens, a, b);
    segments.unshift({ from: a, to: b, kind });
    if (kind === 'clause') break;
    b = a - 1;
  }
  // Leading introductory phrases ("In Vienna,", "Speaking to reporters,") are skipped.
  const chain = segments[0]!.kind === 'clause' ? segments.slice(1) : segments;
  const nps = chain.filter((s) => s.kind === 'np');
  if (nps.length === 0) return null;
  const subjectSeg = nps[0]!;
  const np = npBefore(tokens, subjectSeg.to + 1, subjectSeg.from);
  if (!np) return null;
  for (const s of chain) if (s.kind === 'modifier') modifiers.push([s.from, s.to + 1]);
  let appositive: [number, number] | null = null;
  for (const s of nps.slice(1)) {
    for (const [rf, rt] of capitalisedRuns(tokens.slice(s.from, s.to + 1))) {
      const parsed = parsePersonRun(tokens, s.from + rf, s.from + rt);
      if (parsed?.full) appositive = [parsed.from, parsed.to];
    }
  }
  return { np, appositive, modifiers };
}

/** A noun phrase is followed by nothing but setting, time and reporter's asides? Returns what it found, or null. */
export function modifiersOnly(
  tokens: Token[],
  from: number,
  verb: VerbInfo,
  outlets: readonly string[],
): { dates: Token[]; carrier: Token[] | null; extra: [number, number] | null } | null {
  const dates: Token[] = [];
  let carrier: Token[] | null = null;
  let extra: [number, number] | null = null;
  let i = from;
  if (verb.lemma === 'told' && i < tokens.length && !tokens[i]!.inQuote) {
    const np = npAfter(tokens, i, tokens.length);
    if (np) {
      carrier = tokens.slice(np[0], np[1]);
      i = np[1];
    }
  }
  let budget = 16;
  while (i < tokens.length) {
    if (--budget < 0) return null;
    const t = tokens[i]!;
    if (t.inQuote) {
      // "“A,” he said, “B.”": a second quote after the attribution.
      let k = i;
      while (k < tokens.length && tokens[k]!.inQuote) k++;
      if (k < tokens.length) return null;
      extra = [t.start - (t.pre.match(/[“"‘'«]\s*$/) ? 1 : 0), tokens[k - 1]!.end];
      break;
    }
    const afterTime = skipTimeForward(tokens, i, tokens.length, dates);
    if (afterTime > i) {
      i = afterTime;
      continue;
    }
    if (t.tags.has('Adverb') || ['too', 'also', 'again'].includes(t.lower)) {
      i++;
      continue;
    }
    if (t.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      const np = npAfter(tokens, i + 2, tokens.length);
      if (!np) return null;
      carrier = tokens.slice(np[0], np[1]);
      i = np[1];
      continue;
    }
    // "“...,” Vale said in an address to members who gathered ...": the relative clause describes the setting.
    if (['who', 'which', 'where'].includes(t.lower) && i > 0 && (i > from || hasComma(tokens[i - 1]!)) && !tokens[i - 1]!.inQuote) break;
    // ", stressing that ...": a claim of its own (participleClaim), not an aside.
    if (CLAIM_PARTICIPLES.has(t.lower) && i > 0 && hasComma(tokens[i - 1]!) && t.lower !== 'saying') break;
    if (MODIFIER_GERUNDS.has(t.lower) || (t.tags.has('Gerund') && i > from && hasComma(tokens[i - 1]!))) {
      // ", reporting from Dovra": runs to the next comma or the end.
      let k = i + 1;
      while (k < tokens.length && !hasComma(tokens[k - 1]!) && !tokens[k]!.inQuote) k++;
      const inner = tokens.slice(i, k);
      if (inner.slice(1).some((x) => isFiniteVerb(x))) return null;
      if (['speaking', 'talking', 'appearing'].includes(t.lower)) {
        const np = npAfter(tokens, i + 2, k);
        if (np && !carrier) carrier = tokens.slice(np[0], np[1]);
      }
      dates.push(...inner.filter(isDateToken));
      i = k;
      continue;
    }
    if (i > from && hasComma(tokens[i - 1]!) && !isVerbLike(t)) {
      // "in the capital, Valena": an appositive to the place or person just named.
      const np = npAfter(tokens, i, tokens.length);
      if (np && np[1] - np[0] <= 5) {
        dates.push(...tokens.slice(np[0], np[1]).filter(isDateToken));
        i = np[1];
        continue;
      }
    }
    if (t.tags.has('Preposition') || PREPOSITIONS.has(t.lower)) {
      const np = npAfter(tokens, i + 1, tokens.length);
      if (!np) return null;
      const inner = tokens.slice(np[0], np[1]);
      dates.push(...inner.filter(isDateToken));
      if (t.lower === 'with' && !carrier) carrier = inner;
      if (['by', 'on'].includes(t.lower) && outletName(inner, false, outlets)) carrier = carrier ?? inner;
      i = np[1];
      continue;
    }
    return null;
  }
  return { dates, carrier, extra };
}

/**
 * A noun phrase where the tagger read a noun as a verb ("according to court
 * documents filed in ...", with "court" tagged as a verb): words up to a
 * preposition, a past participle or punctuation.
 */
export function looseNp(tokens: Token[], from: number): [number, number] | null {
  let i = from;
  while (i < tokens.length && i < from + 6) {
    const t = tokens[i]!;
    if (t.inQuote || t.tags.has('Preposition') || (i > from && t.tags.has('PastTense')) || CLAUSE_WORDS.has(t.lower)) break;
    i++;
    if (breaksAfter(t)) break;
  }
  return i > from ? [from, i] : null;
}

/** Verbs a document is issued with, a few words before it: "released a formal statement". */
export const ISSUING = new Set(['released', 'issued', 'published', 'sent', 'put', 'posted']);

/** What a body issues to speak: "a statement denying ...", "a letter saying ...". */
export const DOCUMENT_NOUNS = new Set(['statement', 'statements', 'communique', 'communiqué', 'note', 'letter', 'release', 'post', 'tweet', 'message']);

/** Participles that carry a claim of their own after a statement. */
export const CLAIM_PARTICIPLES = new Set(['saying', 'adding', 'insisting', 'stressing', 'arguing', 'claiming', 'warning', 'noting', 'explaining', 'stating']);
