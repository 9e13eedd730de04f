import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { RATING_SCALE } from '../../src/modules/claimreview/claimreview.build.js';
import {
  DEFAULT_RATINGS,
  FINDING_STATUSES,
  normaliseRating,
  parseCustomRatings,
  RatingTable,
  stanceFor,
  statusFromNumber,
} from '../../src/modules/claimreview/claimreview.ratings.js';
import { ratingTableFor, readRatingsFile } from '../../src/modules/claimreview/claimreview.service.js';
import { createServices } from '../../src/services.js';

const table = new RatingTable();

describe('the default rating table', () => {
  it.each([
    ['True', 'TRUE'],
    ['Correct', 'TRUE'],
    ['Accurate', 'TRUE'],
    ['Mostly True', 'MOSTLY_TRUE'],
    ['Mostly Correct', 'MOSTLY_TRUE'],
    ['Half True', 'MIXED'],
    ['Mixture', 'MIXED'],
    ['Mixed', 'MIXED'],
    ['Partly True', 'MIXED'],
    ['Partly False', 'MIXED'],
    ['Misleading', 'MISLEADING'],
    ['Missing Context', 'MISLEADING'],
    ['Out of Context', 'MISLEADING'],
    ['Distorts the Facts', 'MISLEADING'],
    ['Mostly False', 'MOSTLY_FALSE'],
    ['False', 'FALSE'],
    ['Incorrect', 'FALSE'],
    ['Pants on Fire', 'FALSE'],
    ['Fake', 'FALSE'],
    ['Four Pinocchios', 'FALSE'],
    ['Unproven', 'UNPROVEN'],
    ['Unverified', 'UNPROVEN'],
    ['Unsupported', 'UNPROVEN'],
    ['No Evidence', 'UNPROVEN'],
  ])('maps "%s" to %s', (text, status) => {
    expect(DEFAULT_RATINGS[text]).toBe(status);
    expect(table.lookup(text)).toBe(status);
  });

  it('maps only to findings', () => {
    for (const status of Object.values(DEFAULT_RATINGS)) expect(FINDING_STATUSES).toContain(status);
  });

  it('reads back every label the export publishes as the status it was published from', () => {
    for (const [status, { alternateName }] of Object.entries(RATING_SCALE)) {
      expect(table.map({ alternateName })).toEqual({ status, via: 'text' });
    }
  });

  it('does not treat work in progress as a finding', () => {
    expect(table.lookup('Research in progress')).toBeUndefined();
    expect(table.map({ alternateName: 'Research in progress' })).toBeUndefined();
  });
});

describe('normalisation', () => {
  it('ignores case, surrounding blanks, punctuation and repeated spaces', () => {
    expect(normaliseRating('  Pants on Fire!  ')).toBe('pants on fire');
    expect(normaliseRating('PANTS-ON-FIRE')).toBe('pants on fire');
    expect(normaliseRating('Mostly   true.')).toBe('mostly true');
    expect(normaliseRating('"False"')).toBe('false');
  });

  it.each([' pants on fire! ', 'PANTS ON FIRE', 'Pants-on-Fire', 'pants, on fire…'])('maps "%s" like "Pants on Fire"', (text) => {
    expect(table.lookup(text)).toBe('FALSE');
  });

  it('keeps letters outside ASCII, so other languages can be added', () => {
    expect(normaliseRating('Engañoso')).toBe('engañoso');
  });
});

describe('the numeric fallback', () => {
  it.each([
    [1, 'FALSE'],
    [2, 'MOSTLY_FALSE'],
    [3, 'MIXED'],
    [4, 'MOSTLY_TRUE'],
    [5, 'TRUE'],
  ])('places %s on a 1 to 5 scale as %s', (value, status) => {
    expect(statusFromNumber(value, 5, 1)).toBe(status);
  });

  it('normalises other scales between worstRating and bestRating', () => {
    expect(statusFromNumber(0, 10, 0)).toBe('FALSE');
    expect(statusFromNumber(5, 10, 0)).toBe('MIXED');
    expect(statusFromNumber(10, 10, 0)).toBe('TRUE');
    expect(statusFromNumber(8, 10, 0)).toBe('MOSTLY_TRUE');
    expect(statusFromNumber(0.2, 1, 0)).toBe('MOSTLY_FALSE');
  });

  it('handles scales where the best rating is the lowest number', () => {
    expect(statusFromNumber(1, 1, 5)).toBe('TRUE');
    expect(statusFromNumber(5, 1, 5)).toBe('FALSE');
  });

  it('gives nothing for values outside the scale or an empty scale', () => {
    expect(statusFromNumber(-1, 5, 1)).toBeUndefined();
    expect(statusFromNumber(6, 5, 1)).toBeUndefined();
    expect(statusFromNumber(3, 3, 3)).toBeUndefined();
    expect(statusFromNumber(Number.NaN, 5, 1)).toBeUndefined();
  });

  it('is used only when the text is missing or unknown', () => {
    expect(table.map({ alternateName: 'Misleading', ratingValue: 5, bestRating: 5, worstRating: 1 })).toEqual({ status: 'MISLEADING', via: 'text' });
    expect(table.map({ alternateName: 'Baloney', ratingValue: 2, bestRating: 5, worstRating: 1 })).toEqual({ status: 'MOSTLY_FALSE', via: 'number' });
    expect(table.map({ ratingValue: 5, bestRating: 5, worstRating: 1 })).toEqual({ status: 'TRUE', via: 'number' });
  });

  it('needs all three numbers', () => {
    expect(table.map({ ratingValue: 5, bestRating: 5 })).toBeUndefined();
    expect(table.map({ ratingValue: 5 })).toBeUndefined();
  });
});

