/**
 * The first statement of a sentence, one attribution pattern each: a
 * trailing attribution ("..., X said"), a subject first ("X said (that)
 * ..."), "according to", "quoted as saying", a participle after a main
 * verb ("issued a statement, saying ...") and passive denials ("are
 * rejected by the ministry"). Each returns a Draft or null. Pure.
 */
import { carrierFromModifiers, outletAfterPreposition } from './extract-carriers.js';
import { attributionVerbs, AUXILIARIES, breaksAfter, COPULAS, hasComma, isPassive, verbAt } from './extract-cues.js';
import { isDateToken, skipTimeForward, TIME_LEADS, TIME_WORDS } from './extract-dates.js';
import { ACCORDING_TO, closingQuote, type Draft, endWithQuote, newDraft, SAID, startWithQuote } from './extract-draft.js';
import { attributionVerb, PARTICIPLE_LINKS, PRONOUNS } from './extract-lexicon.js';
import { outletName } from './extract-names.js';
import { DOCUMENT_NOUNS, isFiniteVerb, isPlausibleSpeaker, isVerbLike, looseNp, modifiersOnly, NON_MANNER_ADVERBS, npAfter, PREPOSITIONS, SETTING_NOUNS, SETTING_PREPOSITIONS, subjectBefore } from './extract-phrases.js';
import { type Token, type Unit } from './nlp.js';

/** "..., X said." / "“...,” he said on Tuesday." / "..., said the BBC's Nadia Farouk, reporting from Dovra." */
export function trailingAttribution(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
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

/** Tokens [b, v) hold a speaker and its asides, not a clause of the statement. */
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

/** "X said (on Tuesday) (that) ...", "X accused Y of ...", "X, speaking to AFP, said ...". */
export function subjectFirst(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
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
export function accordingTo(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
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

/** "X was quoted by Interfax as saying ...". */
const OBJECT_PRONOUNS = new Map([['him', 'he'], ['her', 'she'], ['them', 'they']]);

export function quotedAsSaying(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
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
export function participleOnly(unit: Unit, from: number, outlets: readonly string[]): Draft | null {
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

/** "These claims are rejected by the interior ministry.": the agent denies the subject. */
export function passiveDenial(unit: Unit, from: number): Draft | null {
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
