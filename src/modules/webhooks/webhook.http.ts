import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { ResolvedAddress } from './webhook.address.js';

export interface PinnedRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Why the connected socket's peer may not get the request, or undefined when it may. */
  checkPeer(address: string): string | undefined;
  /** At most this many characters of the reply are kept; the rest is not read. */
  maxBodyChars: number;
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
 * POSTs to the URL over a connection to one of `addresses` only, the ones
 * already checked: the name is not resolved again, and the Host header and
 * TLS server name stay the URL's. The connected socket's peer is checked once
 * more before the request is written. Redirects are never followed.
 */
export function postPinned(url: URL, addresses: ResolvedAddress[], request: PinnedRequest): Promise<PinnedResponse> {
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

  return new Promise<PinnedResponse>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const req = transport.request({
      method: 'POST',
      host: hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...request.headers, host: url.host, 'content-length': String(Buffer.byteLength(request.body)) },
      lookup: pinned,
      // A fresh connection each time: a pooled one would skip the peer check.
      agent: false,
      ...(url.protocol === 'https:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
    });
    const timer = setTimeout(() => req.destroy(new DeliveryTimeout(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    req.on('error', (error) => settle(() => reject(error)));
    // Nothing of the request is written until the peer passed the check.
    req.on('socket', (socket: Socket) => {
      const connected = () => {
        const why = request.checkPeer(socket.remoteAddress ?? '');
        if (why) req.destroy(new RefusedPeer(`refused: connected to ${socket.remoteAddress ?? 'an unknown address'}, ${why}`));
        else req.end(request.body);
      };
      if (socket.connecting) socket.once('connect', connected);
      else connected();
    });
    req.on('response', (res) => {
      let body = '';
      const done = () => settle(() => resolve({ status: res.statusCode ?? 0, body: body.slice(0, request.maxBodyChars) }));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length >= request.maxBodyChars) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      // Cut short (or timed out) after the status arrived: the status still counts.
      res.on('close', done);
      res.on('error', done);
    });
  });
}

