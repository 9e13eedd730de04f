import { describe, expect, it } from 'vitest';
import { align, ALIGN_MAX_WORDS } from '../../src/modules/fidelity/fidelity.align.js';
import { compareWording } from '../../src/modules/fidelity/fidelity.classify.js';
import { changesOf } from '../../src/modules/fidelity/fidelity.rules.js';
import { words } from '../../src/modules/fidelity/fidelity.tokens.js';

const hunkOf = (said: string, carried: string) => {
  const { hunks } = align(words(said), words(carried));
  expect(hunks).toHaveLength(1);
  return hunks[0]!;
};
const kinds = (said: string, carried: string) => changesOf(hunkOf(said, carried)).map((c) => c.kind);

describe('wording stage 1: words', () => {
  it('folds case, curly apostrophes and thousands separators, and keeps the spelling written', () => {
    const ws = words('The ministry’s count: 1,200 Families.');
    expect(ws.map((w) => w.key)).toEqual(["the", "ministry's", 'count', '1200', 'families']);
    expect(ws.map((w) => w.text)).toEqual(['The', 'ministry’s', 'count', '1,200', 'Families']);
  });

  it('marks capitals inside a sentence, not at its start or after a quotation mark', () => {
    const ws = words('Aid reached Homs. Trucks left "Today," he said');
    expect(ws.filter((w) => w.capitalised).map((w) => w.text)).toEqual(['Homs']);
  });
});

describe('wording stage 2: alignment', () => {
  it('finds the words both share and the hunks between them', () => {
    const { shared, hunks } = align(words('we did not order the strike'), words('we ordered the strike'));
    expect(shared).toBe(3);
    expect(hunks.map((h) => [h.said.map((w) => w.text), h.carried.map((w) => w.text)])).toEqual([[['did', 'not', 'order'], ['ordered']]]);
  });

  it('compares texts past the word limit as one hunk instead of building a table of their size', () => {
    const long = Array.from({ length: ALIGN_MAX_WORDS + 1 }, (_, i) => `w${i}`).join(' ');
    const { shared, hunks } = align(words(long), words(long));
    expect(shared).toBe(0);
    expect(hunks).toHaveLength(1);
  });
});

describe('wording stage 3: rules', () => {
  it('negation: dropped or added, not a contraction of the same one', () => {
    expect(kinds('it has not stopped', 'it has stopped')).toEqual(['NEGATION']);
    expect(kinds('it has stopped', 'it has never stopped')).toEqual(['NEGATION']);
    expect(kinds('we did not see', "we didn't see")).toEqual(['REWORDED']);
  });

  it('numbers: changed or added fires; left out is a trim', () => {
    expect(kinds('twelve were hurt', 'twenty were hurt')).toEqual(['NUMBER']);
    expect(kinds('food for families', 'food for 500 families')).toEqual(['NUMBER']);
    expect(kinds('we lost four soldiers', 'we lost soldiers')).toEqual(['DROPPED']);
  });

  it('dates: weekdays, months, years and relative days; "may" is a month only with its capital', () => {
    expect(kinds('the vote is on Sunday', 'the vote is on Monday')).toEqual(['DATE']);
    expect(kinds('they travel in May', 'they travel in June')).toEqual(['DATE']);
    expect(kinds('it may rain', 'it will rain')).toEqual(['HEDGE']);
  });

  it('names: a capitalised name replaced by another', () => {
    expect(kinds('sent from Odessa', 'sent from Istanbul')).toEqual(['NAME']);
    expect(kinds('sent from the port', 'sent from the harbour')).toEqual(['REWORDED']);
  });

  it('hedges removed or added, intensifiers added, each saying which words fired', () => {
    const [hedge] = changesOf(hunkOf('it may have been fired by mistake', 'it was fired by mistake'));
    expect(hedge).toMatchObject({ kind: 'HEDGE', said: 'may have been', carried: 'was' });
    expect(hedge!.rule).toContain('may');
    const [strong] = changesOf(hunkOf('we reject the accusation', 'we categorically reject the accusation'));
    expect(strong).toMatchObject({ kind: 'INTENSIFIER', said: null, carried: 'categorically' });
  });
});

describe('wording stage 4: the kind', () => {
  it('VERBATIM, TRIMMED, PARAPHRASED and ALTERED', () => {
    expect(compareWording('The talks "failed".', 'the talks failed')).toEqual({ kind: 'VERBATIM', changes: [] });
    expect(compareWording('The plant, damaged in winter, works again.', 'The plant works again.').kind).toBe('TRIMMED');
    expect(compareWording('The army lifted the siege.', 'The army ended the siege.').kind).toBe('PARAPHRASED');
    expect(compareWording('We did not order the strike.', 'We ordered the strike.').kind).toBe('ALTERED');
  });

  it('a dropped hedge is not a trim, though only words were left out', () => {
    expect(compareWording('The colonel was reportedly detained.', 'The colonel was detained.')).toMatchObject({
      kind: 'ALTERED',
      changes: [{ kind: 'HEDGE', said: 'reportedly', carried: null }],
    });
  });

  it('takes empty and unbounded wordings without failing', () => {
    expect(compareWording('', '').kind).toBe('VERBATIM');
    expect(compareWording('Something was said.', '').kind).toBe('TRIMMED');
    const huge = 'word '.repeat(50_000);
    expect(compareWording(huge, `${huge} more`).kind).toBe('PARAPHRASED');
  });
});
