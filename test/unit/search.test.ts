import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../src/errors.js';
import { MAX_OPERATORS, searchPlan } from '../../src/modules/search/search.plan.js';
import { fuzzyWords } from '../../src/search.js';

describe('fuzzyWords', () => {
  it('keeps the words long enough for trigram matching, once each, lower-cased', () => {
    expect(fuzzyWords("Syria's foreign MINISTERY of Syria")).toEqual(['syria', 'foreign', 'ministery']);
    expect(fuzzyWords('US to act')).toEqual([]);
    expect(fuzzyWords('دمشق الحكومة')).toEqual(['دمشق', 'الحكومة']);
  });

  it('stands aside when the query uses web-search operators', () => {
    expect(fuzzyWords('"new Hollywood plot"')).toEqual([]);
    expect(fuzzyWords('Geneva -Astana')).toEqual([]);
    expect(fuzzyWords('Geneva or Astana')).toEqual([]);
    // A hyphen inside a word is not an operator.
    expect(fuzzyWords('de-escalation zones')).toEqual(['escalation', 'zones']);
  });

  it('bounds the number of words', () => {
    expect(fuzzyWords('alpha bravo charlie delta echos foxtrot golf hotel india juliett')).toHaveLength(8);
  });
});

describe('searchPlan with web-search operators', () => {
  const selects = (sql: { sql: string }) => sql.sql.match(/\bSELECT\b/g)!.length;

  it('asks the same number of look-ups of the database for one phrase or thirty', () => {
    // Each sub-select is a join the planner orders: one per term made forty
    // phrases take seconds to plan.
    const one = searchPlan('"ceasefire talks" geneva');
    const many = searchPlan(Array.from({ length: 30 }, (_, i) => `"phrase number${i}"`).join(' ') + ' geneva');
    expect(selects(many.matches)).toBe(selects(one.matches));
    const excluded = searchPlan('geneva ' + Array.from({ length: 30 }, (_, i) => `-word${i}`).join(' '));
    expect(selects(excluded.matches)).toBe(selects(searchPlan('geneva -word').matches));
  });

  it('refuses more operators than it allows, naming the field', () => {
    const phrases = (n: number) => Array.from({ length: n }, (_, i) => `"w${i}"`).join(' ');
    expect(() => searchPlan(phrases(MAX_OPERATORS))).not.toThrow();
    expect(() => searchPlan(phrases(MAX_OPERATORS + 1), { field: 'filter.search' })).toThrow(BadUserInputError);
    expect(() => searchPlan(phrases(MAX_OPERATORS + 1), { field: 'filter.search' })).toThrow(/filter\.search uses 33 operators/);
    // `or` separates alternatives, and each counts.
    expect(() => searchPlan(Array.from({ length: MAX_OPERATORS + 2 }, (_, i) => `"w${i}"`).join(' or '))).toThrow(BadUserInputError);
    // Without operators a text of any number of words is plain words.
    expect(() => searchPlan(phrases(MAX_OPERATORS + 1), { operators: false })).not.toThrow();
  });

  it('takes blank phrases as no condition at all', () => {
    expect(() => searchPlan('"'.repeat(5000))).not.toThrow();
    expect(searchPlan('"" "" geneva').required).toBeNull();
  });
});
