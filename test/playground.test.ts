import { createHash } from 'node:crypto';
import vm from 'node:vm';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express } from 'express';
import { parse } from 'graphql';
import request from 'supertest';
import { describe, it, expect } from 'vitest';
import { COMMENT_WIDTH, PLAYGROUND_EXAMPLES } from '../src/playground/examples.js';
import { playgroundRouter } from '../src/playground/playground.js';

const PASSED_ON = 418;

function buildApp(): Express {
  const app = express();
  app.use(playgroundRouter({ endpoint: '/graphql' }));
  // Stands in for Apollo: a 418 proves the router let the request through.
  app.use((_req, res) => {
    res.status(PASSED_ON).send('passed on');
  });
  return app;
}

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function fetchPage(app: Express): Promise<string> {
  const res = await request(app).get('/graphql').set('Accept', BROWSER_ACCEPT);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  return res.text;
}

function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((match) => match[1]!);
}

/**
 * supertest resolves "..", which would hide the very request under test, so
 * these go out with the path exactly as written.
 */
function rawGet(app: Express, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => server.close(() => resolve(res.statusCode ?? 0)));
      });
      req.on('error', (err) => server.close(() => reject(err)));
      req.end();
    });
  });
}

describe('playground page', () => {
  const app = buildApp();

  it('serves HTML to a browser that references the four assets', async () => {
    const html = await fetchPage(app);
    const urls = referencedUrls(html);
    for (const asset of [
      'react.production.min.js',
      'react-dom.production.min.js',
      'graphiql.min.js',
      'graphiql.min.css',
    ]) {
      expect(urls.some((url) => url.startsWith(`/playground/${asset}`))).toBe(true);
    }
  });

  it('references only same-origin URLs', async () => {
    const html = await fetchPage(app);
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      expect(url).not.toMatch(/https?:\/\//i);
      expect(url).not.toMatch(/^\/\//);
      expect(url.startsWith('/')).toBe(true);
    }
  });

  it('serves every referenced asset with its content type and a long-lived cache', async () => {
    const html = await fetchPage(app);
    const urls = referencedUrls(html);
    for (const url of urls) {
      const res = await request(app).get(url).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (chunk: Buffer) => chunks.push(chunk));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(res.status, url).toBe(200);
      const expectedType = url.split('?')[0]!.endsWith('.css') ? /^text\/css/ : /^text\/javascript/;
      expect(res.headers['content-type'], url).toMatch(expectedType);
      expect(res.headers['cache-control'], url).toMatch(/max-age=31536000/);
      expect(res.headers['cache-control'], url).toMatch(/immutable/);
      expect((res.body as Buffer).length, url).toBeGreaterThan(5000);
    }
  });

  it('preloads every example and points the fetcher at the endpoint', async () => {
    const html = await fetchPage(app);
    const block = /<script id="playground-config" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
    expect(block).not.toBeNull();
    const config = JSON.parse(block![1]!) as { endpoint: string; tabs: { query: string }[] };
    expect(config.endpoint).toBe('/graphql');
    expect(config.tabs.map((tab) => tab.query)).toEqual(PLAYGROUND_EXAMPLES.map((example) => example.query));
  });

  it('allows its own inline script through the content security policy', async () => {
    const res = await request(app).get('/graphql').set('Accept', BROWSER_ACCEPT);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("connect-src 'self'");
    const inline = [...res.text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(inline).toHaveLength(1);
    const hash = createHash('sha256').update(inline[0]!, 'utf8').digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
  });

  it('sends subscriptions over graphql-ws to the same host and path, wss under https', async () => {
    const html = await fetchPage(app);
    const [bootstrap] = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    const config = /<script id="playground-config" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const fetcherOptions = (protocol: string, host: string) => {
      const options: Record<string, unknown>[] = [];
      const context = {
        window: { location: { protocol, host }, localStorage: { getItem: () => null } },
        document: { getElementById: (id: string) => (id === 'playground-config' ? { textContent: config } : {}) },
        GraphiQL: { createFetcher: (given: Record<string, unknown>) => (options.push(given), () => {}) },
        React: { createElement: () => ({}) },
        ReactDOM: { createRoot: () => ({ render: () => {} }) },
      };
      vm.runInNewContext(bootstrap!, context);
      return options;
    };
    expect(fetcherOptions('http:', 'localhost:4000')).toEqual([{ url: '/graphql', subscriptionUrl: 'ws://localhost:4000/graphql' }]);
    expect(fetcherOptions('https:', 'factcheck.example.org')).toEqual([{ url: '/graphql', subscriptionUrl: 'wss://factcheck.example.org/graphql' }]);
    // The socket client ships inside the local bundle: nothing to fetch from a CDN.
    const bundle = await request(app).get(referencedUrls(html).find((url) => url.includes('graphiql.min.js'))!);
    expect(bundle.text).toContain('graphql-transport-ws');
  });

  it('escapes the title', async () => {
    const titled = express().use(playgroundRouter({ endpoint: '/graphql', title: '</title><script>x()</script>' }));
    const res = await request(titled).get('/graphql').set('Accept', 'text/html');
    expect(res.text).toContain('<title>&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>');
  });
});

describe('pass-through to the GraphQL endpoint', () => {
  const app = buildApp();

  it('passes on a request that asks for JSON', async () => {
    const res = await request(app).get('/graphql').set('Accept', 'application/json');
    expect(res.status).toBe(PASSED_ON);
  });

  it('passes on a GET operation even from a browser', async () => {
    const res = await request(app).get('/graphql').query({ query: '{__typename}' }).set('Accept', 'text/html');
    expect(res.status).toBe(PASSED_ON);
  });

  it('passes on a persisted-query GET without a query text', async () => {
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'abc' } });
    const res = await request(app).get('/graphql').query({ extensions }).set('Accept', 'text/html');
    expect(res.status).toBe(PASSED_ON);
  });

  it('passes on POST', async () => {
    const res = await request(app)
      .post('/graphql')
      .set('Accept', 'text/html')
      .set('Content-Type', 'application/json')
      .send({ query: '{__typename}' });
    expect(res.status).toBe(PASSED_ON);
  });

  it('passes on other paths', async () => {
    const res = await request(app).get('/health').set('Accept', 'text/html');
    expect(res.status).toBe(PASSED_ON);
  });
});

