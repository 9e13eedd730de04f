/**
 * Who is who inside one article: full names of people (so that "Kirov",
 * "Van der Berg" or "he" can be resolved), their roles ("the UN special
 * envoy"), acronyms defined in the text ("Coastal Workers Federation
 * (CWF)") and a light normalisation of organisation names.
 */
import { hasComma } from './extract-cues.js';
import {
  FEMALE_HONORIFICS,
  HUMAN_WORDS,
  INSTITUTION_WORDS,
  KNOWN_OUTLETS,
  MALE_HONORIFICS,
  MEDIA_GENERIC_WORDS,
  MEDIA_WORDS,
  NAME_PARTICLES,
  NON_PERSON_WORDS,
  SPELLING_FIXES,
  TITLE_WORDS,
} from './extract-lexicon.js';
import type { Token, Unit } from './nlp.js';

export type Gender = 'male' | 'female';

export interface PersonMention {
  /** The full name this mention stands for. */
  name: string;
  start: number;
  end: number;
  gender: Gender | null;
}

interface FullName {
  name: string;
  key: string;
  start: number;
  gender: Gender | null;
  roles: Set<string>;
}

export interface KnownSpeaker {
  name: string;
  aliases: string[];
}

const FUNCTION_TAGS = ['Determiner', 'Conjunction', 'Preposition', 'Pronoun', 'Adverb', 'QuestionWord', 'Date', 'Value', 'Verb'];

export function stripPossessive(word: string): string {
  return word.replace(/['’]s$/i, '').replace(/s['’]$/i, 's');
}

/** "al-Hakim" -> "hakim", "Berg" -> "berg", "Kirov’s" -> "kirov". */
export function nameWordKey(word: string): string {
  let w = stripPossessive(word).toLowerCase();
  const hyphen = w.match(/^([a-z]+)-(.+)$/);
  if (hyphen && NAME_PARTICLES.has(hyphen[1]!)) w = hyphen[2]!;
  return w.replace(/[^\p{L}\p{N}]/gu, '');
}

/** The part of a name that journalists repeat alone: its last word, without particles. */
export function surnameKey(name: string): string {
  const words = name.trim().split(/\s+/);
  return nameWordKey(words[words.length - 1] ?? '');
}

const isCapitalised = (t: Token): boolean => /^\p{Lu}/u.test(t.text);
const isAcronym = (text: string): boolean => /^(?:\p{Lu}\.?){2,6}$/u.test(stripPossessive(text));
const isParticle = (t: Token): boolean => NAME_PARTICLES.has(t.lower);
const isHyphenParticleName = (t: Token): boolean => {
  const m = t.text.match(/^(\p{Ll}+)-\p{Lu}/u);
  return m !== null && NAME_PARTICLES.has(m[1]!);
};
export const hasPossessive = (t: Token): boolean => /['’]s$|s['’]$/.test(t.text) || t.tags.has('Possessive');

/** Each outlet name as a whole-word pattern, longest first; built once per list of extra names. */
const outletPatterns = new Map<string, { outlet: string; re: RegExp }[]>();

function patternsFor(extra: readonly string[]): { outlet: string; re: RegExp }[] {
  const key = extra.join('\n');
  let patterns = outletPatterns.get(key);
  if (!patterns) {
    patterns = [...KNOWN_OUTLETS, ...extra]
      .sort((a, b) => b.length - a.length)
      .map((outlet) => ({ outlet, re: new RegExp(`(?:^|[^\\p{L}])${outlet.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\p{L}])`, 'u') }));
    // Publishers vary per article: the cache holds the last few lists only.
    if (outletPatterns.size >= 32) outletPatterns.delete(outletPatterns.keys().next().value!);
    outletPatterns.set(key, patterns);
  }
  return patterns;
}

export function isKnownOutlet(text: string, extra: readonly string[] = []): string | null {
  const clean = text.replace(/[’]/g, "'");
  for (const { outlet, re } of patternsFor(extra)) {
    // The pattern holds the name as written: a text without it cannot match.
    if (clean.includes(outlet) && re.test(clean)) return outlet;
  }
  return null;
}

