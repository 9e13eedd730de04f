import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLines, flatten, formatOf, openInput, type Entry } from '../../src/modules/claimreview/claimreview.reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'claimreview-reader-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const review = (n: number) => ({ '@type': 'ClaimReview', url: `https://checker.example/${n}` });

async function file(name: string, text: string | Buffer): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, text);
  return at;
}

async function all(entries: AsyncIterable<Entry>): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

const summary = (entries: Entry[]) => entries.map((e) => ('bad' in e ? { line: e.line, bad: e.bad } : { line: e.line, documents: e.documents }));

describe('JSON Lines', () => {
  it('reports a line that is not JSON with its number, and reads on past it', async () => {
    const at = await file(
      'bad.jsonl',
      `\uFEFF${JSON.stringify(review(1))}\r\n{"@type": "ClaimReview", "url": \n\n   \n${JSON.stringify(review(2))}\n[1, 2\n${JSON.stringify(review(3))}`,
    );
    const entries = await all(openInput(at, 'jsonl').entries());
    expect(summary(entries)).toEqual([
      { line: 1, documents: [review(1)] },
      { line: 2, bad: expect.stringMatching(/^not valid JSON: /) },
      { line: 5, documents: [review(2)] },
      { line: 6, bad: expect.stringMatching(/^not valid JSON: /) },
      { line: 7, documents: [review(3)] },
    ]);
    expect(await countLines(at)).toBe(7);
    expect(await openInput(at, 'jsonl').total()).toBe(7);
  });

  it('opens wrappers on a line into their ClaimReviews, as the import would', async () => {
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, review(1), review(2)] };
    const feed = { '@type': 'DataFeed', dataFeedElement: [{ '@type': 'DataFeedItem', item: review(3) }, review(4), { '@type': 'DataFeedItem' }] };
    const at = await file('wrapped.jsonl', [graph, feed, [review(5), review(6)], { '@graph': [{ '@type': 'WebPage' }] }, []].map((d) => JSON.stringify(d)).join('\n'));
    expect(summary(await all(openInput(at, 'jsonl').entries()))).toEqual([
      { line: 1, documents: [review(1), review(2)] },
      { line: 2, documents: [review(3), review(4), null] },
      { line: 3, documents: [review(5), review(6)] },
      // Kept whole, for the import to say why it holds nothing.
      { line: 4, documents: [{ '@graph': [{ '@type': 'WebPage' }] }] },
      { line: 5, documents: [[]] },
    ]);
  });

  it('reports wrappers nested past the import\'s depth as a bad line', async () => {
    const deep = [[[[[[review(1)]]]]]];
    const at = await file('deep.jsonl', `${JSON.stringify(deep)}\n${JSON.stringify(review(2))}\n`);
    expect(summary(await all(openInput(at, 'jsonl').entries()))).toEqual([
      { line: 1, bad: 'wrappers nested more than 4 deep' },
      { line: 2, documents: [review(2)] },
    ]);
  });

  it('skips a huge line without holding it, and reads the lines after it', async () => {
    const huge = `{"claimReviewed": "${'x'.repeat(3_000_000)}"}`;
    const at = await file('huge.jsonl', `${JSON.stringify(review(1))}\n${huge}\n${JSON.stringify(review(2))}\n${'y'.repeat(5000)}`);
    const entries = await all(openInput(at, 'jsonl', { maxLineBytes: 4096 }).entries());
    expect(summary(entries)).toEqual([
      { line: 1, documents: [review(1)] },
      { line: 2, bad: `longer than 4096 bytes (${huge.length} bytes)` },
      { line: 3, documents: [review(2)] },
      { line: 4, bad: 'longer than 4096 bytes (5000 bytes)' },
    ]);
  });

  it('starts after a given line from its byte offset, with the numbering carried on', async () => {
    const text = [review(1), review(2), review(3)].map((d) => `${JSON.stringify(d)}\n`).join('');
    const at = await file('resume.jsonl', text);
    const [first, second] = await all(openInput(at, 'jsonl').entries());
    expect([first!.start, first!.end, second!.start]).toEqual([0, JSON.stringify(review(1)).length + 1, first!.end]);
    const rest = await all(openInput(at, 'jsonl').entries({ line: 1, offset: first!.end }));
    expect(summary(rest)).toEqual([
      { line: 2, documents: [review(2)] },
      { line: 3, documents: [review(3)] },
    ]);
    expect(rest.at(-1)!.end).toBe(Buffer.byteLength(text));
  });

  it('keeps multi-byte characters whole across read chunks', async () => {
    const claim = { ...review(1), claimReviewed: 'é'.repeat(700_000) };
    const at = await file('utf8.jsonl', `${JSON.stringify(claim)}\n`);
    expect(summary(await all(openInput(at, 'jsonl').entries()))).toEqual([{ line: 1, documents: [claim] }]);
  });
});

describe('JSON files', () => {
  it.each([
    ['an array', [review(1), review(2)]],
    ['one document', review(1)],
    ['a @graph wrapper', { '@graph': [{ '@type': 'Organization' }, review(1), review(2)] }],
    ['a DataFeed', { '@type': 'DataFeed', dataFeedElement: [{ '@type': 'DataFeedItem', item: review(1) }, { '@type': 'DataFeedItem', item: review(2) }] }],
  ])('reads %s as its ClaimReviews, numbered from 1', async (_name, content) => {
    const at = await file('doc.json', JSON.stringify(content));
    const input = openInput(at, 'json');
    const entries = await all(input.entries());
    const expected = Array.isArray(content) || '@graph' in content || 'dataFeedElement' in content ? [review(1), review(2)] : [review(1)];
    expect(summary(entries)).toEqual(expected.map((d, i) => ({ line: i + 1, documents: [d] })));
    expect(await input.total()).toBe(expected.length);
    // Resuming after the first.
    expect(summary(await all(input.entries({ line: 1, offset: 0 })))).toEqual(summary(entries).slice(1));
  });

  it('refuses a JSON file past its size bound with a way out', async () => {
    const at = await file('big.json', JSON.stringify([review(1), review(2), review(3)]));
    await expect(openInput(at, 'json', { maxJsonBytes: 50 }).total()).rejects.toThrow(/may be at most 0\.0 MiB.*JSON Lines/);
  });

  it('refuses a JSON file that does not parse, and a file that is not there', async () => {
    const at = await file('broken.json', '[{"@type": "ClaimReview"},');
    await expect(all(openInput(at, 'json').entries())).rejects.toThrow(/is not valid JSON .*--format jsonl/);
    await expect(all(openInput(path.join(dir, 'missing.jsonl'), 'jsonl').entries())).rejects.toThrow(/Cannot read .*missing\.jsonl/);
  });

  it('tells the formats apart by name', () => {
    expect([formatOf('a.json'), formatOf('A.JSON'), formatOf('a.jsonl'), formatOf('a.ndjson'), formatOf('archive')]).toEqual(['json', 'json', 'jsonl', 'jsonl', 'jsonl']);
    expect(flatten(review(1))).toEqual([review(1)]);
  });
});
