import { describe, expect, it } from 'vitest';
import type { Draft, Resolved } from '../../src/modules/ingest/extract-draft.js';
import { continuation, isQuoteOnly, quotationDraft } from '../../src/modules/ingest/extract-quotes.js';
import { resolveSpeaker } from '../../src/modules/ingest/extract-speakers.js';
import { attributeAll } from '../../src/modules/ingest/extract-statements.js';
import { contextOf } from '../support/extract.js';

/** For each sentence of a text: the speaker of the quotation stage's draft ('joined' or none when it gives none). */
function quoteSpeakers(body: string): (string | null)[] {
  const ctx = contextOf(body);
  const drafts: Draft[] = [];
  const resolved: Resolved[] = [];
  const out: (string | null)[] = [];
  ctx.analysed.units.forEach((unit, u) => {
    if (!isQuoteOnly(unit)) {
      for (const d of attributeAll(ctx, unit)) {
        drafts.push(d);
        resolved.push(resolveSpeaker(ctx, d, resolved));
      }
      out.push(null);
      return;
    }
    const draft = quotationDraft(ctx, ctx.analysed.units, u, drafts, resolved);
    if (draft === 'joined' || draft === null) {
      out.push(draft);
      return;
    }
    const who = draft.inherits?.speakerName ?? draft.namedSpeaker?.name ?? null;
    drafts.push(draft);
    if (draft.inherits) resolved.push(draft.inherits);
    out.push(who);
  });
  return out;
}

describe('quotation stage: sentences all inside quotation marks', () => {
  it('a quote continued in the next sentence, and in the next paragraph, stays with its speaker', () => {
    const body = ['“The wall will hold,” the engineer Sara Lunde said. “We checked it twice.”', '“Nobody needs to leave.”'].join('\n\n');
    expect(quoteSpeakers(body)).toEqual([null, 'Sara Lunde', 'Sara Lunde']);
  });

  it('"X said:" with the quote in the next paragraph makes one statement', () => {
    expect(quoteSpeakers(['The mayor Piet Dorn said:', '“The dam is safe.”'].join('\n\n'))).toEqual([null, 'joined']);
  });

  it('a quote paragraph after a paragraph that only names a person is that person\'s', () => {
    const body = ['Governor Helen Okafor visited the flooded valley on Sunday.', '“These families deserve better.”'].join('\n\n');
    expect(quoteSpeakers(body)).toEqual([null, 'Helen Okafor']);
  });

  it('a quote with nothing before it has no speaker', () => {
    expect(quoteSpeakers('“Nobody knows.”')).toEqual([null]);
  });

  it('a sentence opened by "And" goes on with the report just before it', () => {
    const ctx = contextOf('The engineer said the dam had cracked. And the pumps had failed.');
    const [first, second] = ctx.analysed.units;
    const [draft] = attributeAll(ctx, first!);
    const who = resolveSpeaker(ctx, draft!, []);
    const next = continuation(second!, first, draft, who);
    expect(next?.inherits?.speakerName).toBe(who.speakerName);
    expect(ctx.body.slice(next!.contentStart, next!.contentEnd)).toBe('the pumps had failed.');
    // Not opened by "And": no continuation.
    expect(continuation(first!, undefined, draft, who)).toBeNull();
  });
});
