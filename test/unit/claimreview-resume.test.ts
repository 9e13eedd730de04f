import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError, type BatchResult } from '../../src/modules/claimreview/claimreview.batcher.js';
import { Progress, renderProgress } from '../../src/modules/claimreview/claimreview.progress.js';
import { RunError, runImport, type RunOptions } from '../../src/modules/claimreview/claimreview.run.js';
import { defaultStatePath } from '../../src/modules/claimreview/claimreview.state.js';
import { formatSummary } from '../../src/modules/claimreview/claimreview.summary.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'claimreview-resume-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const review = (n: number) => ({ '@type': 'ClaimReview', url: `https://checker.example/${n}` });

/** 20 reviews on 18 lines: one line a @graph of three, one line not JSON, one review the import skips. */
function archive(): string {
  const lines: string[] = [];
  for (let n = 1; n <= 20; n++) {
    if (n === 5) {
      lines.push(JSON.stringify({ '@graph': [review(5), review(6), review(7)] }));
      n = 7;
    } else lines.push(JSON.stringify(n === 12 ? { ...review(12), skipMe: true } : review(n)));
    if (n === 9) lines.push('{"@type": "ClaimReview", ');
  }
  return `${lines.join('\n')}\n`;
}

/** The import, as far as the command sees it: each review URL once, then "already imported". */
function fakeImport() {
  const sent: string[] = [];
  const known = new Set<string>();
  let batches = 0;
  let failAt: number | undefined;
  const send = async (documents: unknown[]): Promise<BatchResult> => {
    if (++batches === failAt) throw new Error('connection lost');
    const items = documents.map((d, index) => {
      const { url, skipMe } = d as { url: string; skipMe?: boolean };
      sent.push(url);
      if (skipMe) return { index, reviewUrl: url, outcome: 'SKIPPED', reason: 'unknown rating "Baloney"' };
      const outcome = known.has(url) ? 'MATCHED' : 'CREATED';
      known.add(url);
      return { index, reviewUrl: url, outcome, reason: outcome === 'MATCHED' ? 'already imported' : null };
    });
    const count = (o: string) => items.filter((i) => i.outcome === o).length;
    return { created: count('CREATED'), matched: count('MATCHED'), skipped: count('SKIPPED'), items };
  };
  return {
    send,
    sent,
    failOnBatch(n: number | undefined) {
      batches = 0;
      failAt = n;
    },
  };
}

async function setUp(name: string) {
  const file = path.join(dir, name);
  await writeFile(file, archive());
  const fake = fakeImport();
  const warnings: string[] = [];
  const run = (more: Partial<RunOptions> = {}) =>
    runImport({
      file,
      format: 'jsonl',
      statePath: defaultStatePath(file),
      restart: false,
      mode: 'database',
      target: 'database',
      batchSize: 4,
      send: fake.send,
      warn: (line) => warnings.push(line),
      ...more,
    });
  return { file, fake, warnings, run };
}

const ALL = Array.from({ length: 20 }, (_, i) => `https://checker.example/${i + 1}`);

