import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedRange } from '../../src/modules/webhooks/webhook.address.js';
import { postPinned, RefusedPeer } from '../../src/modules/webhooks/webhook.http.js';

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
