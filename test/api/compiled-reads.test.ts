import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OURS_ONE as ONE, OURS_PAGE as PAGE } from '../../bench/scenarios.js';
import { PLAYGROUND_EXAMPLES } from '../../src/playground/examples.js';
import { createSource, createSpeaker, createStatement, link, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The read compiler (src/graphql/compiled) against the resolvers: two
 * instances of the service on one database, one compiling reads and one
 * not, asked the same operations. Their answers must be equal to the byte
 * once parsed: data and errors alike. The operations are the playground's
 * examples, the benchmark's, and operations generated over selections,
 * arguments (valid, invalid, hostile) and stored text (hostile too).
 */
let compiled: TestServer;
let resolvers: TestServer;
const statementIds: string[] = [];
const speakerIds: string[] = [];
const sourceIds: string[] = [];
const sourceSlugs: string[] = [];
const otherIds: string[] = [];
const cursors: string[] = [];

/** Text a client may store: quotes, backslashes, control-ish characters, right-to-left, astral planes, JSON and SQL look-alikes. */
const HOSTILE_TEXT = [
  'He said "never" \\ and \'always\'',
  'Line one\nline two\ttabbed',
  'مرحبا بالعالم — שלום',
  '😀 emoji 𝕏 astral and é combining é',
  '{"data": null, "errors": []}',
  "'); DROP TABLE statement; --",
  '</script><script>alert(1)</script>',
  '\u2028\u2029 separators',
];

async function compare(query: string, variables?: Record<string, unknown>): Promise<{ usedCompiler: boolean; body: unknown }> {
  compiled.queries.length = 0;
  const [a, b] = [await compiled.gql(query, variables, { key: null }), await resolvers.gql(query, variables, { key: null })];
  expect(a).toEqual(b);
  return { usedCompiler: compiled.queries.some((sql) => sql.includes('::text AS c0')), body: a };
}

beforeAll(async () => {
  compiled = await startTestServer({ GRAPHQL_COMPILE: 'true' });
  resolvers = await startTestServer({ GRAPHQL_COMPILE: 'false' }, { sharedWith: compiled });
  const speakers = [
    await createSpeaker(compiled, { aliases: ['The ministry', 'Ministère'], title: 'Spokesperson', affiliation: 'A "government"' }),
    await createSpeaker(compiled, { kind: 'ORGANIZATION' }),
    await createSpeaker(compiled, { kind: 'GOVERNMENT_BODY', name: `${HOSTILE_TEXT[2]} ${Date.now()}` }),
  ];
  speakerIds.push(...speakers.map((s) => s.id));
  const sources = [await createSource(compiled, { country: 'QA', stateAffiliated: true }), await createSource(compiled, { kind: 'BROADCASTER', homepageUrl: 'https://b.example/' })];
  sourceIds.push(...sources.map((s) => s.id));
  sourceSlugs.push(...sources.map((s) => s.slug));
  for (let i = 0; i < 14; i++) {
    const statement = await createStatement(compiled, {
      speakerId: speakers[i % 3]!.id,
      text: `${HOSTILE_TEXT[i % HOSTILE_TEXT.length]} (${i})`,
      quote: i % 2 ? HOSTILE_TEXT[(i + 3) % HOSTILE_TEXT.length] : null,
      statedAt: i % 4 === 0 ? null : `20${10 + (i % 5)}-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:30:15.${String(i * 37).padStart(3, '0')}Z`,
      language: ['en', 'ar', 'fr-CA'][i % 3],
      appearances: [
        { sourceId: sources[1]!.id, url: `https://b.example/${i}`, publishedAt: '2026-03-02T10:00:00Z', wording: HOSTILE_TEXT[i % HOSTILE_TEXT.length] },
        { sourceId: sources[0]!.id, url: `https://a.example/${i}`, publishedAt: '2026-03-01T10:00:00.123Z' },
        { sourceId: sources[0]!.id, url: `https://c.example/${i}` },
      ].slice(0, i % 4),
    });
    statementIds.push(statement.id);
    let version = statement.version;
    for (let v = 0; v < i % 3; v++) {
      const verdict = await setVerdict(compiled, statement.id, version, {
        status: v ? 'MISLEADING' : 'IN_REVIEW',
        rationale: v ? HOSTILE_TEXT[v] : null,
        evidence: v ? [{ url: `https://e.example/${i}`, title: HOSTILE_TEXT[0], stance: 'REFUTES' }, { url: `https://f.example/${i}`, stance: 'CONTEXT' }] : [],
      });
      version = verdict.statement.version;
      otherIds.push(verdict.id);
    }
  }
  for (let i = 3; i < 12; i++) await link(compiled, statementIds[i]!, statementIds[i % 3]!, i % 4 ? 'REBUTS' : 'SUPPORTS', HOSTILE_TEXT[i % HOSTILE_TEXT.length]);
  // Cursors of real pages, in each order, for the generated `after`s.
  for (const orderBy of ['NEWEST', 'STATED_AT']) {
    const page = await compiled.ok(`query($o: StatementOrder) { statements(first: 8, orderBy: $o) { edges { cursor } } }`, { o: orderBy }, { key: null });
    cursors.push(...page.statements.edges.map((e: { cursor: string }) => e.cursor));
  }
  const appearance = await compiled.ok(`query($id: ID!) { statement(id: $id) { appearances { id } } }`, { id: statementIds[3] }, { key: null });
  otherIds.push(appearance.statement.appearances[0].id);
});
afterAll(async () => {
  await resolvers?.close();
  await compiled?.close();
});

describe('compiled reads answer as the resolvers do', () => {
  it('answers the benchmark page (S1) and one statement (S2) with one compiled statement', async () => {
    const page = await compare(PAGE);
    expect(page.usedCompiler).toBe(true);
    expect(compiled.queries).toHaveLength(1);
    const one = await compare(ONE, { id: statementIds[5] });
    expect(one.usedCompiler).toBe(true);
  });

  it('answers every playground example query alike', async () => {
    for (const example of PLAYGROUND_EXAMPLES) {
      if (/^\s*mutation/m.test(example.query)) continue;
      const variables = example.variables ? JSON.parse(example.variables) : undefined;
      if (variables && 'id' in variables) variables.id = statementIds[1];
      await compare(example.query, variables);
    }
  });
});