describe('an import interrupted after some batches', () => {
  it('carries on after the last applied batch: nothing is sent twice, nothing counted twice', async () => {
    const { file, fake, warnings, run } = await setUp('interrupted.jsonl');
    fake.failOnBatch(3);
    const stopped = await run().catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(RunError);
    expect((stopped as RunError).partial).toMatchObject({ complete: false, created: 8, documents: 8 });
    expect(fake.sent).toEqual(ALL.slice(0, 8));
    const state = JSON.parse(await readFile(defaultStatePath(file), 'utf8'));
    // Batches 1-4, then 5-7 (line 5's @graph) and 8 (line 6).
    expect(state).toMatchObject({ complete: false, cursor: { line: 6, leaf: 0 }, totals: { documents: 8, created: 8 } });

    fake.failOnBatch(undefined);
    const summary = await run();
    expect(warnings).toContain('Resuming after line 6 (8 documents done before)');
    // Told once, when the batch it fell in was applied.
    expect(warnings.filter((w) => w.startsWith('Line 8 skipped: not valid JSON'))).toHaveLength(1);
    expect(fake.sent).toEqual(ALL);
    expect(summary).toMatchObject({
      complete: true,
      resumedAfter: 8,
      documents: 12,
      created: 19,
      matched: 0,
      skipped: 1,
      skipReasons: [{ reason: 'unknown rating "Baloney"', count: 1 }],
      firstSkipped: [{ line: 11, reason: 'unknown rating "Baloney"' }],
      badLines: 1,
      firstBadLines: [{ line: 8, reason: expect.stringMatching(/^not valid JSON/) }],
    });
    expect(formatSummary(summary).join('\n')).toMatch(/created +19\n +matched +0\n +skipped +1\n +1 +unknown rating "Baloney"\n +first skipped: line 11\n +bad lines 1 \(first: line 8\)/);

    // Once complete, running it again does nothing.
    const again = await run();
    expect(fake.sent).toHaveLength(20);
    expect(again).toMatchObject({ complete: true, documents: 0, created: 19 });
    expect(warnings.at(-1)).toMatch(/was imported completely before .*--restart imports it again/);
  });

  it('resumes from inside a line whose reviews straddle two batches', async () => {
    const { fake, run } = await setUp('straddle.jsonl');
    // Batches of 3: 1-3, then 4 and 5-6 of line 5's @graph; 7 is left for the next run.
    fake.failOnBatch(3);
    await expect(run({ batchSize: 3 })).rejects.toThrow('connection lost');
    expect(fake.sent).toEqual(ALL.slice(0, 6));
    fake.failOnBatch(undefined);
    await run({ batchSize: 3 });
    expect(fake.sent).toEqual(ALL);
  });

  it('starts over, with a warning, when the file changed since', async () => {
    const { file, fake, warnings, run } = await setUp('changed.jsonl');
    fake.failOnBatch(2);
    await expect(run()).rejects.toThrow('connection lost');
    expect(fake.sent).toEqual(ALL.slice(0, 4));
    await writeFile(file, `${JSON.stringify(review(0))}\n${archive()}`);
    fake.failOnBatch(undefined);
    const summary = await run();
    expect(warnings).toContain('The file changed since the last import of it: starting over (reviews imported before come back MATCHED)');
    expect(fake.sent.slice(4)).toEqual(['https://checker.example/0', ...ALL]);
    expect(summary).toMatchObject({ resumedAfter: 0, documents: 21, created: 16, matched: 4 });
  });

  it('starts over with --restart, and when the state is of another target or unreadable', async () => {
    const { file, fake, warnings, run } = await setUp('restart.jsonl');
    await run();
    await run({ restart: true });
    expect(fake.sent).toEqual([...ALL, ...ALL]);
    await run({ target: 'http://other.example/graphql', mode: 'api' });
    expect(warnings).toContain('The last import of this file went to database, not http://other.example/graphql: starting over');
    expect(fake.sent).toHaveLength(60);
    await writeFile(defaultStatePath(file), '{"version": 1, "cursor": ');
    await run({ target: 'http://other.example/graphql', mode: 'api' });
    expect(warnings.some((w) => /import state .* is unreadable .*starting from the beginning/.test(w))).toBe(true);
    expect(fake.sent).toHaveLength(80);
  });

  it('stops on Ctrl-C once the batch under way is applied, and carries on from there', async () => {
    const { file, fake, run } = await setUp('ctrl-c.jsonl');
    const interrupt = new AbortController();
    const send = async (documents: unknown[]) => {
      // Ctrl-C arrives while the second batch is being imported.
      if (fake.sent.length === 4) interrupt.abort();
      return fake.send(documents);
    };
    const stopped = await run({ send, signal: interrupt.signal }).catch((e: unknown) => e);
    expect((stopped as RunError).cause).toBeInstanceOf(InterruptedError);
    expect((stopped as RunError).partial).toMatchObject({ complete: false, documents: 8, created: 8 });
    expect(JSON.parse(await readFile(defaultStatePath(file), 'utf8')).cursor.line).toBe(6);
    await run();
    expect(fake.sent).toEqual(ALL);
  });

  it('keeps its state where --state says', async () => {
    const { file, fake, run } = await setUp('elsewhere.jsonl');
    const statePath = path.join(dir, 'elsewhere-state.json');
    fake.failOnBatch(2);
    await expect(run({ statePath })).rejects.toThrow();
    expect(JSON.parse(await readFile(statePath, 'utf8')).cursor.line).toBe(4);
    await expect(readFile(defaultStatePath(file))).rejects.toThrow(/ENOENT/);
    fake.failOnBatch(undefined);
    await run({ statePath });
    expect(fake.sent).toEqual(ALL);
  });
});

