import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/modules/ingest/ingest.cli.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createSource, createSpeaker, createStatement, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
let body: string;
let publisherSlug: string;
let carrierSlug: string;
const dirs: string[] = [];

beforeAll(async () => {
  api = await startTestServer();
  body = await readFile(path.join(PROJECT_ROOT, 'test/fixtures/articles/wire-river-dispute.txt'), 'utf8');
  publisherSlug = (await createSource(api, { name: `Wire ${token()}` })).slug;
  // The outlet the article cites, and a speaker it names with another spelling.
  carrierSlug = (await createSource(api, { slug: `mta-${token()}`, name: 'MTA', kind: 'STATE_MEDIA' })).slug;
  await createSpeaker(api, { name: 'Merovian Ministry of Foreign Affairs', kind: 'GOVERNMENT_BODY', aliases: ["Merovia's foreign ministry"] });
});
afterAll(async () => {
  await api.close();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const INGEST = `mutation($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    created
    article {
      id url title body language source { slug }
      candidates {
        id position speakerText speakerName speakerScore speaker { id name } quote text verb stance
        carrier carrierSource { slug } statedAt startOffset endOffset passage status
        suggestedLinks { index kind score cues candidatePosition statement { id } }
      }
    }
    warnings { kind message }
    detectedLanguage
  }
}`;

async function ingest(url: string, extra: Record<string, unknown> = {}, key?: string | null) {
  return api.ok(
    INGEST,
    { input: { url, sourceSlug: publisherSlug, title: 'River dispute', publishedAt: '2023-03-15T16:40:00Z', body, ...extra } },
    { key: key === undefined ? api.keys.CONTRIBUTOR : key },
  );
}

function find(candidates: any[], fragment: string) {
  const found = candidates.find((c) => c.text.includes(fragment));
  expect(found, `a candidate saying "${fragment}"`).toBeDefined();
  return found;
}

describe('ingestArticle', () => {
  it('stores the article and proposes its attributed statements, with offsets, speakers, outlets and links', async () => {
    const { ingestArticle } = await ingest(`https://wire.example/${token()}`);
    expect(ingestArticle.created).toBe(true);
    const { article } = ingestArticle;
    expect(article).toMatchObject({ title: 'River dispute', body, language: 'en', source: { slug: publisherSlug } });
    expect(article.candidates.length).toBeGreaterThanOrEqual(10);
    for (const c of article.candidates) {
      expect(c.status).toBe('PENDING');
      expect(c.passage).toBe(body.slice(c.startOffset, c.endOffset));
    }

    const accusation = find(article.candidates, 'cut the flow of the Drava');
    const rejection = find(article.candidates, "rejected Valdoria's accusation");
    expect(rejection.stance).toBe('DENIES');
    expect(rejection.speaker?.name).toBe('Merovian Ministry of Foreign Affairs');
    expect(rejection.suggestedLinks).toContainEqual(expect.objectContaining({ kind: 'REBUTS', candidatePosition: accusation.position }));
    const link = rejection.suggestedLinks.find((l: any) => l.kind === 'REBUTS' && l.candidatePosition === accusation.position);
    expect(link.score).toBeGreaterThan(0);
    expect(link.score).toBeLessThanOrEqual(1);
    expect(link.cues).toContain('rejected');
    expect(ingestArticle.detectedLanguage).toBe('en');

    const fabrication = find(article.candidates, 'a fabrication designed for voters at home');
    expect(fabrication).toMatchObject({ speakerName: 'Irena Vasko', carrier: 'MTA', carrierSource: { slug: carrierSlug } });
    expect(fabrication.quote).toContain('a fabrication');
    const judge = find(article.candidates, 'Now we will ask a judge');
    expect(judge.speakerName).toBe('Tomas Halvorsen');
    expect(find(article.candidates, 'cut the flow of the Drava').statedAt).toMatch(/^2023-03-14/);

    const events = await api.db.event.findMany({ where: { type: 'CANDIDATES_EXTRACTED' } });
    const announced = events.map((e) => e.payload as { articleId: string; candidates: number }).filter((p) => p.articleId === article.id);
    expect(announced).toEqual([expect.objectContaining({ candidates: article.candidates.length })]);
  });

  it('is idempotent: the same URL returns the stored article and writes nothing', async () => {
    const url = `https://wire.example/${token()}`;
    const first = await ingest(url);
    const audit = async () => (await api.ok(`{ auditLog(first: 0) { totalCount } }`)).auditLog.totalCount;
    const before = await audit();
    const second = await ingest(url, { body: `${body}\nA later correction.` });
    expect(second.ingestArticle.created).toBe(false);
    expect(second.ingestArticle.article.id).toBe(first.ingestArticle.article.id);
    expect(second.ingestArticle.article.body).toBe(body);
    expect(await audit()).toBe(before);
    const announced = await api.db.event.findMany({ where: { type: 'CANDIDATES_EXTRACTED' } });
    expect(announced.filter((e) => (e.payload as { articleId: string }).articleId === first.ingestArticle.article.id)).toHaveLength(1);
  });

  it('refuses bad input and callers without a key', async () => {
    const base = { url: `https://wire.example/${token()}`, sourceSlug: publisherSlug, title: 't', body };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ url: 'not a url' }, 'BAD_USER_INPUT', 'input.url'],
      [{ body: '   ' }, 'BAD_USER_INPUT', 'input.body'],
      [{ sourceSlug: `missing-${token()}` }, 'NOT_FOUND', 'input.sourceSlug'],
      [{ sourceSlug: null }, 'BAD_USER_INPUT', 'input.sourceId'],
      [{ language: 'not a tag!' }, 'BAD_USER_INPUT', 'input.language'],
      [{ publishedAt: '2999-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'input.publishedAt'],
    ];
    for (const [change, code, field] of cases) {
      const error = await api.fails(INGEST, { input: { ...base, ...change } }, { key: api.keys.CONTRIBUTOR });
      expect(error.extensions, JSON.stringify(change)).toMatchObject({ code, field });
    }
    expect((await api.fails(INGEST, { input: base }, { key: null })).extensions?.code).toBe('UNAUTHENTICATED');
    const missing = await api.gql(`query($url: String!) { article(url: $url) { id } }`, { url: base.url });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('proposes nothing for languages it cannot read, but keeps the article', async () => {
    const { ingestArticle } = await ingest(`https://wire.example/${token()}`, { language: 'fr' });
    expect(ingestArticle.article.candidates).toEqual([]);
    expect(ingestArticle.warnings).toEqual([expect.objectContaining({ kind: 'LANGUAGE', message: expect.stringMatching(/not in English/) })]);
  });

  it('a Spanish article sent as English is read as Spanish, and the result says so', async () => {
    const spanish = [
      'El ministro de Economía, Luis Ortega, dijo que la inflación bajará en el segundo semestre del año.',
      'Según la agencia EFE, el gobierno negó las acusaciones de la oposición sobre el déficit de las cuentas públicas.',
    ].join('\n\n');
    const { ingestArticle } = await ingest(`https://wire.example/${token()}`, { body: spanish });
    expect(ingestArticle.detectedLanguage).toBe('es');
    expect(ingestArticle.warnings).toEqual([expect.objectContaining({ kind: 'LANGUAGE', message: expect.stringMatching(/Spanish/) })]);
    expect(find(ingestArticle.article.candidates, 'la inflación bajará').speakerName).toBe('Luis Ortega');
  });
});

const ACCEPT = `mutation($id: ID!, $edits: AcceptCandidateInput) {
  acceptCandidate(id: $id, edits: $edits) {
    status decidedBy
    statement { id text quote statedAt speaker { name } appearances { url wording source { slug } carriedFrom { slug } } rebuts { id } rebuttals { id } links { kind } }
  }
}`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectCandidate(id: $id, reason: $reason) { status reason decidedBy } }`;

describe('review', () => {
  it('accepting makes a statement with its speaker, both outlets and the links, once', async () => {
    const { ingestArticle } = await ingest(`https://wire.example/${token()}`);
    const { candidates } = ingestArticle.article;
    const accusation = find(candidates, 'cut the flow of the Drava');
    const rejection = find(candidates, "rejected Valdoria's accusation");
    const fabrication = find(candidates, 'a fabrication designed for voters at home');

    // The denial first: its REBUTS link waits for the accusation to be accepted.
    const denied = (await api.ok(ACCEPT, { id: rejection.id }, { key: api.keys.CONTRIBUTOR })).acceptCandidate;
    expect(denied).toMatchObject({ status: 'ACCEPTED', decidedBy: 'Test contributor' });
    expect(denied.statement.speaker.name).toBe('Merovian Ministry of Foreign Affairs');
    // Only the links suggested to statements already stored (a shared database holds
    // copies of this article accepted by other tests); none to this article's own yet.
    const storedRebutted = (candidate: { suggestedLinks: { kind: string; statement: { id: string } | null }[] }) =>
      candidate.suggestedLinks.filter((l) => l.kind === 'REBUTS' && l.statement).map((l) => ({ id: l.statement!.id }));
    expect(denied.statement.rebuts).toEqual(storedRebutted(rejection));

    const accused = (await api.ok(ACCEPT, { id: accusation.id, edits: { text: "Valdoria's government says Merovia's dams cut the Drava's flow by a third." } }))
      .acceptCandidate;
    expect(accused.statement.text).toBe("Valdoria's government says Merovia's dams cut the Drava's flow by a third.");
    expect(accused.statement.rebuttals).toEqual([{ id: denied.statement.id }]);
    expect(accused.statement.appearances).toEqual([
      expect.objectContaining({ source: { slug: publisherSlug }, wording: body.slice(accusation.startOffset, accusation.endOffset).trim() }),
    ]);

    const quoted = (await api.ok(ACCEPT, { id: fabrication.id })).acceptCandidate;
    expect(quoted.statement.quote).toContain('a fabrication');
    // The outlet the article credits carried the words first; the article says it got them there.
    expect(quoted.statement.appearances.map((a: any) => [a.source.slug, a.carriedFrom?.slug ?? null])).toEqual([
      [carrierSlug, null],
      [publisherSlug, carrierSlug],
    ]);
    expect(quoted.statement.rebuts).toEqual(expect.arrayContaining([{ id: accused.statement.id }, ...storedRebutted(fabrication)]));
    expect(quoted.statement.rebuts).toHaveLength(1 + storedRebutted(fabrication).length);

    const again = await api.fails(ACCEPT, { id: fabrication.id });
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', status: 'ACCEPTED' });
    const article = await api.ok(`query($id: ID!) { article(id: $id) { accepted: candidates(status: ACCEPTED) { id } pending: candidates(status: PENDING) { id } } }`, {
      id: ingestArticle.article.id,
    });
    expect(article.article.accepted).toHaveLength(3);
    expect(article.article.pending).toHaveLength(candidates.length - 3);
  });

  it('creates or reuses the speaker as told, and writes nothing when an edit is bad', async () => {
    const { ingestArticle } = await ingest(`https://wire.example/${token()}`);
    const olsen = find(ingestArticle.article.candidates, 'selling their cattle');
    const existing = await createSpeaker(api, { name: `Farmers' union ${token()}`, kind: 'ORGANIZATION' });
    for (const [edits, code, field] of [
      [{ speakerId: existing.id, newSpeakerName: 'Both' }, 'BAD_USER_INPUT', 'edits.speakerId'],
      [{ text: '  ' }, 'BAD_USER_INPUT', 'edits.text'],
      [{ links: [99] }, 'BAD_USER_INPUT', 'edits.links'],
      [{ statedAt: '2999-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'edits.statedAt'],
    ] as const) {
      expect((await api.fails(ACCEPT, { id: olsen.id, edits })).extensions).toMatchObject({ code, field });
    }
    const accepted = (await api.ok(ACCEPT, { id: olsen.id, edits: { speakerId: existing.id } })).acceptCandidate;
    expect(accepted.statement.speaker.name).toBe(existing.name);

    const renner = find(ingestArticle.article.candidates, 'share hydrological data');
    const created = (await api.ok(ACCEPT, { id: renner.id, edits: { newSpeakerName: `Claudia Renner ${token()}` } })).acceptCandidate;
    expect(created.statement.speaker.name).toMatch(/^Claudia Renner /);
  });

  it('rejecting needs a reason, and a decided candidate stays decided', async () => {
    const { ingestArticle } = await ingest(`https://wire.example/${token()}`);
    const candidate = ingestArticle.article.candidates[0];
    expect((await api.fails(REJECT, { id: candidate.id, reason: ' ' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await api.ok(REJECT, { id: candidate.id, reason: 'Not a claim' })).rejectCandidate).toMatchObject({
      status: 'REJECTED',
      reason: 'Not a claim',
      decidedBy: 'Test desk',
    });
    expect((await api.fails(ACCEPT, { id: candidate.id })).extensions).toMatchObject({ code: 'CONFLICT', status: 'REJECTED' });
    expect((await api.fails(REJECT, { id: candidate.id, reason: 'again' })).extensions?.code).toBe('CONFLICT');
    expect((await api.fails(REJECT, { id: candidate.id, reason: 'x' }, { key: null })).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('similarStatements', () => {
  it('finds stored statements close to any text, best first, with a score', async () => {
    const word = token();
    const speaker = await createSpeaker(api);
    const close = await createStatement(api, { speakerId: speaker.id, text: `The ${word} reservoir took a third of the river's water this winter.` });
    await createStatement(api, { speakerId: speaker.id, text: `Something else entirely about ${word}.` });
    const data = await api.ok(
      `query($text: String!) { similarStatements(text: $text, first: 3) { score statement { id } } }`,
      { text: `the ${word} reservoir took a third of the river water` },
      { key: null },
    );
    expect(data.similarStatements[0].statement.id).toBe(close.id);
    const scores = data.similarStatements.map((s: any) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores[0]).toBeGreaterThan(0.5);
    expect((await api.fails(`{ similarStatements(text: "x", first: 0) { score } }`)).extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.fails(`{ similarStatements(text: " ") { score } }`)).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('npm run ingest', () => {
  it('ingests a file into the embedded database and prints the candidates', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'factcheck-ingest-'));
    dirs.push(dataDir);
    const file = path.join(dataDir, 'article.txt');
    await writeFile(file, body);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const env = { DATA_DIR: path.join(dataDir, 'db'), DEMO_DATA: 'false' };
    // An empty database has no outlet yet: the command says so.
    expect(await ingestCommand([file, '--source', 'reuters', '--url', 'https://wire.example/a'], env, io)).toBe(1);
    expect(err.join('\n')).toMatch(/Source reuters does not exist/);
    expect(await ingestCommand([file, '--url', 'https://wire.example/a'], env, io)).toBe(2);
    expect(err.join('\n')).toMatch(/--source is required/);
  });
});