describe('unknown ratings', () => {
  it('map to nothing', () => {
    expect(table.lookup('Baloney')).toBeUndefined();
    expect(table.map({ alternateName: 'Baloney' })).toBeUndefined();
    expect(table.map({ alternateName: 'Baloney', ratingValue: 9, bestRating: 5, worstRating: 1 })).toBeUndefined();
    expect(table.map({})).toBeUndefined();
  });
});

describe('custom entries', () => {
  it('add ratings, normalised like the defaults', () => {
    const custom = new RatingTable({ Baloney: 'FALSE', 'Needs more context': 'MISLEADING' });
    expect(custom.lookup('baloney!')).toBe('FALSE');
    expect(custom.lookup('NEEDS MORE CONTEXT')).toBe('MISLEADING');
    expect(custom.lookup('Pants on Fire')).toBe('FALSE');
  });

  it('win over the defaults', () => {
    expect(new RatingTable({ mixture: 'MISLEADING' }).lookup('Mixture')).toBe('MISLEADING');
  });

  it('are checked: statuses in any case, only findings, no contradictions', () => {
    expect(parseCustomRatings({ Baloney: 'false', ' Whopper ': ' FALSE ' }, 'r.json')).toEqual({ Baloney: 'FALSE', ' Whopper ': 'FALSE' });
    expect(() => parseCustomRatings({ Baloney: 'WRONG' }, 'r.json')).toThrow(ConfigError);
    expect(() => parseCustomRatings({ Baloney: 'WRONG' }, 'r.json')).toThrow(/CLAIMREVIEW_RATINGS_FILE \(r\.json\): "Baloney" maps to "WRONG"/);
    expect(() => parseCustomRatings({ Pending: 'IN_REVIEW' }, 'r.json')).toThrow(/not one of TRUE, MOSTLY_TRUE/);
    expect(() => parseCustomRatings({ Baloney: 1 }, 'r.json')).toThrow(ConfigError);
    expect(() => parseCustomRatings({ '!!!': 'FALSE' }, 'r.json')).toThrow(/no letters or digits/);
    expect(() => parseCustomRatings({ Baloney: 'FALSE', 'baloney!': 'TRUE' }, 'r.json')).toThrow(/same rating but map to FALSE and TRUE/);
    expect(() => parseCustomRatings(['Baloney'], 'r.json')).toThrow(/must hold a JSON object/);
    expect(() => parseCustomRatings('FALSE', 'r.json')).toThrow(/must hold a JSON object/);
  });

  it('lists every problem at once', () => {
    try {
      parseCustomRatings({ A: 'X', B: 'Y', C: 'TRUE' }, 'r.json');
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});

describe('CLAIMREVIEW_RATINGS_FILE', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ratings-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds its entries to the table', async () => {
    const file = path.join(dir, 'good.json');
    await writeFile(file, JSON.stringify({ Baloney: 'FALSE', 'Cherry-picked': 'MISLEADING' }));
    expect(readRatingsFile(file)).toEqual({ Baloney: 'FALSE', 'Cherry-picked': 'MISLEADING' });
    const custom = ratingTableFor(file);
    expect(custom.lookup('baloney')).toBe('FALSE');
    expect(custom.lookup('cherry picked')).toBe('MISLEADING');
    expect(custom.lookup('Mostly false')).toBe('MOSTLY_FALSE');
  });

  it('stops start-up when missing, not JSON, or wrong', async () => {
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{ "Baloney": ');
    const wrong = path.join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify({ Baloney: 'NONSENSE' }));
    expect(() => readRatingsFile(path.join(dir, 'absent.json'))).toThrow(/CLAIMREVIEW_RATINGS_FILE .*absent\.json\) cannot be read/);
    expect(() => readRatingsFile(broken)).toThrow(/is not valid JSON/);
    for (const file of [path.join(dir, 'absent.json'), broken, wrong]) {
      const config = parseConfig({ NODE_ENV: 'test', CLAIMREVIEW_RATINGS_FILE: file });
      // The services are built once at start-up; a bad file fails there, before any request.
      expect(() => createServices({} as never, config)).toThrow(ConfigError);
    }
  });
});

describe('evidence stance of an imported review', () => {
  it('supports true-ish claims, refutes false-ish ones, gives context otherwise', () => {
    expect(FINDING_STATUSES.map((s) => [s, stanceFor(s)])).toEqual([
      ['TRUE', 'SUPPORTS'],
      ['MOSTLY_TRUE', 'SUPPORTS'],
      ['MIXED', 'CONTEXT'],
      ['MISLEADING', 'REFUTES'],
      ['MOSTLY_FALSE', 'REFUTES'],
      ['FALSE', 'REFUTES'],
      ['UNPROVEN', 'CONTEXT'],
    ]);
  });
});