/** Token ranges [from, to) of capitalised runs that may be names, split at punctuation and possessives. */
export function capitalisedRuns(tokens: Token[]): [number, number][] {
  const runs: [number, number][] = [];
  let from = -1;
  const close = (to: number): void => {
    if (from >= 0 && to > from) runs.push([from, to]);
    from = -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const continuesName =
      isCapitalised(t) || isHyphenParticleName(t) || (from >= 0 && isParticle(t) && tokens[i + 1] !== undefined && (isCapitalised(tokens[i + 1]!) || isParticle(tokens[i + 1]!)));
    const prev = tokens[i - 1];
    const abbreviated = prev !== undefined && prev.post.trim() === '.' && (prev.tags.has('Honorific') || prev.tags.has('Abbreviation'));
    const broken = prev !== undefined && ((prev.post.trim() !== '' && !abbreviated) || t.pre.trim() !== '' || hasPossessive(prev) || prev.inQuote !== t.inQuote);
    if (from >= 0 && (broken || !continuesName)) close(i);
    if (continuesName && from < 0) from = i;
  }
  close(tokens.length);
  return runs;
}

export interface NameParse {
  /** Title and role words written before the name ("Foreign Minister"). */
  titles: string[];
  /** The name words, from..to token indices. */
  from: number;
  to: number;
  /** Two or more name words, not starting with a particle: a full personal name. */
  full: boolean;
  gender: Gender | null;
}

/** Whether a capitalised run is a person's name, and which of its words are the name. */
export function parsePersonRun(tokens: Token[], from: number, to: number): NameParse | null {
  let a = from;
  const titles: string[] = [];
  let gender: Gender | null = null;
  while (a < to) {
    const t = tokens[a]!;
    const word = stripPossessive(t.lower).replace(/\.$/, '');
    if (TITLE_WORDS.has(word) || t.tags.has('Honorific')) {
      titles.push(word);
      if (MALE_HONORIFICS.has(word)) gender = 'male';
      if (FEMALE_HONORIFICS.has(word)) gender = 'female';
      a++;
    } else if (FUNCTION_TAGS.some((tag) => t.tags.has(tag)) && !isHyphenParticleName(t) && !t.tags.has('ProperNoun')) {
      a++;
    } else break;
  }
  // Titles can stack before a name ("Water Minister", "Merovian Deputy Prime
  // Minister"): the name starts after the last title word, if one is left.
  for (let i = to - 2; i >= a; i--) {
    const word = stripPossessive(tokens[i]!.lower).replace(/\.$/, '');
    if (TITLE_WORDS.has(word) || tokens[i]!.tags.has('Honorific')) {
      for (let k = a; k <= i; k++) titles.push(stripPossessive(tokens[k]!.lower).replace(/\.$/, ''));
      if (MALE_HONORIFICS.has(word)) gender = 'male';
      if (FEMALE_HONORIFICS.has(word)) gender = 'female';
      a = i + 1;
      break;
    }
  }
  let b = to;
  while (b > a && isParticle(tokens[b - 1]!)) b--;
  if (b <= a) return null;
  const words = tokens.slice(a, b);
  for (const t of words) {
    const w = nameWordKey(t.text);
    if (NON_PERSON_WORDS.has(w) || NON_PERSON_WORDS.has(stripPossessive(t.lower))) return null;
    if (t.tags.has('Month') || t.tags.has('WeekDay') || t.tags.has('Country')) return null;
    if (isAcronym(t.text)) return null;
  }
  const text = words.map((t) => t.text).join(' ');
  if (isKnownOutlet(text)) return null;
  const nameWords = words.filter((t) => !isParticle(t));
  const particleInside = words.some((t) => isParticle(t) || isHyphenParticleName(t));
  const nameEvidence = words.some((t) => ['FirstName', 'MaleName', 'FemaleName', 'Person', 'LastName'].some((g) => t.tags.has(g)));
  const placeLike = words.some((t) => ['Place', 'City', 'Region', 'Organization'].some((g) => t.tags.has(g)) && !t.tags.has('Person'));
  const first = words[0]!;
  if (first.tags.has('FemaleName') && !first.tags.has('MaleName')) gender = gender ?? 'female';
  if (first.tags.has('MaleName') && !first.tags.has('FemaleName')) gender = gender ?? 'male';
  const startsWithParticle = isParticle(first) || /^\p{Lu}\p{Ll}*$/u.test(first.text) && NAME_PARTICLES.has(first.lower) && words.length > 1;
  const full = nameWords.length >= 2 && !startsWithParticle;
  // A single capitalised word is only a name when titled ("Mr Kirov"),
  // or when it is looked up later against names the article gave in full.
  if (!full && titles.length === 0 && !startsWithParticle && !nameEvidence) {
    return { titles, from: a, to: b, full: false, gender };
  }
  if (full && placeLike && !particleInside && !nameEvidence && titles.length === 0) {
    // "Buenos Aires", "Al Jazeera": two capitalised words a tagger knows as a place or organisation.
    return null;
  }
  return { titles, from: a, to: b, full, gender };
}

