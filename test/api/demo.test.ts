import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { migrate } from '../../src/db/database.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service.js';
import { genevaStory } from '../../src/modules/demo/geneva.data.js';
import { systemActor } from '../../src/modules/auth/actor.js';
import { createServices } from '../../src/services.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HAS_THIS_BEEN_CHECKED, KEY_PLACEHOLDER, PLAYGROUND_EXAMPLES } from '../../src/playground/examples.js';
import { subscribe } from '../support/live.js';

/**
 * The first-run experience on the embedded database, twice over the same
 * data directory: what a newsroom sees after `npm start`, and after a restart.
 */
// The colleague's verdict cites a made-up page: nothing may reach the internet.
const config = parseConfig({ NODE_ENV: 'test', EVIDENCE_FETCH: 'false' });
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function boot(dataDir: string) {
  const pglite = await openEmbedded(dataDir);
  const target = { kind: 'embedded', pglite } as const;
  const applied = await migrate(target);
  const db = createDb(target, config.db);
  const demo = await loadDemoIfEmpty(db, config, genevaStory);
  const servers: import('node:http').Server[] = [];
  const { app, attach, stop } = await createApp({ config, db, target, reportError: () => {} });
  const http = supertest(app);
  const { key } = await createServices(db, config).apiKeys.create(systemActor('test setup'), { name: 'Night desk', role: 'FACT_CHECKER' });
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await http.post('/graphql').set('authorization', `Bearer ${key}`).send({ query, variables });
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };
  return {
    applied,
    demo,
    db,
    gql,
    http,
    key,
    /** Serves subscriptions too; returns the WebSocket address. */
    async listen() {
      const server = createServer(app);
      attach(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    },
    async shutdown() {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await stop();
      await db.$disconnect();
      await pglite.close();
    },
  };
}

const FIND = `query { statements(filter: { search: "crematorium Saydnaya" }) {
  edges { node { id text disputed version speaker { name aliases }
    sources { slug }
    rebuttals { id text speaker { name } sources { slug name } }
    verdict { status } verdicts { status rationale reviewer } } }
} }`;

