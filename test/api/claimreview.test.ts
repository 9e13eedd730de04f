import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstFormGlobalId, parseGlobalId, toGlobalId } from '../../src/ids.js';
import { createSource, createSpeaker, createStatement, setVerdict, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PUBLIC_URL = 'https://facts.example.org';
const ENV = {
  PUBLIC_URL,
  CLAIMREVIEW_PUBLISHER_NAME: 'Example Fact Desk',
  CLAIMREVIEW_PUBLISHER_URL: 'https://facts.example.org/about',
};

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer(ENV);
});
afterAll(() => api.close());

const CLAIM_REVIEW = `query($id: ID!) { statement(id: $id) { claimReview } }`;

// Items are counted at up to 1000 by the cost analysis: ask little of each, and the rest of one statement.
const IMPORT = `mutation($documents: [JSON!]!) {
  importClaimReviews(documents: $documents) {
    created matched skipped
    items { index reviewUrl outcome reason statement { id text status version speaker { id name kind } } }
  }
}`;

const STATEMENT = `query($id: ID!) { statement(id: $id) {
  id text statedAt language status version
  speaker { id name kind title }
  sources { name slug kind homepageUrl }
  appearances { url publishedAt source { name } }
  verdictCount verdicts(first: 3) { status rationale }
  claimReview
  externalReviewCount
  externalReviews(first: 5) { id publisher publisherUrl url headline reviewDate ratingText status importedAt statement { id } }
} }`;

/** A statement's ID as published ClaimReview URLs spell it (its first form, kept so published URLs never change). */
const published = (id: string) => firstFormGlobalId('Statement', parseGlobalId(id)!.id);
const ghost = (type: string) => Buffer.from(`${type}:00000000-0000-7000-8000-000000000000`).toString('base64url');

type Doc = Record<string, any>;

async function getReview(id: string) {
  return api.http.get(`/claimreview/${id}`);
}

/** A statement with two appearances (the later one recorded first) and a verdict. */
async function statementWithFinding(
  speakerOverrides: Record<string, unknown> = {},
  verdict: Record<string, unknown> = {},
): Promise<{ id: string; speaker: { id: string; name: string }; wire: { id: string; name: string }; paper: { id: string; name: string }; text: string; verdictId: string }> {
  const t = token();
  const wire = { ...(await createSource(api, { name: `Wire ${t}`, homepageUrl: `https://wire-${t}.example.com` })), name: `Wire ${t}` };
  const paper = { ...(await createSource(api, { name: `Paper ${t}`, kind: 'NEWSPAPER' })), name: `Paper ${t}` };
  const speaker = await createSpeaker(api, { name: `Minister ${t}`, kind: 'PERSON', title: 'Minister of Water', ...speakerOverrides });
  const text = `The dam at ${t} holds twice its rated capacity`;
  const statement = await createStatement(api, {
    speakerId: speaker.id,
    text,
    statedAt: '2024-03-01T09:30:00.000Z',
    language: 'en',
    appearances: [
      { sourceId: paper.id, url: `https://paper-${t}.example.com/story`, publishedAt: '2024-03-02T08:00:00.000Z' },
      { sourceId: wire.id, url: `https://wire-${t}.example.com/flash`, publishedAt: '2024-03-01T10:00:00.000Z' },
    ],
  });
  const set = await setVerdict(api, statement.id, 1, {
    status: 'FALSE',
    rationale: 'Engineering records show a third of that.',
    evidence: [
      { url: `https://records-${t}.example.org/dam`, title: 'Engineering records', stance: 'REFUTES' },
      { url: `https://records-${t}.example.org/photos`, stance: 'CONTEXT' },
    ],
    ...verdict,
  });
  return { id: statement.id, speaker, wire, paper, text, verdictId: set.id };
}