function nameText(body: string, tokens: Token[], from: number, to: number): string {
  const first = tokens[from]!;
  const last = tokens[to - 1]!;
  return stripPossessive(body.slice(first.start, last.end)).replace(/\s+/g, ' ').replace(/’/g, "'");
}

/** Appositive after a name: ", the UN special envoy," -> ["un", "special", "envoy"]. */
function appositiveAfter(tokens: Token[], to: number): string[] {
  const last = tokens[to - 1];
  if (!last || !/^,\s*$/.test(last.post)) return [];
  const words: string[] = [];
  for (let i = to; i < tokens.length && i < to + 9; i++) {
    const t = tokens[i]!;
    if (t.tags.has('Verb') && !t.tags.has('Noun')) return [];
    words.push(fixSpelling(stripPossessive(t.lower)));
    if (/[,.;:]/.test(t.post)) break;
  }
  return words.some((w) => HUMAN_WORDS.has(w) || TITLE_WORDS.has(w)) ? words.filter((w) => !['the', 'a', 'an'].includes(w)) : [];
}

/** Lower-case role words written just before a name: "the ministry's spokesman Mao Qunan" -> ["spokesman"]. */
function roleBefore(tokens: Token[], from: number): string[] {
  const words: string[] = [];
  for (let i = from - 1; i >= 0 && i >= from - 3; i--) {
    const t = tokens[i]!;
    // "the sector minister, Kwaku Agyemang-Manu": a comma may set the name off from its role.
    const apposed = i === from - 1 && /^,\s*$/.test(t.post);
    if ((t.post.trim() !== '' && !apposed) || isCapitalised(t)) break;
    const w = fixSpelling(stripPossessive(t.lower));
    if (!HUMAN_WORDS.has(w) && !TITLE_WORDS.has(w)) break;
    words.push(w);
  }
  return words;
}

/** Full names and where they are mentioned, for one article. */
const MALE_KIN = new Set(['uncle', 'brother', 'father', 'son', 'nephew', 'husband', 'grandfather', 'grandson', 'stepfather', 'stepson']);
const FEMALE_KIN = new Set(['aunt', 'sister', 'mother', 'daughter', 'niece', 'wife', 'grandmother', 'granddaughter', 'stepmother', 'stepdaughter']);
const KIN_WORDS = new Set([...MALE_KIN, ...FEMALE_KIN, 'cousin', 'partner', 'spouse', 'sibling', 'parent', 'child']);

export class NameRegistry {
  private readonly fullNames: FullName[] = [];
  private readonly mentions: PersonMention[] = [];
  readonly acronyms = new Map<string, string>();
  private readonly known: KnownSpeaker[];

  /** Given names the article completes with a relative's surname: "Juan" -> "Juan Rubiales". */
  private readonly givenNames = new Map<string, string>();

  constructor(body: string, units: Unit[], known: KnownSpeaker[]) {
    this.known = known;
    for (const unit of units) this.collectKin(unit);
    for (const unit of units) this.collectFullNames(body, unit);
    for (const unit of units) this.collectMentions(body, unit);
    this.mentions.sort((x, y) => x.start - y.start);
  }

