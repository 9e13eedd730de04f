import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpeaker, createStatement, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const SIMILAR = `query($text: String!, $first: Int, $minScore: Float) {
  similarStatements(text: $text, first: $first, minScore: $minScore) { score statement { id text } }
}`;

async function similar(text: string, first = 5, minScore?: number): Promise<{ score: number; id: string }[]> {
  const data = await api.ok(SIMILAR, { text, first, minScore }, { key: null });
  return data.similarStatements.map((s: { score: number; statement: { id: string } }) => ({ score: s.score, id: s.statement.id }));
}

const PAGE = `query($search: String!, $speakerId: ID!, $first: Int!, $after: String, $orderBy: StatementOrder) {
  statements(filter: { search: $search, speakerId: $speakerId }, first: $first, after: $after, orderBy: $orderBy) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor }
  }
}`;

const cursor = (key: unknown) => Buffer.from('c1:' + JSON.stringify(key), 'utf8').toString('base64url');

describe('similarStatements: has this been checked before?', () => {
  it('finds the claim a pasted post is about, links, handles and signature included', async () => {
    const place = token();
    const claim = await createStatement(api, { text: `A video shows wombats herding animals into their burrows to escape the ${place} fires.` });
    await createStatement(api, { text: `Fires near ${place} destroyed three villages.` });
    const post = `How are animals surviving the #${place}Fires? Footage shows wombats herding them into burrows https://t.co/x1y2z3 pic.twitter.com/AbC — Wildlife Desk (@WildlifeDesk) January 14, 2020`;
    const found = await similar(post);
    expect(found[0]!.id).toBe(claim.id);
    const scores = found.map((f) => f.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const score of scores) expect(score).toBeGreaterThan(0);
    for (const score of scores) expect(score).toBeLessThanOrEqual(1);
  });

  it('takes quotes and dashes as words, not as search operators', async () => {
    const word = token();
    const claim = await createStatement(api, { text: `The minister said the ${word} bridge is closed.` });
    const found = await similar(`"The ${word} bridge is closed" -- so says the minister -- or does he?`);
    expect(found[0]!.id).toBe(claim.id);
  });

  // How near 1 the same words score depends on the corpus (BM25 weighs a
  // text's length against the average length, which other test files
  // change as they run), so the test asks for what holds in any corpus.
  it('scores a statement said in the same words far above one sharing a word, and leaves out what minScore excludes', async () => {
    const word = token();
    const same = await createStatement(api, { text: `The ${word} reservoir took a third of the river's water this winter.` });
    const loose = await createStatement(api, { text: `Something else entirely about ${word}.` });
    const found = await similar(`The ${word} reservoir took a third of the river's water this winter.`, 10);
    expect(found[0]).toMatchObject({ id: same.id });
    expect(found[0]!.score).toBeGreaterThan(0.5);
    const weak = found.find((f) => f.id === loose.id);
    expect(weak).toBeDefined();
    expect(weak!.score).toBeLessThan(found[0]!.score / 2);
    const strict = await similar(`The ${word} reservoir took a third of the river's water this winter.`, 10, weak!.score + 0.0001);
    expect(strict.map((f) => f.id)).toContain(same.id);
    expect(strict.map((f) => f.id)).not.toContain(loose.id);
  });

  it('matches a misspelling through close spellings, and ranks the exact spelling above it', async () => {
    const speaker = await createSpeaker(api);
    const word = token();
    const right = await createStatement(api, { speakerId: speaker.id, text: `Shelling was reported in ${word} overnight.` });
    const typo = word.slice(0, 4) + (word[4] === 'q' ? 'z' : 'q') + word.slice(5);
    const misspelled = await createStatement(api, { speakerId: speaker.id, text: `Shelling was reported in ${typo} overnight.` });
    const found = (await similar(`shelling in ${word}`, 20)).map((f) => f.id);
    expect(found).toContain(misspelled.id);
    expect(found.indexOf(right.id)).toBeLessThan(found.indexOf(misspelled.id));
  });

  it('refuses a bad first or minScore, and a text past 5,000 characters', async () => {
    for (const [variables, field] of [
      [{ text: 'x', first: 0 }, 'first'],
      [{ text: 'x', minScore: -0.1 }, 'minScore'],
      [{ text: 'x', minScore: 1.5 }, 'minScore'],
      [{ text: 'x'.repeat(5001) }, 'text'],
    ] as const) {
      const error = await api.fails(SIMILAR, variables, { key: null });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('answers a 5,000-character text of distinct made-up words (every word unknown to the index) in bounded work', async () => {
    const words: string[] = [];
    while (words.join(' ').length < 4990) words.push(token());
    const text = words.join(' ').slice(0, 5000);
    const started = Date.now();
    expect(await similar(text)).toEqual([]);
    // Wide margin on a loaded machine: unbounded expansion (one trigram probe per word, hundreds of words) took far longer.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('the relevance index follows every write', () => {
  it('an edited text is found by its new words and no longer by its old ones', async () => {
    const [before, after] = [token(), token()];
    const s = await createStatement(api, { text: `The ${before} checkpoint opened.` });
    expect((await similar(before)).map((f) => f.id)).toEqual([s.id]);
    await api.ok(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { version } }`, {
      input: { id: s.id, expectedVersion: 1, text: `The ${after} checkpoint opened.` },
    });
    expect((await similar(after)).map((f) => f.id)).toEqual([s.id]);
    expect(await similar(before)).toEqual([]);
  });

  it("finds statements by their speaker's name", async () => {
    const name = token();
    const speaker = await createSpeaker(api, { name: `Minister ${name}` });
    const s = await createStatement(api, { speakerId: speaker.id, text: 'The talks will resume next week.' });
    expect((await similar(`${name} talks`)).map((f) => f.id)).toContain(s.id);
  });
});

describe('statements(filter: { search }, orderBy: RELEVANCE)', () => {
  it('pages through a ranked list with cursors: every statement once, in the order of one long page', async () => {
    const speaker = await createSpeaker(api);
    const [a, b, c] = [token(), token(), token()];
    const texts = Array.from({ length: 23 }, (_, i) =>
      [`Report ${i}:`, i % 2 ? a : '', i % 3 ? b : '', i % 5 ? c : '', i % 7 ? 'more words to vary the length' : ''].join(' '),
    );
    for (const text of texts) await createStatement(api, { speakerId: speaker.id, text });
    const query = `${a} ${b} ${c}`;
    const whole = await api.ok(PAGE, { search: query, speakerId: speaker.id, first: 100 });
    const expected = whole.statements.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(expected.length).toBe(whole.statements.totalCount);
    expect(expected.length).toBeGreaterThan(15);
    const walked: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const data: any = await api.ok(PAGE, { search: query, speakerId: speaker.id, first: 4, after });
      walked.push(...data.statements.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!data.statements.pageInfo.hasNextPage) break;
      after = data.statements.pageInfo.endCursor;
    }
    expect(walked).toEqual(expected);

    // Without the speaker filter (only these statements hold the words), the
    // page is cut from the ranking before rows are read: the same list.
    const SEARCH_ONLY = `query($search: String!, $first: Int!, $after: String) {
      statements(filter: { search: $search }, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
    }`;
    const unfiltered: string[] = [];
    let next: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const data: any = await api.ok(SEARCH_ONLY, { search: query, first: 4, after: next });
      expect(data.statements.totalCount).toBe(expected.length);
      unfiltered.push(...data.statements.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!data.statements.pageInfo.hasNextPage) break;
      next = data.statements.pageInfo.endCursor;
    }
    expect(unfiltered).toEqual(expected);
  });

  it('refuses RELEVANCE without a search, and forged or foreign cursors', async () => {
    const speaker = await createSpeaker(api);
    await createStatement(api, { speakerId: speaker.id, text: `Aid reached ${token()}.` });
    const noSearch = await api.fails(`{ statements(orderBy: RELEVANCE, first: 5) { totalCount } }`);
    expect(noSearch.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy' });
    const id = '0190f1a0-0000-7000-8000-000000000000';
    for (const forged of [
      cursor({ o: 'R', r: 'high', id }),
      cursor({ o: 'R', r: -1, id }),
      cursor({ o: 'R', r: 1e400, id }),
      cursor({ o: 'R', r: 0.5, id: "1' OR '1'='1" }),
      cursor({ o: 'N', id }),
    ]) {
      const error = await api.fails(PAGE, { search: 'aid', speakerId: speaker.id, first: 5, after: forged });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});

describe('a pasted transcript', () => {
  it('is ranked by its rarest words: thousands of stored words in one text still answer, best first', async () => {
    const speaker = await createSpeaker(api);
    // 150 words the index holds, each in ten statements: more than a query is ranked by, all commoner than the rare one.
    const common = Array.from({ length: 150 }, () => token());
    for (let i = 0; i < 10; i++) await createStatement(api, { speakerId: speaker.id, text: `Words ${common.join(' ')}.` });
    const rare = token();
    const target = await createStatement(api, { speakerId: speaker.id, text: `The ${rare} crossing reopened at dawn.` });
    const transcript = [...common, rare, 'crossing', 'reopened'].join(' ');
    expect(transcript.length).toBeLessThanOrEqual(5000);
    const found = await similar(transcript, 20);
    expect(found.map((f) => f.id)).toContain(target.id);
  });
});

describe('the totals BM25 normalises by', () => {
  it('count every indexed statement exactly once, after single writes and bulk imports alike', async () => {
    const documents = Array.from({ length: 120 }, (_, i) => ({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://checks.example/${token()}/${i}`,
      claimReviewed: `Claim number ${i} about ${token()}.`,
      name: `Is claim ${i} true?`,
      author: { '@type': 'Organization', name: 'Checks Desk' },
    }));
    await api.ok(`mutation($documents: [JSON!]!) { importClaimReviews(documents: $documents) { created } }`, { documents });
    await createStatement(api, { text: `One more about ${token()}.` });
    // One snapshot for both sides, whatever other files write meanwhile.
    const [row] = await api.db.$queryRawUnsafe<{ counted: number; indexed: number; words: number; counted_words: number }[]>(
      `SELECT (SELECT sum(documents) FROM search_total)::int AS counted, (SELECT count(*) FROM search_document)::int AS indexed,
              (SELECT sum(len_text + len_quote + len_title + len_speaker) FROM search_total)::int AS counted_words,
              (SELECT sum(len_text + len_quote + len_title + len_speaker) FROM search_document)::int AS words`,
    );
    expect(row!.counted).toBe(row!.indexed);
    expect(row!.counted_words).toBe(row!.words);
  });
});

type Tx = Pick<TestServer['db'], '$queryRawUnsafe' | '$executeRawUnsafe'>;

describe('the index inside one transaction', () => {
  /** A statement written straight into the table, as a migration or a bulk tool would, inside `tx`. */
  async function insertStatement(tx: Tx, speakerId: string, text: string): Promise<string> {
    const [row] = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO statement (id, text, speaker_id, updated_at) VALUES (gen_random_uuid(), $1, $2::uuid, now()) RETURNING id::text`,
      text,
      speakerId,
    );
    return row!.id;
  }
  async function indexed(ids: string[]): Promise<number> {
    const [row] = await api.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM search_document WHERE statement_id = ANY($1::uuid[])`,
      ids,
    );
    return row!.n;
  }
  async function speakerUuid(): Promise<string> {
    const speaker = await createSpeaker(api);
    const [row] = await api.db.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text FROM speaker WHERE name = $1`, speaker.name);
    return row!.id;
  }

  it('indexes what is written after the index was brought up to date early (SET CONSTRAINTS ALL IMMEDIATE)', async () => {
    const speakerId = await speakerUuid();
    const ids = await api.db.$transaction(async (tx) => {
      const first = await insertStatement(tx, speakerId, `Early flush ${token()} before.`);
      await tx.$executeRawUnsafe('SET CONSTRAINTS ALL IMMEDIATE');
      await tx.$executeRawUnsafe('SET CONSTRAINTS ALL DEFERRED');
      const second = await insertStatement(tx, speakerId, `Early flush ${token()} after.`);
      return [first, second];
    });
    expect(await indexed(ids)).toBe(2);
  });

  it('indexes what a transaction writes after rolling back a savepoint that wrote first', async () => {
    const speakerId = await speakerUuid();
    const kept = await api.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SAVEPOINT before_first');
      await insertStatement(tx, speakerId, `Rolled back ${token()}.`);
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT before_first');
      return insertStatement(tx, speakerId, `Kept ${token()}.`);
    });
    expect(await indexed([kept])).toBe(1);
  });

  it("removes a statement's postings with the statement", async () => {
    const speakerId = await speakerUuid();
    const id = await api.db.$transaction((tx) => insertStatement(tx, speakerId, `Short-lived ${token()} words.`));
    const postings = async () =>
      (await api.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM search_posting WHERE statement_id = $1::uuid`, id))[0]!.n;
    expect(await postings()).toBeGreaterThan(0);
    await api.db.$executeRawUnsafe(`DELETE FROM statement WHERE id = $1::uuid`, id);
    expect(await postings()).toBe(0);
    expect(await indexed([id])).toBe(0);
  });
});