describe('GET /claimreview/:id', () => {
  it('publishes a finding as a schema.org ClaimReview, field by field', async () => {
    const s = await statementWithFinding();
    const verdict = (await api.ok(`query($id: ID!) { statement(id: $id) { verdict { createdAt } } }`, { id: s.id })).statement.verdict;

    const res = await getReview(s.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const doc = JSON.parse(res.text) as Doc;

    expect(doc['@context']).toBe('https://schema.org');
    expect(doc['@type']).toBe('ClaimReview');
    expect(doc.url).toBe(`${PUBLIC_URL}/claimreview/${published(s.id)}`);
    expect(doc.claimReviewed).toBe(s.text);
    expect(doc.datePublished).toBe(verdict.createdAt);
    expect(doc.author).toEqual({ '@type': 'Organization', name: 'Example Fact Desk', url: 'https://facts.example.org/about' });
    expect(doc.reviewRating).toEqual({ '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' });
    expect(doc.reviewBody).toBe('Engineering records show a third of that.');
    expect(doc.citation).toEqual([
      { '@type': 'CreativeWork', url: expect.stringMatching(/\/dam$/), name: 'Engineering records' },
      { '@type': 'CreativeWork', url: expect.stringMatching(/\/photos$/) },
    ]);

    const claim = doc.itemReviewed;
    expect(claim['@type']).toBe('Claim');
    expect(claim.author).toEqual({ '@type': 'Person', name: s.speaker.name, jobTitle: 'Minister of Water' });
    expect(claim.datePublished).toBe('2024-03-01T09:30:00.000Z');
    expect(claim.inLanguage).toBe('en');
    const wireAppearance = {
      '@type': 'CreativeWork',
      url: expect.stringMatching(/^https:\/\/wire-[a-z]+\.example\.com\/flash$/),
      datePublished: '2024-03-01T10:00:00.000Z',
      publisher: { '@type': 'Organization', name: s.wire.name, url: expect.stringMatching(/^https:\/\/wire-/) },
    };
    // Earliest publication first, whatever order they were recorded in.
    expect(claim.appearance).toEqual([
      wireAppearance,
      {
        '@type': 'CreativeWork',
        url: expect.stringMatching(/\/story$/),
        datePublished: '2024-03-02T08:00:00.000Z',
        publisher: { '@type': 'Organization', name: s.paper.name },
      },
    ]);
    expect(claim.firstAppearance).toEqual(wireAppearance);
  });

  it('is exactly the document Statement.claimReview gives', async () => {
    const s = await statementWithFinding();
    const res = await getReview(s.id);
    const data = await api.ok(CLAIM_REVIEW, { id: s.id });
    expect(data.statement.claimReview).toEqual(JSON.parse(res.text));
  });

  it.each([
    ['ORGANIZATION', 'Organization'],
    ['GOVERNMENT_BODY', 'Organization'],
  ])('names a %s speaker as an %s, without a job title', async (kind, type) => {
    const s = await statementWithFinding({ kind, title: 'Press office' });
    const doc = JSON.parse((await getReview(s.id)).text) as Doc;
    expect(doc.itemReviewed.author).toEqual({ '@type': type, name: s.speaker.name });
  });

  it.each([
    ['TRUE', 5, 'True'],
    ['MOSTLY_TRUE', 4, 'Mostly true'],
    ['MIXED', 3, 'Mixed'],
    ['MISLEADING', 2, 'Misleading'],
    ['MOSTLY_FALSE', 2, 'Mostly false'],
    ['FALSE', 1, 'False'],
  ])('rates %s as %s out of 5, "%s"', async (status, ratingValue, alternateName) => {
    const s = await statementWithFinding({}, { status });
    const doc = JSON.parse((await getReview(s.id)).text) as Doc;
    expect(doc.reviewRating).toEqual({ '@type': 'Rating', ratingValue, bestRating: 5, worstRating: 1, alternateName });
  });

  it('gives UNPROVEN a label and no number: it is not a degree of truth', async () => {
    const s = await statementWithFinding({}, { status: 'UNPROVEN' });
    const doc = JSON.parse((await getReview(s.id)).text) as Doc;
    expect(doc.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Unproven' });
  });

  it('leaves out what is unknown: no appearances, no date, no publisher URL', async () => {
    const plain = await startTestServer({ PUBLIC_URL: 'http://localhost:4000/' });
    try {
      const statement = await createStatement(plain);
      await setVerdict(plain, statement.id, 1);
      const doc = JSON.parse((await plain.http.get(`/claimreview/${statement.id}`)).text) as Doc;
      expect(doc.url).toBe(`http://localhost:4000/claimreview/${published(statement.id)}`);
      expect(doc.author).toEqual({ '@type': 'Organization', name: 'Fact-check desk' });
      expect(doc.itemReviewed).not.toHaveProperty('appearance');
      expect(doc.itemReviewed).not.toHaveProperty('firstAppearance');
      expect(doc.itemReviewed).not.toHaveProperty('datePublished');
    } finally {
      await plain.close();
    }
  });

  it('answers 404 NOT_FOUND, and claimReview is null, while there is no finding', async () => {
    const never = await createStatement(api);
    const inReview = await createStatement(api);
    await setVerdict(api, inReview.id, 1, { status: 'IN_REVIEW', rationale: null, evidence: null });
    const reopened = await statementWithFinding();
    await setVerdict(api, reopened.id, 2, { status: 'IN_REVIEW', rationale: null, evidence: null });

    for (const id of [never.id, inReview.id, reopened.id]) {
      const res = await getReview(id);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('has no finding') } });
      expect((await api.ok(CLAIM_REVIEW, { id })).statement.claimReview).toBeNull();
    }
  });

  it('answers 404 NOT_FOUND for a statement that does not exist', async () => {
    const res = await getReview(ghost('Statement'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: `Statement ${ghost('Statement')} does not exist` } });
  });

  it.each(['nonsense', ghost('Speaker'), 'U3RhdGVtZW50Om5vdC1hLXV1aWQ'])('answers 400 BAD_USER_INPUT for the malformed id %s', async (id) => {
    const res = await getReview(id);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_USER_INPUT');
    expect(res.body.error.message).toMatch(/Statement ID/);
  });
});

describe('GET /claimreview (feed)', () => {
  async function feed(query: string) {
    const res = await api.http.get(`/claimreview${query}`);
    return res;
  }

  /** The query of a `next` URL, which points at this feed under PUBLIC_URL. */
  function queryOf(next: string): string {
    expect(next.startsWith(`${PUBLIC_URL}/claimreview?`)).toBe(true);
    return next.slice(`${PUBLIC_URL}/claimreview`.length);
  }

  it('lists findings newest verdict first, page by page, with the URL of the next page', async () => {
    const a = await statementWithFinding();
    const b = await statementWithFinding({}, { status: 'MISLEADING' });
    const c = await statementWithFinding({}, { status: 'TRUE' });
    const mine = [c, b, a].map((s) => `${PUBLIC_URL}/claimreview/${published(s.id)}`);

    const first = await feed('?first=2');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const page = JSON.parse(first.text) as Doc;
    expect(page['@context']).toBe('https://schema.org');
    expect(page['@type']).toBe('DataFeed');
    expect(page.dataFeedElement).toHaveLength(2);
    expect(page.next).toMatch(/^https:\/\/facts\.example\.org\/claimreview\?first=2&after=[A-Za-z0-9_-]+$/);

    // Elements are the single documents, under the feed's @context.
    const { '@context': _context, ...single } = JSON.parse((await getReview(c.id)).text) as Doc;

    // Other files may add findings meanwhile (a shared test database); they
    // can only come before ours, so walk on until all three are seen.
    const seen: string[] = [];
    let body = page;
    for (let pages = 0; pages < 50; pages++) {
      for (const element of body.dataFeedElement as Doc[]) {
        expect(element).not.toHaveProperty('@context');
        expect(element['@type']).toBe('ClaimReview');
        seen.push(element.url);
        if (element.url === mine[0]) expect(element).toEqual(single);
      }
      if (mine.every((url) => seen.includes(url)) || !body.next) break;
      const next = await feed(queryOf(body.next));
      expect(next.status).toBe(200);
      body = JSON.parse(next.text) as Doc;
      expect((body.dataFeedElement as Doc[]).length).toBeLessThanOrEqual(2);
    }
    expect(seen.filter((url) => mine.includes(url))).toEqual(mine);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('ends with next: null, and holds only statements with a finding', async () => {
    const finding = await statementWithFinding();
    const pending = await createStatement(api);
    await setVerdict(api, pending.id, 1, { status: 'IN_REVIEW', rationale: null, evidence: null });

    const urls: string[] = [];
    let query = '?first=100';
    for (let pages = 0; pages < 1000; pages++) {
      const res = await feed(query);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text) as Doc;
      urls.push(...(body.dataFeedElement as Doc[]).map((e) => e.url as string));
      if (body.next === null) break;
      query = queryOf(body.next);
    }
    expect(urls).toContain(`${PUBLIC_URL}/claimreview/${published(finding.id)}`);
    expect(urls).not.toContain(`${PUBLIC_URL}/claimreview/${published(pending.id)}`);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('pages 20 at a time by default', async () => {
    for (let i = 0; i < 3; i++) await statementWithFinding();
    const body = JSON.parse((await feed('')).text) as Doc;
    expect((body.dataFeedElement as Doc[]).length).toBeLessThanOrEqual(20);
    if (body.next) expect(body.next).toContain('first=20&');
  });

  it.each([
    ['?first=101', /first must be between 1 and 100 \(got 101\)/],
    ['?first=0', /first must be between 1 and 100/],
    ['?first=ten', /first must be a whole number/],
    ['?first=-1', /first must be a whole number/],
    ['?first=1&first=2', /first must be given once/],
    ['?after=not-a-cursor', /after is not a valid cursor/],
  ])('answers 400 BAD_USER_INPUT for %s', async (query, message) => {
    const res = await feed(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(message) } });
  });
});

/** A ClaimReview as another fact-checker would publish it. */
function review(t: string, overrides: Doc = {}, claim: Doc = {}): Doc {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://checker-${t}.example.net/reviews/${t}`,
    claimReviewed: `The river ${t} flooded the whole valley`,
    datePublished: '2024-03-05',
    author: { '@type': 'Organization', name: `Checker ${t}`, url: `https://checker-${t}.example.net` },
    reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'Pants on Fire!' },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': 'Person', name: `Mayor ${t}`, jobTitle: 'Mayor' },
      datePublished: '2024-03-01T10:00:00Z',
      appearance: [
        {
          '@type': 'CreativeWork',
          url: `https://news-${t}.example.com/story`,
          datePublished: '2024-03-01T12:00:00Z',
          publisher: { '@type': 'Organization', name: `News ${t}`, url: `https://news-${t}.example.com` },
        },
      ],
      ...claim,
    },
    ...overrides,
  };
}

