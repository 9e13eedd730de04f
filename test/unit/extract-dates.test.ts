import { describe, expect, it } from 'vitest';
import { dateOf, isDateToken, skipTimeForward, timePhraseStart } from '../../src/modules/ingest/extract-dates.js';
import { indexOf, PUBLISHED, unitOf } from '../support/extract.js';

describe('dates stage: the words that date a statement, and the day they name', () => {
  it('weekdays, months and time words are date words; other words are not', () => {
    const tokens = unitOf('The harbour master said yesterday that the ferry left on Friday in May.').tokens;
    expect(tokens.filter(isDateToken).map((t) => t.text)).toEqual(expect.arrayContaining(['yesterday', 'Friday', 'May']));
    expect(isDateToken(tokens[indexOf(tokens, 'ferry')]!)).toBe(false);
  });

  it('a time phrase is read forward from its lead ("late on Monday") and back from its last word', () => {
    const tokens = unitOf('The mayor spoke late on Monday about the flood.').tokens;
    const into: typeof tokens = [];
    const lead = indexOf(tokens, 'late');
    expect(skipTimeForward(tokens, lead, tokens.length, into)).toBe(indexOf(tokens, 'about'));
    expect(into.map((t) => t.text)).toEqual(['late', 'on', 'Monday']);
    expect(timePhraseStart(tokens, indexOf(tokens, 'Monday'), 0)).toBe(lead);
    // A word that is no date word starts no time phrase.
    expect(skipTimeForward(tokens, indexOf(tokens, 'about'), tokens.length, [])).toBe(indexOf(tokens, 'about'));
    expect(timePhraseStart(tokens, indexOf(tokens, 'flood'), 0)).toBe(-1);
  });

  it('date words resolve against the publication day (a weekday to the last one); none give no day', () => {
    const tokens = unitOf('He said on Monday.').tokens.filter((t) => ['on', 'Monday'].includes(t.text));
    expect(dateOf(PUBLISHED, tokens)?.toISOString().slice(0, 10)).toBe('2025-03-10');
    const yesterday = unitOf('She said yesterday.').tokens.filter((t) => t.text === 'yesterday');
    expect(dateOf(PUBLISHED, yesterday)?.toISOString().slice(0, 10)).toBe('2025-03-11');
    expect(dateOf(PUBLISHED, [])).toBeNull();
  });
});