// Each test migrates a fresh embedded database (twice, for the restart): minutes on a loaded machine.
describe('demo story on the embedded database', { timeout: 180_000 }, () => {
  it('loads on first start, answers the newsroom story, and keeps everything across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'factcheck-demo-'));
    dirs.push(dataDir);

    const first = await boot(dataDir);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.demo).toEqual({ loaded: true, statements: genevaStory.statements.length });

    // A journalist finds the State Department's claim, sees it is disputed,
    // follows the rebuttal to the foreign ministry's denial and its sources.
    const found = await first.gql(FIND);
    const claim = found.statements.edges
      .map((e: { node: any }) => e.node)
      .find((n: any) => /State/.test(n.speaker.name) && n.disputed);
    expect(claim).toBeDefined();
    expect(claim.sources.map((s: { slug: string }) => s.slug)).toContain('al-jazeera');
    const denial = claim.rebuttals.find((r: any) => /Foreign/i.test(r.speaker.name));
    expect(denial).toBeDefined();
    expect(denial.sources.length).toBeGreaterThan(0);

    const back = await first.gql(`query($id: ID!) { statement(id: $id) { rebuts { id } disputed } }`, { id: denial.id });
    expect(back.statement.rebuts).toEqual([{ id: claim.id }]);

    // A desk pastes a post into the playground's "Has this been checked?" tab:
    // the accusation comes first, with the denial that rebuts it.
    const checked = await first.gql(HAS_THIS_BEEN_CHECKED.query, JSON.parse(HAS_THIS_BEEN_CHECKED.variables!(undefined)));
    expect(checked.similarStatements[0].statement.id).toBe(claim.id);
    expect(checked.similarStatements[0].score).toBeGreaterThan(0.1);
    expect(checked.similarStatements[0].statement.rebuttals.map((r: { speaker: { name: string } }) => r.speaker.name)).toContain(denial.speaker.name);

    // ...and records a verdict.
    const verdict = await first.gql(
      `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { status statement { version status } } }`,
      {
        input: {
          statementId: claim.id,
          expectedVersion: claim.version,
          status: 'UNPROVEN',
          rationale: 'The accusation and its denial both stand; no independent access to the prison.',
          evidence: [{ url: 'https://example.org/satellite-imagery', title: 'Imagery released with the accusation', stance: 'CONTEXT' }],
        },
      },
    );
    expect(verdict.setVerdict).toEqual({ status: 'UNPROVEN', statement: { version: claim.version + 1, status: 'UNPROVEN' } });
    const counts = await first.gql(`{ statements { totalCount } sources { totalCount } speakers { totalCount } }`);
    await first.shutdown();

    const second = await boot(dataDir);
    expect(second.applied).toEqual([]);
    expect(second.demo.loaded).toBe(false);
    expect(await second.gql(`{ statements { totalCount } sources { totalCount } speakers { totalCount } }`)).toEqual(counts);
    const again = await second.gql(`query($id: ID!) { statement(id: $id) { status verdicts { status reviewer } } }`, { id: claim.id });
    expect(again.statement.status).toBe('UNPROVEN');
    expect(again.statement.verdicts[0]).toEqual({ status: 'UNPROVEN', reviewer: 'Night desk' });
    expect(again.statement.verdicts.length).toBeGreaterThanOrEqual(2);
    await second.shutdown();
  });

  it('runs every playground tab in order on the demo data with nothing pasted, and stores no placeholder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'factcheck-demo-'));
    dirs.push(dataDir);
    const app = await boot(dataDir);
    let watcher: Awaited<ReturnType<typeof subscribe>> | undefined;
    try {
      const url = await app.listen();
      const page = await app.http.get('/graphql').set('accept', 'text/html');
      expect(page.status).toBe(200);
      const tabs = (JSON.parse(/<script id="playground-config" type="application\/json">([\s\S]*?)<\/script>/.exec(page.text)![1]!) as {
        tabs: { query: string; variables: string | null; headers: string | null }[];
      }).tabs;
      expect(tabs.map((tab) => tab.query)).toEqual(PLAYGROUND_EXAMPLES.map((example) => example.query));

      // The only thing a journalist types is the key, where the Headers tab says.
      const headersOf = (tab: (typeof tabs)[number]): Record<string, string> =>
        tab.headers ? JSON.parse(tab.headers.replace(KEY_PLACEHOLDER, app.key)) : {};
      const send = async (tab: (typeof tabs)[number], variables: unknown) => {
        const request = app.http.post('/graphql').set('content-type', 'application/json');
        for (const [name, value] of Object.entries(headersOf(tab))) request.set(name, value);
        return (await request.send({ query: tab.query, variables })).body as { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
      };
      // ...and their own words in place of every <...>.
      const written = (value: unknown, key = ''): unknown => {
        if (typeof value === 'string' && /^<.*>$/.test(value)) return /url$/i.test(key) ? 'https://example.org/desk-notes' : `Written by the desk for ${key}.`;
        if (Array.isArray(value)) return value.map((item) => written(item, key));
        if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, written(v, k)]));
        return value;
      };
      const verdictCount = async (id: string) =>
        (await app.gql(`query($id: ID!) { statement(id: $id) { verdictCount version } }`, { id })).statement as { verdictCount: number; version: number };

      let claimId = '';
      let claimVersion = 0;
      for (const [index, tab] of tabs.entries()) {
        const example = PLAYGROUND_EXAMPLES[index]!;
        const variables = tab.variables ? JSON.parse(tab.variables) : undefined;
        if (/^subscription /m.test(tab.query)) {
          watcher = await subscribe(url, tab.query, variables, headersOf(tab));
          continue;
        }
        const body = await send(tab, variables);
        if (!/^mutation /m.test(tab.query)) {
          expect(body.errors, example.title).toBeUndefined();
          expect(JSON.stringify(body.data), example.title).not.toMatch(/^\{("[a-zA-Z]+":(null|\[\]),?)*\}$/);
          if (index === 0) ({ id: claimId, version: claimVersion } = body.data.statements.edges[0].node);
          continue;
        }
        // A writing tab sent unchanged is refused and stores nothing.
        const before = await verdictCount(claimId);
        expect(body.errors, example.title).toHaveLength(1);
        expect(body.errors![0]!.extensions, example.title).toMatchObject({ code: 'BAD_USER_INPUT', placeholder: true });
        expect(await verdictCount(claimId)).toEqual(before);
        const done = await send(tab, written(variables));
        expect(done.errors, example.title).toBeUndefined();
      }
      // The tabs pointed at the claim Find a claim shows first, at its current version.
      expect(claimVersion).toBe(2);
      expect((await verdictCount(claimId)).version).toBe(claimVersion + 1);
      await watcher!.waitFor(1);
      expect(watcher!.results[0]!.data.verdictChanged.verdict).toMatchObject({ reviewer: 'Night desk', statement: { id: claimId, version: claimVersion + 1 } });
    } finally {
      await watcher?.close();
      await app.shutdown();
    }
  });

  it('has what the story needs: the outlets, the speakers and their aliases, several rebuttals', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'factcheck-demo-'));
    dirs.push(dataDir);
    const app = await boot(dataDir);
    try {
      const data = await app.gql(`{
        sources { edges { node { slug stateAffiliated } } }
        assad: speakers(search: "Assad") { edges { node { name } } }
        envoy: speakers(search: "de Mistura") { edges { node { name title } } }
        disputed: statements(filter: { disputed: true }) { totalCount }
        all: statements(first: 100) { totalCount }
      }`);
      const slugs = data.sources.edges.map((e: any) => e.node.slug);
      expect(slugs).toEqual(expect.arrayContaining(['al-jazeera', 'afp', 'sana']));
      expect(data.sources.edges.find((e: any) => e.node.slug === 'sana').node.stateAffiliated).toBe(true);
      expect(data.assad.edges.map((e: any) => e.node.name)).toContain('Bashar al-Assad');
      expect(data.envoy.edges[0].node.name).toBe('Staffan de Mistura');
      expect(data.disputed.totalCount).toBeGreaterThanOrEqual(3);
      expect(data.all.totalCount).toBeGreaterThanOrEqual(8);

      // Two illustrative desks' reviews, imported as ClaimReviews, rate one statement differently; ours stay ours.
      const split = await app.gql(`{ disagreements(first: 5) { totalCount edges { node {
        statement { text verdict { status reviewer } externalReviews { publisher status } } statuses publishers
        reviews { publisher ratingText status url } } } } }`);
      expect(split.disagreements.totalCount).toBe(1);
      const disagreement = split.disagreements.edges[0].node;
      expect(disagreement.statement.text).toMatch(/^Bashar al-Jaafari held a meeting/);
      expect(disagreement.statement.verdict).toEqual({ status: 'TRUE', reviewer: 'Verification desk' });
      expect(disagreement.publishers).toBe(2);
      expect([...disagreement.statuses].sort()).toEqual(['TRUE', 'UNPROVEN']);
      expect(disagreement.reviews.map((r: any) => [r.ratingText, r.status])).toEqual(expect.arrayContaining([['True', 'TRUE'], ['Unverified', 'UNPROVEN']]));
      for (const review of disagreement.reviews) expect(new URL(review.url).hostname).toMatch(/\.example$/);
      expect(disagreement.statement.externalReviews).toHaveLength(2);

      // The story's evidence links are real pages: none is queued for fetching, so its snapshots stay empty.
      expect(await app.db.evidence.count()).toBeGreaterThan(0);
      expect(await app.db.evidenceFetch.count()).toBe(0);

      // The Geneva chain: the accusation on the wires first; the denial issued through SANA, which the others cite.
      const CHAIN = `query($search: String!) { statements(filter: { search: $search }, first: 10) { edges { node { speaker { name }
        propagation { first { source { slug } } later { source { slug } lagSeconds carriedFrom { slug } } }
        rebuttals(first: 1) { propagation { first { source { slug } } later { source { slug } lagSeconds carriedFrom { slug } } } } } } } }`;
      const claim = (await app.gql(CHAIN, { search: 'crematorium' })).statements.edges
        .map((e: any) => e.node)
        .find((n: any) => n.speaker.name === 'US Department of State');
      expect(claim.propagation.first.source.slug).toBe('afp');
      expect(claim.propagation.later).toEqual([{ source: { slug: 'al-jazeera' }, lagSeconds: 86_400, carriedFrom: null }]);
      const denial = claim.rebuttals[0].propagation;
      expect(denial.first.source.slug).toBe('sana');
      expect(denial.later).toEqual([
        { source: { slug: 'afp' }, lagSeconds: 0, carriedFrom: { slug: 'sana' } },
        { source: { slug: 'al-jazeera' }, lagSeconds: 0, carriedFrom: { slug: 'sana' } },
      ]);

      // The finding the desk set a review date on is due.
      const queue = (await app.gql(`{ reviewQueue(first: 10) { edges { node { statement { speaker { name } } finding { status } reasons { kind } } } } }`)).reviewQueue.edges;
      expect(queue.map((e: any) => e.node)).toEqual([
        { statement: { speaker: { name: 'Syrian government delegation to the Geneva talks' } }, finding: { status: 'TRUE' }, reasons: [{ kind: 'REVIEW_DUE' }] },
      ]);
    } finally {
      await app.shutdown();
    }
  });
});
