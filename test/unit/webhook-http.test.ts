import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedRange } from '../../src/modules/webhooks/webhook.address.js';
import { postPinned, RefusedPeer, requestPinned } from '../../src/modules/webhooks/webhook.http.js';

/** A raw TCP listener on loopback that counts every byte it is sent. */
let server: Server;
let port = 0;
let bytes = 0;
beforeAll(async () => {
  server = createServer((socket) => {
    socket.on('data', (chunk) => (bytes += chunk.length));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('pinned webhook request', () => {
  it('a connection that lands on loopback anyway: refused before a byte of the request is written', async () => {
    // As if the checked address list had been wrong: the socket's own peer is checked too.
    const sent = postPinned(new URL(`http://hooks.example.com:${port}/in`), [{ address: '127.0.0.1', family: 4 }], {
      headers: { 'x-factcheck-signature': 'sha256=secret-bearing' },
      body: '{"event":"VERDICT_SET"}',
      timeoutMs: 5000,
      checkPeer: refusedRange,
      maxBodyChars: 500,
    });
    await expect(sent).rejects.toBeInstanceOf(RefusedPeer);
    await expect(sent).rejects.toThrow(/refused: connected to 127\.0\.0\.1, in 127\.0\.0\.0\/8/);
    // Give the listener a moment to read whatever might have been sent.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bytes).toBe(0);
  });
});

describe('pinned GET with a byte limit', () => {
  it('keeps a body of exactly the limit whole, and cuts one byte more at the limit, saying so', async () => {
    const site = createHttpServer((req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
      // Sent in two pieces, so the limit falls inside a later chunk.
      res.write(Buffer.alloc(Math.min(size, 100), 'a'));
      res.end(Buffer.alloc(Math.max(0, size - 100), 'b'));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const sitePort = (site.address() as { port: number }).port;
    try {
      const get = (size: number) =>
        requestPinned(new URL(`http://pages.example.com:${sitePort}/?size=${size}`), [{ address: '127.0.0.1', family: 4 }], {
          method: 'GET',
          headers: {},
          timeoutMs: 5000,
          checkPeer: () => undefined,
          maxBodyBytes: 1000,
        });
      const whole = await get(1000);
      expect(whole).toMatchObject({ status: 200, truncated: false, interrupted: false });
      expect(whole.body.length).toBe(1000);
      const cut = await get(1001);
      expect(cut).toMatchObject({ status: 200, truncated: true, interrupted: false });
      expect(cut.body.equals(Buffer.concat([Buffer.alloc(100, 'a'), Buffer.alloc(900, 'b')]))).toBe(true);
    } finally {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
