import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { PLAYGROUND_EXAMPLES, type PlaygroundStart } from './examples.js';

/**
 * A GraphiQL page served entirely from node_modules. Newsroom machines are
 * often offline, and Apollo's own landing page pulls its code from a CDN, so
 * it renders blank there.
 */

export interface PlaygroundOptions {
  /** Path of the GraphQL endpoint; the page is served there and queries it. */
  endpoint: string;
  title?: string;
  /** The claim the tabs start from (ids and version filled in); placeholders stay when it is undefined or fails. */
  start?: () => Promise<PlaygroundStart | undefined>;
}

const ASSET_PREFIX = '/playground';

interface Asset {
  file: string;
  contentType: string;
  /** Goes into the URL so that a package upgrade is never hidden by an immutable cache entry. */
  version: string;
}

const require = createRequire(import.meta.url);

function packageAsset(pkg: string, relative: string, contentType: string): Asset {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  return { file: path.join(path.dirname(manifestPath), relative), contentType, version: manifest.version };
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** Resolved when the router is built, so a missing package fails at startup rather than as a blank page. */
function loadAssets(): Map<string, Asset> {
  return new Map([
    ['react.production.min.js', packageAsset('react', 'umd/react.production.min.js', JS)],
    ['react-dom.production.min.js', packageAsset('react-dom', 'umd/react-dom.production.min.js', JS)],
    ['graphiql.min.js', packageAsset('graphiql', 'graphiql.min.js', JS)],
    ['graphiql.min.css', packageAsset('graphiql', 'graphiql.min.css', CSS)],
  ]);
}

// Kept free of per-request data so the CSP can allow it by hash instead of
// allowing inline scripts in general; its inputs come from the JSON block.
const BOOTSTRAP = `
(function () {
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  // Subscriptions go over graphql-ws on the endpoint's own path (the client
  // is part of the GraphiQL bundle); its Headers editor becomes the
  // connection parameters, so a key typed there reaches the socket too.
  var socket = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + config.endpoint;
  var props = {
    fetcher: GraphiQL.createFetcher({ url: config.endpoint, subscriptionUrl: socket }),
    defaultTabs: config.tabs,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  };
  // GraphiQL 3 opens the first tab's query from defaultTabs but its variables
  // editor empty, and on a later visit it compares the editors' starting
  // contents with the stored tabs, opening a duplicate tab when they differ.
  // Starting the editors on the tab it will show avoids both.
  var first = config.tabs[0];
  var open = first ? { query: first.query, variables: first.variables, headers: first.headers } : null;
  try {
    var stored = JSON.parse(window.localStorage.getItem('graphiql:tabState') || 'null');
    if (stored && Array.isArray(stored.tabs) && typeof stored.activeTabIndex === 'number') {
      open = stored.tabs[stored.activeTabIndex] || null;
    }
  } catch (e) {}
  if (open) {
    props.query = open.query;
    props.variables = open.variables;
    props.headers = open.headers;
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
`;

const BOOTSTRAP_HASH = `'sha256-${createHash('sha256').update(BOOTSTRAP, 'utf8').digest('base64')}'`;

// Everything same-origin: besides keeping the page honest about working
// offline, it stops a pasted query from being sent anywhere but our endpoint.
// connect-src 'self' also covers ws:/wss: to the same host (CSP Level 3),
// which is where subscriptions go.
// GraphiQL sets inline styles and its CSS embeds fonts as data: URLs.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'self' ${BOOTSTRAP_HASH}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that cannot end the surrounding script element early. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function renderPage(title: string, baseUrl: string, endpoint: string, assets: Map<string, Asset>, start: PlaygroundStart | undefined): string {
  const url = (name: string): string => {
    const asset = assets.get(name);
    if (!asset) throw new Error(`unknown playground asset ${name}`);
    return escapeHtml(`${baseUrl}${ASSET_PREFIX}/${name}?v=${encodeURIComponent(asset.version)}`);
  };
  const config = {
    endpoint: `${baseUrl}${endpoint}`,
    tabs: PLAYGROUND_EXAMPLES.map((example) => ({
      query: example.query,
      variables: example.variables?.(start) ?? null,
      headers: example.headers ?? null,
    })),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${url('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; overflow: hidden; }</style>
</head>
<body>
<div id="graphiql">Loading the GraphQL playground…</div>
<noscript>The GraphQL playground needs JavaScript.</noscript>
<script id="playground-config" type="application/json">${jsonForScript(config)}</script>
<script src="${url('react.production.min.js')}"></script>
<script src="${url('react-dom.production.min.js')}"></script>
<script src="${url('graphiql.min.js')}"></script>
<script>${BOOTSTRAP}</script>
</body>
</html>
`;
}

/** What Apollo also asks before showing a landing page, so the two agree on who answers. */
function prefersHtml(req: Request): boolean {
  return (
    req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) ===
    'text/html'
  );
}

/** A GET carrying any GraphQL-over-HTTP parameter is an operation, whatever the Accept header says. */
function isGraphQLGet(req: Request): boolean {
  const params = req.query as Record<string, unknown>;
  return ['query', 'extensions', 'operationName', 'variables'].some((name) => params[name] !== undefined);
}

/**
 * Serves the playground page on `GET <endpoint>` to browsers and its assets
 * under /playground/. Mount it before the GraphQL middleware on the same
 * path: every request it does not answer is passed on with next().
 */
export function playgroundRouter(options: PlaygroundOptions): Router {
  const endpoint = options.endpoint;
  const title = options.title ?? 'GraphQL playground';
  const assets = loadAssets();
  const router = express.Router();

  router.get(endpoint, async (req: Request, res: Response, next: NextFunction) => {
    // The same URL answers with HTML or JSON depending on Accept; caches must not mix them up.
    res.vary('Accept');
    if (isGraphQLGet(req) || !prefersHtml(req)) {
      next();
      return;
    }
    // The page still opens when the database is away; its tabs then show placeholders.
    const start = await options.start?.().catch(() => undefined);
    res
      .status(200)
      .type('html')
      .set({
        // The page is tiny and names versioned assets; always revalidate so an upgrade shows at once.
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      })
      .send(renderPage(title, req.baseUrl, endpoint, assets, start));
  });

  // The whole prefix belongs to the playground: anything not in the allow-list
  // is a 404 here rather than a request for the GraphQL endpoint.
  router.use(ASSET_PREFIX, (req: Request, res: Response, next: NextFunction) => {
    const asset = req.path.startsWith('/') ? assets.get(req.path.slice(1)) : undefined;
    if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendFile(asset.file, { maxAge: '365d', immutable: true, dotfiles: 'deny' }, (err?: Error) => {
      if (err && !res.headersSent) next(err);
    });
  });

  return router;
}
