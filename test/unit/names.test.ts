import { describe, expect, it } from 'vitest';
import { mixedScriptWord, nameSkeleton, nameText } from '../../src/names.js';
import { webSearchTerms } from '../../src/search.js';

describe('nameSkeleton', () => {
  it('gives look-alikes of one name one skeleton', () => {
    const skeleton = nameSkeleton('Bashar al-Jaafari');
    for (const twin of ['BASHAR AL-JAAFARI', 'Bashâr al-Jaafari', 'B\u0430shar al-Ja\u0430fari', 'Ｂａｓｈａｒ al‐Jaafari', 'Βashar al-Jaafari']) {
      expect(nameSkeleton(twin), twin).toBe(skeleton);
    }
  });

  it('tells different names apart', () => {
    expect(nameSkeleton('Bashar al-Jaafari')).not.toBe(nameSkeleton('Bashir al-Jaafari'));
    expect(nameSkeleton('Пётр')).not.toBe(nameSkeleton('Лётр'));
  });

  it('folds the Arabic and Persian forms of yeh and kaf, and harakat', () => {
    expect(nameSkeleton('علي')).toBe(nameSkeleton('علی'));
    expect(nameSkeleton('كريم')).toBe(nameSkeleton('کریم'));
    expect(nameSkeleton('مُحَمَّد')).toBe(nameSkeleton('محمد'));
  });
});

describe('mixedScriptWord', () => {
  it('finds a word mixing Latin and Cyrillic, and only that', () => {
    expect(mixedScriptWord('J\u0430afari')).toEqual({ word: 'J\u0430afari', scripts: ['Latin', 'Cyrillic'] });
    expect(mixedScriptWord('Владимир Putin')).toBeUndefined();
    expect(mixedScriptWord('岸田 文雄')).toBeUndefined();
  });
});

describe('nameText', () => {
  it('keeps ZWNJ between Persian letters and refuses it elsewhere', () => {
    expect(nameText('name', 'ظریف\u200Cزاده', 200)).toBe('ظریف\u200Cزاده');
    expect(() => nameText('name', 'Mo\u200Chammad', 200)).toThrow(/U\+200C/);
  });

  it('refuses a leading byte-order mark rather than trimming it', () => {
    expect(() => nameText('name', '\uFEFFName', 200)).toThrow(/U\+FEFF/);
  });
});

describe('webSearchTerms', () => {
  it('reads phrases, exclusions and "or" as websearch_to_tsquery does', () => {
    expect(webSearchTerms('"sad cat" -crab or fat rat')).toEqual([
      [
        { text: 'sad cat', phrase: true, negated: false },
        { text: 'crab', phrase: false, negated: true },
      ],
      [
        { text: 'fat', phrase: false, negated: false },
        { text: 'rat', phrase: false, negated: false },
      ],
    ]);
  });

  it('makes plain words of runs of operators', () => {
    expect(webSearchTerms('-'.repeat(50))).toEqual([]);
    expect(webSearchTerms('-- word')).toEqual([[{ text: 'word', phrase: false, negated: false }]]);
    expect(webSearchTerms('or or')).toEqual([]);
    expect(webSearchTerms('- - -')).toEqual([[{ text: '-', phrase: false, negated: false }, { text: '-', phrase: false, negated: false }, { text: '-', phrase: false, negated: false }]]);
  });

  it('leaves out phrases and exclusions of no word, which have nothing to look for', () => {
    expect(webSearchTerms('"'.repeat(80))).toEqual([]);
    expect(webSearchTerms('"" "--" -"!" talks')).toEqual([[{ text: 'talks', phrase: false, negated: false }]]);
    expect(webSearchTerms('"ceasefire talks" -"" -\u00e9t\u00e9')).toEqual([
      [
        { text: 'ceasefire talks', phrase: true, negated: false },
        { text: '\u00e9t\u00e9', phrase: false, negated: true },
      ],
    ]);
  });
});
