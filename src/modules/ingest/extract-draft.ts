/**
 * What the stages pass along: a statement in the making (Draft: the speaker
 * as written, the verb, the span of its words, carrier and date words), a
 * resolved speaker, the article's context, and the span helpers every
 * attribution pattern uses. Pure.
 */
import { type VerbInfo } from './extract-lexicon.js';
import { NameRegistry } from './extract-names.js';
import { type AnalysedText, type Token, type Unit } from './nlp.js';

export type SpeakerKind = 'person' | 'org' | 'plural' | 'unknown';

export interface Draft {
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

export interface Resolved {
  speakerText: string;
  speakerName: string;
  kind: SpeakerKind;
  carrier: string | null;
  statedAt: Date | null;
  /** Documents the speaker's sentence says they issued ("released a formal statement"), for a later "the statement". */
  documents?: string[];
}

export interface Context {
  body: string;
  analysed: AnalysedText;
  registry: NameRegistry;
  publishedAt: Date | null;
  /** The publisher's name and acronym, recognised as outlets beside the known ones ("received by ANA"). */
  outlets: string[];
}

export const ACCORDING_TO: VerbInfo = { lemma: 'according to', kind: 'clause', denies: false };
export const SAID: VerbInfo = { lemma: 'said', kind: 'speech', denies: false };
export const closingQuote = /[”"’»]/;

/** Opening quotation mark written just before a token, to include it in a span. */
export function startWithQuote(t: Token): number {
  const m = t.pre.match(/[“"‘'«„][\s]*$/);
  return m ? t.start - m[0].length : t.start;
}

/** End of a token including closing quotation marks written after it. */
export function endWithQuote(t: Token): number {
  const m = t.post.match(/^[.,;:!?…]*[”"’»]/);
  return m ? t.end + m[0].length : t.end;
}

const DATELINE = /^\s*[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s+/;

/** Tokens of a unit past a wire dateline ("GENEVA, May 16 (Reuters) - "). */
export function firstToken(body: string, unit: Unit): number {
  if (unit.indexInParagraph !== 0) return 0;
  const m = body.slice(unit.start, unit.end).match(DATELINE);
  if (!m) return 0;
  const cut = unit.start + m[0].length;
  const i = unit.tokens.findIndex((t) => t.start >= cut);
  return i < 0 ? 0 : i;
}

export function newDraft(unit: Unit, from: number, partial: Partial<Draft>): Draft {
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
