import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, createSpeaker, createStatement, link } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A list reads the relations its selection asks for in one SQL statement
 * (statement.preload.ts); what lies deeper goes through per-request
 * DataLoaders. Either way the number of SQL statements a query costs depends
 * on its shape, never on how many rows it returns.
 */
let api: TestServer;
let speakerId: string;

const PAGE = `query($speakerId: ID!, $first: Int!) {
  statements(filter: { speakerId: $speakerId }, first: $first) {
    edges { node {
      text
      speaker { name }
      appearances { url source { name } }
      rebuttals { text speaker { name } }
    } }
  }
}`;

beforeAll(async () => {
  api = await startTestServer();
  const speaker = await createSpeaker(api);
  speakerId = speaker.id;
  const outlets = [await createSource(api), await createSource(api), await createSource(api)];
  for (let i = 0; i < 20; i++) {
    const statement = await createStatement(api, {
      speakerId,
      text: `Claim number ${i}`,
      appearances: [
        { sourceId: outlets[i % 3]!.id, url: `https://a.example/${i}` },
        { sourceId: outlets[(i + 1) % 3]!.id, url: `https://b.example/${i}` },
      ],
    });
    // Each rebuttal comes from its own speaker, so speakers cannot all come from one cached lookup.
    const rebuttal = await createStatement(api, { text: `Denial of claim ${i}` });
    await link(api, rebuttal.id, statement.id, 'REBUTS');
  }
});
afterAll(() => api.close());

/** Anonymous by default, as mobile readers are; a key costs one lookup more. */
async function countQueries(first: number, key: string | null = null): Promise<{ count: number; data: any }> {
  api.queries.length = 0;
  const data = await api.ok(PAGE, { speakerId, first }, { key });
  return { count: api.queries.length, data };
}

describe('SQL statements per request', () => {
  it('resolves a page of 20 statements with speaker, appearances, sources, rebuttals and their speakers in 1 statement', async () => {
    const { count, data } = await countQueries(20);
    const nodes = data.statements.edges.map((e: { node: any }) => e.node);
    expect(nodes).toHaveLength(20);
    for (const node of nodes) {
      expect(node.appearances).toHaveLength(2);
      expect(node.appearances[0].source.name).toMatch(/^Source /);
      expect(node.rebuttals).toHaveLength(1);
      expect(node.rebuttals[0].speaker.name).toMatch(/^Speaker /);
    }
    // the page with its speakers, appearances, sources, links, rebutting statements and their speakers
    expect(count).toBe(1);
  });

  it('costs one lookup more with an API key', async () => {
    const anonymous = await countQueries(20);
    const withKey = await countQueries(20, api.keys.CONTRIBUTOR);
    expect(withKey.count).toBe(anonymous.count + 1);
  });

  it('costs the same for a page of 2 as for a page of 20', async () => {
    const small = await countQueries(2);
    const large = await countQueries(20);
    expect(small.data.statements.edges).toHaveLength(2);
    expect(small.count).toBe(large.count);
  });
});
