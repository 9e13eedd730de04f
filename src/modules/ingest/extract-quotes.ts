/**
 * Sentences that are all quotation, or that go on with the statement before
 * them: a quote continued across sentences and paragraphs, "Farouk said:"
 * followed by the quote, the answer after a briefing's question, a quote
 * paragraph after a paragraph naming one person, and a sentence opened by
 * "And". Pure.
 */
import { hasComma } from './extract-cues.js';
import { type Context, type Draft, firstToken, newDraft, type Resolved } from './extract-draft.js';
import { type Unit } from './nlp.js';

export function isQuoteOnly(unit: Unit): boolean {
  return unit.tokens.length > 0 && unit.tokens.every((t) => t.inQuote);
}

/**
 * "X said the dam had cracked. And the supply had been cut off.": a
 * sentence opened by "And" with no attribution of its own goes on with the
 * report of the sentence just before it, in the same paragraph.
 */
export function continuation(unit: Unit, prevUnit: Unit | undefined, lastDraft: Draft | undefined, lastResolved: Resolved | undefined): Draft | null {
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

/**
 * A sentence all inside quotation marks: whose it is. It goes on with the
 * statement just before it (in the same paragraph, or the next one when the
 * previous sentence ends its own), completes a "Farouk said:" left without
 * words ('joined': the two make one statement), or belongs to the person
 * the paragraph or sentence before names; null when nothing says whose.
 */
export function quotationDraft(ctx: Context, units: Unit[], u: number, drafts: Draft[], resolved: Resolved[]): Draft | null | 'joined' {
  const unit = units[u]!;
  const lastDraft = drafts[drafts.length - 1];
  const lastResolved = resolved[resolved.length - 1];
  const prevUnit = units[u - 1];
  const follows =
    lastDraft !== undefined &&
    prevUnit !== undefined &&
    lastDraft.end >= prevUnit.start &&
    (unit.paragraph === lastDraft.paragraph || unit.paragraph === prevUnit.paragraph + 1 && prevUnit.paragraph === lastDraft.paragraph);
  if (follows && lastResolved && lastDraft.contentStart < lastDraft.contentEnd) {
    return newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, inherits: lastResolved });
  } else if (follows && lastDraft && lastDraft.contentStart >= lastDraft.contentEnd) {
    // "Farouk said:" then the quote: the two make one statement.
    lastDraft.contentStart = unit.start;
    lastDraft.contentEnd = unit.end;
    lastDraft.end = unit.end;
    return 'joined';
  } else if (unit.indexInParagraph === 0 && prevUnit && prevUnit.paragraph === unit.paragraph - 1) {
    const named = personNamedIn(ctx, unit.paragraph - 1);
    if (named) return newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, namedSpeaker: named });
  } else if (lastResolved && lastDraft && prevUnit && prevUnit.paragraph === unit.paragraph && unit.paragraph - lastDraft.paragraph <= 2 && isQuestion(ctx.body, prevUnit)) {
    // A pool report's "Would he back ...? “I’m not aware of it.”": the answer is the briefer's.
    return newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, inherits: lastResolved });
  } else if (prevUnit && prevUnit.paragraph === unit.paragraph && !(lastDraft && lastDraft.end >= prevUnit.start)) {
    const named = subjectPersonOf(ctx, prevUnit);
    if (named) return newDraft(unit, 0, { contentStart: unit.start, contentEnd: unit.end, namedSpeaker: named });
  }
  return null;
}
