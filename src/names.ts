import { BadUserInputError } from './errors.js';

/**
 * Rules for the names of people, organisations and outlets. A name is read by
 * people, who cannot see a zero-width space, a byte-order mark, a
 * right-to-left override or a Cyrillic "а" in a Latin name: without these
 * rules six speakers can look exactly like "Bashar al-Jaafari", and a
 * statement can be filed under the wrong one.
 */

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Scripts that need ZERO WIDTH NON-JOINER / JOINER inside words: Persian
 * ("می‌خواهم"), Arabic-script languages, Syriac, N'Ko, Mongolian and the
 * Brahmic scripts of South and South-East Asia.
 */
const JOINING_SCRIPT =
  /[\p{Script_Extensions=Arabic}\p{Script_Extensions=Syriac}\p{Script_Extensions=Nko}\p{Script_Extensions=Mongolian}\p{Script_Extensions=Devanagari}\p{Script_Extensions=Bengali}\p{Script_Extensions=Gurmukhi}\p{Script_Extensions=Gujarati}\p{Script_Extensions=Oriya}\p{Script_Extensions=Tamil}\p{Script_Extensions=Telugu}\p{Script_Extensions=Kannada}\p{Script_Extensions=Malayalam}\p{Script_Extensions=Sinhala}\p{Script_Extensions=Khmer}\p{Script_Extensions=Myanmar}]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const LETTER = /\p{L}/u;
const JOINERS = new Set(['\u200C', '\u200D']);

/** Characters no name needs: controls, format characters (invisible, bidi), private use, broken surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
/** More combining marks on one letter than any written language stacks ("Zalgo" text hides the letters beneath). */
const MARK_RUN = /\p{M}{5,}/u;
const WHITESPACE = /\p{White_Space}+/gu;

/**
 * A name as stored: NFC, every run of Unicode whitespace (no-break space,
 * U+0085, ideographic space, tabs) one ASCII space, trimmed. Refuses (with
 * the offending code point) invisible and bidirectional format characters
 * (zero-width space, BOM, soft hyphen, U+200E/F, U+202A-E, U+2066-9),
 * control characters and private-use characters; ZWNJ and ZWJ only between
 * two letters of a script that uses them.
 */
export function nameText(field: string, value: string, max: number): string {
  // Not String#trim, which would quietly drop a byte-order mark that ought to be refused.
  const name = value.normalize('NFC').replace(WHITESPACE, ' ').replace(/^ | $/g, '');
  if (name === '') throw new BadUserInputError(`${field} must not be empty`, field);
  if (name.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters (got ${name.length})`, field);
  const chars = [...name];
  chars.forEach((char, index) => {
    if (!INVISIBLE.test(char)) return;
    if (JOINERS.has(char) && joinsLetters(chars[index - 1], chars[index + 1])) return;
    const what = JOINERS.has(char)
      ? 'is allowed only between two letters of a script that needs it (such as Persian)'
      : 'is an invisible, control or direction-changing character';
    throw new BadUserInputError(`${field} holds ${codePoint(char)}, which ${what}: names must look like what they are`, field, {
      codePoint: codePoint(char),
      position: index,
    });
  });
  if (MARK_RUN.test(name)) throw new BadUserInputError(`${field} stacks too many combining marks on one letter`, field);
  return name;
}

function joinsLetters(before: string | undefined, after: string | undefined): boolean {
  return (
    before !== undefined &&
    after !== undefined &&
    LETTER_OR_MARK.test(before) &&
    LETTER.test(after) &&
    JOINING_SCRIPT.test(before) &&
    JOINING_SCRIPT.test(after)
  );
}

export function optionalNameText(field: string, value: string | null | undefined, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.replace(WHITESPACE, '') === '') return null;
  return nameText(field, value, max);
}

/**
 * Letters that look like Latin letters, from Cyrillic and Greek (both
 * cases), and spellings of one letter that differ only in form across
 * Arabic-script languages (Arabic and Persian yeh and kaf).
 */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', е: 'e', ё: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd',
  ԛ: 'q', ԝ: 'w', ӏ: 'l', к: 'k',
  А: 'a', В: 'b', Е: 'e', Ё: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', У: 'y', Х: 'x',
  Ѕ: 's', І: 'i', Ї: 'i', Ј: 'j', Һ: 'h', Ԁ: 'd', Ԛ: 'q', Ԝ: 'w', Ӏ: 'l',
  // Greek
  α: 'a', ο: 'o', ρ: 'p', ι: 'i', ν: 'v', υ: 'u', κ: 'k', γ: 'y',
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  // Latin letters that do not decompose
  ı: 'i', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ø: 'o', Ø: 'o', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ħ: 'h',
  // Arabic script: the Arabic and Persian forms of yeh and kaf
  'ي': 'ی', 'ى': 'ی', 'ك': 'ک',
  // Punctuation inside names
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u2018': "'", '\u2019': "'", '\u02BC': "'", '`': "'", '\u00B4': "'",
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');

/**
 * What a name looks like, for comparing names: compatibility forms folded
 * ("ｆｕｌｌ", "𝐁old"), diacritics and joiners dropped, look-alike letters
 * mapped to Latin, case folded. "Sergueï Lavrov" and "Sergueï LAVROV" share
 * one; so do "Bashar al-Jaafari" and its Cyrillic-"а" twin.
 */
export function nameSkeleton(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\p{M}\u200C\u200D]/gu, '')
    .replace(CONFUSABLE, (char) => CONFUSABLES[char]!)
    .toLowerCase()
    .replace(CONFUSABLE, (char) => CONFUSABLES[char]!)
    .replace(WHITESPACE, ' ')
    .trim();
}

/** Letters' scripts that readers would take for one another within a word. */
const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

/**
 * A word whose letters come from more than one of the scripts that look
 * alike (Latin, Cyrillic, Greek...), such as "Jааfari" with Cyrillic а: the
 * mark of a forged look-alike, never of a real name. Returns the word and
 * its scripts, or undefined.
 */
export function mixedScriptWord(name: string): { word: string; scripts: string[] } | undefined {
  for (const word of name.split(/[\s\-‐'’.]+/u)) {
    const scripts = SCRIPTS.filter(([, pattern]) => pattern.test(word)).map(([script]) => script);
    if (scripts.length > 1) return { word, scripts };
  }
  return undefined;
}
