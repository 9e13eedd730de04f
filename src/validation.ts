import { BadUserInputError } from './errors.js';
import { parseAddress, refusedRange } from './modules/webhooks/webhook.address.js';

/**
 * Input checks shared by every module. Each names the offending field so a
 * newsroom tool can point its user at it, and each returns the normalised
 * value (trimmed text, canonical language tag, upper-case country code).
 */

/**
 * C0 and C1 control characters other than tab, newline and carriage return:
 * PostgreSQL refuses NUL in text outright, and the rest (escape sequences,
 * U+0085 NEXT LINE) are no part of what anyone writes.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Free text (statements, quotes, rationales, notes): trimmed and in NFC, so
 * that the same words typed on two keyboards are stored, searched and
 * compared alike.
 */
export function requiredText(field: string, value: string, max: number): string {
  const text = value.trim();
  if (text === '') throw new BadUserInputError(`${field} must not be empty`, field);
  return checkText(field, text, max);
}

/** undefined stays undefined (not given); null or blank becomes null (cleared). */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  return checkText(field, value.trim(), max);
}

/** Half of a UTF-16 surrogate pair without the other half: not text, and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored or searched as text, or undefined when it can. */
export function unsafeTextReason(text: string): string | undefined {
  const control = CONTROL_CHARS.exec(text);
  if (control) return `must not contain control characters (found U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (found half of a surrogate pair)';
  return undefined;
}

/**
 * A whole value in angle brackets, "<why the evidence leads to this
 * rating>": how templates (the playground's tabs among them) mark what must
 * be written before sending. Stored, it would be a permanent record saying
 * nothing.
 */
const PLACEHOLDER = /^<[^<>]*\p{L}[^<>]*>$/u;

function placeholderError(field: string, text: string): BadUserInputError {
  return new BadUserInputError(`${field} is still a placeholder (${text.slice(0, 80)}): replace every <...> with your own words`, field, { placeholder: true });
}

function checkText(field: string, text: string, max: number): string {
  const unsafe = unsafeTextReason(text);
  if (unsafe) throw new BadUserInputError(`${field} ${unsafe}`, field);
  if (PLACEHOLDER.test(text)) throw placeholderError(field, text);
  const normal = text.normalize('NFC');
  if (normal.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters (got ${normal.length})`, field);
  return normal;
}

/** A search or filter string: whitespace folded, not empty, not over `max`, safe to send to the database. */
export function searchText(field: string, value: string, max: number): string {
  const text = value.replace(/\s+/g, ' ').trim();
  if (text === '') throw new BadUserInputError(`${field} must not be empty`, field);
  return checkText(field, text, max);
}

export function httpUrl(field: string, value: string): string {
  const raw = value.trim();
  if (raw.length > 2048) throw new BadUserInputError(`${field} must be at most 2048 characters`, field);
  if (PLACEHOLDER.test(raw)) throw placeholderError(field, raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadUserInputError(`${field} must be an absolute http(s) URL (got "${raw.slice(0, 100)}")`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadUserInputError(`${field} must use http or https (got "${url.protocol}")`, field);
  }
  if (url.username || url.password) throw new BadUserInputError(`${field} must not contain credentials`, field);
  return url.toString();
}

/** Top-level names that never reach a public page (RFC 2606, RFC 6761, RFC 6762, ICANN's .internal). */
const PRIVATE_TLDS = new Set(['localhost', 'local', 'internal', 'invalid', 'test', 'lan', 'intranet', 'corp', 'home', 'arpa']);
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A link a reader must be able to follow (evidence): an http(s) URL whose
 * host is a name with a plausible top-level domain, or a public IP address.
 * "http://a", "https://..." and intranet names are refused; loopback,
 * private and other special-purpose addresses and names only when the
 * operator allows them (`allowPrivate`, for closed newsroom networks).
 */
export function publicUrl(field: string, value: string, { allowPrivate = false }: { allowPrivate?: boolean } = {}): string {
  const normal = httpUrl(field, value);
  // The URL parser has already folded "2130706433" and "0x7f.1" into dotted decimal and lower-cased the name.
  const host = new URL(normal).hostname.replace(/^\[|\]$/g, '');
  const refuse = (why: string): never => {
    throw new BadUserInputError(`${field} must link to a public web page: ${why} (got "${value.trim().slice(0, 100)}")`, field);
  };
  if (parseAddress(host)) {
    const refused = refusedRange(host);
    if (refused && !allowPrivate) refuse(`the address ${host} is ${refused}`);
    return normal;
  }
  const labels = host.replace(/\.$/, '').split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) refuse(`the host "${host}" is not a full domain name such as example.org`);
  const tld = labels[labels.length - 1]!;
  if (!TLD.test(tld)) refuse(`"${tld}" is not a top-level domain`);
  if (PRIVATE_TLDS.has(tld) && !allowPrivate) refuse(`".${tld}" names are not on the public internet`);
  return normal;
}

export function optionalHttpUrl(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  return httpUrl(field, value);
}

/** A BCP 47 language tag, in canonical form ("EN-gb" becomes "en-GB"). */
export function languageTag(field: string, value: string): string {
  const raw = value.trim();
  if (raw === '' || raw.length > 35) throw new BadUserInputError(`${field} must be a BCP 47 language tag such as "en" or "ar-SY"`, field);
  try {
    const [canonical] = Intl.getCanonicalLocales(raw);
    if (canonical) return canonical;
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError(`${field} must be a BCP 47 language tag such as "en" or "ar-SY" (got "${raw}")`, field);
}

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes. Written out because
 * Intl's region list also holds codes that are not countries ("EU", "UN",
 * "ZZ", "UK" for GB, withdrawn codes such as "SU").
 */
const ISO_3166_1_ALPHA_2: ReadonlySet<string> = new Set(
  (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ ' +
  'BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR ' +
  'CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ' +
  'ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ ' +
  'LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
  'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
  'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI ' +
  'SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR ' +
  'TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** An ISO 3166-1 alpha-2 country code, upper-cased. */
export function countryCode(field: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!ISO_3166_1_ALPHA_2.has(code)) {
    throw new BadUserInputError(`${field} must be an ISO 3166-1 alpha-2 country code such as "SY" or "QA" (got "${value.trim().slice(0, 20)}")`, field);
  }
  return code;
}

const EARLIEST = Date.UTC(1800, 0, 1);
/** Clocks differ across newsrooms and time zones; a day of slack is not a claim from the future. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** A date something was said or published: not in the future, not absurdly old. */
export function pastDate(field: string, value: Date | null | undefined, now = Date.now()): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const time = value.getTime();
  if (Number.isNaN(time)) throw new BadUserInputError(`${field} is not a valid date`, field);
  if (time < EARLIEST) throw new BadUserInputError(`${field} must not be before 1800-01-01`, field);
  if (time > now + FUTURE_SLACK_MS) throw new BadUserInputError(`${field} must not be in the future`, field);
  return value;
}

export function slug(field: string, value: string): string {
  const text = value.trim();
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text) || text.length > 64) {
    throw new BadUserInputError(
      `${field} must be 1 to 64 lower-case letters, digits and single hyphens, such as "al-jazeera" (got "${text.slice(0, 80)}")`,
      field,
    );
  }
  return text;
}

export function positiveInt(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new BadUserInputError(`${field} must be a positive whole number`, field);
  return value;
}
