import { describe, expect, it } from 'vitest';
import { carrierFromModifiers, outletAfterPreposition } from '../../src/modules/ingest/extract-carriers.js';
import { indexOf, unitOf } from '../support/extract.js';

describe('carriers stage: the outlet an aside or a setting names', () => {
  it('"speaking to AFP", "in an interview with Reuters" and "quoted by" a paper name the carrier', () => {
    const speaking = unitOf('The mayor, speaking to AFP on Friday, said the dam held.').tokens;
    expect(carrierFromModifiers(speaking, [[indexOf(speaking, 'speaking'), indexOf(speaking, 'said')]], [])).toBe('AFP');
    const interview = unitOf('In an interview with Reuters, the pilot said the engine failed.').tokens;
    expect(carrierFromModifiers(interview, [[0, indexOf(interview, 'the')]], [])).toBe('Reuters');
    const quoted = unitOf('The farmer, quoted by the Valley Echo, said the crop was lost.').tokens;
    expect(carrierFromModifiers(quoted, [[indexOf(quoted, 'quoted'), indexOf(quoted, 'said')]], [])).toBe('Valley Echo');
  });

  it('whoever is only told something is no outlet ("speaking to his neighbours")', () => {
    const tokens = unitOf('The mayor, speaking to his neighbours, said the dam held.').tokens;
    expect(carrierFromModifiers(tokens, [[indexOf(tokens, 'speaking'), indexOf(tokens, 'said')]], [])).toBeNull();
  });

  it('"wrote in The Times that", "in response to a query from AP": an outlet after a preposition of the setting', () => {
    const wrote = unitOf('The novelist wrote in The Times that the prize was rigged.').tokens;
    expect(outletAfterPreposition(wrote, indexOf(wrote, 'wrote') + 1, indexOf(wrote, 'that'), [])).toBe('The Times');
    const query = unitOf('The club said in response to a query from AP that the coach had resigned.').tokens;
    expect(outletAfterPreposition(query, indexOf(query, 'said') + 1, indexOf(query, 'that'), [])).toBe('AP');
  });

  it('the publisher the article comes from counts as an outlet', () => {
    const tokens = unitOf('The governor said in a statement received by ANA that taxes would fall.').tokens;
    expect(carrierFromModifiers(tokens, [[indexOf(tokens, 'said') + 1, indexOf(tokens, 'that')]], ['Arvanian News Agency', 'ANA'])).toBe('ANA');
  });
});
