/**
 * Candidate statements from an article's text: who said what, with which
 * verb, carried by which outlet, on which day, and which statements of the
 * same article a denial answers.
 *
 * Pure: no database, no I/O. Sentences, tokens, parts of speech and dates
 * come from compromise (see nlp.ts); the attribution patterns are here.
 *
 * Only English is supported: any other `language` returns no candidates,
 * since the patterns and word lists are English ones and would invent
 * speakers in another language rather than find none.
 *
 * Offsets (`start`, `end`) are UTF-16 code unit indices into `body`, as
 * JavaScript strings count them, so `body.slice(start, end)` is the passage.
 * `statedAt` is midnight UTC of the day named; a weekday is read in UTC
 * from `publishedAt`.
 */
import {
  attributionVerb,
  HUMAN_WORDS,
  INSTITUTION_WORDS,
  PARTICIPLE_LINKS,
  PRONOUNS,
  type VerbInfo,
} from './extract-lexicon.js';
import {
  capitalisedRuns,
  fixSpelling,
  NameRegistry,
  outletName,
  parsePersonRun,
  stripPossessive,
  type Gender,
  hasPossessive,
} from './extract-names.js';
import { contentWords, linkRebuttalsScored, type RebutLink } from './extract-rebuts.js';
import { detectLanguage, primaryTag } from './extract-language.js';
import { documentAuthor, nameIsModifier, rolePhrase } from './extract-roles.js';
import { extractSpanish } from './extract-spanish.js';
import { dateOf, stanceOf, wordsOf, type Stance } from './extract-words.js';
import { attributionVerbs, AUXILIARIES, breaksAfter, COPULAS, DETERMINERS, hasComma, isPassive, verbAt } from './extract-cues.js';
import { analyse, DEFAULT_ANALYSE_LIMITS, type AnalyseLimits, type AnalysedText, type Token, type Unit } from './nlp.js';

export interface ExtractInput {
  /** Article text, as stored (offsets refer to it). */
  body: string;
  /** For resolving "on Monday", "on Tuesday", "yesterday". */
  publishedAt: Date | null;
  /** BCP 47; only English is supported: other languages return []. */
  language: string;
  /** The publishing outlet, e.g. "Al Jazeera". */
  publisher?: { name: string };
  /** Optional hints (existing speakers), used to recognise names. */
  knownSpeakers?: { name: string; aliases: string[] }[];
}

export type { Stance } from './extract-words.js';

export interface ExtractedCandidate {
  /** The speaker as written at this point ("the interior ministery", "he", "Kirov"). */
  speakerText: string;
  /** Resolved within the article ("Anton Kirov"); organisations lightly normalised ("interior ministry"). */
  speakerName: string;
  /** Verbatim words when in quotation marks, without the marks. */
  quote: string | null;
  /** The quote when the statement is one, otherwise the reported clause. */
  text: string;
  /** Attribution verb in the simple past: said, denied, accused, told, ...; "according to" when there is none. */
  verb: string;
  stance: Stance;
  /** Outlet named in the text as carrying the statement ("Reuters", "AFP"), else null. */
  carrier: string | null;
  statedAt: Date | null;
  /** body.slice(start, end) is the passage (sentence or clause) a UI highlights. */
  start: number;
  end: number;
  /** Indices, in the returned array, of the statements this one rebuts. */
  rebuts: number[];
  /** The same links with their score and the words that triggered each. */
  rebutLinks: RebutLink[];
}

