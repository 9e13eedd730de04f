import { describe, expect, it } from 'vitest';
import { articleAcronyms, evaluate, parseLabels, speakersMatch, type ScoredCandidate } from '../../src/modules/ingest/evaluate.js';

const candidate = (over: Partial<ScoredCandidate>): ScoredCandidate => ({
  speakerName: 'x', speakerText: 'x', text: '', quote: null, verb: 'said', carrier: null, statedAt: null, rebuts: [], ...over,
});

describe('speaker matching stays strict', () => {
  it('a place in the possessive does not make another body', () => {
    expect(speakersMatch('Metropolitan Police', "London's Metropolitan Police")).toBe(true);
    expect(speakersMatch("London's Metropolitan Police", 'Metropolitan Police')).toBe(true);
  });

  it('a surname still matches the full name, and another person or body never does', () => {
    expect(speakersMatch('Salazar', 'Alberto Salazar')).toBe(true);
    expect(speakersMatch('Galen Rupp', 'Alberto Salazar')).toBe(false);
    expect(speakersMatch('Metropolitan Police', "London's City Police")).toBe(false);
    expect(speakersMatch('Sun spokesman', "Rupert Murdoch's Sun")).toBe(false);
  });
});

describe('labels with several carriers or relayed quotes', () => {
  const labels = parseLabels(
    {
      publishedAt: null,
      statements: [
        { id: 'a', speaker: 'Ada Lind', text: 'the plant is safe', carriers: ['The Times', 'The Guardian'] },
        { id: 'b', speaker: 'Ada Lind', text: 'allahu akbar', quote: false, relayedFrom: 'the attacker' },
      ],
      rebuts: [],
    },
    'inline',
  );

  it('parses them, and any one of the carriers is right', () => {
    const result = evaluate(
      [candidate({ speakerName: 'Ada Lind', text: 'the plant is safe', carrier: 'The Guardian' }), candidate({ speakerName: 'Lind', text: 'he shouted allahu akbar', quote: 'allahu akbar' })],
      labels,
    );
    expect(result.statements.matched).toBe(2);
    expect(result.fieldMismatches).toEqual([]);
    expect(result.speakers).toMatchObject({ found: 2, correct: 2, accuracy: 1 });
  });

  it('a carrier outside the list is still a mismatch, and bad shapes are refused', () => {
    const result = evaluate([candidate({ speakerName: 'Ada Lind', text: 'the plant is safe', carrier: 'Reuters' })], labels);
    expect(result.fieldMismatches).toEqual([expect.objectContaining({ labelId: 'a', field: 'carrier', actual: 'Reuters' })]);
    expect(() => parseLabels({ publishedAt: null, statements: [{ id: 'a', speaker: 's', text: 't', carriers: 'AP' }] }, 'x')).toThrow(/carriers/);
  });

  it('a statement found with the wrong speaker counts against speaker accuracy, not as found right', () => {
    const result = evaluate([candidate({ speakerName: 'Bo Berg', text: 'the plant is safe' })], labels);
    expect(result.speakers).toMatchObject({ found: 1, correct: 0 });
    expect(result.speakerMisses).toEqual([{ labelId: 'a', expected: 'Ada Lind', actual: 'Bo Berg' }]);
  });
});

describe('acronyms the article spells out', () => {
  const labels = parseLabels(
    { publishedAt: null, statements: [{ id: 'a', speaker: 'FRO', text: 'the strike goes on' }, { id: 'b', speaker: 'Rowing Federation of Ostland', text: 'the talks failed' }], rebuts: [] },
    'inline',
  );

  it('"Rowing Federation of Ostland (FRO)" lets a label use either name; without the article\'s bracket they stay different', () => {
    const acronyms = articleAcronyms('The Rowing Federation of Ostland (FRO) called a strike.');
    expect(acronyms.get('FRO')).toBe('Rowing Federation of Ostland');
    const found = [candidate({ speakerName: 'Rowing Federation of Ostland', text: 'the strike goes on' }), candidate({ speakerName: 'FRO', text: 'the talks failed' })];
    expect(evaluate(found, labels, acronyms).statements.matched).toBe(2);
    expect(evaluate(found, labels).statements.matched).toBe(0);
    expect(evaluate([candidate({ speakerName: 'Harbour Pilots Union', text: 'the strike goes on' })], labels, acronyms).statements.matched).toBe(0);
  });
});
