/**
 * The layer over compromise: paragraphs, sentences, tokens with their
 * part-of-speech tags, quotation spans and dates, all with character offsets
 * into the article body as stored. Everything above it works on these
 * structures and never calls compromise itself.
 */
import nlp from 'compromise';
import datesPlugin from 'compromise-dates';
import { MONTHS, WEEKDAYS } from './extract-lexicon.js';

nlp.plugin(datesPlugin);

/**
 * compromise parses each match pattern ("#Month #Value+", ...) every time
 * its taggers use one, and the date tagger uses dozens per call: parsed
 * once here, that was a fifth of the tagging time. The patterns come from
 * compromise's own code, never from the text read, so they are few.
 */
const methods = nlp.methods() as unknown as { one: { parseMatch: (input: unknown, opts: unknown, world: unknown) => unknown } };
const parseMatch = methods.one.parseMatch;
const parsedPatterns = new Map<string, unknown>();
methods.one.parseMatch = (input, opts, world) => {
  if (typeof input !== 'string') return parseMatch(input, opts, world);
  const key = `${input}\u0000${JSON.stringify(opts ?? null)}`;
  let parsed = parsedPatterns.get(key);
  if (parsed === undefined) {
    parsed = parseMatch(input, opts, world);
    if (parsedPatterns.size < 5000) parsedPatterns.set(key, parsed);
  }
  return parsed;
};

export interface Token {
  /** The word as written, hyphenated pieces joined ("al-Hakim"). */
  text: string;
  /** Lower-cased, curly apostrophes made straight, possessive kept ("syria's"). */
  lower: string;
  start: number;
  end: number;
  /** Punctuation and spaces written before and after the word. */
  pre: string;
  post: string;
  tags: ReadonlySet<string>;
  /** The word lies inside quotation marks: it is the speaker's, not the reporter's. */
  inQuote: boolean;
}

export type ParagraphKind = 'text' | 'heading' | 'boilerplate';

export interface Paragraph {
  start: number;
  end: number;
  kind: ParagraphKind;
}

/** A sentence, or several when quotation marks hold them together. */
export interface Unit {
  start: number;
  end: number;
  paragraph: number;
  /** Position of the unit inside its paragraph (0 for the first). */
  indexInParagraph: number;
  tokens: Token[];
}

export interface QuoteSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or the paragraph's end when the quote is left open. */
  close: number;
}

export interface TextRange {
  start: number;
  end: number;
}

export interface AnalysedText {
  paragraphs: Paragraph[];
  units: Unit[];
  quotes: QuoteSpan[];
  /** Sentences longer than AnalyseLimits.maxSentenceChars, read in pieces (offsets into the body). */
  longSentences: TextRange[];
}

interface TermJson {
  text: string;
  pre: string;
  post: string;
  tags: string[];
  normal?: string;
  offset: { start: number; length: number };
}

interface SentenceJson {
  terms: TermJson[];
}