async function importAs(documents: unknown[], key?: string | null) {
  return (await api.ok(IMPORT, { documents }, { key })).importClaimReviews;
}

async function auditCount(keyId: string): Promise<number> {
  const data = await api.ok(`query($keyId: ID!) { auditLog(filter: { keyId: $keyId }, first: 0) { totalCount } }`, { keyId });
  return data.auditLog.totalCount;
}

/** A FACT_CHECKER key of its own, so its audit entries can be counted exactly. */
async function ownKey(): Promise<{ key: string; id: string }> {
  const name = `Importer ${token()}`;
  const key = await api.createKey('FACT_CHECKER', name);
  const row = await api.db.apiKey.findFirstOrThrow({ where: { name } });
  return { key, id: toGlobalId('ApiKey', row.id) };
}


async function statementOf(id: string): Promise<Doc> {
  return (await api.ok(STATEMENT, { id })).statement;
}

const UNKNOWN_CLAIMANT = toGlobalId('Speaker', '00000000-0000-7000-8000-00000000c1a1');

describe('importClaimReviews', () => {
  it('records speaker, sources, statement and appearances, and the review as an external review, never as a verdict', async () => {
    const t = token();
    const importer = await ownKey();
    const doc = review(t, { name: `No, the river ${t} did not flood the valley` });
    const result = await importAs([doc], importer.key);
    expect(result).toMatchObject({ created: 1, matched: 0, skipped: 0 });
    const [item] = result.items;
    expect(item).toMatchObject({ index: 0, reviewUrl: `https://checker-${t}.example.net/reviews/${t}`, outcome: 'CREATED', reason: null });

    const statement = await statementOf(item.statement.id);
    expect(statement).toMatchObject({
      text: `The river ${t} flooded the whole valley`,
      statedAt: '2024-03-01T10:00:00.000Z',
      // Their finding is not ours: the statement stays unchecked, with nothing of ours to publish.
      status: 'UNVERIFIED',
      version: 1,
      verdictCount: 0,
      verdicts: [],
      claimReview: null,
      speaker: { name: `Mayor ${t}`, kind: 'PERSON', title: 'Mayor' },
      sources: [{ name: `News ${t}`, slug: `news-${t}`, kind: 'OTHER', homepageUrl: `https://news-${t}.example.com/` }],
      appearances: [{ url: `https://news-${t}.example.com/story`, publishedAt: '2024-03-01T12:00:00.000Z', source: { name: `News ${t}` } }],
      externalReviewCount: 1,
      externalReviews: [
        {
          id: expect.any(String),
          publisher: `Checker ${t}`,
          publisherUrl: `https://checker-${t}.example.net/`,
          url: `https://checker-${t}.example.net/reviews/${t}`,
          headline: `No, the river ${t} did not flood the valley`,
          reviewDate: '2024-03-05T00:00:00.000Z',
          ratingText: 'Pants on Fire!',
          status: 'FALSE',
          importedAt: expect.any(String),
          statement: { id: item.statement.id },
        },
      ],
    });
    const node = await api.ok(`query($id: ID!) { node(id: $id) { ... on ExternalReview { url status } } }`, { id: statement.externalReviews[0].id });
    expect(node.node).toEqual({ url: doc.url, status: 'FALSE' });

    // One audit entry for the batch and one for the statement it created (its history says who brought it in); one event per new statement.
    const log = await api.ok(`query($keyId: ID!) { auditLog(filter: { keyId: $keyId }) { edges { node { operation entityType entityId after } } } }`, {
      keyId: importer.id,
    });
    expect(log.auditLog.edges).toHaveLength(2);
    const nodes = log.auditLog.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toContainEqual(
      expect.objectContaining({
        operation: 'importClaimReviews',
        entityType: 'ExternalReview',
        after: expect.objectContaining({ createdStatementIds: [item.statement.id], externalReviewIds: [statement.externalReviews[0].id] }),
      }),
    );
    expect(nodes).toContainEqual(expect.objectContaining({ operation: 'importClaimReviews', entityType: 'Statement', entityId: item.statement.id }));
    const internal = (await api.db.statement.findFirstOrThrow({ where: { text: `The river ${t} flooded the whole valley` } })).id;
    expect(await api.db.event.count({ where: { statementId: internal, type: 'STATEMENT_CREATED' } })).toBe(1);
    expect(await api.db.verdict.count({ where: { statementId: internal } })).toBe(0);
  });

  it('attaches a review to an existing statement (speaker by alias, text ignoring case and blanks) and leaves its status and verdicts alone', async () => {
    const t = token();
    const source = await createSource(api, { name: `Gazette ${t}`, homepageUrl: `https://www.gazette-${t}.example.com` });
    const speaker = await createSpeaker(api, { name: `Governor ${t}`, kind: 'PERSON', aliases: [`Gov ${t}`] });
    const statement = await createStatement(api, {
      speakerId: speaker.id,
      text: `Unemployment in ${t} halved last year`,
      appearances: [{ sourceId: source.id, url: `https://www.gazette-${t}.example.com/a` }],
    });
    await setVerdict(api, statement.id, 1, { status: 'TRUE', rationale: 'Our own check.' });

    const doc = review(
      t,
      { claimReviewed: `  UNEMPLOYMENT in ${t} HALVED last year  `, reviewRating: { '@type': 'Rating', alternateName: 'Half True' } },
      {
        author: { '@type': 'Person', name: `gov ${t.toUpperCase()}` },
        appearance: [
          // Already recorded: not added twice.
          { '@type': 'CreativeWork', url: `https://www.gazette-${t}.example.com/a`, publisher: { name: `Gazette ${t}` } },
          // Same outlet found by its home page's host, under another name.
          { '@type': 'CreativeWork', url: `https://gazette-${t}.example.com/b`, publisher: { name: `The ${t} Gazette`, url: `https://gazette-${t}.example.com` } },
        ],
        firstAppearance: `https://radio-${t}.example.org/clip`,
      },
    );
    const result = await importAs([doc]);
    expect(result).toMatchObject({ created: 0, matched: 1, skipped: 0 });
    expect(result.items[0]).toMatchObject({ outcome: 'MATCHED', reason: 'the claim was already recorded: the review was attached to it' });
    const after = await statementOf(statement.id);
    expect(after).toMatchObject({
      text: `Unemployment in ${t} halved last year`,
      status: 'TRUE',
      version: 2,
      verdictCount: 1,
      verdicts: [{ status: 'TRUE', rationale: 'Our own check.' }],
      speaker: { id: speaker.id },
      externalReviews: [{ ratingText: 'Half True', status: 'MIXED' }],
    });
    // Our ClaimReview is still our own verdict.
    expect(after.claimReview.reviewRating.alternateName).toBe('True');
    expect((after.appearances as { url: string; source: { name: string } }[]).map((a) => [a.url, a.source.name]).sort()).toEqual([
      [`https://gazette-${t}.example.com/b`, `Gazette ${t}`],
      [`https://radio-${t}.example.org/clip`, `radio-${t}.example.org`],
      [`https://www.gazette-${t}.example.com/a`, `Gazette ${t}`],
    ]);
  });

  it('re-importing the same file matches every review "already imported" and writes nothing', async () => {
    const t = token();
    const importer = await ownKey();
    const file = [review(t), review(`${t}b`), review(`${t}c`, {}, { author: undefined }), review(`${t}d`, { reviewRating: undefined })];
    const first = await importAs(file, importer.key);
    expect(first).toMatchObject({ created: 4, matched: 0, skipped: 0 });
    const entries = await auditCount(importer.id);
    const counts = async () => ({
      statements: await api.db.statement.count(),
      speakers: await api.db.speaker.count(),
      sources: await api.db.source.count(),
      appearances: await api.db.appearance.count(),
      reviews: await api.db.externalReview.count(),
      events: await api.db.event.count(),
    });
    const before = await counts();

    // The same file again, one rating changed meanwhile at the publisher: still the same review.
    const again = await importAs([review(t, { reviewRating: { '@type': 'Rating', alternateName: 'True' } }), ...file.slice(1)], importer.key);
    expect(again).toMatchObject({ created: 0, matched: 4, skipped: 0 });
    expect(again.items.map((i: Doc) => [i.outcome, i.reason, i.statement.id])).toEqual(
      first.items.map((i: Doc) => ['MATCHED', 'already imported', i.statement.id]),
    );
    expect(await counts()).toEqual(before);
    expect(await auditCount(importer.id)).toBe(entries);
    const kept = await statementOf(first.items[0].statement.id);
    expect(kept.externalReviews).toMatchObject([{ ratingText: 'Pants on Fire!', status: 'FALSE' }]);
  });

  it('two concurrent imports of the same documents record each review, claim, speaker and source once', async () => {
    const t = token();
    // Two reviews of one claim, and claims sharing a new speaker and a new outlet.
    const documents = [
      review(t),
      review(`${t}x`, { claimReviewed: `The river ${t} flooded the whole valley` }, { author: { '@type': 'Person', name: `Mayor ${t}` } }),
      ...['a', 'b', 'c'].map((u) =>
        review(`${t}${u}`, {}, {
          author: { '@type': 'Person', name: `Mayor ${t}` },
          appearance: [{ url: `https://shared-${t}.example.com/${u}`, publisher: { name: `Shared ${t}` } }],
        }),
      ),
    ];
    const [one, two] = await Promise.all([importAs(documents), importAs(documents)]);
    // Each review is new to exactly one of them.
    for (const index of documents.keys()) {
      const outcomes = [one.items[index], two.items[index]].map((i: Doc) => i.outcome).sort();
      expect(outcomes[1]).toBe('MATCHED');
      expect(one.items[index].statement.id).toBe(two.items[index].statement.id);
    }
    expect(one.created + two.created).toBe(4);
    expect(await api.db.externalReview.count({ where: { url: { startsWith: `https://checker-${t}` } } })).toBe(5);
    expect(await api.db.statement.count({ where: { text: `The river ${t} flooded the whole valley` } })).toBe(1);
    expect(await api.db.speaker.count({ where: { name: `Mayor ${t}` } })).toBe(1);
    expect(await api.db.source.count({ where: { name: `Shared ${t}` } })).toBe(1);
  });

  it('imports a review without a rating, or with a rating it cannot map, unrated, and says so', async () => {
    const t = token();
    const result = await importAs([
      review(t, { reviewRating: undefined }),
      review(`${t}b`, { reviewRating: { '@type': 'Rating', alternateName: `Baloney ${t}` } }),
      review(`${t}c`, { reviewRating: { '@type': 'Rating', ratingValue: 1 } }),
      review(`${t}d`, { reviewRating: { alternateName: `Baloney ${t}`, ratingValue: 7, bestRating: 5, worstRating: 1 } }),
    ]);
    expect(result).toMatchObject({ created: 4, matched: 0, skipped: 0 });
    expect(result.items.map((i: Doc) => i.reason)).toEqual([
      'unrated: the review has no reviewRating, so it was imported without a status',
      `unrated: the rating "Baloney ${t}" maps to no status, so it was imported without one (an ADMIN can map it with mapClaimReviewRating)`,
      'unrated: the reviewRating has no alternateName and no ratingValue with bestRating and worstRating, so it was imported without a status',
      `unrated: the rating "Baloney ${t}", 7 on a scale from 1 to 5 maps to no status, so it was imported without one (an ADMIN can map it with mapClaimReviewRating)`,
    ]);
    const reviews = await Promise.all(result.items.map(async (i: Doc) => (await statementOf(i.statement.id)).externalReviews[0]));
    expect(reviews.map((r: Doc) => [r.ratingText, r.status])).toEqual([
      [null, null],
      [`Baloney ${t}`, null],
      [null, null],
      [`Baloney ${t}`, null],
    ]);
    expect(result.items.map((i: Doc) => i.statement.status)).toEqual(['UNVERIFIED', 'UNVERIFIED', 'UNVERIFIED', 'UNVERIFIED']);
  });

  it('attaches reviews without a claimant to one "Unknown claimant" speaker, created once', async () => {
    const t = token();
    const result = await importAs([review(t, {}, { author: undefined }), review(`${t}b`, { itemReviewed: undefined })]);
    expect(result).toMatchObject({ created: 2, matched: 0, skipped: 0 });
    for (const item of result.items) {
      expect(item.reason).toBe('itemReviewed.author.name is missing: the claim was attached to the speaker "Unknown claimant"');
      expect(item.statement.speaker).toEqual({ id: UNKNOWN_CLAIMANT, name: 'Unknown claimant', kind: 'PERSON' });
    }
    const later = await importAs([review(`${t}c`, {}, { author: { '@type': 'Person' } })]);
    expect(later.items[0].statement.speaker.id).toBe(UNKNOWN_CLAIMANT);
    expect(await api.db.speaker.count({ where: { id: '00000000-0000-7000-8000-00000000c1a1' } })).toBe(1);
  });

  it('never takes a real speaker literally named "Unknown claimant" for the placeholder, nor the other way round', async () => {
    const t = token();
    // A real speaker of that name, created before any review without a claimant is imported.
    const real = await createSpeaker(api, { name: 'Unknown claimant', kind: 'ORGANIZATION', allowSimilarName: true });
    const result = await importAs([
      review(t, {}, { author: undefined }),
      review(`${t}b`, {}, { author: { '@type': 'Organization', name: 'unknown CLAIMANT' } }),
    ]);
    expect(result.items[0].statement.speaker.id).toBe(UNKNOWN_CLAIMANT);
    expect(result.items[0].statement.speaker.id).not.toBe(real.id);
    expect(result.items[1]).toMatchObject({ outcome: 'CREATED', reason: null });
    expect(result.items[1].statement.speaker.id).toBe(real.id);
    // The placeholder's existence does not make the name look taken.
    const another = await api.fails(`mutation { createSpeaker(input: { name: "Unknown claimant", kind: PERSON }) { id } }`);
    expect(another.message).toContain(`A speaker with this name already exists (${real.id})`);
  });

  it('counts created, matched and skipped, with a reason for each, across wrappers', async () => {
    const t = token();
    const u = token();
    const v = token();
    const documents = [
      review(t),
      { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage', name: 'A page' }, review(u), review(t)] },
      { '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: [{ '@type': 'DataFeedItem', item: review(v) }, { '@type': 'Person', name: 'x' }] },
      review(token(), { claimReviewed: '' }),
    ];
    const result = await importAs(documents);
    expect(result.items.map((i: Doc) => [i.index, i.outcome, i.reason])).toEqual([
      [0, 'CREATED', null],
      [1, 'CREATED', null],
      [2, 'MATCHED', 'already imported'],
      [3, 'CREATED', null],
      [4, 'SKIPPED', 'not a ClaimReview: @type is Person'],
      [5, 'SKIPPED', 'claimReviewed must not be empty'],
    ]);
    expect(result.items[2].statement.id).toBe(result.items[0].statement.id);
    expect(result).toMatchObject({ created: 3, matched: 1, skipped: 2 });
  });

  it.each([
    ['no @type', (d: Doc) => ({ ...d, '@type': undefined }), 'not a ClaimReview: @type is missing'],
    ['another type', (d: Doc) => ({ ...d, '@type': 'Review' }), 'not a ClaimReview: @type is Review'],
    ['no url', (d: Doc) => ({ ...d, url: undefined }), 'url is missing: it identifies the review'],
    ['a non-http url', (d: Doc) => ({ ...d, url: 'ftp://example.net/review' }), 'url must use http or https (got "ftp:")'],
    ['no claimReviewed', (d: Doc) => ({ ...d, claimReviewed: '   ' }), 'claimReviewed must not be empty'],
    [
      'a claim date that is not a date',
      (d: Doc) => ({ ...d, itemReviewed: { ...d.itemReviewed, datePublished: 'last spring' } }),
      'itemReviewed.datePublished is not a date (got "last spring")',
    ],
    [
      'an appearance URL that is not a URL',
      (d: Doc) => ({ ...d, itemReviewed: { ...d.itemReviewed, appearance: ['not a url'] } }),
      'itemReviewed.appearance[0].url must be an absolute http(s) URL (got "not a url")',
    ],
    [
      'a claimant name with an invisible character',
      (d: Doc) => ({ ...d, itemReviewed: { ...d.itemReviewed, author: { name: 'Mayor\u200B X' } } }),
      /^itemReviewed\.author\.name holds U\+200B/,
    ],
    ['a string', () => 'ClaimReview', 'not a JSON object (got the string "ClaimReview")'],
    ['an empty @graph', () => ({ '@graph': [] }), '@graph holds no ClaimReview'],
    ['an empty DataFeed', () => ({ '@type': 'DataFeed', dataFeedElement: [] }), 'the DataFeed has no dataFeedElement'],
  ])('skips a document with %s, says why and writes nothing', async (_what, change, reason) => {
    const t = token();
    const importer = await ownKey();
    const result = await importAs([change(review(t))], importer.key);
    expect(result).toMatchObject({ created: 0, matched: 0, skipped: 1 });
    expect(result.items[0]).toMatchObject({ index: 0, outcome: 'SKIPPED', reason, statement: null });
    expect(await auditCount(importer.id)).toBe(0);
    expect(await api.db.speaker.count({ where: { name: `Mayor ${t}` } })).toBe(0);
  });

  it('skips a review that breaks a rule, writing nothing of it, and still imports the others', async () => {
    const t = token();
    const good = token();
    const importer = await ownKey();
    const appearance = Array.from({ length: 51 }, (_, i) => ({ url: `https://site-${t}.example.com/${i}`, publisher: { name: `Site ${t}` } }));
    const result = await importAs([review(t, {}, { appearance }), review(good)], importer.key);
    expect(result).toMatchObject({ created: 1, matched: 0, skipped: 1 });
    expect(result.items[0]).toMatchObject({ outcome: 'SKIPPED', reason: 'itemReviewed has 51 appearances; at most 50 are taken', statement: null });
    expect(result.items[1]).toMatchObject({ outcome: 'CREATED' });
    expect(await api.db.speaker.count({ where: { name: `Mayor ${t}` } })).toBe(0);
    expect(await api.db.source.count({ where: { name: `Site ${t}` } })).toBe(0);
    // The batch's entry and the created statement's.
    expect(await auditCount(importer.id)).toBe(2);
  });

  it('skips a claimant whose name looks like an existing speaker’s, as createSpeaker refuses it', async () => {
    const t = token();
    const existing = await createSpeaker(api, { name: `Bashar al-Jaafari ${t}` });
    // The same name with a Cyrillic "а": a forged twin, not a match.
    const result = await importAs([review(t, {}, { author: { name: `Bashar al-J\u0430afari ${t}` } }), review(`${t}b`)]);
    expect(result.items[0]).toMatchObject({ outcome: 'SKIPPED', statement: null });
    expect(result.items[0].reason).toMatch(/mixes Latin and Cyrillic|looks like the name of an existing speaker/);
    expect(result.items[1].outcome).toBe('CREATED');
    expect(await api.db.speaker.count({ where: { name: { startsWith: 'Bashar al-J', endsWith: t } } })).toBe(1);
    expect(result.items[1].statement.speaker.id).not.toBe(existing.id);
  });

  it('makes slugs of new sources unique', async () => {
    const t = token();
    await createSource(api, { slug: `outlet-${t}`, name: `Existing ${t}` });
    const result = await importAs([
      review(t, {}, { appearance: [{ url: `https://outlet-${t}.example.com/x`, publisher: { name: `Outlet ${t}!` } }] }),
      review(`${t}b`, {}, { appearance: [{ url: `https://outlet-${t}.example.com/y`, publisher: { name: `Outlet ${t}?` } }] }),
    ]);
    expect((await statementOf(result.items[0].statement.id)).sources).toEqual([
      { name: `Outlet ${t}!`, slug: `outlet-${t}-2`, kind: 'OTHER', homepageUrl: null },
    ]);
    expect((await statementOf(result.items[1].statement.id)).sources).toEqual([
      { name: `Outlet ${t}?`, slug: `outlet-${t}-3`, kind: 'OTHER', homepageUrl: null },
    ]);
  });

  it('makes a slug unique when the name it comes from ends in a number ("${7*7}" is 7-7)', async () => {
    const t = token();
    await createSource(api, { slug: `outlet-${t}-7`, name: `Existing ${t}` });
    const result = await importAs([review(t, {}, { appearance: [{ url: `https://outlet-${t}.example.com/x`, publisher: { name: `Outlet ${t} 7` } }] })]);
    expect(result.created).toBe(1);
    expect((await statementOf(result.items[0].statement.id)).sources).toEqual([{ name: `Outlet ${t} 7`, slug: `outlet-${t}-7-2`, kind: 'OTHER', homepageUrl: null }]);
  });

  it('takes an organisation as the speaker when the author is one', async () => {
    const t = token();
    const result = await importAs([
      review(t, {}, { author: { '@type': 'Organization', name: `Party ${t}` } }),
      review(token(), {}, { author: { '@type': 'GovernmentOrganization', name: `Ministry ${t}` } }),
    ]);
    expect(result.items.map((i: Doc) => i.statement.speaker.kind)).toEqual(['ORGANIZATION', 'GOVERNMENT_BODY']);
  });

  it('falls back to the numeric rating when the text is unknown', async () => {
    const result = await importAs([
      review(token(), { reviewRating: { alternateName: 'Spin', ratingValue: '4', bestRating: '5', worstRating: '1' } }),
      review(token(), { reviewRating: { ratingValue: 0, bestRating: 10, worstRating: 0 } }),
    ]);
    const reviews = await Promise.all(result.items.map(async (i: Doc) => (await statementOf(i.statement.id)).externalReviews[0]));
    expect(reviews.map((r: Doc) => [r.ratingText, r.status])).toEqual([
      ['Spin', 'MOSTLY_TRUE'],
      [null, 'FALSE'],
    ]);
  });

  it('lists a statement’s external reviews newest first, bounded by first, with their count', async () => {
    const t = token();
    const result = await importAs(
      ['2024-01-01', '2024-03-01', '2024-02-01'].map((date, i) => review(`${t}${'abc'[i]}`, { datePublished: date, claimReviewed: `The river ${t} flooded the whole valley` }, { author: { name: `Mayor ${t}` } })),
    );
    expect(result).toMatchObject({ created: 1, matched: 2 });
    const id = result.items[0].statement.id;
    const data = await api.ok(`query($id: ID!) { statement(id: $id) { externalReviewCount externalReviews(first: 2) { reviewDate } } }`, { id });
    expect(data.statement).toEqual({
      externalReviewCount: 3,
      externalReviews: [{ reviewDate: '2024-03-01T00:00:00.000Z' }, { reviewDate: '2024-02-01T00:00:00.000Z' }],
    });
  });

  it('refuses more than 1000 documents, or more than 1000 reviews inside wrappers, with BAD_USER_INPUT', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ '@type': 'ClaimReview', url: `https://x.example/${i}` }));
    const tooMany = await api.fails(`mutation($documents: [JSON!]!) { importClaimReviews(documents: $documents) { created } }`, { documents: many });
    expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents', max: 1000 });
    const wrapped = await api.fails(`mutation($documents: [JSON!]!) { importClaimReviews(documents: $documents) { created } }`, {
      documents: [{ '@type': 'DataFeed', dataFeedElement: many }],
    });
    expect(wrapped.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents' });
    expect(wrapped.message).toMatch(/holds 1001 ClaimReviews/);
  });

  it('needs the FACT_CHECKER role', async () => {
    const t = token();
    const forbidden = await api.fails(IMPORT, { documents: [review(t)] }, { key: api.keys.CONTRIBUTOR });
    expect(forbidden.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await api.fails(IMPORT, { documents: [review(t)] }, { key: null });
    expect(anonymous.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await api.db.speaker.count({ where: { name: `Mayor ${t}` } })).toBe(0);
    const allowed = await importAs([review(t)], api.keys.FACT_CHECKER);
    expect(allowed.created).toBe(1);
  });
});

