import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { ResolvedAddress } from './webhook.address.js';

export interface PinnedRequest {
  /** POST when omitted. */
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Sent with POST; GET sends none. */
  body?: string;
  timeoutMs: number;
  /** Why the connected socket's peer may not get the request, or undefined when it may. */
  checkPeer(address: string): string | undefined;
  /** At most this many bytes of the reply are kept; the rest is not read. */
  maxBodyBytes: number;
  /** Ends the request when aborted (the service is stopping). */
  signal?: AbortSignal;
}

export interface PinnedReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body went on past maxBodyBytes and was not read further. */
  truncated: boolean;
  /** The body ended early (timeout, reset) after the status arrived: what was read is partial. */
  interrupted: boolean;
}

export interface PinnedResponse {
  status: number;
  body: string;
}

/** A request that did not get an answer in time. */
export class DeliveryTimeout extends Error {
  override name = 'TimeoutError';
}

/** The connection's peer is not an address a webhook may reach. */
export class RefusedPeer extends Error {
  override name = 'RefusedPeer';
}

/**
 * POSTs to the URL (see requestPinned) and keeps the first `maxBodyChars`
 * characters of the reply.
 */
export async function postPinned(
  url: URL,
  addresses: ResolvedAddress[],
  request: Omit<PinnedRequest, 'method' | 'maxBodyBytes'> & { body: string; maxBodyChars: number },
): Promise<PinnedResponse> {
  // UTF-8 takes at most 4 bytes a character.
  const reply = await requestPinned(url, addresses, { ...request, method: 'POST', maxBodyBytes: request.maxBodyChars * 4 });
  return { status: reply.status, body: reply.body.toString('utf8').slice(0, request.maxBodyChars) };
}

/**
 * Sends one request to the URL over a connection to one of `addresses`
 * only, the ones already checked: the name is not resolved again, and the
 * Host header and TLS server name stay the URL's. The connected socket's
 * peer is checked once more before the request is written. Redirects are
 * never followed here: each hop is its caller's to check.
 */
export function requestPinned(url: URL, addresses: ResolvedAddress[], request: PinnedRequest): Promise<PinnedReply> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    if (usable.length === 0) {
      callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0]!.address, usable[0]!.family);
    }
  };
  const transport = url.protocol === 'https:' ? https : http;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const method = request.method ?? 'POST';
  const body = method === 'POST' ? (request.body ?? '') : undefined;

  return new Promise<PinnedReply>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const req = transport.request({
      method,
      host: hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...request.headers, host: url.host, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      lookup: pinned,
      // A fresh connection each time: a pooled one would skip the peer check.
      agent: false,
      ...(url.protocol === 'https:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
    });
    const timer = setTimeout(() => req.destroy(new DeliveryTimeout(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    req.on('error', (error) => settle(() => reject(error)));
    if (request.signal?.aborted) req.destroy(new Error('stopped'));
    request.signal?.addEventListener('abort', () => req.destroy(new Error('stopped')), { once: true });
    // Nothing of the request is written until the peer passed the check.
    req.on('socket', (socket: Socket) => {
      const connected = () => {
        const why = request.checkPeer(socket.remoteAddress ?? '');
        if (why) req.destroy(new RefusedPeer(`refused: connected to ${socket.remoteAddress ?? 'an unknown address'}, ${why}`));
        else req.end(body);
      };
      if (socket.connecting) socket.once('connect', connected);
      else connected();
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let length = 0;
      const done = (truncated: boolean, interrupted: boolean) =>
        settle(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, length), truncated, interrupted }));
      res.on('data', (chunk: Buffer) => {
        const room = request.maxBodyBytes - length;
        if (chunk.length >= room) {
          chunks.push(chunk.subarray(0, room));
          length += room;
          // Exactly at the limit is not cut: the end of the stream says which.
          if (chunk.length > room) {
            done(true, false);
            res.destroy();
          }
          return;
        }
        chunks.push(chunk);
        length += chunk.length;
      });
      res.on('end', () => done(false, false));
      // Cut short (or timed out) after the status arrived: the status still counts.
      res.on('close', () => done(false, !res.complete));
      res.on('error', () => done(false, true));
    });
  });
}
