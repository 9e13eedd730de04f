/**
 * Candidate statements from an article's text: who said what, with which
 * verb, carried by which outlet, on which day, and which statements of the
 * same article a denial answers.
 *
 * Pure: no database, no I/O. This file runs the stages over an article,
 * each in its own file:
 *   sentences, tokens and quotation spans  nlp.ts (the only caller of compromise)
 *   quotation sentences and continuations  extract-quotes.ts
 *   attribution cues                       extract-cues.ts
 *   the first statement of a sentence      extract-patterns.ts (phrases: extract-phrases.ts)
 *   several statements per sentence        extract-statements.ts
 *   nested attribution and carriers        extract-nested.ts, extract-carriers.ts
 *   speaker resolution                     extract-speakers.ts (names, roles: extract-names.ts, extract-roles.ts)
 *   dates                                  extract-dates.ts
 *   words and stance                       extract-words.ts
 *   rebuttal links                         extract-rebuts.ts
 *
 * Only English is read in full: Spanish gets a few cues (extract-spanish.ts),
 * any other language returns no candidates and says why, since the patterns
 * and word lists are English ones and would invent speakers in another
 * language rather than find none.
 *
 * Offsets (`start`, `end`) are UTF-16 code unit indices into `body`, as
 * JavaScript strings count them, so `body.slice(start, end)` is the passage.
 * `statedAt` is midnight UTC of the day named; a weekday is read in UTC
 * from `publishedAt`.
 */
import { type Context, type Draft, type Resolved } from './extract-draft.js';
import { detectLanguage, primaryTag } from './extract-language.js';
import { PRONOUNS } from './extract-lexicon.js';
import { NameRegistry, outletName } from './extract-names.js';
import { DOCUMENT_NOUNS, ISSUING } from './extract-phrases.js';
import { continuation, isQuoteOnly, quotationDraft } from './extract-quotes.js';
import { contentWords, linkRebuttalsScored, type RebutLink } from './extract-rebuts.js';
import { extractSpanish } from './extract-spanish.js';
import { resolveSpeaker } from './extract-speakers.js';
import { attributeAll } from './extract-statements.js';
import { dateOf } from './extract-dates.js';
import { type Stance, stanceOf, wordsOf } from './extract-words.js';
import { analyse, type AnalyseLimits, DEFAULT_ANALYSE_LIMITS } from './nlp.js';

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
      const quoted = quotationDraft(ctx, units, u, drafts, resolved);
      if (quoted === 'joined') continue;
      draft = quoted;
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