describe('bad lines', () => {
  it('are told on stderr with their numbers, the first 20 of them, and all counted', async () => {
    const { file, fake, warnings, run } = await setUp('many-bad.jsonl');
    await writeFile(file, `${Array.from({ length: 25 }, (_, i) => `{bad ${i}`).join('\n')}\n${JSON.stringify(review(1))}\n`);
    const summary = await run();
    expect(warnings.filter((w) => /^Line \d+ skipped: not valid JSON/.test(w)).map((w) => Number(/^Line (\d+)/.exec(w)![1]))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(warnings).toContain('Further bad lines are only counted (see the summary)');
    expect(summary).toMatchObject({ badLines: 25, created: 1 });
    expect(summary.firstBadLines.map((b) => b.line)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(fake.sent).toEqual([review(1).url]);
  });
});

describe('the state file', () => {
  it('refuses to start when the state cannot be written, before sending anything', async () => {
    const { fake, run } = await setUp('unwritable.jsonl');
    await expect(run({ statePath: path.join(dir, 'no-such-dir', 'state.json') })).rejects.toThrow(
      /Cannot write the import state .*no-such-dir.*: name a writable file with --state/,
    );
    expect(fake.sent).toEqual([]);
  });
});

describe('progress', () => {
  it('shows done of total, the rate and the time left', () => {
    expect(renderProgress({ position: 50, total: 200, startPosition: 0, documents: 60, elapsedMs: 10_000 }, 'lines')).toBe(
      '[######------------------]  25%  50/200 lines  60 documents  6.0 documents/s  ETA 30 s',
    );
    // Resumed at line 100: the time left is from this run's pace.
    expect(renderProgress({ position: 150, total: 200, startPosition: 100, documents: 50, elapsedMs: 100_000 }, 'lines')).toMatch(/ 75%  150\/200 lines .*ETA 1m40s$/);
    expect(renderProgress({ position: 1234, total: undefined, startPosition: 0, documents: 1500, elapsedMs: 0 }, 'lines')).toBe('1,234 lines  1,500 documents  0.0 documents/s');
  });

  it('redraws one terminal line, or writes a plain line now and then', () => {
    let clock = 0;
    const chunks: string[] = [];
    const bar = new Progress({ tty: (c) => chunks.push(c), now: () => clock, unit: 'lines' });
    for (let i = 1; i <= 10; i++) {
      clock += 50;
      bar.update({ position: i, total: 10, startPosition: 0, documents: i });
    }
    bar.finish();
    expect(chunks.every((c, i) => (i === chunks.length - 1 ? c === '\n' : c.startsWith('\r')))).toBe(true);
    expect(chunks.length).toBeLessThan(10);
    expect(chunks.at(-2)).toMatch(/100%  10\/10 lines/);

    clock = 0;
    const lines: string[] = [];
    const plain = new Progress({ line: (l) => lines.push(l), now: () => clock, intervalMs: 1000, unit: 'lines' });
    for (let i = 1; i <= 10; i++) {
      clock += 300;
      plain.update({ position: i, total: 10, startPosition: 0, documents: i });
    }
    plain.finish();
    expect(lines.map((l) => /(\d+)\/10/.exec(l)![1])).toEqual(['1', '5', '9', '10']);
    expect(lines.join('')).not.toMatch(/\r|\x1b/);
  });
});
