import { describe, expect, it } from 'vitest';
import { newDraft, SAID } from '../../src/modules/ingest/extract-draft.js';
import { nestedAttribution } from '../../src/modules/ingest/extract-nested.js';
import { subjectFirst, trailingAttribution } from '../../src/modules/ingest/extract-patterns.js';
import { contextOf, spoken } from '../support/extract.js';

describe('nested attribution stage: an outlet that relays someone\'s words carries them', () => {
  it('"..., the spokesman said, the Tolva agency reported": the spokesman speaks, the agency carries', () => {
    const body = '“The pass is closed,” the border guard spokesman said, the Tolva news agency reported.';
    const ctx = contextOf(body);
    const unit = ctx.analysed.units[0]!;
    const outer = trailingAttribution(unit, 0, [])!;
    expect(spoken(outer.speaker)).toBe('the Tolva news agency');
    const inner = nestedAttribution(ctx, unit, outer)!;
    expect(spoken(inner.speaker)).toBe('the border guard spokesman');
    expect(inner.carrier).toBe('Tolva');
    expect(body.slice(inner.contentStart, inner.contentEnd)).toContain('The pass is closed');
  });

  it('"the Courier reported the minister said ...": the minister speaks, the paper carries', () => {
    const body = 'The Courier newspaper reported that the minister said the tax would go.';
    const ctx = contextOf(body);
    const unit = ctx.analysed.units[0]!;
    const inner = nestedAttribution(ctx, unit, subjectFirst(unit, 0, [])!)!;
    expect(spoken(inner.speaker)).toBe('the minister');
    expect(inner.carrier).toBe('Courier');
  });

  it('a person who reports someone else\'s words is no relay: nothing nested', () => {
    const body = 'The mayor said the minister said the tax would go.';
    const ctx = contextOf(body);
    const unit = ctx.analysed.units[0]!;
    expect(nestedAttribution(ctx, unit, subjectFirst(unit, 0, [])!)).toBeNull();
    // A draft without words has nothing inside to read.
    expect(nestedAttribution(ctx, unit, newDraft(unit, 0, { speaker: unit.tokens.slice(0, 2), verb: SAID }))).toBeNull();
  });
});
