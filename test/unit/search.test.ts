import { describe, expect, it } from 'vitest';
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