const BOILERPLATE =
  /^\s*(?:(?:read more|related|see also|also read|more on this|source|sources|watch|listen|follow us|photo|image|video|copyright)\s*:|©|\(?\s*(?:reporting|additional reporting|writing|editing|compiled|edited) by\b)/i;

/** Ends like a sentence: final punctuation, possibly followed by closing quotes or brackets. */
const SENTENCE_END = /[.!?…:;][\s"'”’»)\]]*$/;

function classifyParagraph(text: string): ParagraphKind {
  if (BOILERPLATE.test(text)) return 'boilerplate';
  const words = text.trim().split(/\s+/).length;
  // Headlines, subheadings, bylines and related-story links carry no final
  // punctuation; a real paragraph without one is rare and short ones are
  // almost always titles.
  if (!SENTENCE_END.test(text.trim()) && words <= 20) return 'heading';
  return 'text';
}

export function splitParagraphs(body: string): Paragraph[] {
  const out: Paragraph[] = [];
  // Stored articles either separate paragraphs with blank lines (and may wrap
  // lines inside them) or put one paragraph on each line.
  const separator = /\n[ \t\r]*\n/.test(body) ? /\r?\n[ \t\r]*\n[\s]*/g : /[\r\n]+/g;
  let from = 0;
  const push = (a: number, b: number): void => {
    let s = a;
    let e = b;
    while (s < e && /\s/.test(body[s]!)) s++;
    while (e > s && /\s/.test(body[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e, kind: classifyParagraph(body.slice(s, e)) });
  };
  for (const m of body.matchAll(separator)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, body.length);
  // A standfirst under the headline ("Opposition says ballots were burned;
  // officials insist count was clean.") summarises the story in headline
  // grammar: no article first, present tense, one sentence. Its "says" is the
  // desk's summary, not a statement.
  const [head, second] = out;
  if (head?.kind === 'heading' && second?.kind === 'text') {
    const text = body.slice(second.start, second.end);
    const words = text.split(/\s+/);
    const oneSentence = !/[.!?]["”’]?\s+\S/.test(text);
    const articleFirst = /^(?:the|a|an|this|these|those|it|he|she|they|in|on|at|after|before|as|when|while)$/i.test(words[0] ?? '');
    const pastAttribution = /\b(?:said|told|denied|rejected|accused|announced|insisted|claimed|warned|added)\b/i.test(text);
    if (words.length <= 30 && oneSentence && !articleFirst && !pastAttribution) second.kind = 'heading';
  }
  return out;
}

const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
const isLetterOrDigit = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Quotation spans of one paragraph. Curly and straight quotes, double and
 * single, nested one level; a closing curly single quote is only a quote
 * when a single quote is open and no letter follows (otherwise it is an
 * apostrophe). A quote left open at the end of a paragraph runs to its end,
 * as multi-paragraph quotes do in print.
 */
export function findQuotes(body: string, start: number, end: number): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  const stack: { kind: 'double' | 'single'; pos: number }[] = [];
  // Counted rather than searched for in the stack: thousands of unclosed
  // marks would otherwise make every closing mark scan them all.
  const depth = { double: 0, single: 0 };
  const hasOpen = (kind: 'double' | 'single'): boolean => depth[kind] > 0;
  const open = (kind: 'double' | 'single', pos: number): void => {
    stack.push({ kind, pos });
    depth[kind]++;
  };
  const close = (kind: 'double' | 'single', pos: number): void => {
    while (stack.length > 0) {
      const top = stack.pop()!;
      depth[top.kind]--;
      if (stack.length === 0) spans.push({ open: top.pos, close: pos });
      if (top.kind === kind) break;
    }
  };
  for (let i = start; i < end; i++) {
    const c = body[i]!;
    const prev = i > start ? body[i - 1] : ' ';
    const next = i + 1 < end ? body[i + 1] : ' ';
    if (c === '“' || c === '«' || c === '„') {
      open('double', i);
    } else if (c === '”' || c === '»') {
      if (hasOpen('double')) close('double', i);
      // Some copy uses the closing mark on both sides ("” de-escalation zones ”").
      else if (prev === undefined || /\s/.test(prev)) open('double', i);
    } else if (c === '"') {
      if (hasOpen('double')) close('double', i);
      else open('double', i);
    } else if (c === '‘') {
      if (!isLetter(prev)) open('single', i);
    } else if (c === '’') {
      if (hasOpen('single') && !isLetter(next)) close('single', i);
    } else if (c === "'") {
      if (hasOpen('single') && !isLetterOrDigit(next) && prev !== ' ') close('single', i);
      else if (!isLetterOrDigit(prev) && isLetter(next)) open('single', i);
    }
  }
  if (stack.length > 0) spans.push({ open: stack[0]!.pos, close: end });
  return spans;
}

/**
 * A copy of a paragraph for compromise with the offsets of each character in
 * the body: newlines inside a paragraph become spaces, and a space is added
 * where a sentence ends without one ("in their barracks”.The army"), which would
 * otherwise glue two sentences into one word.
 */
function prepare(body: string, start: number, end: number): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  for (let i = start; i < end; i++) {
    const c = body[i]!;
    text += c === '\n' || c === '\r' || c === '\t' ? ' ' : c;
    map.push(i);
    if (/[.!?]/.test(c) && i + 1 < end && /[A-Z]/.test(body[i + 1]!) && /[a-z”’")\]]/.test(body[i - 1] ?? '')) {
      // Keep "U.S.A" and "e.g.X" alone: the word before must be a real word.
      const before = body.slice(Math.max(start, i - 3), i);
      if (/[a-z]{2}[”’")\]]?$|[a-z][”’")\]]$/.test(before)) {
        text += ' ';
        map.push(i + 1);
      }
    }
  }
  map.push(end);
  return { text, map };
}

/**
 * The last span opening before pos. A paragraph's spans are disjoint and in
 * order (findQuotes only records outermost ones), so it is the only one that
 * can hold pos; a binary search keeps many quotes from costing tokens × quotes.
 */
function spanBefore(pos: number, spans: QuoteSpan[]): QuoteSpan | undefined {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.open < pos) lo = mid + 1;
    else hi = mid;
  }
  return spans[lo - 1];
}

