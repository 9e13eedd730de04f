import { afterEach, describe, expect, it } from 'vitest';
import { ArticleTooComplexError, ServiceUnavailableError } from '../../src/errors.js';
import { DEFAULT_EXTRACT_LIMITS, type ExtractInput } from '../../src/modules/ingest/extract.js';
import { ExtractionPool } from '../../src/modules/ingest/extract.pool.js';

const pools: ExtractionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function pool(settings: Partial<ConstructorParameters<typeof ExtractionPool>[0]> = {}): ExtractionPool {
  const created = new ExtractionPool({ workers: 1, queueMax: 2, timeoutMs: 60_000, memoryMb: 512, ...settings });
  pools.push(created);
  return created;
}

const article = (body: string): ExtractInput => ({ body, publishedAt: new Date('2024-03-15T12:00:00Z'), language: 'en' });
const SHORT = article('Mayor Ana Ruiz said on Tuesday that the bridge would reopen.');
/** One 199,000-character sentence: seconds of work even in pieces, far past a 0.5 s budget. */
const SLOW = article(`${'the minister said the plan would work and the opposition leader insisted that '.repeat(2520).slice(0, 198_999)}.`);

describe('the extraction pool', () => {
  it('reads an article in a worker, with the candidates and dates intact', async () => {
    const result = await pool().extract(SHORT, DEFAULT_EXTRACT_LIMITS);
    expect(result.warnings).toEqual([]);
    expect(result.candidates).toEqual([
      expect.objectContaining({ speakerName: 'Ana Ruiz', text: 'the bridge would reopen', statedAt: new Date('2024-03-12T00:00:00Z') }),
    ]);
  });

  it('a job past its time is refused with ARTICLE_TOO_COMPLEX, its worker ended, and the next job still runs', { timeout: 120_000 }, async () => {
    const strict = pool({ timeoutMs: 500 });
    // The first job loads the lexicon outside the budget; this one is timed.
    await strict.extract(SHORT, DEFAULT_EXTRACT_LIMITS);
    const refused = await strict.extract(SLOW, DEFAULT_EXTRACT_LIMITS).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ArticleTooComplexError);
    expect(refused).toMatchObject({ code: 'ARTICLE_TOO_COMPLEX', details: { field: 'input.body', timeoutMs: 500 } });

    const next = await strict.extract(SHORT, DEFAULT_EXTRACT_LIMITS);
    expect(next.candidates.map((c) => c.speakerName)).toEqual(['Ana Ruiz']);
  });

  it('refuses jobs past the queue bound at once with SERVICE_UNAVAILABLE, and runs the queued ones', { timeout: 120_000 }, async () => {
    const small = pool({ workers: 1, queueMax: 1 });
    const running = small.extract(SHORT, DEFAULT_EXTRACT_LIMITS);
    const queued = small.extract(SHORT, DEFAULT_EXTRACT_LIMITS);
    const refused = await small.extract(SHORT, DEFAULT_EXTRACT_LIMITS).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { workers: 1, queueMax: 1 } });
    expect((refused as Error).message).toMatch(/try again/);
    for (const result of await Promise.all([running, queued])) expect(result.candidates).toHaveLength(1);
  });
});