export interface ExtractLimits extends AnalyseLimits {
  /** Candidates kept per article; reading stops at the next one. */
  maxCandidates: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { ...DEFAULT_ANALYSE_LIMITS, maxCandidates: 100 };

export type ExtractWarningKind = 'SENTENCE_SPLIT' | 'CANDIDATES_LIMITED' | 'CANDIDATE_TRUNCATED' | 'LANGUAGE';

/** Something extraction or storage could not keep whole, said so instead of failing the article. */
export interface ExtractWarning {
  kind: ExtractWarningKind;
  message: string;
  /** The passage concerned, as offsets into the body. */
  startOffset: number | null;
  endOffset: number | null;
  /** The candidate concerned, by position. */
  candidatePosition: number | null;
}

/** Over-long sentences reported one by one; the rest in one warning, so the list stays small. */
const SPLIT_WARNINGS_MAX = 10;

export interface ExtractResult {
  candidates: ExtractedCandidate[];
  warnings: ExtractWarning[];
  /** The language the text reads as (BCP 47 primary tag, "und" when unclear), whatever the caller declared. */
  language: string;
}

type SpeakerKind = 'person' | 'org' | 'plural' | 'unknown';

interface Draft {
  paragraph: number;
  start: number;
  end: number;
  /** The speaker as written, as tokens; empty when inherited. */
  speaker: Token[];
  /** A person's name in apposition to a role ("the minister, Ilse Varga,"). */
  appositive: Token[] | null;
  verb: VerbInfo;
  /** Body offsets of the reported words. */
  contentStart: number;
  contentEnd: number;
  /** A second quote in the same sentence ("“A,” he said, “B.”"). */
  extra: [number, number] | null;
  carrier: string | null;
  dateTokens: Token[];
  /** Set for quotes that continue an earlier statement: speaker, carrier and day come from it. */
  inherits: Resolved | null;
  /** Set when the paragraph before names the speaker without a statement of its own. */
  namedSpeaker: { text: string; name: string } | null;
  /** "X said ..., but Y said ...": the statement Y's account is set against. */
  against?: Draft;
}

interface Resolved {
  speakerText: string;
  speakerName: string;
  kind: SpeakerKind;
  carrier: string | null;
  statedAt: Date | null;
  /** Documents the speaker's sentence says they issued ("released a formal statement"), for a later "the statement". */
  documents?: string[];
}

interface Context {
  body: string;
  analysed: AnalysedText;
  registry: NameRegistry;
  publishedAt: Date | null;
  /** The publisher's name and acronym, recognised as outlets beside the known ones ("received by ANA"). */
  outlets: string[];
}

const ACCORDING_TO: VerbInfo = { lemma: 'according to', kind: 'clause', denies: false };
const SAID: VerbInfo = { lemma: 'said', kind: 'speech', denies: false };

const TIME_WORDS = new Set(['yesterday', 'today', 'tonight', 'earlier', 'later', 'morning', 'afternoon', 'evening', 'night', 'overnight', 'weekend']);
const TIME_LEADS = new Set(['on', 'late', 'early', 'earlier', 'later', 'last', 'this', 'in', 'at', 'the', 'of', 'by', 'during', 'until', 'since']);
/** Adverbs that place a statement in time or hedge it, rather than say how it was said. */
const NON_MANNER_ADVERBS = new Set(['recently', 'reportedly', 'previously', 'allegedly', 'apparently', 'subsequently', 'initially', 'separately', 'later', 'earlier', 'also', 'again', 'then', 'now', 'once', 'already', 'still', 'meanwhile', 'finally', 'first', 'last', 'too', 'since', 'however', 'yesterday', 'today']);
/** Nouns that make a prepositional phrase a setting for speech: "in a statement", "at a news conference". */
const SETTING_NOUNS = new Set([
  'statement', 'statements', 'interview', 'conference', 'briefing', 'speech', 'address', 'letter', 'message', 'post',
  'tweet', 'broadcast', 'remarks', 'comments', 'meeting', 'session', 'rally', 'summit', 'appearance', 'hearing', 'debate',
  'communique', 'communiqué', 'release', 'programme', 'program', 'show', 'television', 'radio', 'twitter', 'facebook',
  'telegram', 'website', 'channel', 'page', 'account', 'call', 'phone', 'news', 'video', 'podcast', 'parliament',
  'reporters', 'journalists', 'media', 'press', 'council', 'assembly', 'forum', 'event', 'ceremony', 'visit', 'talks',
  'report', 'filing', 'document', 'documents', 'notice', 'blog', 'op-ed', 'column', 'article', 'memo', 'email', 'book',
]);
/** Prepositions the tagger sometimes reads as adjectives ("said outside the hospital"). */
const PREPOSITIONS = new Set(['in', 'at', 'on', 'during', 'via', 'through', 'after', 'before', 'from', 'to', 'with', 'without', 'outside', 'inside', 'near', 'behind', 'beside', 'across', 'ahead', 'following', 'by', 'for', 'late', 'early', 'earlier', 'later', 'while', 'when', 'amid', 'despite', 'under', 'over', 'within', 'upon', 'into', 'onto', 'towards', 'toward', 'against', 'among', 'between', 'since']);
const SETTING_PREPOSITIONS = new Set(['in', 'at', 'during', 'via', 'through', 'on', 'after', 'before', 'from', 'to', 'with', 'ahead', 'following']);
const CLAUSE_WORDS = new Set(['as', 'while', 'when', 'because', 'although', 'though', 'whereas', 'after', 'before', 'since', 'if', 'that', 'which', 'who', 'whom', 'where', 'but', 'and', 'or', 'so', 'yet', 'until', 'unless', 'whether']);
const MODIFIER_GERUNDS = new Set(['speaking', 'reporting', 'writing', 'addressing', 'referring', 'responding', 'visiting', 'talking', 'appearing', 'commenting', 'asked', 'quoted', 'interviewed', 'echoing', 'citing', 'standing', 'briefing']);
const CARRIER_TRIGGERS = new Set(['speaking', 'talking', 'told', 'telling', 'tells', 'interview', 'interviewed', 'carried', 'quoted', 'published', 'broadcast', 'aired', 'according', 'cited', 'reported', 'appearing', 'received', 'issued', 'released', 'contacted', 'reached', 'polled', 'surveyed']);
const LENIENT_TRIGGERS = new Set(['carried', 'quoted', 'published', 'broadcast', 'aired', 'cited', 'reported', 'received', 'released', 'interviewed', 'contacted', 'reached', 'polled', 'surveyed']);

const closingQuote = /[”"’»]/;



function isVerbLike(t: Token): boolean {
  return (t.tags.has('Verb') || t.tags.has('Modal') || t.tags.has('Copula') || t.tags.has('Auxiliary')) && !t.tags.has('Noun');
}

function isFiniteVerb(t: Token): boolean {
  return isVerbLike(t) && !t.tags.has('Gerund') && !t.tags.has('Infinitive');
}

function isDateToken(t: Token): boolean {
  return t.tags.has('Date') || t.tags.has('WeekDay') || t.tags.has('Month') || TIME_WORDS.has(t.lower);
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
function npBefore(tokens: Token[], end: number, min: number): [number, number] | null {
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
function npAfter(tokens: Token[], from: number, limit: number): [number, number] | null {
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

function isPlausibleSpeaker(tokens: Token[]): boolean {
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

/** Index just past a time phrase that starts at `i` ("on Tuesday", "late on Monday"), or `i`. */
function skipTimeForward(tokens: Token[], i: number, limit: number, into: Token[]): number {
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
function timePhraseStart(tokens: Token[], j: number, min: number): number {
  if (j < min || !isDateToken(tokens[j]!) || tokens[j]!.inQuote) return -1;
  let k = j;
  while (k - 1 >= min && !breaksAfter(tokens[k - 1]!) && (isDateToken(tokens[k - 1]!) || TIME_LEADS.has(tokens[k - 1]!.lower))) k--;
  return k;
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
function subjectBefore(tokens: Token[], v: number, min: number): Subject | null {
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
function modifiersOnly(
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

/** Opening quotation mark written just before a token, to include it in a span. */
function startWithQuote(t: Token): number {
  const m = t.pre.match(/[“"‘'«„][\s]*$/);
  return m ? t.start - m[0].length : t.start;
}

/** End of a token including closing quotation marks written after it. */
function endWithQuote(t: Token): number {
  const m = t.post.match(/^[.,;:!?…]*[”"’»]/);
  return m ? t.end + m[0].length : t.end;
}

const DATELINE = /^\s*[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s+/;

/** Tokens of a unit past a wire dateline ("GENEVA, May 16 (Reuters) - "). */
function firstToken(body: string, unit: Unit): number {
  if (unit.indexInParagraph !== 0) return 0;
  const m = body.slice(unit.start, unit.end).match(DATELINE);
  if (!m) return 0;
  const cut = unit.start + m[0].length;
  const i = unit.tokens.findIndex((t) => t.start >= cut);
  return i < 0 ? 0 : i;
}

function newDraft(unit: Unit, from: number, partial: Partial<Draft>): Draft {
  const tokens = unit.tokens;
  return {
    paragraph: unit.paragraph,
    start: startWithQuote(tokens[from]!),
    end: unit.end,
    speaker: [],
    appositive: null,
    verb: SAID,
    contentStart: 0,
    contentEnd: 0,
    extra: null,
    carrier: null,
    dateTokens: [],
    inherits: null,
    namedSpeaker: null,
    ...partial,
  };
}

/** "..., X said." / "“...,” he said on Tuesday." / "..., said the BBC's Nadia Farouk, reporting from Dovra." */
function trailingAttribution(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
  const tokens = unit.tokens;
  const verbs = attributionVerbs(tokens, from).reverse();
  for (const v of verbs) {
    const verb = verbAt(tokens, v)!;
    const prev = tokens[v - 1];
    if (!prev || v - 1 < from) continue;
    const boundaryAfter = (t: Token): boolean => hasComma(t) || closingQuote.test(t.post) || /[:–—]/.test(t.post);
    // "..., told AFP": what follows "told" is the hearer, never an inverted speaker.
    const inverted = boundaryAfter(prev) && verb.lemma !== 'told' ? npAfter(tokens, v + 1, tokens.length) : null;
    if (inverted) {
      // Inverted: "..., said the BBC's Nadia Farouk".
      const np = documentWithSource(tokens, inverted);
      const speaker = tokens.slice(np[0], np[1]);
      if (!isPlausibleSpeaker(speaker) || speaker.length === 1 && PRONOUNS.has(speaker[0]!.lower) && !['he', 'she'].includes(speaker[0]!.lower)) continue;
      const rest = modifiersOnly(tokens, np[1], verb, outlets);
      if (!rest) continue;
      if (v - 1 - from < 2) continue;
      return newDraft(unit, from, {
        speaker,
        verb,
        contentStart: startWithQuote(tokens[from]!),
        contentEnd: endWithQuote(prev),
        extra: rest.extra,
        carrier: rest.carrier ? outletName(rest.carrier, false, outlets) : null,
        dateTokens: rest.dates,
      });
    }
    // "..., Kirov announced after the meeting."
    let b = v - 1;
    const relativeStart = (i: number): boolean => ['who', 'which', 'whose'].includes(tokens[i]!.lower) && hasComma(tokens[i - 1]!);
    while (b > from && v - b <= 14 && !(boundaryAfter(tokens[b - 1]!) && !(tokens[b - 1]!.inQuote && tokens[b]!.inQuote) && !relativeStart(b) && segmentIsSpeaker(tokens, b, v))) b--;
    if (b <= from || v - b > 14) continue;
    const boundary = tokens[b - 1]!;
    if (!boundaryAfter(boundary) || b - from < 3) continue;
    const subject = subjectBefore(tokens, v, b);
    if (!subject || subject.np[0] !== b) continue;
    const speaker = tokens.slice(subject.np[0], subject.np[1]);
    if (!isPlausibleSpeaker(speaker)) continue;
    const rest = modifiersOnly(tokens, v + 1, verb, outlets) ?? settingAfterQuote(tokens, from, b, v);
    if (!rest) continue;
    const dates = [...rest.dates];
    for (const [a, z] of subject.modifiers) dates.push(...tokens.slice(a, z).filter(isDateToken));
    return newDraft(unit, from, {
      speaker,
      appositive: subject.appositive ? tokens.slice(subject.appositive[0], subject.appositive[1]) : null,
      verb,
      contentStart: startWithQuote(tokens[from]!),
      contentEnd: endWithQuote(boundary),
      extra: rest.extra,
      carrier: rest.carrier ? outletName(rest.carrier, false, outlets) : carrierFromModifiers(tokens, subject.modifiers, outlets),
      dateTokens: dates,
    });
  }
  return null;
}

/** Tokens [b, v) hold a speaker and its asides, not a clause of the statement. */
/**
 * "“It is false,” Vale said in a televised address to members who ...":
 * after a whole quotation, a phrase opened by a preposition that the
 * modifier reader cannot parse is still only where it was said.
 */
function settingAfterQuote(tokens: Token[], from: number, b: number, v: number): { dates: Token[]; carrier: Token[] | null; extra: [number, number] | null } | null {
  const after = tokens.slice(v + 1);
  if (after.length === 0 || !PREPOSITIONS.has(after[0]!.lower) || after.some((t) => t.inQuote || t.lower === 'that')) return null;
  if (!tokens.slice(from, b).every((t) => t.inQuote)) return null;
  const carrier = after.findIndex((t) => ['to', 'with'].includes(t.lower));
  const relative = after.findIndex((t) => ['who', 'which', 'where'].includes(t.lower));
  return { dates: after.slice(0, relative < 0 ? after.length : relative).filter(isDateToken), carrier: carrier >= 0 ? after.slice(carrier + 1, carrier + 4) : null, extra: null };
}

/** "said a statement issued by Vanta's PR company": the document's phrase runs on to the one it is from. */
function documentWithSource(tokens: Token[], np: [number, number]): [number, number] {
  const head = tokens[np[1] - 1]!;
  if (!DOCUMENT_NOUNS.has(head.lower) || breaksAfter(head)) return np;
  let by = np[1];
  if (['issued', 'released', 'sent', 'published'].includes(tokens[by]?.lower ?? '')) by++;
  if (!['by', 'from'].includes(tokens[by]?.lower ?? '')) return np;
  const source = npAfter(tokens, by + 1, tokens.length);
  return source ? [np[0], source[1]] : np;
}

function segmentIsSpeaker(tokens: Token[], b: number, v: number): boolean {
  const inner = tokens.slice(b, v);
  if (inner.some((t) => t.inQuote)) return false;
  // "the officer, who asked not to be named,": a relative clause between commas describes the speaker.
  let relative = false;
  return !inner.some((t, i) => {
    if (i > 0 && hasComma(inner[i - 1]!) && ['who', 'which', 'whose'].includes(t.lower)) relative = true;
    const verbHere = isFiniteVerb(t) && !AUXILIARIES.has(t.lower) && !relative && !(i > 0 && ['who', 'which'].includes(inner[0]!.lower));
    if (relative && hasComma(t)) relative = false;
    return verbHere;
  });
}

/** "wrote in The Times that", "said in response to a query from AP that": an outlet after a preposition of the setting. */
function outletAfterPreposition(tokens: Token[], from: number, to: number, outlets: readonly string[]): string | null {
  for (let i = from; i < to; i++) {
    if (!['in', 'to', 'from', 'with', 'on'].includes(tokens[i]!.lower)) continue;
    const np = npAfter(tokens, i + 1, to);
    const name = np ? outletName(tokens.slice(np[0], np[1]), false, outlets) : null;
    if (name) return name;
  }
  return null;
}

/** An outlet named in asides: "speaking to AFP news agency", "in an interview with Reuters". */
function carrierFromModifiers(tokens: Token[], ranges: [number, number][], outlets: readonly string[]): string | null {
  for (const [a, z] of ranges) {
    for (let i = a; i < z; i++) {
      const t = tokens[i]!;
      if (!CARRIER_TRIGGERS.has(t.lower) && t.lower !== 'with') continue;
      let k = i + 1;
      while (k < z && ['to', 'with', 'by', 'on', 'an', 'a'].includes(tokens[k]!.lower)) k++;
      if (t.lower === 'interview' || t.lower === 'with') {
        if (t.lower === 'interview' && tokens[k - 1]?.lower !== 'with') continue;
      }
      const np = npAfter(tokens, k, z);
      if (!np) continue;
      // Whoever "carried", "received" or "quoted" a statement is an outlet; whoever was told it may not be.
      const lenient = LENIENT_TRIGGERS.has(t.lower) && tokens[i + 1]?.lower === 'by';
      const name = outletName(tokens.slice(np[0], np[1]), lenient, outlets);
      if (name) return name;
    }
  }
  return null;
}

/** "X said (on Tuesday) (that) ...", "X accused Y of ...", "X, speaking to AFP, said ...". */
function subjectFirst(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
  const tokens = unit.tokens;
  for (const v of attributionVerbs(tokens, from)) {
    const verb = verbAt(tokens, v)!;
    const subject = subjectBefore(tokens, v, from);
    if (!subject) continue;
    const speaker = tokens.slice(subject.np[0], subject.np[1]);
    if (!isPlausibleSpeaker(speaker)) continue;
    const dates: Token[] = [];
    for (const [a, z] of subject.modifiers) dates.push(...tokens.slice(a, z).filter(isDateToken));
    // "Earlier on Monday local police said": an opening made only of a time phrase dates the statement.
    const opening = tokens.slice(from, subject.np[0]);
    if (opening.length > 0 && opening.every((t) => !t.inQuote && (isDateToken(t) || TIME_LEADS.has(t.lower)))) dates.push(...opening.filter(isDateToken));
    let carrierName = carrierFromModifiers(tokens, subject.modifiers, outlets);
    let k = v + 1;
    if (verb.lemma === 'told' && k < tokens.length && tokens[k]!.lower !== 'that' && !breaksAfter(tokens[v]!)) {
      const np = npAfter(tokens, k, tokens.length);
      if (np) {
        carrierName = outletName(tokens.slice(np[0], np[1]), false, outlets) ?? carrierName;
        k = np[1];
      }
    }
    let sawThat = false;
    const that = verb.kind === 'object' ? -1 : thatAfter(tokens, k);
    if (that >= 0) {
      // "said in a statement received by ANA that ...": all before "that" is setting.
      dates.push(...tokens.slice(k, that).filter(isDateToken));
      carrierName = carrierName ?? carrierFromModifiers(tokens, [[v + 1, that]], outlets) ?? outletAfterPreposition(tokens, v + 1, that, outlets);
      k = that + 1;
      sawThat = true;
    }
    if (verb.kind === 'object') {
      // "rejected Valdoria's accusation on Wednesday, saying ...": a weekday right after a short object.
      for (let i = v + 1; i < Math.min(tokens.length, v + 8); i++) {
        const t = tokens[i]!;
        if (t.inQuote || (isFiniteVerb(t) && i > v + 1)) break;
        if (t.lower === 'on' && tokens[i + 1] && (tokens[i + 1]!.tags.has('WeekDay'))) {
          dates.push(t, tokens[i + 1]!);
          break;
        }
        if (hasComma(t)) break;
      }
    }
    for (let guard = 0; guard < 4 && !sawThat && k < tokens.length && !tokens[k]!.inQuote; guard++) {
      const afterTime = skipTimeForward(tokens, k, tokens.length, dates);
      if (afterTime > k) {
        k = afterTime;
        continue;
      }
      const t = tokens[k]!;
      if (SETTING_PREPOSITIONS.has(t.lower) && verb.kind !== 'object') {
        const np = npAfter(tokens, k + 1, tokens.length);
        if (np && tokens.slice(np[0], np[1]).some((x) => SETTING_NOUNS.has(x.lower))) {
          const inner = tokens.slice(np[0], np[1]);
          carrierName = carrierName ?? outletName(inner.slice(inner.findIndex((x) => x.lower === 'with') + 1), false, outlets);
          k = np[1];
          continue;
        }
      }
      if (t.lower === 'that' && verb.kind !== 'object') {
        sawThat = true;
        k++;
      }
      break;
    }
    // Object verbs keep the verb, and a manner adverb before it ("“categorically” denied").
    let contentStart: number;
    if (verb.kind === 'object' || (verb.kind === 'clause' && !sawThat && !clauseFollows(tokens, k))) {
      let a = v;
      while (a - 1 >= from && tokens[a - 1]!.tags.has('Adverb') && !NON_MANNER_ADVERBS.has(tokens[a - 1]!.lower) && !hasComma(tokens[a - 1]!)) a--;
      contentStart = startWithQuote(tokens[a]!);
    } else {
      if (k >= tokens.length) {
        // "Farouk said:" with the quote in the next paragraph; a bare "X said." says nothing.
        if (!/:/.test(tokens[tokens.length - 1]!.post)) continue;
        return newDraft(unit, from, {
          start: startWithQuote(tokens[subject.np[0]]!),
          speaker,
          appositive: subject.appositive ? tokens.slice(subject.appositive[0], subject.appositive[1]) : null,
          verb,
          contentStart: unit.end,
          contentEnd: unit.end,
          carrier: carrierName,
          dateTokens: dates,
        });
      }
      // "he said outside the hospital." reports where, not what; "he said nothing" reports no words.
      if (verb.kind === 'speech' && !tokens.slice(k).some((t) => t.inQuote || isVerbLike(t))) continue;
      if (['nothing', 'little', 'anything'].includes(tokens[k]!.lower)) continue;
      contentStart = startWithQuote(tokens[k]!);
    }
    let contentEnd = unit.end;
    // ", according to Reuters" at the end names the carrier, not the words.
    const according = tokens.findIndex((t, i) => i > v && t.lower === 'according' && tokens[i + 1]?.lower === 'to' && !t.inQuote);
    if (according > 0) {
      const np = npAfter(tokens, according + 2, tokens.length);
      if (np) carrierName = carrierName ?? outletName(tokens.slice(np[0], np[1]), false, outlets);
      if (np && np[1] >= tokens.length - 1) contentEnd = tokens[according - 1]!.end;
    }
    const participle = tokens.findIndex((t, i) => i > v && !t.inQuote && ['telling', 'speaking'].includes(t.lower) && hasComma(tokens[i - 1]!));
    if (participle > 0 && !carrierName) carrierName = carrierFromModifiers(tokens, [[participle, tokens.length]], outlets);
    return newDraft(unit, from, {
      start: startWithQuote(tokens[Math.min(subject.np[0], v)]!),
      speaker,
      appositive: subject.appositive ? tokens.slice(subject.appositive[0], subject.appositive[1]) : null,
      verb,
      contentStart,
      contentEnd,
      carrier: carrierName,
      dateTokens: dates,
    });
  }
  return null;
}

/**
 * Index of the "that" opening the reported clause when only setting comes
 * between it and the verb ("stressed during his meeting with the Ambassador
 * of X that ..."), else -1.
 */
function thatAfter(tokens: Token[], from: number): number {
  for (let i = from; i < tokens.length && i < from + 18; i++) {
    const t = tokens[i]!;
    if (t.inQuote) return -1;
    if (t.lower === 'that') return i;
    // "in a report published on Wednesday that": a participle after a setting noun is no clause.
    const participle = t.tags.has('PastTense') && (tokens[i + 1]?.lower === 'by' || SETTING_NOUNS.has(tokens[i - 1]?.lower ?? ''));
    if (isFiniteVerb(t) && !participle) return -1;
    if (/[;:.]/.test(t.post)) return -1;
  }
  return -1;
}

/** Whether the words from `k` make a clause ("the envoy's departure must be ...") rather than an object ("a ceasefire"). */
function clauseFollows(tokens: Token[], k: number): boolean {
  for (let i = k; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (hasComma(t) && i > k) return false;
    if (t.inQuote && i === k) return true;
    if (isVerbLike(t) && !t.tags.has('Gerund') && i > k) return true;
  }
  return false;
}

/** "..., according to Ostland's state news agency ONA." and "According to the ministry, ...". */
function accordingTo(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
  const tokens = unit.tokens;
  const a = tokens.findIndex((t, i) => i >= from && t.lower === 'according' && tokens[i + 1]?.lower === 'to' && !t.inQuote);
  if (a < 0) return null;
  let np = npAfter(tokens, a + 2, tokens.length) ?? looseNp(tokens, a + 2);
  if (!np) return null;
  // "according to a statement from the ministry": the ministry speaks.
  const head = tokens[np[1] - 1]!;
  if (SETTING_NOUNS.has(head.lower) && ['from', 'by', 'of'].includes(tokens[np[1]]?.lower ?? '')) {
    const inner = npAfter(tokens, np[1] + 1, tokens.length);
    if (inner) np = inner;
  }
  const speaker = tokens.slice(np[0], np[1]);
  if (!isPlausibleSpeaker(speaker)) return null;
  let contentStart: number;
  let contentEnd: number;
  if (a === from) {
    // "According to court documents filed in Bergen, two owners ...": the words start after the comma.
    let next = np[1];
    while (next < tokens.length && !hasComma(tokens[next - 1]!)) next++;
    if (next >= tokens.length) return null;
    contentStart = startWithQuote(tokens[next]!);
    contentEnd = unit.end;
  } else {
    contentStart = startWithQuote(tokens[from]!);
    const tail = npAfter(tokens, np[1], tokens.length);
    contentEnd = np[1] >= tokens.length - 1 || !tail ? tokens[a - 1]!.end : unit.end;
  }
  // Dates in the words are the event's, not the report's: an "according to" statement is undated.
  return newDraft(unit, from, {
    speaker,
    verb: ACCORDING_TO,
    contentStart,
    contentEnd,
    carrier: outletName(speaker, false, outlets),
  });
}

/**
 * A noun phrase where the tagger read a noun as a verb ("according to court
 * documents filed in ...", with "court" tagged as a verb): words up to a
 * preposition, a past participle or punctuation.
 */
function looseNp(tokens: Token[], from: number): [number, number] | null {
  let i = from;
  while (i < tokens.length && i < from + 6) {
    const t = tokens[i]!;
    if (t.inQuote || t.tags.has('Preposition') || (i > from && t.tags.has('PastTense')) || CLAUSE_WORDS.has(t.lower)) break;
    i++;
    if (breaksAfter(t)) break;
  }
  return i > from ? [from, i] : null;
}

/** "X was quoted by Interfax as saying ...". */
const OBJECT_PRONOUNS = new Map([['him', 'he'], ['her', 'she'], ['them', 'they']]);

function quotedAsSaying(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
  const tokens = unit.tokens;
  const q = tokens.findIndex((t, i) => i >= from && t.lower === 'quoted' && !t.inQuote);
  if (q < 0) return null;
  const s = tokens.findIndex((t, i) => i > q && t.lower === 'saying' && tokens[i - 1]?.lower === 'as');
  if (s < 0 || s - q > 10) return null;
  let c = q - 1;
  while (c >= from && (COPULAS.has(tokens[c]!.lower) || tokens[c]!.tags.has('Adverb') || AUXILIARIES.has(tokens[c]!.lower) || TIME_WORDS.has(tokens[c]!.lower))) c--;
  const subject = subjectBefore(tokens, c + 1, from);
  if (!subject) return null;
  let speaker = tokens.slice(subject.np[0], subject.np[1]);
  if (!isPlausibleSpeaker(speaker)) return null;
  // "the AFP news agency quoted him as saying": the agency carries, the one it quoted speaks.
  const agency = outletName(speaker, false, outlets);
  const objectPronoun = OBJECT_PRONOUNS.get(tokens[q + 1]?.lower ?? '');
  const object = !agency ? null : objectPronoun ? ([q + 1, q + 2] as [number, number]) : npAfter(tokens, q + 1, s - 1);
  if (agency && object) speaker = tokens.slice(object[0], object[1]).map((t) => (objectPronoun ? { ...t, lower: objectPronoun } : t));
  const by = tokens.findIndex((t, i) => i > q && i < s && t.lower === 'by');
  const carrierNp = by > 0 ? npAfter(tokens, by + 1, s) : null;
  const dates = tokens.slice(q, s).filter(isDateToken);
  let k = s + 1;
  if (tokens[k]?.lower === 'that') k++;
  // "“...,” the spokesman was quoted as saying, referring to ...": the words are the quote before.
  const quoteBefore = subject.np[0] > from && tokens[from]!.inQuote && tokens[subject.np[0] - 1]!.inQuote;
  if (k >= tokens.length && !quoteBefore) return null;
  return newDraft(unit, from, {
    start: quoteBefore ? startWithQuote(tokens[from]!) : startWithQuote(tokens[subject.np[0]]!),
    speaker,
    verb: SAID,
    contentStart: quoteBefore ? startWithQuote(tokens[from]!) : startWithQuote(tokens[k]!),
    contentEnd: quoteBefore ? endWithQuote(tokens[subject.np[0] - 1]!) : unit.end,
    carrier: agency && object ? agency : carrierNp ? outletName(tokens.slice(carrierNp[0], carrierNp[1]), true, outlets) : null,
    dateTokens: dates,
  });
}

/** "The ministry issued a statement on Tuesday, saying ..." */
/** Verbs a document is issued with, a few words before it: "released a formal statement". */
const ISSUING = new Set(['released', 'issued', 'published', 'sent', 'put', 'posted']);

/** What a body issues to speak: "a statement denying ...", "a letter saying ...". */
const DOCUMENT_NOUNS = new Set(['statement', 'statements', 'communique', 'communiqué', 'note', 'letter', 'release', 'post', 'tweet', 'message']);

function participleOnly(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
  const tokens = unit.tokens;
  // "issued a statement denying ...": the document's participle needs no comma.
  const p = tokens.findIndex((t, i) => i > from && PARTICIPLE_LINKS.has(t.lower) && !t.inQuote && (hasComma(tokens[i - 1]!) || DOCUMENT_NOUNS.has(tokens[i - 1]!.lower)));
  if (p < 0) return null;
  const verb = attributionVerb(tokens[p]!.lower)!;
  const main = tokens.findIndex((t, i) => i >= from && i < p && isFiniteVerb(t) && !AUXILIARIES.has(t.lower) && !t.inQuote);
  if (main < 0) return null;
  const subject = subjectBefore(tokens, main, from);
  if (!subject || subject.np[0] !== from && !tokens.slice(from, subject.np[0]).every((t) => t.tags.has('Conjunction') || t.tags.has('Adverb'))) return null;
  const speaker = tokens.slice(subject.np[0], subject.np[1]);
  if (!isPlausibleSpeaker(speaker)) return null;
  const dates = tokens.slice(main, p).filter(isDateToken);
  let k = p + 1;
  if (tokens[k]?.lower === 'only' && tokens[k + 1]?.lower === 'that') k++;
  if (verb.kind !== 'object' && tokens[k]?.lower === 'that') k++;
  if (k >= tokens.length) return null;
  return newDraft(unit, from, {
    start: startWithQuote(tokens[subject.np[0]]!),
    speaker,
    verb,
    contentStart: verb.kind === 'object' ? tokens[p]!.start : startWithQuote(tokens[k]!),
    contentEnd: unit.end,
    dateTokens: dates,
  });
}

function isQuoteOnly(unit: Unit): boolean {
  return unit.tokens.length > 0 && unit.tokens.every((t) => t.inQuote);
}

/**
 * Every statement of a sentence: the first attribution, then clauses with
 * an attribution of their own after it ("..., but the rebels said ...",
 * "after a BBC documentary accused them of ..."), then participles that
 * carry a claim of their own (", adding that ...", "and added: “...”").
 */
function attributeAll(ctx: Context, unit: Unit): Draft[] {
  const first = attributeUnit(ctx, unit);
  if (!first) {
    const from = firstToken(ctx.body, unit);
    const cited = citedClaims(unit, from, ctx.outlets, []);
    return [...cited, ...embeddedClaims(unit, from, ctx.outlets, cited)];
  }
  const out: Draft[] = [first];
  let current = first;
  for (let guard = 0; guard < 4; guard++) {
    const next = laterAttribution(ctx, unit, current);
    if (!next) break;
    out.push(next);
    current = next;
  }
  for (const draft of [...out]) {
    const participle = participleClaim(unit, draft);
    if (participle) out.push(participle);
  }
  for (const draft of [...out]) {
    const other = splitCoordinated(unit, draft);
    if (other) out.push(other);
  }
  out.push(...citedClaims(unit, firstToken(ctx.body, unit), ctx.outlets, out));
  out.push(...embeddedClaims(unit, firstToken(ctx.body, unit), ctx.outlets, out));
  return out.sort((a, b) => a.contentStart - b.contentStart);
}

const CLAUSE_JOINS = new Set(['but', 'while', 'whereas', 'after', 'following', 'as', 'when', 'before', 'since', 'and', 'because', 'though', 'although']);

/** A second attribution inside the first one's words, opened by a conjunction or subordinator: its words are cut off the first. */
function laterAttribution(ctx: Context, unit: Unit, prev: Draft): Draft | null {
  const tokens = unit.tokens;
  for (let j = 0; j < tokens.length; j++) {
    const join = tokens[j]!;
    if (join.start < prev.contentStart || join.end > prev.contentEnd || join.inQuote) continue;
    if (!CLAUSE_JOINS.has(join.lower)) continue;
    const before = tokens[j - 1];
    if (join.lower === 'and' && !(before && hasComma(before))) continue;
    if (j + 2 >= tokens.length) continue;
    const sub: Unit = { ...unit, start: tokens[j + 1]!.start, indexInParagraph: 1, tokens: tokens.slice(j + 1) };
    const next = subjectFirst(sub, 0, ctx.outlets);
    if (!next || next.speaker.length === 0 || next.speaker[0]!.start !== tokens[j + 1]!.start) continue;
    if (next.speaker.length === 1 && PRONOUNS.has(next.speaker[0]!.lower) && join.lower !== 'but') continue;
    // The first statement ends where the second clause opens.
    const cut = before ?? join;
    if (cut.end <= prev.contentStart) continue;
    prev.contentEnd = Math.min(prev.contentEnd, endWithQuote(cut));
    if (join.lower === 'but') next.against = prev;
    return next;
  }
  return null;
}

/** "The coach Ron Vale and the sprinter Eli Moss have denied": each named person makes the statement; returns the second. */
function splitCoordinated(unit: Unit, draft: Draft): Draft | null {
  let sp = draft.speaker;
  if (sp.length === 0) return null;
  const tokens = unit.tokens;
  const first = tokens.findIndex((t) => t.start === sp[0]!.start);
  // "Ron Vale and the sprinter Eli Moss": the phrase reader stops at "and" before a lower-case word.
  if (first >= 2 && tokens[first - 1]!.lower === 'and' && !breaksAfter(tokens[first - 2]!)) {
    const np = npBefore(tokens, first - 1, 0);
    if (np) sp = [...tokens.slice(np[0], first), ...sp];
  }
  const and = sp.findIndex((t, i) => t.lower === 'and' && i > 0 && i < sp.length - 1);
  if (and < 0) return null;
  const left = sp.slice(0, and);
  const right = sp.slice(and + 1);
  const named = (part: Token[]): boolean => capitalisedRuns(part).some(([a, b]) => parsePersonRun(part, a, b)?.full === true);
  if (!named(left) || !named(right)) return null;
  draft.speaker = left;
  return { ...draft, speaker: right, appositive: null };
}

/** Participles that carry a claim of their own after a statement. */
const CLAIM_PARTICIPLES = new Set(['saying', 'adding', 'insisting', 'stressing', 'arguing', 'claiming', 'warning', 'noting', 'explaining', 'stating']);

/** "..., adding that no civilians were hurt", "and added: “...”": the same speaker's second claim. */
function participleClaim(unit: Unit, draft: Draft): Draft | null {
  const tokens = unit.tokens;
  for (let i = 1; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (t.inQuote || t.start < draft.contentStart) continue;
    const prev = tokens[i - 1]!;
    const participle = CLAIM_PARTICIPLES.has(t.lower) && (hasComma(prev) || closingQuote.test(prev.post));
    const addedAfterAnd = ['added', 'adds', 'continued', 'continues'].includes(t.lower) && prev.lower === 'and' && !prev.inQuote;
    if (!participle && !addedAfterAnd) continue;
    // "dismissed the report, saying ...": the reason given belongs to the denial.
    if (t.lower === 'saying' && draft.verb.denies) return null;
    let k = i + 1;
    if (tokens[k]?.lower === 'that') k++;
    if (k >= tokens.length) return null;
    const contentStart = startWithQuote(tokens[k]!);
    const cutAt = addedAfterAnd ? tokens[i - 2] : prev;
    if (!cutAt || endWithQuote(cutAt) <= draft.contentStart) return null;
    const after = t.start >= draft.contentEnd;
    const end = after ? unit.end : draft.contentEnd;
    if (!after) draft.contentEnd = endWithQuote(cutAt);
    const verb = attributionVerb(t.lower) ?? SAID;
    const claimant = after ? null : reportedSender(tokens, draft.contentStart, i);
    return { ...draft, ...(claimant ? { speaker: claimant, appositive: null, carrier: null } : {}), verb: { ...verb, lemma: verb.lemma }, contentStart, contentEnd: end, extra: null, dateTokens: draft.dateTokens };
  }
  return null;
}

const SENDING = new Set(['sent', 'wrote', 'issued', 'released', 'posted', 'published', 'gave', 'made']);

/**
 * "The lawyer said the boy sent a denial to the paper, saying there was
 * no truth in it": a participle inside the reported words, after a clause
 * whose subject sent or wrote something, is that subject's claim.
 */
function reportedSender(tokens: Token[], contentStart: number, participle: number): Token[] | null {
  const first = tokens.findIndex((t) => t.start >= contentStart);
  if (first < 0 || first >= participle) return null;
  const np = npAfter(tokens, first, participle);
  if (!np || np[1] >= participle) return null;
  const verb = tokens[np[1]]!;
  if (!SENDING.has(verb.lower) || verb.inQuote) return null;
  const subject = tokens.slice(np[0], np[1]);
  return isPlausibleSpeaker(subject) && !(subject.length === 1 && PRONOUNS.has(subject[0]!.lower)) ? subject : null;
}

/** Nouns that carry a claim in a "that" clause: "an allegation by X that ...", "a BuzzFeed report that ...". */
const EMBEDDING_NOUNS = new Set([
  'allegation', 'allegations', 'accusation', 'accusations', 'claim', 'claims', 'assertion', 'assertions', 'suggestion',
  'suggestions', 'report', 'reports', 'documentary', 'article', 'story', 'findings', 'finding', 'charge', 'charges',
  'insistence', 'contention', 'warning', 'warnings', 'statement', 'announcement', 'admission', 'belief', 'view',
]);
const OWNER_STOP = new Set(['media', 'press', 'reports', 'some', 'many', 'online', 'recent', 'latest']);

/**
 * Claims embedded in a noun, with their source named: "claims by the
 * health authority that ...", "Mr Trump's assertion that ...", "a BuzzFeed
 * report last weekend that ...", "he made unfounded accusations that ...".
 * A claim with no named source ("denied allegations in the media that")
 * has no statement of its own: the denial carries it.
 */
function embeddedClaims(unit: Unit, from: number, outlets: readonly string[], existing: Draft[]): Draft[] {
  const tokens = unit.tokens;
  const out: Draft[] = [];
  for (let i = from; i < tokens.length - 2; i++) {
    const t = tokens[i]!;
    if (t.inQuote || !EMBEDDING_NOUNS.has(t.lower)) continue;
    let that = -1;
    let byAt = -1;
    for (let k = i + 1; k < tokens.length && k <= i + 8; k++) {
      const x = tokens[k]!;
      if (x.inQuote) break;
      if (x.lower === 'that') {
        that = k;
        break;
      }
      if ((x.lower === 'by' || x.lower === 'from') && byAt < 0) byAt = k;
      if (isFiniteVerb(x) || breaksAfter(x)) break;
    }
    if (that < 0 || that + 2 >= tokens.length) continue;
    // "rejected claims by X that ...": the denial's statement carries the claim it answers.
    if (tokens.slice(Math.max(from, i - 4), i).some((x) => attributionVerb(x.lower)?.denies)) continue;
    let owner: Token[] = [];
    if (byAt > 0) {
      const np = npAfter(tokens, byAt + 1, that);
      if (np) owner = tokens.slice(np[0], np[1]);
    }
    if (owner.length === 0) {
      // Capitalised or possessive words just before the noun ("a BuzzFeed report", "Mr Trump's assertion").
      let j = i - 1;
      const words: Token[] = [];
      while (j >= from && !breaksAfter(tokens[j]!) && (/^\p{Lu}/u.test(tokens[j]!.text) || /['’]s$/.test(tokens[j]!.text))) words.unshift(tokens[j--]!);
      owner = words;
    }
    if (owner.length === 0) {
      // "he made unfounded accusations that ...": the subject of the verb that made the claim.
      let j = i - 1;
      while (j > from && i - j <= 3 && !breaksAfter(tokens[j]!) && !/^\p{Lu}/u.test(tokens[j]!.text) && !['made', 'levelled', 'leveled', 'repeated', 'voiced', 'aired'].includes(tokens[j]!.lower)) j--;
      if (j > from && ['made', 'levelled', 'leveled', 'repeated', 'voiced', 'aired'].includes(tokens[j]!.lower)) {
        const subject = subjectBefore(tokens, j, from);
        if (subject) owner = tokens.slice(subject.np[0], subject.np[1]);
      }
    }
    if (owner.length === 0 || owner.every((x) => OWNER_STOP.has(x.lower))) continue;
    if (!isPlausibleSpeaker(owner)) continue;
    const contentStart = startWithQuote(tokens[that + 1]!);
    if (existing.some((d) => d.contentStart === contentStart)) continue;
    let end = tokens.length;
    for (let k = that + 2; k < tokens.length; k++) {
      const x = tokens[k]!;
      if (x.inQuote) continue;
      if (hasComma(tokens[k - 1]!) && (CLAIM_PARTICIPLES.has(x.lower) || CLAUSE_JOINS.has(x.lower) || x.lower === 'according')) {
        end = k;
        break;
      }
    }
    const outlet = outletName(owner, false, outlets);
    out.push(
      newDraft(unit, from, {
        start: owner[0]!.start,
        speaker: owner.map((x) => (/['’]s$/.test(x.text) ? { ...x, text: stripPossessive(x.text), lower: stripPossessive(x.lower) } : x)),
        verb: SAID,
        contentStart,
        contentEnd: endWithQuote(tokens[end - 1]!),
        carrier: outlet,
      }),
    );
  }
  return out;
}

/** Unnamed sources a report cites: the report's author is the one to record. */
const GENERIC_SOURCES = new Set(['sources', 'source', 'officials', 'people', 'insiders', 'witnesses', 'documents']);

/**
 * "a report in the Sun that cited the boy's mother as saying ...": the
 * person cited speaks and the outlet carries; "a Reuters report that cited
 * sources as saying ...": unnamed sources leave the report's author as
 * the speaker.
 */
function citedClaims(unit: Unit, from: number, outlets: readonly string[], existing: Draft[]): Draft[] {
  const tokens = unit.tokens;
  const out: Draft[] = [];
  for (let q = from + 1; q < tokens.length - 3; q++) {
    const t = tokens[q]!;
    if (t.inQuote || !['cited', 'quoted'].includes(t.lower) || !['that', 'which'].includes(tokens[q - 1]!.lower)) continue;
    const s = tokens.findIndex((x, i) => i > q + 1 && i <= q + 10 && x.lower === 'saying' && tokens[i - 1]!.lower === 'as');
    if (s < 0 || s + 1 >= tokens.length) continue;
    const cited = tokens.slice(q + 1, s - 1);
    const ownerNp = npBefore(tokens, q - 1, from);
    const owner = ownerNp ? tokens.slice(ownerNp[0], ownerNp[1]) : [];
    const generic = cited.every((x) => GENERIC_SOURCES.has(x.lower) || DETERMINERS.has(x.lower) || x.tags.has('Adjective'));
    const speaker = generic ? owner : cited;
    if (speaker.length === 0 || !isPlausibleSpeaker(speaker)) continue;
    let k = s + 1;
    if (tokens[k]?.lower === 'that') k++;
    if (k >= tokens.length) continue;
    const contentStart = startWithQuote(tokens[k]!);
    if (existing.some((d) => d.contentStart === contentStart)) continue;
    out.push(
      newDraft(unit, from, {
        start: startWithQuote(owner[0] ?? t),
        speaker,
        verb: SAID,
        contentStart,
        contentEnd: unit.end,
        carrier: outletName(owner, true, outlets),
      }),
    );
  }
  return out;
}

function attributeUnit(ctx: Context, unit: Unit): Draft | null {
  const from = firstToken(ctx.body, unit);
  if (from >= unit.tokens.length) return null;
  const draft =
    quotedAsSaying(unit, from, ctx.outlets) ??
    trailingAttribution(unit, from, ctx.outlets) ??
    subjectFirst(unit, from, ctx.outlets) ??
    accordingTo(unit, from, ctx.outlets) ??
    participleOnly(unit, from, ctx.outlets) ??
    passiveDenial(unit, from);
  return draft ? nestedAttribution(ctx, unit, draft) ?? draft : null;
}

/** "These claims are rejected by the interior ministry.": the agent denies the subject. */
function passiveDenial(unit: Unit, from: number): Draft | null {
  const tokens = unit.tokens;
  for (let v = from + 1; v < tokens.length - 2; v++) {
    const t = tokens[v]!;
    const verb = attributionVerb(t.lower);
    if (t.inQuote || !verb?.denies || !isPassive(tokens, v) || tokens[v + 1]!.lower !== 'by') continue;
    const np = npAfter(tokens, v + 2, tokens.length);
    if (!np) continue;
    const speaker = tokens.slice(np[0], np[1]);
    if (!isPlausibleSpeaker(speaker)) continue;
    let c = v - 1;
    while (c > from && (COPULAS.has(tokens[c]!.lower) || AUXILIARIES.has(tokens[c]!.lower) || tokens[c]!.tags.has('Adverb'))) c--;
    return newDraft(unit, from, {
      speaker,
      verb,
      contentStart: startWithQuote(tokens[from]!),
      contentEnd: endWithQuote(tokens[c]!),
    });
  }
  return null;
}

/** Head nouns of a carrier that reports what someone else said: an outlet, or a document of record. */
const RELAY_NOUNS = new Set(['report', 'reports', 'transcript', 'transcripts', 'documents', 'document', 'television', 'tv', 'radio', 'agency', 'media', 'newspaper', 'daily', 'website', 'broadcaster', 'channel']);

/**
 * "ISNA said the spokesman “described ...”", "“The spokesman denied ...,”
 * ISNA reported", "..., according to a court transcript": the outer
 * speaker only carries the words of the inner one, who is the speaker; the
 * outlet becomes the carrier.
 */
function nestedAttribution(ctx: Context, unit: Unit, outer: Draft): Draft | null {
  if (outer.speaker.length === 0 || outer.contentEnd <= outer.contentStart) return null;
  const head = outer.speaker[outer.speaker.length - 1]!;
  const outlet = outletName(outer.speaker, false, ctx.outlets);
  if (!outlet && !RELAY_NOUNS.has(stripPossessive(head.lower))) return null;
  const inside = unit.tokens.filter((t) => t.start >= outer.contentStart && t.end <= outer.contentEnd).map((t) => ({ ...t, inQuote: false }));
  if (inside.length < 4) return null;
  const sub: Unit = { ...unit, start: inside[0]!.start, end: outer.contentEnd, indexInParagraph: 1, tokens: inside };
  const inner = trailingAttribution(sub, 0, ctx.outlets) ?? subjectFirst(sub, 0, ctx.outlets);
  if (!inner || inner.speaker.length === 0) return null;
  // The inner subject must open the reported words ("Meanwhile, X said" allowed), not sit deep in a clause.
  const at = inside.findIndex((t) => t.start === inner.speaker[0]!.start);
  const trailing = inner.contentStart < inner.speaker[0]!.start;
  if (at < 0 || (!trailing && inside.slice(0, at).some((t) => isFiniteVerb(t)))) return null;
  const innerOutlet = outletName(inner.speaker, false, ctx.outlets);
  if (innerOutlet) return null;
  const hadQuote = unit.tokens.some((t) => t.inQuote && t.start >= inner.contentStart && t.end <= inner.contentEnd);
  return {
    ...inner,
    start: outer.start,
    end: outer.end,
    paragraph: outer.paragraph,
    carrier: inner.carrier ?? outlet ?? outer.carrier,
    dateTokens: [...inner.dateTokens, ...outer.dateTokens],
    contentStart: hadQuote || inner.contentStart > inner.contentEnd ? inner.contentStart : inner.contentStart,
  };
}

// ---------------------------------------------------------------------------
// Speakers

const PLURAL_HINT = /s$/;

function speakerKindOf(tokens: Token[]): SpeakerKind {
  const head = tokens[tokens.length - 1];
  if (!head) return 'unknown';
  const w = fixSpelling(stripPossessive(head.lower));
  if (INSTITUTION_WORDS.has(w) || tokens.some((t) => /^\p{Lu}{2,}$/u.test(t.text))) return 'org';
  if (HUMAN_WORDS.has(w)) return PLURAL_HINT.test(w) && w !== 'witness' ? 'plural' : 'person';
  return 'unknown';
}

/** Lower-cases nothing, fixes misspelt institution nouns, drops a leading article, straightens apostrophes. */
function normaliseOrganisation(tokens: Token[], body: string): string {
  let from = 0;
  while (from < tokens.length - 1 && DETERMINERS.has(tokens[from]!.lower) && !tokens[from]!.tags.has('Possessive')) from++;
  const kept = tokens.slice(from);
  let out = '';
  kept.forEach((t, i) => {
    const lower = t.lower;
    const bare = stripPossessive(lower);
    const fixed = fixSpelling(bare);
    let word = t.text;
    if (fixed !== bare) {
      const suffix = lower.slice(bare.length);
      const cased = /^\p{Lu}/u.test(t.text) ? fixed[0]!.toUpperCase() + fixed.slice(1) : fixed;
      word = cased + suffix;
    }
    out += word;
    if (i < kept.length - 1) out += body.slice(t.end, kept[i + 1]!.start);
  });
  return out.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
}

const AGE = /^\d{1,3}-year-old$/;

/** Whether a mention is its sentence's subject: among the first words of its sentence. */
function opensSentence(ctx: Context, position: number): boolean {
  const unit = ctx.analysed.units.find((u) => u.start <= position && position < u.end);
  if (!unit) return false;
  const at = unit.tokens.findIndex((t) => t.start === position);
  return at >= 0 && at <= firstToken(ctx.body, unit) + 2;
}

function resolveSpeaker(ctx: Context, draft: Draft, previous: Resolved[]): Resolved {
  const { body, registry } = ctx;
  // "The opposition Democratic Renewal Party (DRP)": the bracketed acronym names the same body.
  const bracket = draft.speaker.findIndex((t, i) => i > 0 && t.pre.includes('('));
  const bracketed = bracket > 0 ? draft.speaker.slice(0, bracket) : draft.speaker;
  // "35-year-old Abdullah": the age describes the speaker, it is not part of the name;
  // "Our country's Foreign Ministry spokesman": nor is a possessive that only places the body.
  let tokens = bracketed.length > 1 && AGE.test(bracketed[0]!.text) ? bracketed.slice(1) : bracketed;
  if (tokens.length > 3 && ['our', 'their', 'its', 'his', 'her'].includes(tokens[0]!.lower) && hasPossessive(tokens[1]!) && /^\p{Lu}/u.test(tokens[2]!.text)) tokens = tokens.slice(2);
  const acronym = bracket > 0 ? draft.speaker[bracket]!.text : null;
  const first = tokens[0]!;
  const lastWritten = draft.speaker[draft.speaker.length - 1]!;
  const last = tokens[tokens.length - 1]!;
  const closing = lastWritten.post.startsWith(')') && bracket > 0 ? 1 : 0;
  const speakerText = body.slice(first.start, lastWritten.end + closing).replace(/\s+/g, ' ');
  const position = first.start;
  const result = (speakerName: string, kind: SpeakerKind): Resolved => ({ speakerText, speakerName, kind, carrier: null, statedAt: null });

  if (tokens.length === 1 && PRONOUNS.has(first.lower)) {
    const want = PRONOUNS.get(first.lower)!;
    if (want === 'male' || want === 'female') {
      const m = registry.lastPerson(position, want as Gender);
      // "said Abdullah, who fled Jisr al-Shughur" then "... quoted him": a name deep in the last
      // sentence (a town, a person only mentioned) gives way to the speaker just quoted.
      const speaker = previous.slice(-3).reverse().find((p) => p.kind === 'person' && (registry.genderOf(p.speakerName) ?? want) === want);
      if (m && speaker && m.name !== speaker.speakerName && !opensSentence(ctx, m.start)) return result(speaker.speakerName, 'person');
      return result(m ? m.name : speakerText, m ? 'person' : 'unknown');
    }
    for (let i = previous.length - 1; i >= 0; i--) {
      const p = previous[i]!;
      if (want === 'org' ? p.kind === 'org' : p.kind === 'plural' || p.kind === 'org') return result(p.speakerName, p.kind);
    }
    // "It said": the last speaker that is not a person, even one whose kind the word lists do not know.
    for (let i = previous.length - 1; i >= 0; i--) {
      const p = previous[i]!;
      if (p.kind === 'unknown' && !PRONOUNS.has(p.speakerName.toLowerCase())) return result(p.speakerName, 'org');
    }
    return result(speakerText, 'unknown');
  }

  // A person's name inside the phrase: "the BBC's Nadia Farouk", "Foreign Minister X", "Kirov".
  const runs = capitalisedRuns(tokens).reverse();
  for (const [a, b] of runs) {
    const parsed = parsePersonRun(tokens, a, b);
    if (!parsed) continue;
    if (nameIsModifier(tokens, parsed.from, parsed.to)) continue;
    const written = stripPossessive(body.slice(tokens[parsed.from]!.start, tokens[parsed.to - 1]!.end)).replace(/’/g, "'");
    if (parsed.full) {
      return result(registry.knownByPhrase(written) ?? written, 'person');
    }
    // Only the last words of the phrase can be the speaker's surname ("the BBC's Farouk").
    if (parsed.to !== tokens.length) continue;
    const resolved = registry.resolveSurname(written, position);
    if (resolved) return result(resolved, 'person');
  }
  if (draft.appositive && draft.appositive.length > 0) {
    const a = draft.appositive;
    return result(stripPossessive(body.slice(a[0]!.start, a[a.length - 1]!.end)).replace(/’/g, "'"), 'person');
  }
  const known = registry.knownByPhrase(speakerText);
  if (known) return result(known, speakerKindOf(tokens));
  const headWord = fixSpelling(stripPossessive(last.lower));
  if (HUMAN_WORDS.has(headWord) && !PLURAL_HINT.test(headWord)) {
    const holder = registry.roleHolder(tokens.map((t) => fixSpelling(stripPossessive(t.lower))), position);
    if (holder) return result(holder, 'person');
  }
  const role = rolePhrase(tokens);
  if (role) return result(role.name, role.plural ? 'plural' : 'person');
  const author = documentAuthor(tokens);
  if (author && author.length > 0) {
    const name = outletName(author, true, ctx.outlets) ?? normaliseOrganisation(author, body);
    return result(name, 'org');
  }
  if (author && previous.length > 0) {
    // "The statement goes on ...": whoever the article said issued a statement, else the last speaker.
    const head = tokens.map((t) => t.lower).find((w) => DOCUMENT_NOUNS.has(w));
    const issuer = head ? [...previous].reverse().find((p) => p.documents?.includes(head)) : undefined;
    const p = issuer ?? previous[previous.length - 1]!;
    return result(p.speakerName, p.kind);
  }
  // "the ministry", "the spokesman", "the television": the speaker named in full earlier with that head noun.
  const definite = tokens.length <= 3 && DETERMINERS.has(first.lower);
  if (definite) {
    const head = fixSpelling(stripPossessive(last.lower));
    for (let i = previous.length - 1; i >= 0; i--) {
      const p = previous[i]!;
      const words = p.speakerName.toLowerCase().replace(/[’']s\b/g, '').split(/\s+/);
      if (words.length > 1 && words.includes(head) && p.speakerName.toLowerCase() !== speakerText.toLowerCase()) return result(p.speakerName, p.kind);
    }
  }
  const outlet = outletName(tokens, false, ctx.outlets);
  if (outlet) return result(outlet, 'org');
  if (acronym && registry.acronyms.has(acronym)) return result(registry.acronyms.get(acronym)!, 'org');
  for (const full of registry.acronyms.values()) {
    if (speakerText.includes(full)) return result(full, 'org');
  }
  // "The CWF" -> the name the article spelled out for it.
  const bare = tokens.filter((t) => !DETERMINERS.has(t.lower));
  if (bare.length === 1 && registry.acronyms.has(stripPossessive(bare[0]!.text))) {
    return result(registry.acronyms.get(stripPossessive(bare[0]!.text))!, 'org');
  }
  const kind = speakerKindOf(tokens);
  const single = bare.length === 1 && /^\p{Lu}\p{Ll}/u.test(bare[0]!.text) && !bare[0]!.tags.has('Place') && !bare[0]!.tags.has('Country');
  return result(normaliseOrganisation(tokens, body), kind === 'unknown' && single ? 'person' : kind);
}


/**
 * "X said the dam had cracked. And the supply had been cut off.": a
 * sentence opened by "And" with no attribution of its own goes on with the
 * report of the sentence just before it, in the same paragraph.
 */
function continuation(unit: Unit, prevUnit: Unit | undefined, lastDraft: Draft | undefined, lastResolved: Resolved | undefined): Draft | null {
  const [and, next] = unit.tokens;
  if (!and || !next || and.text !== 'And' || and.inQuote || hasComma(and)) return null;
  if (!prevUnit || !lastDraft || !lastResolved || prevUnit.paragraph !== unit.paragraph || lastDraft.end < prevUnit.start) return null;
  if (lastDraft.contentEnd < prevUnit.end - 2 || lastDraft.contentStart >= lastDraft.contentEnd) return null;
  return newDraft(unit, 0, { contentStart: next.start, contentEnd: unit.end, inherits: lastResolved });
}

function isQuestion(body: string, unit: Unit): boolean {
  return /\?\s*$/.test(body.slice(unit.start, unit.end)) && !unit.tokens[unit.tokens.length - 1]!.inQuote;
}

/**
 * "Governor Hart would not say whether ... “The people deserve ...”": a
 * quotation with no verb after a sentence about a named person, in the same
 * paragraph, is that person's. Only the sentence's subject counts, not a
 * name further in.
 */
function subjectPersonOf(ctx: Context, unit: Unit): { text: string; name: string } | null {
  const from = firstToken(ctx.body, unit);
  const opening = unit.tokens[Math.min(from + 2, unit.tokens.length - 1)];
  if (!opening || unit.tokens.slice(from).every((t) => t.inQuote)) return null;
  const m = ctx.registry.firstPersonIn(unit.tokens[from]!.start, opening.end);
  return m ? { text: ctx.body.slice(m.start, m.end), name: m.name } : null;
}

/** The last person named in a paragraph, outside quotations: the speaker of a quote paragraph that follows it. */
function personNamedIn(ctx: Context, paragraph: number): { text: string; name: string } | null {
  const para = ctx.analysed.paragraphs[paragraph];
  if (!para || para.kind !== 'text') return null;
  const m = ctx.registry.lastPerson(para.end, null);
  if (!m || m.start < para.start) return null;
  return { text: ctx.body.slice(m.start, m.end), name: m.name };
}

/** "Arvanian News Agency" -> ["Arvanian News Agency", "ANA"]. */
function publisherNames(name: string | undefined): string[] {
  if (!name || !name.trim()) return [];
  const words = name.trim().split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
  const initials = words.map((w) => w[0]).join('');
  return initials.length >= 2 && words.length >= 2 ? [name.trim(), initials] : [name.trim()];
}

export function extractStatements(input: ExtractInput): ExtractedCandidate[] {
  return extractArticle(input).candidates;
}

/** The candidates, and what the limits made extraction cut or leave unread. */
export function extractArticle(input: ExtractInput, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): ExtractResult {
  const detected = detectLanguage(input.body);
  const declared = primaryTag(input.language);
  // A declared language other than English stands; English (the default a
  // tool sends without looking) gives way when the text plainly reads as another.
  const language = declared !== 'en' ? declared : detected.language !== 'und' && detected.confidence >= 0.65 ? detected.language : 'en';
  if (language !== 'en') return otherLanguage(input, declared, language);
  const body = input.body;
  const analysed = analyse(body, limits);
  const long = analysed.longSentences;
  const warnings: ExtractWarning[] = long.slice(0, SPLIT_WARNINGS_MAX).map(({ start, end }) => ({
    kind: 'SENTENCE_SPLIT',
    message: `A sentence of ${end - start} characters (characters ${start}-${end}) is over the ${limits.maxSentenceChars}-character limit and was read in pieces cut at clause boundaries`,
    startOffset: start,
    endOffset: end,
    candidatePosition: null,
  }));
  if (long.length > SPLIT_WARNINGS_MAX) {
    const rest = long.slice(SPLIT_WARNINGS_MAX);
    const [first, last] = [rest[0]!, rest[rest.length - 1]!];
    warnings.push({
      kind: 'SENTENCE_SPLIT',
      message: `${rest.length} more sentences over the ${limits.maxSentenceChars}-character limit, between characters ${first.start} and ${last.end}, were read in pieces`,
      startOffset: first.start,
      endOffset: last.end,
      candidatePosition: null,
    });
  }
  const registry = new NameRegistry(body, analysed.units, input.knownSpeakers ?? []);
  const ctx: Context = { body, analysed, registry, publishedAt: input.publishedAt, outlets: publisherNames(input.publisher?.name) };

  const drafts: Draft[] = [];
  const resolved: Resolved[] = [];
  const units = analysed.units;
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    let draft: Draft | null = null;
    if (isQuoteOnly(unit)) {
      const lastDraft = drafts[drafts.length - 1];
      const lastResolved = resolved[resolved.length - 1];
      const prevUnit = units[u - 1];
      const follows =
        lastDraft !== undefined &&
        prevUnit !== undefined &&
        lastDraft.end >= prevUnit.start &&
        (unit.paragraph === lastDraft.paragraph || unit.paragraph === prevUnit.paragraph + 1 && prevUnit.paragraph === lastDraft.paragraph);
      if (follows && lastResolved && lastDraft.contentStart < lastDraft.contentEnd) {
        draft = newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, inherits: lastResolved });
      } else if (follows && lastDraft && lastDraft.contentStart >= lastDraft.contentEnd) {
        // "Farouk said:" then the quote: the two make one statement.
        lastDraft.contentStart = unit.start;
        lastDraft.contentEnd = unit.end;
        lastDraft.end = unit.end;
        continue;
      } else if (unit.indexInParagraph === 0 && prevUnit && prevUnit.paragraph === unit.paragraph - 1) {
        const named = personNamedIn(ctx, unit.paragraph - 1);
        if (named) draft = newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, namedSpeaker: named });
      } else if (lastResolved && lastDraft && prevUnit && prevUnit.paragraph === unit.paragraph && unit.paragraph - lastDraft.paragraph <= 2 && isQuestion(ctx.body, prevUnit)) {
        // A pool report's "Would he back ...? “I’m not aware of it.”": the answer is the briefer's.
        draft = newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, inherits: lastResolved });
      } else if (prevUnit && prevUnit.paragraph === unit.paragraph && !(lastDraft && lastDraft.end >= prevUnit.start)) {
        const named = subjectPersonOf(ctx, prevUnit);
        if (named) draft = newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, namedSpeaker: named });
      }
    }
    let found = draft ? [draft] : isQuoteOnly(unit) ? [] : attributeAll(ctx, unit);
    if (found.length === 0 && !isQuoteOnly(unit)) {
      const continued = continuation(unit, units[u - 1], drafts[drafts.length - 1], resolved[resolved.length - 1]);
      if (continued) found = [continued];
    }
    let limited = false;
    for (const draft of found) {
    if (drafts.length >= limits.maxCandidates) {
      warnings.push({
        kind: 'CANDIDATES_LIMITED',
        message: `Only the first ${limits.maxCandidates} candidates were kept; the article was not read past character ${draft.start}`,
        startOffset: draft.start,
        endOffset: body.length,
        candidatePosition: null,
      });
      limited = true;
      break;
    }
    let who: Resolved;
    if (draft.inherits) {
      who = { ...draft.inherits };
    } else if (draft.namedSpeaker) {
      who = { speakerText: draft.namedSpeaker.text, speakerName: draft.namedSpeaker.name, kind: 'person', carrier: null, statedAt: null };
    } else {
      who = resolveSpeaker(ctx, draft, resolved);
      // An outlet's own reporting: the outlet speaks and carries.
      who.carrier = draft.carrier ?? (who.kind === 'org' ? outletName(draft.speaker, false, ctx.outlets) : null);
      who.statedAt = dateOf(ctx.publishedAt, draft.dateTokens);
      // "“...,” he said" right after "X, speaking to AFP, said ...": the same interview.
      const before = resolved[resolved.length - 1];
      const beforeDraft = drafts[drafts.length - 1];
      if (!who.carrier && before && beforeDraft && before.speakerName === who.speakerName && draft.paragraph - beforeDraft.paragraph <= 1 && draft.speaker.length === 1 && PRONOUNS.has(draft.speaker[0]!.lower)) {
        who.carrier = before.carrier;
      }
      const issued = unit.tokens.filter((t, k) => !t.inQuote && DOCUMENT_NOUNS.has(t.lower) && k > 0 && ISSUING.has(unit.tokens[k - 1]!.lower) || !t.inQuote && DOCUMENT_NOUNS.has(t.lower) && k > 1 && ISSUING.has(unit.tokens[k - 2]!.lower) || !t.inQuote && DOCUMENT_NOUNS.has(t.lower) && k > 2 && ISSUING.has(unit.tokens[k - 3]!.lower));
      if (issued.length > 0 && draft.speaker.length > 0) who.documents = issued.map((t) => t.lower);
      if (who.kind === 'person' && draft.speaker.length > 0) {
        registry.addMention({ name: who.speakerName, start: draft.speaker[0]!.start, end: draft.speaker[draft.speaker.length - 1]!.end, gender: registry.genderOf(who.speakerName) });
      }
    }
    drafts.push(draft);
    resolved.push(who);
    }
    if (limited) break;
  }

  const candidates: ExtractedCandidate[] = [];
  const candidateOf = new Map<Draft, number>();
  const answers: (Draft | undefined)[] = [];
  drafts.forEach((draft, i) => {
    const who = resolved[i]!;
    const { text, quote } = wordsOf(ctx.body, ctx.analysed.quotes, draft);
    if (text.length === 0) return;
    candidateOf.set(draft, candidates.length);
    answers.push(draft.against);
    candidates.push({
      speakerText: who.speakerText,
      speakerName: who.speakerName,
      quote,
      text,
      verb: draft.verb.lemma,
      stance: stanceOf(draft.verb, text),
      carrier: who.carrier,
      statedAt: who.statedAt,
      start: draft.start,
      end: draft.end,
      rebuts: [],
      rebutLinks: [],
    });
  });

  const frequency = new Map<string, number>();
  for (const unit of units) {
    for (const w of new Set(contentWords(body.slice(unit.start, unit.end)))) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  }
  const linkable = candidates.map((c, i) => ({ ...c, answers: answers[i] ? candidateOf.get(answers[i]!) ?? null : null }));
  const links = linkRebuttalsScored(linkable, body, frequency, (name) => registry.rolesOf(name));
  candidates.forEach((c, i) => {
    c.rebuts = links[i]!.map((l) => l.target);
    c.rebutLinks = links[i]!;
  });
  return { candidates, warnings, language };
}

function otherLanguage(input: ExtractInput, declared: string, language: string): ExtractResult {
  const read = language === 'es' ? extractSpanish(input.body) : [];
  const candidates: ExtractedCandidate[] = read.map((c) => ({ ...c, statedAt: null, rebuts: [], rebutLinks: [] }));
  const said = declared === language ? `declared ${declared}` : `declared ${declared || 'nothing'}, but the text reads as ${language}`;
  const message =
    language === 'es'
      ? `The article is in Spanish (${said}): only a few Spanish attribution cues ("dijo que", "negó", "según") were read, and no rebuttals are linked`
      : `The article is not in English (${said}): attribution is read in English${language === 'und' ? '' : ' and a little Spanish'} only, so nothing was extracted`;
  return { candidates, warnings: [{ kind: 'LANGUAGE', message, startOffset: null, endOffset: null, candidatePosition: null }], language };
}