function inAnySpan(pos: number, spans: QuoteSpan[]): boolean {
  const s = spanBefore(pos, spans);
  return s !== undefined && pos < s.close;
}

function splitsQuote(boundary: number, spans: QuoteSpan[]): boolean {
  const s = spanBefore(boundary, spans);
  return s !== undefined && boundary <= s.close;
}

export interface AnalyseLimits {
  /**
   * Longest sentence handed to compromise whole: its tagger's cost grows
   * much faster than a sentence's length (a 199,000-character sentence took
   * minutes). Longer ones are cut at clause boundaries.
   */
  maxSentenceChars: number;
}

export const DEFAULT_ANALYSE_LIMITS: AnalyseLimits = { maxSentenceChars: 2000 };

/**
 * Where a window of a sentence over the limit is cut: after the last clause
 * mark (, ; : or a dash) followed by a space in its second half, else at the
 * last space, else (text without spaces) at its end.
 */
function clauseCut(window: string): number {
  const floor = Math.floor(window.length / 2);
  let cut = -1;
  for (const m of window.matchAll(/[,;:\u2013\u2014)]\s/g)) if (m.index >= floor) cut = m.index + 1;
  if (cut < 0 && window.lastIndexOf(' ') > floor) cut = window.lastIndexOf(' ');
  if (cut < 0) {
    cut = window.length;
    // Never between the halves of a surrogate pair.
    if (/[\ud800-\udbff]/.test(window[cut - 1]!)) cut--;
  }
  return cut;
}

/** Cuts text into pieces of at most max characters, each cut found by `cutIn` in the next max characters. */
function pieces(text: string, start: number, end: number, max: number, cutIn: (window: string) => number): TextRange[] {
  const out: TextRange[] = [];
  let from = start;
  while (end - from > max) {
    const cut = cutIn(text.slice(from, from + max));
    out.push({ start: from, end: from + cut });
    from += cut;
  }
  out.push({ start: from, end });
  return out;
}

const shifted = (ranges: TextRange[], by: number): TextRange[] => ranges.map((r) => ({ start: r.start + by, end: r.end + by }));

/**
 * Where a window of a paragraph too long for one call is cut: after the
 * last sentence end (a full stop, question or exclamation mark, any closing
 * quotes, then a space) in its second half, else as clauseCut would.
 * compromise's own sentence splitter is quadratic in a run of chunks it
 * joins ("Mr. Mr. Mr. ..."), so no call may see more than a block; real
 * paragraphs are shorter.
 */
function sentenceCut(window: string): number {
  let cut = -1;
  for (const m of window.matchAll(SENTENCE_BREAK)) if (m.index >= window.length / 2) cut = m.index + m[0].length - 1;
  return cut < 0 ? clauseCut(window) : cut;
}

