import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '../../src/ids.js';
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

const IMPORT = `mutation($documents: [JSON!]!) {
  importClaimReviews(documents: $documents) {
    created matched skipped
    items {
      index reviewUrl outcome reason
      statement {
        id text statedAt language status version
        speaker { id name kind title }
        sources { name slug kind homepageUrl }
        appearances { url publishedAt source { name } }
        verdicts(first: 3) { status rationale reviewer evidence { url title stance } }
      }
    }
  }
}`;

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
    expect(doc.url).toBe(`${PUBLIC_URL}/claimreview/${s.id}`);
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
      expect(doc.url).toBe(`http://localhost:4000/claimreview/${statement.id}`);
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
    const mine = [c, b, a].map((s) => `${PUBLIC_URL}/claimreview/${s.id}`);

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
    expect(urls).toContain(`${PUBLIC_URL}/claimreview/${finding.id}`);
    expect(urls).not.toContain(`${PUBLIC_URL}/claimreview/${pending.id}`);
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

describe('importClaimReviews', () => {
  it('creates the speaker, sources, statement, appearances and verdict, through the usual rules and audit', async () => {
    const t = token();
    const importer = await ownKey();
    const result = await importAs([review(t)], importer.key);
    expect(result).toMatchObject({ created: 1, matched: 0, skipped: 0 });
    const [item] = result.items;
    expect(item).toMatchObject({ index: 0, reviewUrl: `https://checker-${t}.example.net/reviews/${t}`, outcome: 'CREATED', reason: null });
    expect(item.statement).toMatchObject({
      text: `The river ${t} flooded the whole valley`,
      statedAt: '2024-03-01T10:00:00.000Z',
      status: 'FALSE',
      speaker: { name: `Mayor ${t}`, kind: 'PERSON', title: 'Mayor' },
      sources: [{ name: `News ${t}`, slug: `news-${t}`, kind: 'OTHER', homepageUrl: `https://news-${t}.example.com/` }],
      appearances: [{ url: `https://news-${t}.example.com/story`, publishedAt: '2024-03-01T12:00:00.000Z', source: { name: `News ${t}` } }],
      verdicts: [
        {
          status: 'FALSE',
          rationale: `Imported from Checker ${t}: rated "Pants on Fire!" (https://checker-${t}.example.net/reviews/${t})`,
          evidence: [{ url: `https://checker-${t}.example.net/reviews/${t}`, title: `Checker ${t} review`, stance: 'REFUTES' }],
        },
      ],
    });

    const log = await api.ok(`query($keyId: ID!) { auditLog(filter: { keyId: $keyId }) { edges { node { operation entityType entityId } } } }`, {
      keyId: importer.id,
    });
    const operations = (log.auditLog.edges as { node: { operation: string; entityType: string; entityId: string } }[]).map((e) => e.node);
    expect(operations.map((o) => o.operation).sort()).toEqual(['createSource', 'createSpeaker', 'createStatement', 'importClaimReviews', 'setVerdict']);
    expect(operations.find((o) => o.operation === 'importClaimReviews')).toMatchObject({ entityType: 'Statement', entityId: item.statement.id });
  });

  it('matches an existing speaker by alias and statement by text, ignoring case and blanks, and adds what is new', async () => {
    const t = token();
    const source = await createSource(api, { name: `Gazette ${t}`, homepageUrl: `https://www.gazette-${t}.example.com` });
    const speaker = await createSpeaker(api, { name: `Governor ${t}`, kind: 'PERSON', aliases: [`Gov ${t}`] });
    const statement = await createStatement(api, {
      speakerId: speaker.id,
      text: `Unemployment in ${t} halved last year`,
      appearances: [{ sourceId: source.id, url: `https://www.gazette-${t}.example.com/a` }],
    });

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
    const [item] = result.items;
    expect(item.outcome).toBe('MATCHED');
    expect(item.reason).toMatch(/already recorded/);
    expect(item.statement).toMatchObject({
      id: statement.id,
      text: `Unemployment in ${t} halved last year`,
      status: 'MIXED',
      // Appearances do not move the version; the verdict does.
      version: 2,
      speaker: { id: speaker.id },
    });
    expect(item.statement.verdicts).toHaveLength(1);
    expect(item.statement.verdicts[0].evidence[0].stance).toBe('CONTEXT');
    expect((item.statement.appearances as { url: string; source: { name: string } }[]).map((a) => [a.url, a.source.name]).sort()).toEqual([
      [`https://gazette-${t}.example.com/b`, `Gazette ${t}`],
      [`https://radio-${t}.example.org/clip`, `radio-${t}.example.org`],
      [`https://www.gazette-${t}.example.com/a`, `Gazette ${t}`],
    ]);
  });

  it('is idempotent: the same review URL again is MATCHED "already imported" and writes nothing', async () => {
    const t = token();
    const importer = await ownKey();
    const first = await importAs([review(t)], importer.key);
    expect(first.items[0].outcome).toBe('CREATED');
    const entries = await auditCount(importer.id);

    const again = await importAs([review(t, { reviewRating: { '@type': 'Rating', alternateName: 'True' } })], importer.key);
    expect(again).toMatchObject({ created: 0, matched: 1, skipped: 0 });
    expect(again.items[0]).toMatchObject({ outcome: 'MATCHED', reason: 'already imported' });
    expect(again.items[0].statement).toMatchObject({ id: first.items[0].statement.id, status: 'FALSE', version: 2 });
    expect(again.items[0].statement.verdicts).toHaveLength(1);

    expect(await auditCount(importer.id)).toBe(entries);
    expect(await api.db.statement.count({ where: { text: `The river ${t} flooded the whole valley` } })).toBe(1);
    expect(await api.db.speaker.count({ where: { name: `Mayor ${t}` } })).toBe(1);
    expect(await api.db.externalReview.count({ where: { url: `https://checker-${t}.example.net/reviews/${t}` } })).toBe(1);
  });

  it('counts created, matched and skipped, with a reason for each, across wrappers', async () => {
    const t = token();
    const u = token();
    const v = token();
    const documents = [
      review(t),
      { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage', name: 'A page' }, review(u), review(t)] },
      { '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: [{ '@type': 'DataFeedItem', item: review(v) }, { '@type': 'Person', name: 'x' }] },
      review(token(), { reviewRating: { '@type': 'Rating', alternateName: 'Baloney' } }),
    ];
    const result = await importAs(documents);
    expect(result.items.map((i: Doc) => [i.index, i.outcome, i.reason])).toEqual([
      [0, 'CREATED', null],
      [1, 'CREATED', null],
      [2, 'MATCHED', 'already imported'],
      [3, 'CREATED', null],
      [4, 'SKIPPED', 'not a ClaimReview: @type is Person'],
      [5, 'SKIPPED', 'unknown rating "Baloney": add it to CLAIMREVIEW_RATINGS_FILE to import it'],
    ]);
    expect(result).toMatchObject({ created: 3, matched: 1, skipped: 2 });
  });

  it.each([
    ['no @type', (d: Doc) => ({ ...d, '@type': undefined }), 'not a ClaimReview: @type is missing'],
    ['another type', (d: Doc) => ({ ...d, '@type': 'Review' }), 'not a ClaimReview: @type is Review'],
    ['no url', (d: Doc) => ({ ...d, url: undefined }), 'url is missing: it identifies the review'],
    ['a non-http url', (d: Doc) => ({ ...d, url: 'ftp://example.net/review' }), 'url must use http or https (got "ftp:")'],
    ['no claimReviewed', (d: Doc) => ({ ...d, claimReviewed: '   ' }), 'claimReviewed must not be empty'],
    ['no reviewRating', (d: Doc) => ({ ...d, reviewRating: undefined }), 'reviewRating is missing'],
    [
      'a rating without text or a full scale',
      (d: Doc) => ({ ...d, reviewRating: { '@type': 'Rating', ratingValue: 1 } }),
      'reviewRating needs an alternateName, or a ratingValue with bestRating and worstRating',
    ],
    [
      'an unknown rating',
      (d: Doc) => ({ ...d, reviewRating: { alternateName: 'Baloney', ratingValue: 7, bestRating: 5, worstRating: 1 } }),
      'unknown rating "Baloney", 7 on a scale from 1 to 5: add it to CLAIMREVIEW_RATINGS_FILE to import it',
    ],
    ['no claim author', (d: Doc) => ({ ...d, itemReviewed: { '@type': 'Claim' } }), 'itemReviewed.author.name is missing: who made the claim?'],
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

  it('rolls back a review that breaks a rule half-way, and still imports the others', async () => {
    const t = token();
    const good = token();
    const importer = await ownKey();
    // Speaker and sources are written before the statement refuses 51 appearances.
    const appearance = Array.from({ length: 51 }, (_, i) => ({ url: `https://site-${t}.example.com/${i}`, publisher: { name: `Site ${t}` } }));
    const result = await importAs([review(t, {}, { appearance }), review(good)], importer.key);
    expect(result).toMatchObject({ created: 1, matched: 0, skipped: 1 });
    expect(result.items[0]).toMatchObject({ outcome: 'SKIPPED', reason: 'input.appearances takes at most 50 items', statement: null });
    expect(result.items[1]).toMatchObject({ outcome: 'CREATED' });
    expect(await api.db.speaker.count({ where: { name: `Mayor ${t}` } })).toBe(0);
    expect(await api.db.source.count({ where: { name: `Site ${t}` } })).toBe(0);
    expect(await auditCount(importer.id)).toBe(5);
  });

  it('makes slugs of new sources unique', async () => {
    const t = token();
    await createSource(api, { slug: `outlet-${t}`, name: `Existing ${t}` });
    const result = await importAs([
      review(t, {}, { appearance: [{ url: `https://outlet-${t}.example.com/x`, publisher: { name: `Outlet ${t}!` } }] }),
    ]);
    expect(result.items[0].statement.sources).toEqual([
      { name: `Outlet ${t}!`, slug: `outlet-${t}-2`, kind: 'OTHER', homepageUrl: null },
    ]);
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
    expect(result.items.map((i: Doc) => i.statement.status)).toEqual(['MOSTLY_TRUE', 'FALSE']);
    expect(result.items[1].statement.verdicts[0].rationale).toMatch(/rated "0 on a scale from 0 to 10"/);
  });

  it('refuses more than 100 documents, or more than 100 reviews inside wrappers, with BAD_USER_INPUT', async () => {
    const many = Array.from({ length: 101 }, () => review(token()));
    const tooMany = await api.fails(IMPORT, { documents: many });
    expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents', max: 100 });
    const wrapped = await api.fails(IMPORT, { documents: [{ '@type': 'DataFeed', dataFeedElement: many }] });
    expect(wrapped.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents' });
    expect(wrapped.message).toMatch(/holds 101 ClaimReviews/);
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

describe('round trip', () => {
  let other: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'claimreview-'));
    const ratings = path.join(dir, 'ratings.json');
    await writeFile(ratings, JSON.stringify({ Baloney: 'FALSE' }));
    // A fresh embedded database; with TEST_DATABASE_URL both servers share
    // one, and the import then matches the originals (names are unique).
    other = await startTestServer({ PUBLIC_URL: 'https://other.example.net', CLAIMREVIEW_RATINGS_FILE: ratings });
  });
  afterAll(async () => {
    await other?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports ClaimReviews from one service and imports them into another', async () => {
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
      expect(item.reviewUrl).toBe(`${PUBLIC_URL}/claimreview/${original.id}`);
      const imported = (await other.ok(
        `query($id: ID!) { statement(id: $id) {
          text statedAt language status
          speaker { name kind title }
          sources { name homepageUrl }
          appearances { url publishedAt }
          verdict { status rationale evidence { url title stance } }
        } }`,
        { id: item.statement.id },
      )).statement;
      expect(imported).toMatchObject({
        text: original.text,
        statedAt: '2024-03-01T09:30:00.000Z',
        language: 'en',
        status: i === 0 ? 'FALSE' : 'MISLEADING',
        speaker: { name: original.speaker.name, kind: i === 0 ? 'PERSON' : 'ORGANIZATION', title: i === 0 ? 'Minister of Water' : null },
      });
      // Earliest appearance first on both sides.
      expect((imported.sources as { name: string }[]).map((s) => s.name)).toEqual([original.wire.name, original.paper.name]);
      expect((imported.appearances as { url: string }[]).map((a) => a.url)).toEqual(
        (exported[i]!.itemReviewed.appearance as Doc[]).map((a) => a.url),
      );
      expect(imported.verdict).toMatchObject({
        status: i === 0 ? 'FALSE' : 'MISLEADING',
        rationale: `Imported from Example Fact Desk: rated "${i === 0 ? 'False' : 'Misleading'}" (${PUBLIC_URL}/claimreview/${original.id})`,
        evidence: [{ url: `${PUBLIC_URL}/claimreview/${original.id}`, title: 'Example Fact Desk review', stance: 'REFUTES' }],
      });
    }

    // The receiving service publishes the imported finding in its turn, under its own URL.
    const republished = JSON.parse((await other.http.get(`/claimreview/${result.items[0].statement.id}`)).text) as Doc;
    expect(republished).toMatchObject({
      url: `https://other.example.net/claimreview/${result.items[0].statement.id}`,
      claimReviewed: person.text,
      reviewRating: { ratingValue: 1, alternateName: 'False' },
      itemReviewed: { author: { '@type': 'Person', name: person.speaker.name } },
    });
  });

  it('reads ratings from CLAIMREVIEW_RATINGS_FILE', async () => {
    const t = token();
    const data = await other.ok(IMPORT, { documents: [review(t, { reviewRating: { alternateName: 'baloney' } })] }, { key: other.keys.FACT_CHECKER });
    expect(data.importClaimReviews.items[0]).toMatchObject({ outcome: 'CREATED', statement: { status: 'FALSE' } });
    // The first server has no such file.
    const here = await importAs([review(token(), { reviewRating: { alternateName: 'baloney' } })]);
    expect(here.items[0]).toMatchObject({ outcome: 'SKIPPED', reason: expect.stringMatching(/^unknown rating "baloney"/) });
  });
});
