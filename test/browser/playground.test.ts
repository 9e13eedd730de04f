import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service.js';
import { genevaStory } from '../../src/modules/demo/geneva.data.js';
import { PLAYGROUND_EXAMPLES } from '../../src/playground/examples.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The playground and a page on another origin, in Debian's Chromium
 * (headless, driven by playwright-core), as a journalist and a CMS plugin
 * would use them. Chromium is a system package (.ci/run installs it);
 * CHROMIUM_PATH points elsewhere. Screenshots go to test-results/ci/screenshots,
 * kept with CI's reports.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('test-results/ci/screenshots');

let api: TestServer;
let base: string;
let browser: Browser;
let pages: Server;
let pagesOrigin: string;
let otherOrigin: Server;
let otherUrl: string;

/** A static page server: the CMS plugin's own origin. */
function pageServer(html: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const PLUGIN_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>CMS plugin</title></head>
<body><h1>CMS plugin</h1><pre id="out">working…</pre>
<script>
async function call(api, key, query, variables) {
  const headers = { 'content-type': 'application/json' };
  if (key) headers.authorization = 'Bearer ' + key;
  const res = await fetch(api, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: await res.json() };
}
window.runPlugin = async (api, key, speakerId) => {
  const read = await call(api, null, '{ statements(first: 1) { totalCount } }');
  const write = await call(api, key, 'mutation($input: CreateStatementInput!) { createStatement(input: $input) { id text } }',
    { input: { speakerId, text: 'A claim logged from the CMS plugin page' } });
  document.getElementById('out').textContent = JSON.stringify({ read, write }, null, 2);
  return { read, write };
};
window.tryRead = async (api) => {
  try { return await call(api, null, '{ statements(first: 1) { totalCount } }'); } catch (e) { return { blocked: String(e) }; }
};
</script></body></html>`;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  ({ server: pages, origin: pagesOrigin } = await pageServer(PLUGIN_PAGE));
  ({ server: otherOrigin, origin: otherUrl } = await pageServer(PLUGIN_PAGE));
  api = await startTestServer({ CORS_ORIGINS: pagesOrigin, EVENT_POLL_MS: '200' });
  await loadDemoIfEmpty(api.db, api.config, genevaStory);
  base = (await api.listen()).replace(/^ws:/, 'http:').replace(/\/graphql$/, '');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pages?.close(resolve));
  await new Promise((resolve) => otherOrigin?.close(resolve));
  await api?.close();
});

/** The text of the results pane (a CodeMirror editor). */
const resultText = (page: Page) =>
  page.evaluate(() => {
    const editor = document.querySelector('.result-window .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null;
    return editor?.CodeMirror?.getValue() ?? '';
  });

async function runTab(page: Page, index: number, query: string): Promise<void> {
  await page.locator('.graphiql-tab').nth(index).locator('.graphiql-tab-button').click();
  // The editor shows the tab's document before a person would press Run.
  await page.waitForFunction(
    (expected) => (document.querySelector('.graphiql-query-editor .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null)?.CodeMirror?.getValue() === expected,
    query,
  );
  await page.waitForTimeout(300);
  await page.locator('.graphiql-execute-button').click();
}

/** Waits for the results pane to hold JSON that satisfies `done`, and returns it. */
async function waitForResult(page: Page, done: (value: any) => boolean, what: string): Promise<any> {
  const deadline = Date.now() + 20_000;
  let last = '';
  while (Date.now() < deadline) {
    last = await resultText(page);
    try {
      const value = JSON.parse(last);
      if (done(value)) return value;
    } catch {
      // not yet a whole answer
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}: the results pane shows ${last.slice(0, 500) || 'nothing'}`);
}