const SENTENCE_BREAK = /[.!?\u2026]["'\u201d\u2019\u00bb)\]]*\s/g;
const ENDS_SENTENCE = /[.!?\u2026]["'\u201d\u2019\u00bb)\]]*$/;

/**
 * The parts of a paragraph's text that compromise reads one call each (as
 * offsets in text): blocks of at most twice the sentence limit, and within
 * them the pieces readBlock cuts.
 */
function readSentences(text: string, limits: AnalyseLimits, long: (range: TextRange) => void): TextRange[] {
  const size = 2 * limits.maxSentenceChars;
  if (text.length <= size) return readBlock(text, limits, long);
  return pieces(text, 0, text.length, size, sentenceCut).flatMap((block, i, all) => {
    const longHere = (range: TextRange) => long({ start: range.start + block.start, end: range.end + block.start });
    // A block cut inside a sentence (no sentence end to cut at): that
    // sentence's tail opens this block, however short the tail is.
    const previous = all[i - 1];
    if (previous && !ENDS_SENTENCE.test(text.slice(previous.start, previous.end))) {
      const part = text.slice(block.start, block.end);
      const end = part.search(/[.!?\u2026]["'\u201d\u2019\u00bb)\]]*(?:\s|$)/);
      longHere({ start: 0, end: end < 0 ? part.length : end + 1 });
    }
    return shifted(readBlock(text.slice(block.start, block.end), limits, longHere), block.start);
  });
}

/**
 * The parts of a block compromise reads one call each. A block that cannot
 * hold an over-long sentence is read in one call, as paragraphs always were;
 * otherwise compromise's tokenizer (cheap: no tagging) finds the sentences
 * first, and each over-long one is read in clause-sized pieces, the rest in
 * runs between them. `long` hears of every sentence cut, by offsets in text.
 */
function readBlock(text: string, limits: AnalyseLimits, long: (range: TextRange) => void): TextRange[] {
  const max = limits.maxSentenceChars;
  const whole = [{ start: 0, end: text.length }];
  if (text.length <= max) return whole;
  // Sentence offsets only: compromise's types do not know `terms: false`.
  const tokenized = nlp.tokenize(text) as unknown as { json(options: object): { offset: { start: number; length: number } }[] };
  const found = tokenized.json({ offset: true, terms: false }).map(
    (s): TextRange => ({ start: s.offset.start, end: s.offset.start + s.offset.length }),
  );
  if (found.every((s) => s.end - s.start <= max)) return whole;

  // Segments cover the text end to end, cut after a sentence's closing
  // marks, so what lies between two sentences stays with the next.
  const segments: TextRange[] = [];
  let runStart = 0;
  found.forEach((s, i) => {
    if (s.end - s.start <= max) return;
    const before = i > 0 ? afterMarks(text, found[i - 1]!.end, s.start) : 0;
    if (before > runStart) segments.push({ start: runStart, end: before });
    const after = i + 1 < found.length ? afterMarks(text, s.end, found[i + 1]!.start) : text.length;
    long({ start: s.start, end: s.end });
    segments.push(...pieces(text, before, after, max, clauseCut));
    runStart = after;
  });
  if (runStart < text.length) segments.push({ start: runStart, end: text.length });
  return segments;
}

interface TaggedView {
  document: unknown[];
  compute(hooks: string | string[]): unknown;
  json(options: object): SentenceJson[];
}

/**
 * What nlp() runs, less what nlp.tokenize has run already, the chunker (its
 * phrases are never read) and the date tagger, which looks at a whole call's
 * dates at once ("two weeks" elsewhere in the text keeps "days" a date) and
 * so runs on each part alone.
 */
const TAGGERS = (nlp.hooks() as string[]).filter((h) => !['contractions', 'alias', 'machine', 'chunks', 'dates'].includes(h));

/**
 * compromise's sentences and terms for each text, as nlp(text).json() gives
 * them, in one tagging pass over all of them: a call's fixed cost (compiling
 * match patterns, caches) was most of the time on paragraph-sized calls, and
 * its taggers look no further than a sentence.
 */
export function tagTexts(texts: string[]): SentenceJson[][] {
  const docs = texts.map((text) => nlp.tokenize(text) as unknown as TaggedView);
  if (docs.length === 0) return [];
  const View = docs[0]!.constructor as new (document: unknown[]) => TaggedView;
  new View(docs.flatMap((doc) => doc.document)).compute(TAGGERS);
  return docs.map((doc) => {
    // Term positions were the pass's; the date tagger reads them per call.
    doc.compute(['index', 'dates']);
    return doc.json({ offset: true });
  });
}

/** The first space at or after from (but not past limit): a sentence's closing marks stay with it. */
function afterMarks(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && !/\s/.test(text[i]!)) i++;
  return i;
}

/**
 * compromise reads "country’s Foreign Ministry" as "country is Foreign
 * Ministry", adding an empty "is": before a name or a noun, the "’s" is a
 * possessive, and the invented verb would end the speaker's phrase.
 */
function dropPossessiveContractions(tokens: Token[]): void {
  for (let i = tokens.length - 2; i >= 1; i--) {
    const t = tokens[i]!;
    const prev = tokens[i - 1]!;
    const next = tokens[i + 1]!;
    if (t.text !== '' || !/['’]s$/.test(prev.text) || !t.tags.has('Verb')) continue;
    const nounNext = /^\p{Lu}/u.test(next.text) || (next.tags.has('Noun') && !next.tags.has('Verb') && !next.tags.has('Pronoun'));
    if (!nounNext) continue;
    prev.tags = new Set([...prev.tags, 'Possessive']);
    prev.post = prev.post + t.post;
    tokens.splice(i, 1);
  }
}

/**
 * compromise keeps a sentence that ends inside a quotation with the next
 * one ("... person.” He says ...", "... Congress. “The president ...”"):
 * cut there, unless what follows is only a short attribution ("“Go.” Mr Vale
 * said."), which belongs to the quote.
 */
function splitAtQuoteEnds(tokens: Token[], spans: QuoteSpan[]): Token[][] {
  const out: Token[][] = [];
  let from = 0;
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    const endsSentence = /^[.!?\u2026]["'\u201d\u2019\u00bb]?\s+$/.test(a.post) || /^["'\u201d\u2019\u00bb]?[.!?\u2026]\s+["\u201c\u2018\u00ab]?$/.test(a.post);
    if (!endsSentence || a.tags.has('Honorific') || a.tags.has('Abbreviation') || /^\p{Lu}\.?$/u.test(a.text)) continue;
    if (!/^\p{Lu}/u.test(b.text)) continue;
    const quoteTurn = a.inQuote !== b.inQuote || /["\u201d\u00bb]/.test(a.post);
    if (!quoteTurn || splitsQuote(b.start - b.pre.length, spans) && a.inQuote === b.inQuote) continue;
    if (tokens.length - i <= 4 && !b.inQuote) continue;
    out.push(tokens.slice(from, i));
    from = i;
  }
  out.push(tokens.slice(from));
  return out;
}

export function analyse(body: string, limits: AnalyseLimits = DEFAULT_ANALYSE_LIMITS): AnalysedText {
  const paragraphs = splitParagraphs(body);
  const units: Unit[] = [];
  const quotes: QuoteSpan[] = [];
  const longSentences: TextRange[] = [];
  const read: { pIndex: number; spans: QuoteSpan[]; map: number[]; parts: TextRange[] }[] = [];
  const texts: string[] = [];
  paragraphs.forEach((para, pIndex) => {
    const spans = findQuotes(body, para.start, para.end);
    quotes.push(...spans);
    if (para.kind !== 'text') return;
    const { text, map } = prepare(body, para.start, para.end);
    const parts = readSentences(text, limits, (range) => {
      const start = map[range.start]!;
      const end = map[range.end - 1]! + 1;
      // A sentence longer than a block reaches this in parts: one sentence.
      const previous = longSentences[longSentences.length - 1];
      const joins =
        previous !== undefined &&
        /^[^\p{L}\p{N}]{0,20}$/u.test(body.slice(previous.end, start)) &&
        !/[.!?\u2026]["'\u201d\u2019\u00bb)\]]*\s*$/.test(body.slice(Math.max(previous.start, previous.end - 20), start));
      if (joins) previous.end = end;
      else longSentences.push({ start, end });
    });
    read.push({ pIndex, spans, map, parts });
    for (const part of parts) texts.push(text.slice(part.start, part.end));
  });
  const tagged = tagTexts(texts);
  let next = 0;
  for (const { pIndex, spans, map, parts } of read) {
    const sentences = parts.flatMap((part) => {
      const json = tagged[next++]!;
      for (const sentence of json) for (const term of sentence.terms) term.offset.start += part.start;
      return json;
    });
    const pieces: Token[][] = [];
    for (const sentence of sentences) {
      const tokens: Token[] = [];
      for (const term of sentence.terms) {
        const s = map[term.offset.start]!;
        const e = map[term.offset.start + term.offset.length - 1]! + 1;
        const previous = tokens[tokens.length - 1];
        // compromise splits "al-Hakim" and "UN-backed" in two; names and
        // compound adjectives are one word here.
        if (previous && previous.post === '-' && term.pre === '' && previous.end + 1 === s) {
          previous.end = e;
          previous.text = body.slice(previous.start, e);
          previous.lower = normalWord(previous.text);
          previous.post = term.post;
          previous.tags = new Set([...term.tags, 'Hyphenated']);
          continue;
        }
        tokens.push({
          text: body.slice(s, e),
          lower: normalWord(body.slice(s, e)),
          start: s,
          end: e,
          pre: term.pre,
          post: term.post,
          tags: new Set(term.tags),
          inQuote: inAnySpan(s, spans),
        });
      }
      dropPossessiveContractions(tokens);
      if (tokens.length > 0) pieces.push(...splitAtQuoteEnds(tokens, spans));
    }
    // Sentences that a quotation holds together stay one unit, so
    // "“... now. ... very soon,” he said." keeps its attribution.
    const merged: Token[][] = [];
    for (const piece of pieces) {
      const last = merged[merged.length - 1];
      const boundary = piece[0]!.start - piece[0]!.pre.length;
      if (last && splitsQuote(boundary, spans)) last.push(...piece);
      else merged.push([...piece]);
    }
    merged.forEach((tokens, i) => {
      const first = tokens[0]!;
      const last = tokens[tokens.length - 1]!;
      const start = first.start - first.pre.trimStart().length;
      const end = last.end + last.post.trimEnd().length;
      units.push({ start, end, paragraph: pIndex, indexInParagraph: i, tokens });
    });
  }
  return { paragraphs, units, quotes, longSentences };
}

export function normalWord(text: string): string {
  return text.toLowerCase().replace(/[’‘`´]/g, "'");
}

const DAY_MS = 86_400_000;

function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * The day a phrase such as "on Tuesday", "yesterday", "late on 3 March" or
 * "on May 15, 2017" names, seen from the publication date. News copy speaks
 * of the past: a weekday is the most recent such day on or before
 * publication (compromise-dates would pick the next one), and a day without
 * a year that would fall after publication belongs to the year before.
 * Phrases naming a span longer than a day ("last week") give null.
 */
export function resolveDatePhrase(phrase: string, publishedAt: Date | null): Date | null {
  const lower = phrase.toLowerCase();
  const hasYear = /\b(1[89]|20)\d\d\b/.test(lower);
  if (!publishedAt && !hasYear) return null;
  const weekday = WEEKDAYS.findIndex((d) => new RegExp(`\\b${d}\\b`).test(lower));
  const hasMonth = MONTHS.some((m) => new RegExp(`\\b${m}\\b`).test(lower));
  if (publishedAt && weekday >= 0 && !hasMonth && !/\b(next|coming)\b/.test(lower)) {
    const today = utcDay(publishedAt);
    let back = (today.getUTCDay() - weekday + 7) % 7;
    if (/\blast\b/.test(lower) && back === 0) back = 7;
    return new Date(today.getTime() - back * DAY_MS);
  }
  if (publishedAt && /\byesterday\b/.test(lower)) return new Date(utcDay(publishedAt).getTime() - DAY_MS);
  if (publishedAt && /\b(today|tonight|this (morning|afternoon|evening))\b/.test(lower)) return utcDay(publishedAt);
  if (!hasMonth && !hasYear) return null;
  const cleaned = phrase.replace(/\b(late|early|earlier|later)\b/gi, ' ').replace(/\s+/g, ' ').trim();
  const view = nlp(cleaned) as unknown as {
    dates(opts: object): { get(): { start: string | null; end: string | null; unit?: string }[] };
  };
  const found = view.dates(publishedAt ? { today: publishedAt.toISOString(), timezone: 'UTC' } : { timezone: 'UTC' }).get();
  const first = found.find((d) => d.start !== null);
  if (!first || !first.start || !first.end) return null;
  const startDay = new Date(first.start.slice(0, 10) + 'T00:00:00Z');
  const endDay = new Date(first.end.slice(0, 10) + 'T00:00:00Z');
  if (endDay.getTime() - startDay.getTime() > 0) return null;
  if (publishedAt && !hasYear && startDay.getTime() > utcDay(publishedAt).getTime()) {
    startDay.setUTCFullYear(startDay.getUTCFullYear() - 1);
  }
  return startDay;
}