  /** "Rubiales' uncle, Juan,": a relative named by a given name alone shares the family name. */
  private collectKin(unit: Unit): void {
    const tokens = unit.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      const [family, kin, given] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
      if (family.inQuote || !hasPossessive(family) || !isCapitalised(family) || !KIN_WORDS.has(kin.lower) || !hasComma(kin)) continue;
      if (!isCapitalised(given) || hasPossessive(given) || (tokens[i + 3] && isCapitalised(tokens[i + 3]!) && !/[,.;]/.test(given.post))) continue;
      const name = `${given.text} ${stripPossessive(family.text).replace(/’/g, "'")}`;
      if (this.givenNames.has(given.text)) continue;
      this.givenNames.set(given.text, name);
      const gender = MALE_KIN.has(kin.lower) ? 'male' : FEMALE_KIN.has(kin.lower) ? 'female' : null;
      this.fullNames.push({ name, key: surnameKey(name), start: given.start, gender, roles: new Set() });
    }
  }

  private collectFullNames(body: string, unit: Unit): void {
    const tokens = unit.tokens;
    for (const [from, to] of capitalisedRuns(tokens)) {
      const parsed = parsePersonRun(tokens, from, to);
      if (!parsed || !parsed.full) continue;
      const name = nameText(body, tokens, parsed.from, parsed.to);
      const roles = new Set<string>([...parsed.titles.filter((w) => !['mr', 'mrs', 'ms', 'dr', 'miss'].includes(w)), ...appositiveAfter(tokens, to), ...roleBefore(tokens, from)]);
      const existing = this.fullNames.find((f) => f.name === name);
      if (existing) {
        for (const r of roles) existing.roles.add(r);
        existing.gender = existing.gender ?? parsed.gender;
        continue;
      }
      this.fullNames.push({ name, key: surnameKey(name), start: tokens[parsed.from]!.start, gender: parsed.gender, roles });
    }
    // "Coastal Workers Federation (CWF)": the words before a bracketed
    // acronym whose capitals spell it.
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!t.pre.endsWith('(') || !/^\p{Lu}{2,6}$/u.test(t.text) || !t.post.startsWith(')')) continue;
      const letters = t.text.length;
      const words: Token[] = [];
      let caps = 0;
      for (let j = i - 1; j >= 0 && caps < letters; j--) {
        const w = tokens[j]!;
        words.unshift(w);
        if (isCapitalised(w)) caps++;
        else if (!['of', 'and', 'for', 'the', 'on', 'in'].includes(w.lower)) break;
      }
      const initials = words.filter(isCapitalised).map((w) => w.text[0]).join('');
      if (initials.toUpperCase() === t.text) this.acronyms.set(t.text, body.slice(words[0]!.start, words[words.length - 1]!.end));
    }
  }

  private collectMentions(body: string, unit: Unit): void {
    const tokens = unit.tokens;
    for (const [from, to] of capitalisedRuns(tokens)) {
      if (tokens[from]!.inQuote) continue;
      const parsed = parsePersonRun(tokens, from, to);
      if (!parsed) continue;
      const written = nameText(body, tokens, parsed.from, parsed.to);
      const start = tokens[parsed.from]!.start;
      const name = parsed.full ? written : this.resolveSurname(written, start);
      if (!name) continue;
      const full = this.fullNames.find((f) => f.name === name);
      this.mentions.push({ name, start, end: tokens[parsed.to - 1]!.end, gender: parsed.gender ?? full?.gender ?? null });
    }
  }

  /** Registers a name as a speaker's, so later pronouns can find it. */
  addMention(mention: PersonMention): void {
    if (this.mentions.some((m) => m.start === mention.start)) return;
    this.mentions.push(mention);
    this.mentions.sort((x, y) => x.start - y.start);
  }

  /** The roles the article gave a person ("president", "spokesman"), for "the President" in a denial. */
  rolesOf(name: string): string[] {
    return [...(this.fullNames.find((f) => f.name === name)?.roles ?? [])].filter((r) => HUMAN_WORDS.has(r) || TITLE_WORDS.has(r));
  }

  isFullName(name: string): boolean {
    return this.fullNames.some((f) => f.name === name) || this.known.some((k) => k.name === name);
  }

  genderOf(name: string): Gender | null {
    return this.fullNames.find((f) => f.name === name)?.gender ?? null;
  }

  /**
   * "Kirov", "Van der Berg", "al-Hakim" -> the full name given in the
   * article (the last one before this point, else the first after it), else
   * a known speaker whose name or alias matches.
   */
  resolveSurname(written: string, position: number): string | null {
    const given = this.givenNames.get(written);
    if (given) return given;
    const key = surnameKey(written);
    if (!key) return null;
    const matches = this.fullNames.filter((f) => f.key === key || levenshtein(f.key, key) <= (key.length >= 7 ? 1 : 0));
    const before = matches.filter((f) => f.start < position);
    if (before.length > 0) return before[before.length - 1]!.name;
    if (matches.length > 0) return matches[0]!.name;
    const lowered = written.toLowerCase().replace(/’/g, "'");
    for (const k of this.known) {
      if (surnameKey(k.name) === key && k.name.trim().split(/\s+/).length > 1) return k.name;
      if (k.aliases.some((a) => a.toLowerCase() === lowered || surnameKey(a) === key && a.trim().split(/\s+/).length === 1)) return k.name;
    }
    return null;
  }

  /** The known speaker a whole phrase names, through its name or an alias ("Ostland foreign ministry"). */
  knownByPhrase(phrase: string): string | null {
    const norm = normaliseForCompare(phrase);
    for (const k of this.known) {
      if (normaliseForCompare(k.name) === norm || k.aliases.some((a) => normaliseForCompare(a) === norm)) return k.name;
    }
    return null;
  }

  /** The last person mentioned before a point, outside quotations, of a compatible gender. */
  lastPerson(position: number, gender: Gender | null): PersonMention | null {
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      const m = this.mentions[i]!;
      if (m.start >= position) continue;
      if (gender && m.gender && m.gender !== gender) continue;
      return m;
    }
    return null;
  }

  /** The first person mentioned from start up to end, outside quotations. */
  firstPersonIn(start: number, end: number): PersonMention | null {
    return this.mentions.find((m) => m.start >= start && m.start < end) ?? null;
  }

  /** "the envoy", "the UN special envoy" -> the person the article gave that role, most recent first. */
  roleHolder(words: string[], position: number): string | null {
    const wanted = words.filter((w) => !['the', 'a', 'an'].includes(w));
    if (wanted.length === 0) return null;
    const holders = this.fullNames.filter((f) => f.start < position && wanted.every((w) => f.roles.has(w)));
    if (holders.length > 0) return holders[holders.length - 1]!.name;
    // "the North Korean spokesman" after "spokesman Kim": the role's head noun is enough when one person holds it.
    const head = wanted[wanted.length - 1]!;
    const byHead = this.fullNames.filter((f) => f.start < position && f.roles.has(head));
    return byHead.length === 1 ? byHead[0]!.name : null;
  }
}

