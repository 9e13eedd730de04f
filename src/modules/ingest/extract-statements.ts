/**
 * Several statements per sentence: the first attribution (with nested
 * attribution applied), then later clauses with their own attribution
 * ("..., but the rebels said ..."), claim participles (", adding that ..."),
 * coordinated speakers ("A and B denied"), claims a report cites ("a report
 * that cited X as saying") and claims embedded in a noun ("an allegation by
 * X that ..."). Pure.
 */
import { breaksAfter, DETERMINERS, hasComma } from './extract-cues.js';
import { closingQuote, type Context, type Draft, endWithQuote, firstToken, newDraft, SAID, startWithQuote } from './extract-draft.js';
import { attributionVerb, PRONOUNS } from './extract-lexicon.js';
import { capitalisedRuns, outletName, parsePersonRun, stripPossessive } from './extract-names.js';
import { nestedAttribution } from './extract-nested.js';
import { accordingTo, participleOnly, passiveDenial, quotedAsSaying, subjectFirst, trailingAttribution } from './extract-patterns.js';
import { CLAIM_PARTICIPLES, isFiniteVerb, isPlausibleSpeaker, npAfter, npBefore, subjectBefore } from './extract-phrases.js';
import { type Token, type Unit } from './nlp.js';

/**
 * Every statement of a sentence: the first attribution, then clauses with
 * an attribution of their own after it ("..., but the rebels said ...",
 * "after a BBC documentary accused them of ..."), then participles that
 * carry a claim of their own (", adding that ...", "and added: “...”").
 */
export function attributeAll(ctx: Context, unit: Unit): Draft[] {
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
