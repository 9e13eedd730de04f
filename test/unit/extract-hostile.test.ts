import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractArticle } from '../../src/modules/ingest/extract.js';
import { findQuotes } from '../../src/modules/ingest/nlp.js';
import { mentionable } from '../../src/modules/ingest/ingest.service.js';

const read = (body: string, limits = DEFAULT_EXTRACT_LIMITS) => extractArticle({ body, publishedAt: null, language: 'en' }, limits);
const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

describe('extraction on hostile shapes', () => {
  it('150,000 unclosed single quotes followed by 150,000 closing double quotes are scanned in one pass', () => {
    const body = `${'‘'.repeat(150_000)}${' ”'.repeat(150_000)}`;
    const started = performance.now();
    const spans = findQuotes(body, 0, body.length);
    // Linear: well under a second. Searching the open marks at each closing
    // one took over a minute.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(spans).toEqual([{ open: 0, close: body.length }]);
  });

  it('a one-sentence paragraph over the sentence limit is read in pieces, reported once, with offsets into the body', () => {
    const body = `Ana Ruiz said ${fill('the bridge would reopen and the mayor insisted, ', 20_000)}.`;
    const { candidates, warnings } = read(body);
    expect(warnings).toEqual([
      expect.objectContaining({ kind: 'SENTENCE_SPLIT', startOffset: 0, endOffset: body.length, candidatePosition: null }),
    ]);
    expect(warnings[0]!.message).toContain('2000-character limit');
    expect(candidates[0]).toMatchObject({ speakerName: 'Ana Ruiz', start: 0 });
    for (const c of candidates) {
      expect(c.end - c.start).toBeLessThanOrEqual(2 * DEFAULT_EXTRACT_LIMITS.maxSentenceChars);
      expect(body.slice(c.start, c.end)).toContain(c.text.slice(0, 40));
    }
  });

  it('text without a space, 50,000-character words and unclosed quotes are cut into pieces too', () => {
    for (const body of [`${fill('abcdefghij', 30_000)}.`, `${'x'.repeat(50_000)} said ${'y'.repeat(50_000)}.`, `“${fill('He said ‘no ', 30_000)}`]) {
      const { warnings } = read(body);
      expect(warnings.map((w) => w.kind)).toEqual(['SENTENCE_SPLIT']);
    }
  });

  it('many over-long sentences are reported in at most eleven warnings', () => {
    const sentence = `Then ${fill('word ', 2_500).trim()}. `;
    const body = sentence.repeat(30);
    const { warnings } = read(body);
    expect(warnings).toHaveLength(11);
    expect(warnings[10]).toMatchObject({ kind: 'SENTENCE_SPLIT', endOffset: body.trimEnd().length });
    expect(warnings[10]!.message).toMatch(/^20 more sentences/);
  });

  it('reading stops at the candidate past maxCandidates, and says where', () => {
    const body = Array.from({ length: 8 }, (_, i) => `Mayor Ana Ruiz said bridge ${i + 1} would reopen.`).join('\n\n');
    const { candidates, warnings } = read(body, { ...DEFAULT_EXTRACT_LIMITS, maxCandidates: 3 });
    expect(candidates.map((c) => c.text)).toEqual(['bridge 1 would reopen', 'bridge 2 would reopen', 'bridge 3 would reopen']);
    expect(warnings).toEqual([
      expect.objectContaining({ kind: 'CANDIDATES_LIMITED', startOffset: body.indexOf('Mayor Ana Ruiz said bridge 4'), endOffset: body.length }),
    ]);
  });
});

describe('mentionable', () => {
  it('keeps the stored speakers an article could name, by a word of a name or an alias, possessives and case aside', () => {
    const speakers = [
      { name: 'Anna Kirov', aliases: [] },
      { name: 'Ministry of Water', aliases: ['Valdorian water ministry'] },
      { name: "Sean O'Brien", aliases: [] },
      { name: 'Unrelated Person', aliases: ['Nobody Here'] },
    ];
    const body = "KIROV said Valdorian officials disagreed. O’Brien's office declined to comment.";
    expect(mentionable(body, speakers).map((s) => s.name)).toEqual(['Anna Kirov', 'Ministry of Water', "Sean O'Brien"]);
    expect(mentionable('', speakers)).toEqual([]);
  });
});