describe('asset allow-list', () => {
  const app = buildApp();

  it('does not serve unknown files', async () => {
    expect((await request(app).get('/playground/unknown.js')).status).toBe(404);
    expect((await request(app).get('/playground/graphiql.min.js.map')).status).toBe(404);
    expect((await request(app).get('/playground/graphiql.js')).status).toBe(404);
  });

  it('does not list the directory', async () => {
    expect((await request(app).get('/playground/')).status).toBe(404);
    expect((await request(app).get('/playground')).status).toBe(404);
  });

  it('does not follow path traversal', async () => {
    // Control: the raw client does reach the allow-list.
    expect(await rawGet(app, '/playground/graphiql.min.css')).toBe(200);
    expect(await rawGet(app, '/playground/../package.json')).toBe(404);
    expect(await rawGet(app, '/playground/..%2fpackage.json')).toBe(404);
    expect(await rawGet(app, '/playground/%2e%2e%2fpackage.json')).toBe(404);
    expect(await rawGet(app, '/playground/..%2f..%2fpackage.json')).toBe(404);
  });

  it('does not accept writes', async () => {
    expect((await request(app).post('/playground/graphiql.min.js')).status).toBe(404);
  });
});

describe('examples', () => {
  it('has the twelve operations', () => {
    expect(PLAYGROUND_EXAMPLES.map((example) => example.title)).toEqual([
      'Find a claim',
      'Has this been checked?',
      'Follow a rebuttal',
      'How it spread',
      'Review queue',
      'Fact-checkers disagree',
      'Evidence checks',
      'Disputed statements',
      'Sources and speakers',
      'Watch for verdicts',
      'Record a verdict',
      'Create a statement',
    ]);
  });

  for (const example of PLAYGROUND_EXAMPLES) {
    describe(example.title, () => {
      it('parses', () => {
        expect(() => parse(example.query)).not.toThrow();
      });

      it('opens with a comment saying what it shows', () => {
        expect(example.query.trimStart().startsWith('#')).toBe(true);
      });

      it('has variables that are valid JSON, with or without a starting claim', () => {
        if (example.variables !== undefined) {
          expect(() => JSON.parse(example.variables!(undefined))).not.toThrow();
          expect(() => JSON.parse(example.variables!({ statementId: 'U3RhdGVtZW50Oj', version: 2, speakerId: 'x', sourceId: 'y' }))).not.toThrow();
        }
      });

      it(`keeps its instructions within ${COMMENT_WIDTH} characters a line, so the editor does not cut them off`, () => {
        for (const line of example.query.split('\n').filter((text) => text.trimStart().startsWith('#'))) {
          expect(line.length, line).toBeLessThanOrEqual(COMMENT_WIDTH);
        }
      });

      it('asks for nothing to be pasted from another tab', () => {
        const variables = example.variables?.({ statementId: 'S', version: 2, speakerId: 'P', sourceId: 'O' }) ?? '';
        expect(`${example.query}${variables}`).not.toMatch(/paste (an? )?(id|speaker|source|statement)/i);
      });
    });
  }
});
