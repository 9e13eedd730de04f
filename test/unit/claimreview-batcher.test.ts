import { describe, expect, it } from 'vitest';
import { BatchTooLargeError, sendInBatches, START, type Batch, type BatchResult, type Cursor } from '../../src/modules/claimreview/claimreview.batcher.js';
import { apiSender, FatalImportError } from '../../src/modules/claimreview/claimreview.client.js';
import type { Entry } from '../../src/modules/claimreview/claimreview.reader.js';

const OK: BatchResult = { created: 1, matched: 0, skipped: 0, items: [{ index: 0, reviewUrl: 'https://r.example/1', outcome: 'CREATED', reason: null }] };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A fetch that answers from a script, one answer per call, and records what it was sent. */
function scripted(...answers: (Response | Error)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function client(fetch: typeof globalThis.fetch, retries = 3) {
  const waits: number[] = [];
  const warnings: string[] = [];
  const send = apiSender({
    endpoint: 'http://127.0.0.1:1/graphql',
    key: 'fck_test',
    retries,
    fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    warn: (line) => warnings.push(line),
  });
  return { send, waits, warnings };
}

describe('apiSender', () => {
  it('retries a 503 after a backoff, then returns the answer', async () => {
    const { fetch, calls } = scripted(json(503, { errors: [{ message: 'The database is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }), json(200, { data: { importClaimReviews: OK } }));
    const { send, waits, warnings } = client(fetch);
    expect(await send([{ '@type': 'ClaimReview' }])).toEqual(OK);
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([500]);
    expect(warnings[0]).toMatch(/HTTP 503 \(SERVICE_UNAVAILABLE: The database is unavailable\); retrying in 0\.5 s \(retry 1 of 3\)/);
    const sent = JSON.parse(calls[0]!.init.body as string);
    expect(sent.variables).toEqual({ documents: [{ '@type': 'ClaimReview' }] });
    expect(sent.query).toMatch(/importClaimReviews\(documents: \$documents\)/);
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer fck_test');
  });

  it('waits as long as a 429 Retry-After says before trying again', async () => {
    const { fetch } = scripted(
      json(429, { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED', retryAfter: 7 } }] }, { 'retry-after': '7' }),
      json(429, { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED', retryAfter: 2 } }] }),
      json(200, { data: { importClaimReviews: OK } }),
    );
    const { send, waits } = client(fetch);
    expect(await send([{}])).toEqual(OK);
    // The header first, else the error's own retryAfter.
    expect(waits).toEqual([7000, 2000]);
  });

  it('retries a network error with growing waits, and gives up after its retries', async () => {
    const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { fetch, calls } = scripted(refused(), refused(), refused());
    const { send, waits } = client(fetch, 2);
    await expect(send([{}])).rejects.toThrow(new FatalImportError('Gave up after 3 attempts: http://127.0.0.1:1/graphql is unreachable (ECONNREFUSED)'));
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('stops at once on a refused key, without retrying', async () => {
    const unauthenticated = scripted(json(401, { errors: [{ message: 'This API key is not valid', extensions: { code: 'UNAUTHENTICATED' } }] }), json(200, { data: { importClaimReviews: OK } }));
    const first = client(unauthenticated.fetch);
    await expect(first.send([{}])).rejects.toThrow(/The service refused the key \(UNAUTHENTICATED: This API key is not valid\)/);
    expect(unauthenticated.calls).toHaveLength(1);

    // A CONTRIBUTOR key: GraphQL answers 200 with FORBIDDEN.
    const forbidden = scripted(json(200, { data: null, errors: [{ message: 'This needs the FACT_CHECKER role', extensions: { code: 'FORBIDDEN' } }] }));
    await expect(client(forbidden.fetch).send([{}])).rejects.toThrow(/needs the FACT_CHECKER role or higher/);
    expect(forbidden.calls).toHaveLength(1);
  });

  it('tells a batch too large from other refusals', async () => {
    const tooMany = scripted(json(200, { errors: [{ message: 'documents takes at most 100 documents (got 150)', extensions: { code: 'BAD_USER_INPUT', field: 'documents', max: 100 } }] }));
    const error = await client(tooMany.fetch).send([{}]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTooLargeError);
    expect((error as BatchTooLargeError).max).toBe(100);

    const tooBig = scripted(json(413, { errors: [{ message: 'Request body is larger than 1048576 bytes', extensions: { code: 'BAD_REQUEST' } }] }));
    expect(await client(tooBig.fetch).send([{}]).catch((e: unknown) => e)).toBeInstanceOf(BatchTooLargeError);

    const notGraphQL = scripted(new Response('<html>not here</html>', { status: 404 }));
    await expect(client(notGraphQL.fetch).send([{}])).rejects.toThrow(/did not import the batch \(HTTP 404\); is http:\/\/127\.0\.0\.1:1\/graphql its \/graphql endpoint\?/);
  });
});

/** Lines of `counts[i]` documents each; document j of line i is "i.j". */
function entries(counts: (number | 'bad')[]): Entry[] {
  let offset = 0;
  return counts.map((count, i) => {
    const start = offset;
    offset += 10;
    const where = { line: i + 1, start, end: offset };
    return count === 'bad' ? { ...where, bad: 'not valid JSON' } : { ...where, documents: Array.from({ length: count }, (_, j) => `${i + 1}.${j}`) };
  });
}

async function* stream(list: Entry[], from: Cursor = START): AsyncGenerator<Entry> {
  for (const entry of list) if (entry.line > from.line) yield entry;
}

const created = (documents: unknown[]): BatchResult => ({
  created: documents.length,
  matched: 0,
  skipped: 0,
  items: documents.map((_, index) => ({ index, reviewUrl: null, outcome: 'CREATED', reason: null })),
});

describe('sendInBatches', () => {
  it('sends every document once, in batches of the size, with the cursor after each', async () => {
    const batches: Batch[] = [];
    await sendInBatches(stream(entries([1, 3, 'bad', 1, 2])), START, { size: 3, send: async (d) => created(d), applied: async (b) => void batches.push(b) });
    expect(batches.map((b) => b.pieces.map((p) => ('document' in p ? p.document : `bad ${p.line}`)))).toEqual([
      ['1.0', '2.0', '2.1'],
      ['2.2', 'bad 3', '4.0', '5.0'],
      ['5.1'],
    ]);
    // Within line 2: line 1 done and one document of line 2; then within line 5.
    expect(batches.map((b) => b.cursor)).toEqual([
      { line: 1, offset: 10, leaf: 2 },
      { line: 4, offset: 40, leaf: 1 },
      { line: 5, offset: 50, leaf: 0 },
    ]);
  });

  it('resumes from a cursor inside a line without sending its done documents again', async () => {
    const sent: unknown[] = [];
    const from = { line: 1, offset: 10, leaf: 2 };
    await sendInBatches(stream(entries([1, 3, 1]), from), from, { size: 2, send: async (d) => (sent.push(...d), created(d)), applied: async () => {} });
    expect(sent).toEqual(['2.2', '3.0']);
  });

  it('halves a batch the import refuses as too large, and keeps the smaller size', async () => {
    const sizes: number[] = [];
    const shrunk: number[] = [];
    const sent: unknown[] = [];
    await sendInBatches(stream(entries([25])), START, {
      size: 20,
      send: async (documents) => {
        sizes.push(documents.length);
        if (documents.length > 6) throw new BatchTooLargeError('too many');
        sent.push(...documents);
        return created(documents);
      },
      applied: async () => {},
      shrunk: (size) => shrunk.push(size),
    });
    expect(shrunk).toEqual([10, 5]);
    expect(sizes).toEqual([20, 10, 5, 5, 5, 5, 5]);
    expect(sent).toEqual(Array.from({ length: 25 }, (_, j) => `1.${j}`));
  });

  it('goes straight to the most the import names', async () => {
    const sizes: number[] = [];
    await sendInBatches(stream(entries([9])), START, {
      size: 8,
      send: async (documents) => {
        sizes.push(documents.length);
        if (documents.length > 3) throw new BatchTooLargeError('at most 3', 3);
        return created(documents);
      },
      applied: async () => {},
    });
    expect(sizes).toEqual([8, 3, 3, 3]);
  });

  it('skips a single document too large to send, and sends the others', async () => {
    const batches: Batch[] = [];
    await sendInBatches(stream(entries([4])), START, {
      size: 4,
      send: async (documents) => {
        if (documents.includes('1.2')) throw new BatchTooLargeError('the request body is over the service\'s limit (HTTP 413)');
        return created(documents);
      },
      applied: async (b) => void batches.push(b),
    });
    expect(batches.flatMap((b) => b.result.items.map((i) => i.outcome))).toEqual(['CREATED', 'CREATED', 'SKIPPED', 'CREATED']);
    expect(batches.flatMap((b) => b.result.items.flatMap((i) => (i.reason ? [i.reason] : [])))).toEqual([
      "too large to send: the request body is over the service's limit (HTTP 413)",
    ]);
  });

  it('stops at the first failure that is not about size, with nothing after it applied', async () => {
    const applied: Batch[] = [];
    let calls = 0;
    const run = sendInBatches(stream(entries([2, 2, 2])), START, {
      size: 2,
      send: async (documents) => {
        if (++calls === 2) throw new FatalImportError('refused');
        return created(documents);
      },
      applied: async (b) => void applied.push(b),
    });
    await expect(run).rejects.toThrow('refused');
    expect(applied.map((b) => b.cursor)).toEqual([{ line: 1, offset: 10, leaf: 0 }]);
  });
});
