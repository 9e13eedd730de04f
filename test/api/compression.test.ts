import http from 'node:http';
import zlib from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatement, setVerdict } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
let base: string;
beforeAll(async () => {
  api = await startTestServer();
  base = (await api.listen()).replace(/^ws:/, 'http:').replace(/\/graphql$/, '');
});
afterAll(() => api.close());

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The bytes as sent: no client-side decompression to hide what went over the wire. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (query: string, acceptEncoding?: string) =>
  raw('POST', '/graphql', { 'content-type': 'application/json', ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) }, JSON.stringify({ query }));

describe('compression', () => {
  it('sends a large answer brotli- or gzip-compressed as the client asks, decoding to the same JSON', async () => {
    const plain = await post(getIntrospectionQuery());
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(20_000);

    const br = await post(getIntrospectionQuery(), 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(zlib.brotliDecompressSync(br.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));

    const gz = await post(getIntrospectionQuery(), 'br;q=0, gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));

    // Refused encodings are not forced on the client.
    expect((await post(getIntrospectionQuery(), 'br;q=0, gzip;q=0')).headers['content-encoding']).toBeUndefined();
    expect((await post(getIntrospectionQuery(), 'identity')).headers['content-encoding']).toBeUndefined();
  });

  it('leaves small answers alone', async () => {
    const small = await post('{ __typename }', 'br, gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });
  });

  it('keeps ETag revalidation: a matching If-None-Match gets 304 with no body, compressed or not', async () => {
    const statement = await createStatement(api);
    await setVerdict(api, statement.id, 1);
    const first = await raw('GET', '/claimreview?first=50', { 'accept-encoding': 'gzip' });
    expect(first.status).toBe(200);
    const etag = first.headers.etag;
    expect(etag).toBeDefined();
    if (first.body.length >= api.config.compressMinBytes) expect(first.headers['content-encoding']).toBe('gzip');
    const again = await raw('GET', '/claimreview?first=50', { 'accept-encoding': 'gzip', 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['content-encoding']).toBeUndefined();
  });

  it('streams files as they are, and HEAD gets no encoded body', async () => {
    const page = await raw('GET', '/graphql', { accept: 'text/html' });
    const asset = /src="(\/playground\/graphiql\.min\.js[^"]*)"/.exec(page.body.toString('utf8'))![1]!;
    const file = await raw('GET', asset, { 'accept-encoding': 'br' });
    expect(file.status).toBe(200);
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(Number(file.headers['content-length'])).toBe(file.body.length);
    const head = await raw('HEAD', '/claimreview?first=50', { 'accept-encoding': 'gzip' });
    expect(head.headers['content-encoding']).toBeUndefined();
  });
});
