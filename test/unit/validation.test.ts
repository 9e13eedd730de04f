import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../src/errors.js';
import { fromGlobalId, parseGlobalId, toGlobalId } from '../../src/ids.js';
import { decodeCursor, encodeCursor, pageRequest } from '../../src/pagination.js';
import { countryCode, httpUrl, languageTag, optionalText, pastDate, requiredText, slug } from '../../src/validation.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).details.field as string;
  }
  throw new Error('expected a BadUserInputError');
}

describe('text', () => {
  it('trims, and refuses blank, over-long and control characters', () => {
    expect(requiredText('f', '  hi  ', 10)).toBe('hi');
    expect(fieldOf(() => requiredText('f', ' \n ', 10))).toBe('f');
    expect(fieldOf(() => requiredText('f', 'x'.repeat(11), 10))).toBe('f');
    expect(fieldOf(() => requiredText('f', 'a\u0000b', 10))).toBe('f');
    expect(requiredText('f', 'line\nbreak\ttab', 20)).toBe('line\nbreak\ttab');
    expect(requiredText('f', 'دمشق ✓ 日本', 20)).toBe('دمشق ✓ 日本');
  });

  it('tells "not given" from "cleared"', () => {
    expect(optionalText('f', undefined, 5)).toBeUndefined();
    expect(optionalText('f', null, 5)).toBeNull();
    expect(optionalText('f', '   ', 5)).toBeNull();
  });
});

describe('urls, languages, countries, slugs, dates', () => {
  it('accepts http(s) URLs only', () => {
    expect(httpUrl('u', ' https://sana.sy/en/?p=1 ')).toBe('https://sana.sy/en/?p=1');
    for (const bad of ['javascript:alert(1)', 'sana.sy', 'ftp://x.y/z', 'https://user:pw@x.y/', 'http://' + 'a'.repeat(2050)]) {
      expect(fieldOf(() => httpUrl('u', bad))).toBe('u');
    }
  });

  it('canonicalises BCP 47 tags', () => {
    expect(languageTag('l', 'EN-gb')).toBe('en-GB');
    expect(languageTag('l', 'ar')).toBe('ar');
    expect(fieldOf(() => languageTag('l', 'english please'))).toBe('l');
    expect(fieldOf(() => languageTag('l', ''))).toBe('l');
  });

  it('knows real ISO 3166-1 alpha-2 codes', () => {
    expect(countryCode('c', 'sy')).toBe('SY');
    expect(countryCode('c', 'QA')).toBe('QA');
    for (const bad of ['XX', 'SYR', 'S', '12']) expect(fieldOf(() => countryCode('c', bad))).toBe('c');
  });

  it('takes slugs of lower-case words and single hyphens', () => {
    expect(slug('s', 'al-jazeera')).toBe('al-jazeera');
    for (const bad of ['Al-Jazeera', '-afp', 'afp-', 'a--b', 'a b', '', 'x'.repeat(65)]) expect(fieldOf(() => slug('s', bad))).toBe('s');
  });

  it('refuses dates in the future or before 1800, allowing a day of clock skew', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(pastDate('d', new Date(now + 3_600_000), now)).toBeInstanceOf(Date);
    expect(fieldOf(() => pastDate('d', new Date(now + 2 * 86_400_000), now))).toBe('d');
    expect(fieldOf(() => pastDate('d', new Date(Date.UTC(1799, 11, 31)), now))).toBe('d');
    expect(pastDate('d', null, now)).toBeNull();
  });
});

describe('global IDs', () => {
  const uuid = '0190a5b2-1c3d-7e4f-8a5b-6c7d8e9f0a1b';

  it('round-trip and carry their type', () => {
    const id = toGlobalId('Statement', uuid);
    expect(id).not.toContain(uuid);
    expect(parseGlobalId(id)).toEqual({ type: 'Statement', id: uuid });
    expect(fromGlobalId('Statement', id, 'id')).toBe(uuid);
  });

  it('refuse garbage and IDs of another type', () => {
    expect(parseGlobalId('garbage!')).toBeUndefined();
    expect(parseGlobalId(Buffer.from(`Nope:${uuid}`).toString('base64url'))).toBeUndefined();
    expect(parseGlobalId(Buffer.from('Statement:not-a-uuid').toString('base64url'))).toBeUndefined();
    expect(fieldOf(() => fromGlobalId('Speaker', toGlobalId('Statement', uuid), 'speakerId'))).toBe('speakerId');
  });
});

describe('cursors and page requests', () => {
  const isKey = (v: unknown): v is { id: string } => !!v && typeof (v as { id?: unknown }).id === 'string';
  const limits = { defaultPageSize: 20, maxPageSize: 100 };

  it('round-trip an opaque key', () => {
    const cursor = encodeCursor({ id: 'abc' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, isKey)).toEqual({ id: 'abc' });
  });

  it('refuse tampered or foreign cursors', () => {
    expect(fieldOf(() => decodeCursor('not a cursor', isKey))).toBe('after');
    expect(fieldOf(() => decodeCursor(Buffer.from('{"id":"x"}').toString('base64url'), isKey))).toBe('after');
    expect(fieldOf(() => decodeCursor(encodeCursor({ other: 1 }), isKey))).toBe('after');
  });

  it('apply the default and the maximum page size', () => {
    expect(pageRequest({}, limits, isKey)).toEqual({ first: 20, after: undefined });
    expect(pageRequest({ first: 0 }, limits, isKey).first).toBe(0);
    expect(pageRequest({ first: 100 }, limits, isKey).first).toBe(100);
    expect(fieldOf(() => pageRequest({ first: 101 }, limits, isKey))).toBe('first');
    expect(fieldOf(() => pageRequest({ first: -1 }, limits, isKey))).toBe('first');
  });
});
