import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { TrustedDocuments } from '../../src/graphql/trusted-documents.js';
import { subscribe } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';

const LIST = 'query AppStatements { statements(first: 2) { totalCount edges { node { id text } } } }';
const COUNT = 'query AppCount { statements(first: 0) { totalCount } }';
const WATCH = 'subscription AppVerdicts { verdictChanged { eventId } }';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const dir = mkdtempSync(path.join(os.tmpdir(), 'trusted-documents-'));
// As generate-persisted-query-manifest writes it for Apollo Client, and as relay-compiler's persistConfig does.
const apolloManifest = path.join(dir, 'apollo.json');
writeFileSync(
  apolloManifest,
  JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha(LIST), name: 'AppStatements', type: 'query', body: LIST }] }),
);
const relayManifest = path.join(dir, 'relay.json');
writeFileSync(relayManifest, JSON.stringify({ 'a1b2c3d4': COUNT, 'w1': WATCH }));

const post = (api: TestServer, body: object, key?: string) => {
  const request = api.http.post('/graphql').set('content-type', 'application/json');
  if (key) request.set('authorization', `Bearer ${key}`);
  return request.send(body);
};

describe('trusted documents: only registered operations run (TRUSTED_DOCUMENTS_ONLY)', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({ TRUSTED_DOCUMENTS_FILE: `${apolloManifest},${relayManifest}`, TRUSTED_DOCUMENTS_ONLY: 'true' });
  });
  afterAll(() => api.close());

  it('runs a registered operation sent by its Apollo id (POST and GET) and by its Relay doc_id or documentId', async () => {
    const byHash = await post(api, { extensions: { persistedQuery: { version: 1, sha256Hash: sha(LIST) } } });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data.statements.totalCount).toBeGreaterThanOrEqual(0);

    const search = new URLSearchParams({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha(LIST) } }) });
    const get = await api.http.get(`/graphql?${search}`).set('apollo-require-preflight', 'true');
    expect(get.status).toBe(200);
    expect(get.body.data.statements).toBeDefined();

    expect((await post(api, { doc_id: 'a1b2c3d4' })).body.data.statements.totalCount).toBeGreaterThanOrEqual(0);
    expect((await post(api, { documentId: 'a1b2c3d4' })).body.data.statements.totalCount).toBeGreaterThanOrEqual(0);
    const relayGet = await api.http.get('/graphql?doc_id=a1b2c3d4').set('apollo-require-preflight', 'true');
    expect(relayGet.body.data.statements.totalCount).toBeGreaterThanOrEqual(0);
    // The registered text itself is as good as its id.
    expect((await post(api, { query: COUNT })).body.data.statements).toBeDefined();
  });

  it('refuses an anonymous operation that is not registered, with a 400 and PERSISTED_QUERY_NOT_IN_LIST', async () => {
    const res = await post(api, { query: '{ statements(first: 100) { edges { node { text } } } }' });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(res.body.errors[0].message).toMatch(/registered operations only/);
  });

  it('refuses to learn a document through automatic persisted queries: hash and text together are still unregistered', async () => {
    const query = '{ speakers(first: 5) { totalCount } }';
    const register = await post(api, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha(query) } } });
    expect(register.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const again = await post(api, { extensions: { persistedQuery: { version: 1, sha256Hash: sha(query) } } });
    expect(again.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('answers an unknown Relay id with PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await post(api, { doc_id: 'no-such-id' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const get = await api.http.get('/graphql?documentId=nope').set('apollo-require-preflight', 'true');
    expect(get.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses an anonymous subscription over WebSocket that is not registered, and serves a registered one', async () => {
    const url = await api.listen();
    const refused = await subscribe(url, 'subscription { verdictChanged { eventId } }');
    const ended = (await refused.ended) as { message?: string; extensions?: { code?: string } }[];
    expect(Array.isArray(ended) ? ended[0]?.extensions?.code : ended).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    await refused.close();
    const allowed = await subscribe(url, WATCH);
    expect(api.liveStats().subscriptions).toBeGreaterThan(0);
    await allowed.close();
  });

  it('still runs any operation for a request with a valid key (newsroom tools, the command line)', async () => {
    const res = await post(api, { query: '{ speakers(first: 1) { totalCount } }' }, api.keys.CONTRIBUTOR);
    expect(res.status).toBe(200);
    expect(res.body.data.speakers.totalCount).toBeGreaterThanOrEqual(0);
  });
});

describe('trusted documents settings', () => {
  it('refuses TRUSTED_DOCUMENTS_ONLY without a manifest, a missing file, and a malformed manifest', () => {
    expect(() => parseConfig({ TRUSTED_DOCUMENTS_ONLY: 'true' })).toThrow(ConfigError);
    expect(() => parseConfig({ TRUSTED_DOCUMENTS_FILE: path.join(dir, 'missing.json') })).toThrow(/no file at/);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }));
    expect(() => new TrustedDocuments({ files: [bad], only: true })).toThrow(/version/);
    writeFileSync(bad, JSON.stringify({ x: 42 }));
    expect(() => new TrustedDocuments({ files: [bad], only: true })).toThrow(/string id/);
  });

  it('without TRUSTED_DOCUMENTS_ONLY, registered ids resolve and anything else runs as before', async () => {
    const api = await startTestServer({ TRUSTED_DOCUMENTS_FILE: relayManifest });
    try {
      expect((await post(api, { doc_id: 'a1b2c3d4' })).body.data.statements).toBeDefined();
      expect((await post(api, { query: '{ speakers(first: 1) { totalCount } }' })).body.data.speakers).toBeDefined();
      // Automatic persisted queries still learn documents from clients here.
      const query = '{ sources(first: 1) { totalCount } }';
      expect((await post(api, { extensions: { persistedQuery: { version: 1, sha256Hash: sha(query) } } })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await post(api, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha(query) } } })).body.data.sources).toBeDefined();
      expect((await post(api, { extensions: { persistedQuery: { version: 1, sha256Hash: sha(query) } } })).body.data.sources).toBeDefined();
    } finally {
      await api.close();
    }
  });
});