describe('imported reviews are not ours to publish', () => {
  it('keeps imported reviews out of the feed, /claimreview/{id} and Statement.claimReview', async () => {
    const t = token();
    const result = await importAs([review(t)]);
    const id = result.items[0].statement.id;
    expect((await getReview(id)).status).toBe(404);
    expect((await statementOf(id)).claimReview).toBeNull();
    const urls: string[] = [];
    for (let next: string | null = '/claimreview?first=100'; next; ) {
      const page = JSON.parse((await api.http.get(next)).text) as Doc;
      urls.push(...(page.dataFeedElement as Doc[]).map((r) => r.url as string));
      next = page.next === null ? null : (page.next as string).slice(PUBLIC_URL.length);
    }
    expect(urls).not.toContain(`${PUBLIC_URL}/claimreview/${published(id)}`);
    expect(urls.some((u) => u.includes(`checker-${t}`))).toBe(false);
  });

  it('passes over verdicts an earlier import recorded: they stay in the history, but our feed and claimReview show only our own', async () => {
    // As the migration leaves a review imported before it: a verdict recorded
    // from the review, and the external review pointing at it.
    const own = await statementWithFinding({}, { status: 'MISLEADING', rationale: 'Our own finding.' });
    const imported = await setVerdict(api, own.id, 2, { status: 'FALSE', rationale: 'Imported from Checker: rated "False"' });
    const onlyImported = await statementWithFinding();
    const internal = (globalId: string) => parseGlobalId(globalId)!.id;
    for (const [statement, verdict] of [[own.id, imported.id], [onlyImported.id, onlyImported.verdictId]] as const) {
      await api.db.externalReview.create({
        data: { statementId: internal(statement), url: `https://checker.example.net/${internal(verdict)}`, verdictId: internal(verdict), status: 'FALSE', document: {} },
      });
    }

    const mine = await statementOf(own.id);
    expect(mine.verdictCount).toBe(2);
    expect(mine.claimReview).toMatchObject({ reviewRating: { alternateName: 'Misleading' }, reviewBody: 'Our own finding.' });
    expect(JSON.parse((await getReview(own.id)).text)).toEqual(mine.claimReview);

    expect((await statementOf(onlyImported.id)).claimReview).toBeNull();
    expect((await getReview(onlyImported.id)).status).toBe(404);
    const feed = JSON.parse((await api.http.get('/claimreview?first=100')).text) as Doc;
    const urls = (feed.dataFeedElement as Doc[]).map((r) => r.url);
    expect(urls).toContain(`${PUBLIC_URL}/claimreview/${published(own.id)}`);
    expect(urls).not.toContain(`${PUBLIC_URL}/claimreview/${published(onlyImported.id)}`);
  });
});

