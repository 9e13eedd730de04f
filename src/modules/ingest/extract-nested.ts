/**
 * Nested attribution: "ISNA said the spokesman described ...", "“The
 * spokesman denied ...,” ISNA reported", "according to a court transcript":
 * the outlet or document only carries the inner speaker's words. Pure.
 */
import { type Context, type Draft } from './extract-draft.js';
import { outletName, stripPossessive } from './extract-names.js';
import { subjectFirst, trailingAttribution } from './extract-patterns.js';
import { isFiniteVerb } from './extract-phrases.js';
import { type Unit } from './nlp.js';

/** Head nouns of a carrier that reports what someone else said: an outlet, or a document of record. */
const RELAY_NOUNS = new Set(['report', 'reports', 'transcript', 'transcripts', 'documents', 'document', 'television', 'tv', 'radio', 'agency', 'media', 'newspaper', 'daily', 'website', 'broadcaster', 'channel']);

/**
 * "ISNA said the spokesman “described ...”", "“The spokesman denied ...,”
 * ISNA reported", "..., according to a court transcript": the outer
 * speaker only carries the words of the inner one, who is the speaker; the
 * outlet becomes the carrier.
 */
export function nestedAttribution(ctx: Context, unit: Unit, outer: Draft): Draft | null {
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
