import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Articles written to make extraction expensive or to break its output.
 * Reading an article runs off the main thread with a time budget, so the
 * service keeps answering while it reads, and what extraction cannot keep
 * whole is cut and reported in `warnings` instead of failing the ingest.
 */
let api: TestServer;
let sourceSlug: string;

beforeAll(async () => {
  api = await startTestServer();
  sourceSlug = (await createSource(api, { name: `Hostile wire ${token()}` })).slug;
});
afterAll(async () => {
  await api.close();
});

const INGEST = `mutation($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    created
    warnings { kind message startOffset endOffset candidatePosition }
    article { id candidates { id position speakerName text quote startOffset endOffset } }
  }
}`;

const ARTICLE = `query($url: String!) { article(url: $url) { id } }`;

function input(url: string, body: string) {
  return { input: { url, sourceSlug, title: 'Hostile copy', publishedAt: '2024-03-15T12:00:00Z', body } };
}

/** One sentence, no full stop until the very end: the shape that made compromise's matcher run for minutes. */
function oneSentence(length: number): string {
  const clause = 'the minister said the plan would work and the opposition leader insisted that ';
  return `${clause.repeat(Math.ceil(length / clause.length)).slice(0, length - 1)}.`;
}

describe('hostile articles', () => {
  it('a 199,000-character one-sentence body neither blocks /health nor runs past the time budget', { timeout: 180_000 }, async () => {
    const url = `https://hostile.example/${token()}`;
    const started = Date.now();
    let finished = 0;
    const ingest = api.gql(INGEST, input(url, oneSentence(199_000)), { key: api.keys.CONTRIBUTOR }).finally(() => {
      finished = Date.now();
    });

    // /health every 250 ms while the article is read; each must answer
    // promptly, and some must answer before the ingest does.
    const answers: { sent: number; answered: number }[] = [];
    const probes: Promise<void>[] = [];
    while (!finished) {
      const sent = Date.now();
      probes.push(
        api.http
          .get('/health')
          .expect(200)
          .then(() => {
            answers.push({ sent, answered: Date.now() });
          }),
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const body = await ingest;
    await Promise.all(probes);

    const duringIngest = answers.filter((a) => a.answered < finished);
    expect(duringIngest.length, `health answers before the ingest ended (ingest took ${finished - started} ms)`).toBeGreaterThanOrEqual(3);
    const slowest = Math.max(...answers.map((a) => a.answered - a.sent));
    expect(slowest, 'slowest /health answer (ms)').toBeLessThan(5_000);
    // The 20 s budget, with room for a loaded machine's start-up and writes.
    expect(finished - started).toBeLessThan(90_000);

    if (body.errors) {
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'ARTICLE_TOO_COMPLEX', field: 'input.body' });
      expect(body.errors[0]!.message).toMatch(/too complex|time/i);
      // Nothing half-written.
      expect((await api.fails(ARTICLE, { url })).extensions?.code).toBe('NOT_FOUND');
    } else {
      const { ingestArticle } = body.data!;
      expect(ingestArticle.created).toBe(true);
      expect(ingestArticle.warnings).toContainEqual(expect.objectContaining({ kind: 'SENTENCE_SPLIT', startOffset: 0 }));
      for (const c of ingestArticle.article.candidates) expect(c.text.length).toBeLessThanOrEqual(5000);
    }
  });

  it('an article past its time budget is refused with ARTICLE_TOO_COMPLEX, nothing is stored, and the next article is read', { timeout: 120_000 }, async () => {
    // The least budget the service takes: a second was sometimes enough for the whole article on an idle machine.
    const strict = await startTestServer({ INGEST_TIMEOUT_MS: '100' });
    try {
      const slug = (await createSource(strict, { name: `Strict wire ${token()}` })).slug;
      const url = `https://hostile.example/${token()}`;
      const refused = await strict.fails(INGEST, { input: { ...input(url, oneSentence(199_000)).input, sourceSlug: slug } }, { key: strict.keys.CONTRIBUTOR });
      expect(refused.extensions).toMatchObject({ code: 'ARTICLE_TOO_COMPLEX', field: 'input.body', timeoutMs: 100 });
      expect(refused.message).toContain('100 ms');
      expect((await strict.fails(ARTICLE, { url })).extensions?.code).toBe('NOT_FOUND');

      const next = await strict.ok(
        INGEST,
        { input: { ...input(`https://hostile.example/${token()}`, 'Mayor Ana Ruiz said the bridge would reopen on Friday.').input, sourceSlug: slug } },
        { key: strict.keys.CONTRIBUTOR },
      );
      expect(next.ingestArticle.article.candidates).toEqual([expect.objectContaining({ speakerName: 'Ana Ruiz', text: 'the bridge would reopen on Friday' })]);
    } finally {
      await strict.close();
    }
  });

  it('a 6,000-character quote is cut to 5,000 characters at a word, with a warning, and the other candidates are kept', async () => {
    const sentence = 'We will build the new bridge across the river and we will finish the road to the coast before the winter comes. ';
    const quote = sentence.repeat(Math.ceil(6000 / sentence.length)).slice(0, 6000).trim();
    const body = [
      `Transport Minister Jane Doe said on Tuesday: “${quote}”`,
      'The opposition leader, Tom Smith, said the plan would never be paid for.',
      '“It is a fantasy,” Smith told reporters.',
    ].join('\n\n');
    const url = `https://hostile.example/${token()}`;
    const { ingestArticle } = await api.ok(INGEST, input(url, body), { key: api.keys.CONTRIBUTOR });
    expect(ingestArticle.created).toBe(true);
    const candidates = ingestArticle.article.candidates;
    // Named as written or as a stored speaker of that name is spelled (a shared database may hold "JANE DOE").
    const long = candidates.find((c: any) => c.speakerName.toLowerCase() === 'jane doe');
    expect(long, 'the minister’s candidate').toBeDefined();
    expect(long.text.length).toBeLessThanOrEqual(5000);
    expect(long.text).toMatch(/\w…$/);
    expect(quote.startsWith(long.text.slice(0, -1))).toBe(true);
    expect(long.quote.length).toBeLessThanOrEqual(5000);
    // The offsets still cover the whole passage as written.
    expect(long.endOffset - long.startOffset).toBeGreaterThan(6000);
    expect(ingestArticle.warnings).toContainEqual(
      expect.objectContaining({ kind: 'CANDIDATE_TRUNCATED', candidatePosition: long.position, startOffset: long.startOffset, endOffset: long.endOffset }),
    );
    expect(candidates.filter((c: any) => c.speakerName.toLowerCase() === 'tom smith').map((c: any) => c.text)).toEqual([
      'the plan would never be paid for',
      'It is a fantasy',
    ]);

    // The cut candidate can be accepted as it is.
    const accepted = await api.ok(`mutation($id: ID!) { acceptCandidate(id: $id) { status statement { text } } }`, { id: long.id }, { key: api.keys.CONTRIBUTOR });
    expect(accepted.acceptCandidate).toMatchObject({ status: 'ACCEPTED', statement: { text: long.text } });
  });

  it('an article with more attributed sentences than INGEST_MAX_CANDIDATES keeps the first ones and says where it stopped', async () => {
    const capped = await startTestServer({ INGEST_MAX_CANDIDATES: '5' });
    try {
      const slug = (await createSource(capped, { name: `Capped wire ${token()}` })).slug;
      const body = Array.from({ length: 12 }, (_, i) => `Mayor Ana Ruiz said bridge number ${i + 1} would reopen.`).join('\n\n');
      const { ingestArticle } = await capped.ok(
        INGEST,
        { input: { ...input(`https://hostile.example/${token()}`, body).input, sourceSlug: slug } },
        { key: capped.keys.CONTRIBUTOR },
      );
      expect(ingestArticle.article.candidates.map((c: any) => c.text)).toEqual([1, 2, 3, 4, 5].map((n) => `bridge number ${n} would reopen`));
      const [warning] = ingestArticle.warnings.filter((w: any) => w.kind === 'CANDIDATES_LIMITED');
      expect(warning).toMatchObject({ startOffset: body.indexOf('Mayor Ana Ruiz said bridge number 6') });
      expect(warning.message).toContain('5');
    } finally {
      await capped.close();
    }
  });

  it('an ordinary article has no warnings', async () => {
    const { ingestArticle } = await api.ok(INGEST, input(`https://hostile.example/${token()}`, 'Mayor Ana Ruiz said the bridge would reopen on Friday.'), {
      key: api.keys.CONTRIBUTOR,
    });
    expect(ingestArticle.warnings).toEqual([]);
  });
});
