import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatement } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const SET = `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id evidence { url } statement { version } } }`;

async function trySet(api: TestServer, url: string, overrides: Record<string, unknown> = {}) {
  const statement = await createStatement(api);
  return api.gql(SET, {
    input: {
      statementId: statement.id,
      expectedVersion: 1,
      status: 'FALSE',
      rationale: 'The ministry figures contradict it.',
      evidence: [{ url, title: 'Ministry figures', stance: 'REFUTES' }],
      ...overrides,
    },
  });
}

async function verdictCount(api: TestServer): Promise<number> {
  return api.db.verdict.count();
}

describe('evidence that leads nowhere', () => {
  it('refuses hosts no reader can open, and stores nothing', async () => {
    for (const url of [
      'http://a',
      'http://a/report',
      'https://.../',
      'https://...',
      'https://intranet/report',
      'https://example.123/',
      'http://localhost/report',
      'http://reports.localhost/',
      'https://wiki.internal/page',
      'https://printer.local/',
      'http://127.0.0.1/',
      'http://2130706433/', // 127.0.0.1 written as one number
      'http://0xa9fea9fe/latest/meta-data', // 169.254.169.254, cloud metadata
      'http://10.0.0.5/report.pdf',
      'http://192.168.1.1/',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      const before = await verdictCount(api);
      const body = await trySet(api, url);
      expect(body.errors, url).toHaveLength(1);
      expect(body.errors![0]!.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.evidence[0].url' });
      expect(body.errors![0]!.message, url).toMatch(/must (link to a public web page|be an absolute http\(s\) URL)/);
      expect(await verdictCount(api), url).toBe(before);
    }
  });

  it('accepts real names, international names and public addresses', async () => {
    for (const url of ['https://www.reuters.com/world/', 'https://例え.jp/パス', 'https://xn--r8jz45g.jp/', 'http://sana.sy/en/?p=1', 'http://93.184.216.34/report', 'http://[2606:4700::1111]/']) {
      const body = await trySet(api, url);
      expect(body.errors, url).toBeUndefined();
    }
  });

  it('accepts private addresses and intranet names when the operator allows them', async () => {
    const closed = await startTestServer({ EVIDENCE_ALLOW_PRIVATE: 'true' }, { sharedWith: api });
    try {
      for (const url of ['http://10.0.0.5/report.pdf', 'https://wiki.internal/page', 'http://[::1]/x']) {
        const body = await trySet(closed, url);
        expect(body.errors, url).toBeUndefined();
      }
      // Still no bare words or dots: those are typos, not closed networks.
      for (const url of ['http://a', 'https://.../']) {
        expect((await trySet(closed, url)).errors![0]!.extensions!.code, url).toBe('BAD_USER_INPUT');
      }
    } finally {
      await closed.close();
    }
  });
});

describe('template placeholders', () => {
  it('refuses a rationale or title that is still an angle-bracketed placeholder', async () => {
    const before = await verdictCount(api);
    const rationale = await trySet(api, 'https://example.org/figures', { rationale: '<Why the evidence leads to this rating>' });
    expect(rationale.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rationale', placeholder: true });
    const title = await trySet(api, 'https://example.org/figures', {
      evidence: [{ url: 'https://example.org/figures', title: '  <What the linked page shows>  ', stance: 'CONTEXT' }],
    });
    expect(title.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.evidence[0].title' });
    expect(await verdictCount(api)).toBe(before);
    // Angle brackets inside real text are text.
    expect((await trySet(api, 'https://example.org/figures', { rationale: 'The figure <10% in the chart> is misread.' })).errors).toBeUndefined();
  });
});