describe('mapClaimReviewRating', () => {
  const MAP = `mutation($rating: String!, $status: VerificationStatus) {
    mapClaimReviewRating(rating: $rating, status: $status) { rating status updatedReviews }
  }`;

  it('maps a rating at runtime: reviews already imported unrated take it, later imports use it, removing it stops that', async () => {
    const t = token();
    const rating = `Baloney ${t}`;
    const before = await importAs([review(t, { reviewRating: { alternateName: rating } }), review(`${t}b`, { reviewRating: { alternateName: `${rating}!` } })]);
    expect(before.items.map((i: Doc) => i.reason)).toEqual([expect.stringMatching(/^unrated/), expect.stringMatching(/^unrated/)]);

    const mapped = await api.ok(MAP, { rating: `  baloney ${t.toUpperCase()} `, status: 'FALSE' });
    expect(mapped.mapClaimReviewRating).toEqual({ rating: `baloney ${t.toUpperCase()}`, status: 'FALSE', updatedReviews: 2 });
    for (const item of before.items) expect((await statementOf(item.statement.id)).externalReviews[0].status).toBe('FALSE');

    const later = await importAs([review(`${t}c`, { reviewRating: { alternateName: rating } })]);
    expect(later.items[0]).toMatchObject({ outcome: 'CREATED', reason: null });
    expect((await statementOf(later.items[0].statement.id)).externalReviews[0].status).toBe('FALSE');

    // A runtime mapping wins over the built-in table.
    await api.ok(MAP, { rating: 'Mostly False', status: 'MISLEADING' });
    const builtIn = await importAs([review(`${t}d`, { reviewRating: { alternateName: 'mostly false' } })]);
    expect((await statementOf(builtIn.items[0].statement.id)).externalReviews[0].status).toBe('MISLEADING');
    await api.ok(MAP, { rating: 'Mostly False', status: null });

    const removed = await api.ok(MAP, { rating, status: null });
    expect(removed.mapClaimReviewRating).toEqual({ rating, status: null, updatedReviews: 0 });
    const after = await importAs([review(`${t}e`, { reviewRating: { alternateName: rating } })]);
    expect(after.items[0].reason).toMatch(/^unrated/);
    // Reviews keep the status the mapping gave them.
    expect((await statementOf(before.items[0].statement.id)).externalReviews[0].status).toBe('FALSE');

    const log = await api.ok(`{ auditLog(filter: { operation: "mapClaimReviewRating" }, first: 100) { edges { node { entityType before after } } } }`);
    const mine = (log.auditLog.edges as Doc[]).map((e) => e.node).filter((n) => (n.after ?? n.before).ratingKey === `baloney ${t}`);
    expect(mine).toHaveLength(2);
    expect(mine.map((n) => n.entityType)).toEqual(['ClaimReviewRating', 'ClaimReviewRating']);
  });

  it('takes effect in another instance of the service at once, without a restart', async () => {
    const t = token();
    const rating = `Hogwash ${t}`;
    // Both instances on the same database, as replicas behind a load balancer are.
    const replica = await startTestServer(ENV, { sharedWith: api });
    try {
      await replica.ok(IMPORT, { documents: [review(`${t}warm`, { reviewRating: { alternateName: rating } })] }, { key: replica.keys.FACT_CHECKER });
      await api.ok(MAP, { rating, status: 'MOSTLY_FALSE' });
      const data = await replica.ok(IMPORT, { documents: [review(t, { reviewRating: { alternateName: rating } })] }, { key: replica.keys.FACT_CHECKER });
      expect(data.importClaimReviews.items[0]).toMatchObject({ outcome: 'CREATED', reason: null });
      expect((await statementOf(data.importClaimReviews.items[0].statement.id)).externalReviews[0].status).toBe('MOSTLY_FALSE');
    } finally {
      await replica.close();
    }
  });

  it.each([
    ['an empty rating', { rating: '   ', status: 'FALSE' }, 'rating must not be empty'],
    ['a rating of punctuation only', { rating: '?!', status: 'FALSE' }, 'rating must hold a letter or a digit'],
    ['a status that is not a finding', { rating: 'Spin', status: 'IN_REVIEW' }, /^status must be a finding/],
    ['UNVERIFIED', { rating: 'Spin', status: 'UNVERIFIED' }, /^status must be a finding/],
  ])('refuses %s with BAD_USER_INPUT and changes nothing', async (_what, variables, message) => {
    const before = await api.db.claimReviewRating.count();
    const error = await api.fails(MAP, variables);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(error.message).toMatch(message);
    expect(await api.db.claimReviewRating.count()).toBe(before);
  });

  it('refuses a status outside the vocabulary', async () => {
    const error = await api.fails(MAP, { rating: 'Spin', status: 'BOGUS' });
    expect(error.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });

  it('needs the ADMIN role', async () => {
    const rating = `Codswallop ${token()}`;
    const forbidden = await api.fails(MAP, { rating, status: 'FALSE' }, { key: api.keys.FACT_CHECKER });
    expect(forbidden.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await api.fails(MAP, { rating, status: 'FALSE' }, { key: null });
    expect(anonymous.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await api.db.claimReviewRating.count({ where: { rating } })).toBe(0);
  });
});

describe('round trip', () => {
  let other: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'claimreview-'));
    const ratings = path.join(dir, 'ratings.json');
    await writeFile(ratings, JSON.stringify({ Balderdash: 'FALSE' }));
    // A fresh embedded database; with TEST_DATABASE_URL both servers share
    // one, and the import then matches the originals (names are unique).
    other = await startTestServer({ PUBLIC_URL: 'https://other.example.net', CLAIMREVIEW_RATINGS_FILE: ratings });
  });
  afterAll(async () => {
    await other?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports ClaimReviews from one service and imports them into another as external reviews, which it does not republish', async () => {
    const person = await statementWithFinding();
    const org = await statementWithFinding({ kind: 'ORGANIZATION', title: null }, { status: 'MISLEADING' });
    const exported = await Promise.all([person, org].map(async (s) => JSON.parse((await getReview(s.id)).text) as Doc));
    // As an aggregator would pass them on: in a DataFeed, without their own @context.
    const feed = { '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: exported.map(({ '@context': _c, ...rest }) => rest) };

    const shared = Boolean(inject('databaseUrl'));
    const data = await other.ok(IMPORT, { documents: [feed] }, { key: other.keys.FACT_CHECKER });
    const result = data.importClaimReviews;
    expect(result).toMatchObject(shared ? { created: 0, matched: 2, skipped: 0 } : { created: 2, matched: 0, skipped: 0 });

    for (const [i, original] of [person, org].entries()) {
      const item = result.items[i];
      expect(item.reviewUrl).toBe(`${PUBLIC_URL}/claimreview/${published(original.id)}`);
      const imported = (await other.ok(STATEMENT, { id: item.statement.id })).statement;
      expect(imported).toMatchObject({
        text: original.text,
        statedAt: '2024-03-01T09:30:00.000Z',
        language: 'en',
        speaker: { name: original.speaker.name, kind: i === 0 ? 'PERSON' : 'ORGANIZATION', title: i === 0 ? 'Minister of Water' : null },
      });
      expect(imported.externalReviews).toEqual([
        expect.objectContaining({
          publisher: 'Example Fact Desk',
          publisherUrl: 'https://facts.example.org/about',
          url: `${PUBLIC_URL}/claimreview/${published(original.id)}`,
          ratingText: i === 0 ? 'False' : 'Misleading',
          status: i === 0 ? 'FALSE' : 'MISLEADING',
        }),
      ]);
      // Earliest appearance first on both sides.
      expect((imported.sources as { name: string }[]).map((s) => s.name)).toEqual([original.wire.name, original.paper.name]);
      expect((imported.appearances as { url: string }[]).map((a) => a.url)).toEqual(
        (exported[i]!.itemReviewed.appearance as Doc[]).map((a) => a.url),
      );
      if (!shared) {
        // Someone else's finding: the receiving service has none of its own to publish.
        expect(imported).toMatchObject({ status: 'UNVERIFIED', verdictCount: 0, claimReview: null });
        expect((await other.http.get(`/claimreview/${item.statement.id}`)).status).toBe(404);
      }
    }
  });

  it('reads ratings from CLAIMREVIEW_RATINGS_FILE', async () => {
    const t = token();
    const data = await other.ok(IMPORT, { documents: [review(t, { reviewRating: { alternateName: 'balderdash' } })] }, { key: other.keys.FACT_CHECKER });
    expect(data.importClaimReviews.items[0]).toMatchObject({ outcome: 'CREATED', reason: null });
    expect((await other.ok(STATEMENT, { id: data.importClaimReviews.items[0].statement.id })).statement.externalReviews[0].status).toBe('FALSE');
    // The first server has no such file.
    const here = await importAs([review(token(), { reviewRating: { alternateName: 'balderdash' } })]);
    expect(here.items[0]).toMatchObject({ outcome: 'CREATED', reason: expect.stringMatching(/^unrated: the rating "balderdash"/) });
  });
});
