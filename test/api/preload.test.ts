import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createSpeaker, createStatement, link, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * `statements` and `statement` read the relations their selection asks for
 * in the same SQL statement as the statements, and hand them to the loaders
 * (statement.preload.ts).
 * `node(id)` does not: its answers come through the loaders alone, so
 * comparing the two proves the preloaded rows are the same rows, in the
 * same order.
 */
let api: TestServer;
let speakerId: string;
const ids: string[] = [];

const FIELDS = `
  id text quote statedAt status version createdAt updatedAt disputed
  speaker { id name kind aliases createdAt }
  appearances { id url publishedAt wording createdAt source { id slug name kind country stateAffiliated } }
  sources { id name }
  rebuttals { id text speaker { id name } }
  rebuts { id text speaker { name } }
  links { id kind note createdAt createdBy from { id } to { id } }
  verdict { id status }
  verdicts { id status rationale reviewer createdAt evidence { position url title stance } }
  statusAsOf(at: "2100-01-01T00:00:00Z")
`;

beforeAll(async () => {
  // The resolvers' own read path, which compiled reads fall back to (test/api/compiled-reads.test.ts compares the two).
  api = await startTestServer({ GRAPHQL_COMPILE: 'false' });
  speakerId = (await createSpeaker(api, { aliases: ['The ministry'] })).id;
  const [agency, broadcaster] = [await createSource(api), await createSource(api)];
  for (let i = 0; i < 6; i++) {
    const statement = await createStatement(api, {
      speakerId,
      text: `Claim number ${i}`,
      quote: i % 2 ? `Quote ${i}` : null,
      // Said in another order than recorded, some undated: STATED_AT differs from NEWEST.
      statedAt: i % 3 === 0 ? null : `2026-02-${String(10 + ((i * 7) % 11)).padStart(2, '0')}T08:00:00Z`,
      appearances: [
        // Out of order, and one without a date: the loader's order is by publication, undated last.
        { sourceId: broadcaster.id, url: `https://b.example/${i}`, publishedAt: '2026-03-02T10:00:00Z', wording: 'As carried' },
        { sourceId: agency.id, url: `https://a.example/${i}`, publishedAt: '2026-03-01T10:00:00Z' },
        { sourceId: agency.id, url: `https://c.example/${i}` },
      ].slice(0, 1 + (i % 3)),
    });
    ids.push(statement.id);
    let version = statement.version;
    for (let v = 0; v < i % 3; v++) {
      version = (await setVerdict(api, statement.id, version, { status: v ? 'FALSE' : 'IN_REVIEW', evidence: v ? [{ url: `https://e.example/${i}/${v}`, stance: 'REFUTES' }, { url: `https://f.example/${i}`, title: 'Second', stance: 'CONTEXT' }] : [] })).statement.version;
    }
  }
  // Links both ways, between listed statements and to ones outside the page.
  const outside = await createStatement(api, { text: 'A denial from elsewhere' });
  await link(api, outside.id, ids[0]!, 'REBUTS', 'Categorical denial');
  await link(api, ids[1]!, ids[0]!, 'REBUTS');
  await link(api, ids[2]!, ids[1]!, 'SUPPORTS');
  await link(api, ids[3]!, outside.id, 'REBUTS');
});
afterAll(() => api.close());

describe('preloaded relations', () => {
  it('answer a list exactly as the loaders alone do', async () => {
    const listed = await api.ok(`query($speakerId: ID!) { statements(filter: { speakerId: $speakerId }, first: 10) { edges { node { ${FIELDS} } } } }`, {
      speakerId,
    });
    const nodes = listed.statements.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toHaveLength(6);
    for (const node of nodes) {
      const alone = await api.ok(`query($id: ID!) { node(id: $id) { ... on Statement { ${FIELDS} } } }`, { id: node.id });
      expect(node).toEqual(alone.node);
    }
    // The data set covers what the comparison is for.
    const first = nodes.find((n: { id: string }) => n.id === ids[0]);
    expect(first.rebuttals).toHaveLength(2);
    expect(nodes.find((n: { id: string }) => n.id === ids[2]).appearances.map((a: { url: string }) => a.url)).toEqual([
      'https://a.example/2',
      'https://b.example/2',
      'https://c.example/2',
    ]);
    expect(nodes.find((n: { id: string }) => n.id === ids[5]).verdicts[0].evidence).toHaveLength(2);
  });

  it('answer one statement exactly as the loaders alone do', async () => {
    for (const id of [ids[0]!, ids[5]!]) {
      const one = await api.ok(`query($id: ID!) { statement(id: $id) { ${FIELDS} } }`, { id });
      const alone = await api.ok(`query($id: ID!) { node(id: $id) { ... on Statement { ${FIELDS} } } }`, { id });
      expect(one.statement).toEqual(alone.node);
    }
  });

  it('keep the list order, in either order', async () => {
    for (const orderBy of ['NEWEST', 'STATED_AT']) {
      const query = (fields: string) =>
        `query($speakerId: ID!) { statements(filter: { speakerId: $speakerId }, orderBy: ${orderBy}, first: 4) { pageInfo { endCursor } edges { node { ${fields} } } } }`;
      const plain = await api.ok(query('id'), { speakerId });
      const withRelations = await api.ok(query('id speaker { name } verdicts { status }'), { speakerId });
      const ids = (data: any) => data.statements.edges.map((edge: { node: { id: string } }) => edge.node.id);
      expect(ids(withRelations)).toEqual(ids(plain));
      expect(withRelations.statements.pageInfo).toEqual(plain.statements.pageInfo);
    }
  });

  it('follow fragments and aliases', async () => {
    api.queries.length = 0;
    const data = await api.ok(
      `query($speakerId: ID!) {
        statements(filter: { speakerId: $speakerId }, first: 10) { edges { node { ...Card } } }
      }
      fragment Card on Statement { id who: speaker { name } ... on Statement { appearances { source { name } } rebuttals { speaker { name } } } }`,
      { speakerId },
      { key: null },
    );
    expect(data.statements.edges).toHaveLength(6);
    expect(data.statements.edges[0].node.who.name).toMatch(/^Speaker /);
    // Anonymous (no key lookup): the page with its relations, nothing left for the loaders.
    expect(api.queries, api.queries.join('\n\n')).toHaveLength(1);
  });

  it('reads nothing more when the selection asks for no relation', async () => {
    api.queries.length = 0;
    await api.ok(`query($speakerId: ID!) { statements(filter: { speakerId: $speakerId }) { edges { node { id text } } } }`, { speakerId }, { key: null });
    expect(api.queries, api.queries.join('\n\n')).toHaveLength(1);
    expect(api.queries[0]).not.toMatch(/json_agg/);
  });
});