export function normaliseForCompare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Edit distance; lengths more than 3 apart are reported as far (99) without counting. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const KNOWN_NOUNS: string[] = [...new Set([...INSTITUTION_WORDS, ...HUMAN_WORDS])].filter((w) => w.length >= 6);

const spellingCache = new Map<string, string>();

/** "ministery" -> "ministry": a listed misspelling, or one letter off a long institution or role noun. */
export function fixSpelling(word: string): string {
  const listed = SPELLING_FIXES.get(word);
  if (listed) return listed;
  if (word.length < 7 || KNOWN_NOUNS.includes(word)) return word;
  // The nearest-noun search measures every long noun; words repeat within and across articles.
  let fixed = spellingCache.get(word);
  if (fixed === undefined) {
    fixed = KNOWN_NOUNS.find((n) => levenshtein(n, word) === 1) ?? word;
    if (spellingCache.size >= 20_000) spellingCache.clear();
    spellingCache.set(word, fixed);
  }
  return fixed;
}

/**
 * A news outlet named by a noun phrase: "AFP news agency" -> "AFP",
 * "Ostland's state news agency ONA" -> "ONA", "Reuters" -> "Reuters";
 * "a Belarusian TV network" names none.
 */
export function outletName(tokens: Token[], lenient = false, extra: readonly string[] = []): string | null {
  if (tokens.length === 0) return null;
  const text = tokens.map((t) => t.text).join(' ');
  const known = isKnownOutlet(text, extra);
  if (known) {
    const m = text.replace(/’/g, "'").match(new RegExp(known.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    return m ? m[0] : known;
  }
  const hasMediaWord = tokens.some((t) => MEDIA_WORDS.has(stripPossessive(t.lower)));
  if (!hasMediaWord && !lenient) return null;
  // The proper name among the words: capitalised, not a media word, not a
  // demonym or a country in the possessive ("Ostland's", "Belarusian").
  const names = tokens.filter(
    (t) =>
      /^\p{Lu}/u.test(t.text) &&
      !MEDIA_GENERIC_WORDS.has(t.lower) &&
      !hasPossessive(t) &&
      !t.tags.has('Country') &&
      !t.tags.has('Demonym') &&
      !/(?:ian|ese|ish|ean|ic)$/i.test(t.text),
  );
  if (names.length === 0) return null;
  return names.map((t) => t.text).join(' ');
}
