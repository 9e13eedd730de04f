import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { cachePolicy } from '../graphql/cache-hints.js';

/**
 * HTTP caching of public reads. Every GET answer to a query says how it may
 * be cached: `public, max-age=N` when no API key asked and nothing in it
 * depends on one (cache-hints.ts), `private, no-cache` otherwise, `no-store`
 * for errors. Browsers, CDNs and Apollo Client's GET requests revalidate
 * with the ETag Express puts on every answer.
 *
 * The public answers are also kept here, per URL, for at most their
 * max-age, so a repeated read, or a revalidation whose ETag is still fresh
 * (304), is answered without parsing or executing anything. Any mutation
 * on this instance and any outbox event (from any instance) empty it; a
 * write that announces no event on another instance (a new speaker or
 * source) shows here within max-age, as it would through any shared cache
 * that honours the header.
 */
export interface ResponseCacheSettings {
  /** max-age of public answers, in seconds, unless a hint says less; 0 sends `no-cache` (revalidate each time). */
  readonly maxAgeSeconds: number;
  /** Bytes of answers kept for repeated reads; 0 keeps none. */
  readonly maxBytes: number;
}

interface Entry {
  body: string;
  etag: string | undefined;
  contentType: string;
  expires: number;
  generation: number;
}

/** One answer may take this share of the cache at most: a few huge answers would otherwise evict every other. */
const MAX_ENTRY_SHARE = 8;

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private generation = 0;
  hits = 0;

  constructor(readonly settings: ResponseCacheSettings) {}

  get enabled(): boolean {
    return this.settings.maxBytes > 0 && this.settings.maxAgeSeconds > 0;
  }

  /** Something was written: no kept answer is served again. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private get(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= now || entry.generation !== this.generation) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    // Most recently used last: the oldest goes first when room runs out.
    this.entries.set(key, entry);
    return entry;
  }

  private set(key: string, entry: Entry): void {
    // A write landed while this answer was being built: it may predate it.
    if (entry.generation !== this.generation || entry.body.length * MAX_ENTRY_SHARE > this.settings.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.body.length;
    }
    while (this.bytes + entry.body.length > this.settings.maxBytes && this.entries.size > 0) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.entries.delete(oldestKey);
      this.bytes -= oldest.body.length;
    }
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
  }

  /**
   * Serves kept answers to anonymous GETs, and keeps the public ones the
   * GraphQL server gives. Mounted after the rate limiter (a hit still
   * counts) and compression (a hit is compressed as any answer).
   */
  middleware(): RequestHandler {
    return (req, res, next) => {
      // A GET answer depends on the key; appended to compression's Vary: Accept-Encoding, which Apollo leaves alone.
      if (req.method === 'GET') res.vary('Authorization');
      if (!this.enabled || req.method !== 'GET' || req.headers.authorization !== undefined || !passesCsrfCheck(req.headers)) {
        next();
        return;
      }
      // Accept decides the answer's content type (application/graphql-response+json or application/json).
      const key = `${req.headers.accept ?? ''}\u0000${req.originalUrl}`;
      const now = Date.now();
      const hit = this.get(key, now);
      if (hit) {
        this.hits++;
        res.setHeader('Content-Type', hit.contentType);
        res.setHeader('Cache-Control', `public, max-age=${Math.max(1, Math.ceil((hit.expires - now) / 1000))}`);
        if (hit.etag) res.setHeader('ETag', hit.etag);
        // Express answers 304 when If-None-Match names the ETag.
        res.status(200).send(hit.body);
        return;
      }
      const generation = this.generation;
      const cache = this;
      const send = res.send;
      res.send = function (this: typeof res, body?: unknown) {
        const result = send.call(this, body);
        const maxAge = /^public, max-age=(\d+)$/.exec(String(res.getHeader('cache-control') ?? ''))?.[1];
        if (res.statusCode === 200 || res.statusCode === 304) {
          if (typeof body === 'string' && maxAge !== undefined && Number(maxAge) > 0) {
            const etag = res.getHeader('etag');
            cache.set(key, {
              body,
              etag: typeof etag === 'string' ? etag : undefined,
              contentType: String(res.getHeader('content-type') ?? 'application/json; charset=utf-8'),
              expires: now + Number(maxAge) * 1000,
              generation,
            });
          }
        }
        return result;
      } as typeof res.send;
      next();
    };
  }
}

/**
 * Apollo Server's CSRF prevention refuses a GET that a plain HTML form or
 * image could send; only GETs it lets through are answered from the cache.
 */
function passesCsrfCheck(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['apollo-require-preflight'] !== undefined || headers['x-apollo-operation-name'] !== undefined) return true;
  const type = headers['content-type'];
  if (typeof type !== 'string') return false;
  const essence = type.split(';')[0]!.trim().toLowerCase();
  return !['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'].includes(essence);
}

/**
 * Writes Cache-Control on every GET answer, and empties the response
 * cache after any mutation this instance runs.
 */
export function cacheControlPlugin<TContext extends { actor: unknown }>(cache: ResponseCache): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, schema, document, operationName, operation, contextValue }) {
          if (operation?.operation === 'mutation') cache.invalidate();
          if (request.http?.method !== 'GET') return;
          const headers = response.http.headers;
          const failed = response.body.kind !== 'single' || (response.body.singleResult.errors?.length ?? 0) > 0;
          const policy = !failed && document ? cachePolicy(schema, document, operationName ?? request.operationName, request.variables, cache.settings.maxAgeSeconds) : undefined;
          let value = 'no-store';
          if (policy && (contextValue.actor !== null || policy.scope === 'PRIVATE')) value = 'private, no-cache';
          else if (policy) value = policy.maxAge > 0 ? `public, max-age=${policy.maxAge}` : 'no-cache';
          headers.set('cache-control', value);
        },
      };
    },
  };
}