describe('in a browser', () => {
  it('runs every playground tab in order with nothing pasted; a subscription sees a verdict set from another tab', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/graphql`);
    await page.locator('.graphiql-tab').first().waitFor();
    expect(await page.locator('.graphiql-tab').count()).toBe(PLAYGROUND_EXAMPLES.length);

    for (const [index, example] of PLAYGROUND_EXAMPLES.entries()) {
      const shot = path.join(SHOTS, `playground-${index + 1}-${example.title.replace(/\W+/g, '-').toLowerCase()}.png`);
      await runTab(page, index, example.query);
      if (example.query.includes('subscription ')) {
        // Listening: a colleague records a verdict from another browser tab, on the API the page uses.
        await page.waitForTimeout(500);
        for (let i = 0; i < 100 && api.liveStats().subscriptions === 0; i++) await page.waitForTimeout(50);
        expect(api.liveStats().subscriptions).toBeGreaterThan(0);
        const colleague = await context.newPage();
        await colleague.goto(`${base}/graphql`);
        const key = await api.createKey('FACT_CHECKER', 'Desk in another tab');
        const written = await colleague.evaluate(
          async ({ key }) => {
            const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
            const post = async (query: string, variables?: unknown) => (await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json();
            const found = await post('{ statements(filter: { search: "crematorium" }, first: 1) { edges { node { id version } } } }');
            const { id, version } = found.data.statements.edges[0].node;
            return post('mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id status } }', {
              input: { statementId: id, expectedVersion: version, status: 'MISLEADING', rationale: 'Recorded in the browser test from a second tab.', evidence: [{ url: 'https://example.org/report', title: 'A report', stance: 'CONTEXT' }] },
            });
          },
          { key },
        );
        expect(written.errors).toBeUndefined();
        const event = await waitForResult(page, (v) => v?.data?.verdictChanged?.verdict?.status === 'MISLEADING', 'the subscription');
        expect(event.data.verdictChanged.verdict.rationale).toMatch(/second tab/);
        await page.screenshot({ path: shot });
        await colleague.close();
        // Stops the subscription before the next tab.
        await page.locator('.graphiql-execute-button').click();
        continue;
      }
      if (example.query.trimStart().startsWith('#') && example.query.includes('mutation ')) {
        // A write sent as shown (a placeholder key, <...> texts) is refused with a code, and stores nothing.
        const refused = await waitForResult(page, (v) => Array.isArray(v?.errors), example.title);
        expect(refused.errors[0].extensions.code).toMatch(/^(UNAUTHENTICATED|BAD_USER_INPUT|FORBIDDEN)$/);
        await page.screenshot({ path: shot });
        continue;
      }
      const answer = await waitForResult(page, (v) => v && ('data' in v || 'errors' in v), example.title);
      expect(answer.errors, `${example.title}: ${JSON.stringify(answer.errors)}`).toBeUndefined();
      // A tab that reads the demo story shows something of it, unless it says it starts empty.
      if (example.emptyOnDemo) expect(JSON.stringify(answer.data)).toMatch(/"totalCount":0/);
      else expect(JSON.stringify(answer.data)).not.toMatch(/"edges":\[\]|^\{\}$/);
      await page.screenshot({ path: shot });
    }
    // Nothing the tabs sent as shown was stored: only the colleague's verdict is new.
    const verdicts = await api.ok<{ statements: { edges: { node: { verdicts: { rationale: string | null }[] } }[] } }>(
      '{ statements(filter: { search: "crematorium" }, first: 1) { edges { node { verdicts(first: 20) { rationale } } } } }',
    );
    expect(verdicts.statements.edges[0]!.node.verdicts.filter((v) => v.rationale?.includes('<'))).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('lets a page on an allowed origin read and write through CORS, and hides answers from any other origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pagesOrigin);
    const speaker = await api.ok<{ speakers: { edges: { node: { id: string } }[] } }>('{ speakers(first: 1) { edges { node { id } } } }');
    const result = await page.evaluate(([url, key, speakerId]) => (window as any).runPlugin(url, key, speakerId), [`${base}/graphql`, api.keys.CONTRIBUTOR, speaker.speakers.edges[0]!.node.id] as const);
    expect(result.read.status).toBe(200);
    expect(result.read.body.data.statements.totalCount).toBeGreaterThan(0);
    // Exposed to the page, as README "Integrate" says.
    expect(result.read.requestId).toBeTruthy();
    expect(result.write.status).toBe(200);
    expect(result.write.body.data.createStatement.text).toBe('A claim logged from the CMS plugin page');
    await page.screenshot({ path: path.join(SHOTS, 'cors-allowed-origin.png') });

    const other = await context.newPage();
    await other.goto(otherUrl);
    const blocked = await other.evaluate((url) => (window as any).tryRead(url), `${base}/graphql`);
    expect(blocked.blocked).toMatch(/Failed to fetch/);
    await context.close();
  });
});
