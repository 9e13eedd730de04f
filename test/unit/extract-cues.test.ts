import { describe, expect, it } from 'vitest';
import { attributionVerbs, isNegated, isPassive, verbAt } from '../../src/modules/ingest/extract-cues.js';
import { analyse } from '../../src/modules/ingest/nlp.js';

function cues(sentence: string): string[] {
  const tokens = analyse(sentence).units[0]!.tokens;
  return attributionVerbs(tokens, 0).map((i) => tokens[i]!.text);
}

describe('cues stage: the words that attribute speech', () => {
  it('finds finite attribution verbs outside quotation marks', () => {
    expect(cues('The minister said on Tuesday that the talks had failed.')).toEqual(['said']);
    expect(cues('“We denied nothing,” the spokesman insisted.')).toEqual(['insisted']);
  });

  it('leaves out passives, negations and nouns that look like verbs', () => {
    expect(cues('These claims were rejected by the court.')).toEqual([]);
    expect(cues('The mayor did not say when the bridge would open.')).toEqual([]);
    expect(cues('The accused walked free.')).toEqual([]);
  });

  it('"stands by" after a publisher is a cue; a progressive "is declaring" is finite', () => {
    const tokens = analyse('The Courier stands by the story.').units[0]!.tokens;
    expect(verbAt(tokens, 2)?.lemma).toBe('stood by');
    expect(cues('The mayor is declaring victory.')).toEqual(['declaring']);
  });

  it('passive and negation look only at the words just before the verb', () => {
    const passive = analyse('The claims were firmly rejected.').units[0]!.tokens;
    expect(isPassive(passive, passive.findIndex((t) => t.text === 'rejected'))).toBe(true);
    const negated = analyse('He never said that.').units[0]!.tokens;
    expect(isNegated(negated, negated.findIndex((t) => t.text === 'said'))).toBe(true);
  });
});
