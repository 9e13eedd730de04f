import { describe, expect, it } from 'vitest';
import type { Resolved } from '../../src/modules/ingest/extract-draft.js';
import { resolveSpeaker } from '../../src/modules/ingest/extract-speakers.js';
import { attributeAll } from '../../src/modules/ingest/extract-statements.js';
import { contextOf } from '../support/extract.js';

/** The speakers of a short article, resolved in order as extractArticle does. */
function speakers(body: string): string[] {
  const ctx = contextOf(body);
  const resolved: Resolved[] = [];
  for (const unit of ctx.analysed.units) {
    for (const draft of attributeAll(ctx, unit)) {
      const who = resolveSpeaker(ctx, draft, resolved);
      if (who.kind === 'person' && draft.speaker.length > 0) {
        ctx.registry.addMention({ name: who.speakerName, start: draft.speaker[0]!.start, end: draft.speaker[draft.speaker.length - 1]!.end, gender: ctx.registry.genderOf(who.speakerName) });
      }
      resolved.push(who);
    }
  }
  return resolved.map((r) => r.speakerName);
}

describe('speakers stage: who the speaker as written is', () => {
  it('a spokeswoman named after her boss is herself, not the boss', () => {
    expect(speakers('The chancellor\'s spokeswoman, Anna Berg, says the budget talks will resume next week.')).toEqual(['Anna Berg']);
  });

  it('"he" after a sentence naming a commander and a town is the commander', () => {
    expect(speakers('Commander Joseph Ilunga said the convoy reached Kasai. “The road is open again,” he told Reuters.')).toEqual(['Joseph Ilunga', 'Joseph Ilunga']);
  });

  it('"it said" goes to the last body that spoke, never to the word "It"', () => {
    const found = speakers('The Harbour Authority said the port was shut. It said ships would wait offshore.');
    expect(found[1]).toBe(found[0]);
    expect(found[1]).not.toBe('It');
  });

  it('a surname alone, and "the spokesman", resolve to the person named in full before', () => {
    const found = speakers(['The ministry\'s spokesman Tomas Lind said the talks would go on.', 'Lind said no date was set.', 'The spokesman said the envoy would stay.'].join('\n\n'));
    expect(found).toEqual(['Tomas Lind', 'Tomas Lind', 'Tomas Lind']);
  });

  it('a bracketed acronym the article spelt out names the body', () => {
    const found = speakers('The Coastal Workers Federation (CWF) called a strike. The CWF said pay talks had failed.');
    expect(found[found.length - 1]).toBe('Coastal Workers Federation');
  });
});
