import { describe, expect, it } from 'vitest';
import { attributeAll } from '../../src/modules/ingest/extract-statements.js';
import { contextOf, spoken } from '../support/extract.js';

function statements(body: string): string[] {
  const ctx = contextOf(body);
  return attributeAll(ctx, ctx.analysed.units[0]!).map((d) => `${spoken(d.speaker)} [${d.verb.lemma}] ${body.slice(d.contentStart, d.contentEnd)}`);
}

describe('statements stage: every statement of a sentence', () => {
  it('a claim participle after a quote is a second claim of the same speaker', () => {
    expect(statements('“We lost four soldiers,” he added, stressing that no civilians were hurt.')).toEqual([
      'he [added] “We lost four soldiers,”',
      'he [stressed] no civilians were hurt.',
    ]);
  });

  it('"X said ..., but Y said ..." gives both, the first cut where the second opens', () => {
    const [army, rebels] = statements('The army said the town was calm, but the rebels said fighting went on.');
    expect(army).toBe('The army [said] the town was calm');
    expect(rebels).toBe('the rebels [said] fighting went on.');
  });

  it('"A and B denied": each named person denies', () => {
    const found = statements('The coach Ivo Rask and the striker Lena Holm denied the story.');
    expect(found.map((s) => s.split(' [')[0])).toEqual(['The coach Ivo Rask', 'the striker Lena Holm']);
  });

  it('a claim embedded in a noun with a named source ("an accusation by the president that ...")', () => {
    const found = statements('The envoy resigned on Friday after an accusation by the president that he had lied to parliament.');
    expect(found).toEqual(['the president [said] he had lied to parliament']);
  });

  it('a report that cites someone as saying: the one cited speaks', () => {
    const found = statements('He pointed to a report in the Courier that cited the mayor as saying the dam was unsafe.');
    expect(found).toContain('the mayor [said] the dam was unsafe.');
  });

  it('a sentence with no attribution gives none', () => {
    expect(statements('The bridge reopened after three weeks of repairs.')).toEqual([]);
  });
});