describe('similarMany (candidate linking at ingestion)', () => {
  it('answers many texts in one query exactly as similar answers each alone', async () => {
    const place = token();
    const speaker = await createSpeaker(api);
    for (const text of [
      `Shelling hit the ${place} market on Tuesday.`,
      `The ${place} market reopened after the shelling.`,
      `No shelling took place near ${place}, the army said.`,
      `Aid trucks reached ${place} for the first time in weeks.`,
    ]) {
      await createStatement(api, { speakerId: speaker.id, text });
    }
    const { RelevanceService } = await import('../../src/modules/search/search.service.js');
    const relevance = new RelevanceService(api.db, api.config.graphql);
    const texts = [`shelling ${place} market`, `aid trucks ${place}`, `${place}`, token(), `shelling ${place} market`];
    for (const options of [{ first: 2 }, { first: 5, minScore: 0.2 }]) {
      const many = await relevance.similarMany(texts, options);
      const alone = await Promise.all(texts.map((text) => relevance.similar(text, options)));
      expect(many.map((found) => found.map((f) => [f.statement.id, f.score]))).toEqual(alone.map((found) => found.map((f) => [f.statement.id, f.score])));
      // A word no statement holds, nor any close spelling of it.
      expect(many[3]).toEqual([]);
      expect(many[0]!.length).toBeGreaterThan(0);
    }
    expect(await relevance.similarMany([], { first: 3 })).toEqual([]);
  });
});
