/**
 * Speaker resolution: from the speaker as written to who it is within the
 * article. Pronouns to the right antecedent (a person of the right gender,
 * the speaker just quoted, never a place; "it" to the last body), names and
 * surnames to the full name given, roles ("the spokesman") to their holder,
 * spokesperson-of chains, documents to their author, definite descriptions
 * ("the ministry") to the body named earlier, acronyms to what they spell. Pure.
 */
import { DETERMINERS } from './extract-cues.js';
import { type Context, type Draft, firstToken, type Resolved, type SpeakerKind } from './extract-draft.js';
import { HUMAN_WORDS, INSTITUTION_WORDS, PRONOUNS } from './extract-lexicon.js';
import { capitalisedRuns, fixSpelling, type Gender, hasPossessive, outletName, parsePersonRun, stripPossessive } from './extract-names.js';
import { DOCUMENT_NOUNS } from './extract-phrases.js';
import { documentAuthor, nameIsModifier, rolePhrase } from './extract-roles.js';
import { type Token } from './nlp.js';

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

export function resolveSpeaker(ctx: Context, draft: Draft, previous: Resolved[]): Resolved {
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
