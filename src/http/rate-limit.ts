import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import { RateLimitedError, UnauthenticatedError } from '../errors.js';

/** Clients remembered at most per budget: a flood of distinct addresses evicts the longest idle, it cannot grow memory. */
export const MAX_CLIENTS = 100_000;
const MINUTE_MS = 60_000;

/**
 * Token buckets by client: each holds up to a minute's budget and refills
 * continuously, so a client may burst its whole minute and then goes at the
 * steady rate. The Map's order is the order of last use; idle clients (whose
 * bucket has refilled completely, so forgetting them changes nothing) are
 * swept once a minute, and past `maxClients` the longest idle one goes.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    /** Tokens per minute, and the most a bucket holds; 0 means unlimited. */
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = MAX_CLIENTS,
  ) {
    this.perMs = perMinute / MINUTE_MS;
    this.lastSweep = now();
  }

  get size(): number {
    return this.buckets.size;
  }

  has(client: string): boolean {
    return this.buckets.has(client);
  }

  /** Takes a token: 0 when granted, else the seconds until one will be there. */
  take(client: string): number {
    if (this.perMinute === 0) return 0;
    const now = this.now();
    const bucket = this.current(client, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /** Seconds until a token will be there (0: there is one now), taking none. */
  peek(client: string): number {
    if (this.perMinute === 0) return 0;
    const bucket = this.buckets.get(client);
    if (!bucket) return 0;
    const tokens = Math.min(this.perMinute, bucket.tokens + (this.now() - bucket.at) * this.perMs);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  /** Gives back a token taken for something that turned out not to count. */
  refund(client: string): void {
    const bucket = this.buckets.get(client);
    if (bucket) bucket.tokens = Math.min(this.perMinute, bucket.tokens + 1);
  }

  /** Starts a full bucket for a client (or keeps its current one). */
  open(client: string): void {
    if (this.perMinute > 0) this.current(client, this.now());
  }

  forget(client: string): void {
    this.buckets.delete(client);
  }

  private current(client: string, now: number): { tokens: number; at: number } {
    if (now - this.lastSweep >= MINUTE_MS) this.sweep(now);
    let bucket = this.buckets.get(client);
    if (bucket) {
      this.buckets.delete(client);
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    } else {
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.perMinute, at: now };
    }
    this.buckets.set(client, bucket);
    return bucket;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(client);
    }
  }
}

/** Which proxies in front of the service may name the client in X-Forwarded-For. */
export type TrustProxy = { hops: number } | { addresses: string[] };

/**
 * The address a request comes from. X-Forwarded-For is read only as far as
 * trusted proxies wrote it: from the right, each hop added by a trusted
 * proxy is skipped, and the first address not vouched for is the client.
 * Without trusted proxies the header is ignored, so forging it changes
 * nothing. IPv6 clients are counted by their /64, the block one subscriber
 * usually holds whole.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy, trusted = trustedList(trust)): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  const header = req.headers['x-forwarded-for'];
  // Most requests name no one else: the peer is the client.
  if (header === undefined) return clientKey(normalise(socketAddress));
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // Nearest first: the peer, then the address each proxy says it was sent from.
  const chain = [socketAddress, ...forwarded.reverse()];
  let client = chain[0]!;
  for (let i = 0; i < chain.length - 1; i++) {
    const hop = normalise(chain[i]!);
    const vouched = 'hops' in trust ? i < trust.hops : trusted !== undefined && net.isIP(hop) !== 0 && trusted.check(hop, net.isIPv6(hop) ? 'ipv6' : 'ipv4');
    if (!vouched) break;
    client = chain[i + 1]!;
  }
  return clientKey(normalise(client));
}

export function trustedList(trust: TrustProxy): net.BlockList | undefined {
  if (!('addresses' in trust)) return undefined;
  const list = new net.BlockList();
  for (const entry of trust.addresses) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function clientKey(address: string): string {
  if (!net.isIPv6(address)) return address;
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/**
 * Per-client limits. A client is its API key when it presents a valid one,
 * otherwise its address. Failed key checks have their own, much smaller
 * budget per address, taken before the key is looked up (and given back
 * when the key is good), so that guessing keys is slow even when every
 * guess is a new key and many are sent at once.
 */
export class RateLimiter {
  readonly requests: TokenBuckets;
  readonly failures: TokenBuckets;
  private readonly trusted: net.BlockList | undefined;
  /**
   * Keys that have proved good, oldest use first. Kept apart from the
   * request buckets: those forget an idle key once it has refilled, and keep
   * nothing at all when the request limit is off, and a key forgotten would
   * go back to paying its address's failure budget on every request.
   */
  private readonly goodKeys = new Map<string, true>();
  /** The first check of each key not yet known, while it runs: copies of that key sent meanwhile share its outcome. */
  private readonly firstChecks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly config: Config['rateLimit'],
    now: () => number = Date.now,
    private readonly maxKeys = MAX_CLIENTS,
  ) {
    this.requests = new TokenBuckets(config.requestsPerMinute, now);
    this.failures = new TokenBuckets(config.authFailuresPerMinute, now);
    this.trusted = trustedList(config.trustProxy);
  }

  clientOf(req: IncomingMessage): string {
    return clientAddress(req, this.config.trustProxy, this.trusted);
  }

  /**
   * Charges one request, before anything is read of it, and checks the key
   * it presents with `check`: the request is charged to that key when the
   * key is good, to the address otherwise. Either the refusal (the seconds
   * to wait, and which budget ran out), or what the check gave.
   */
  async admit<T>(client: string, authorization: string | undefined, check: () => Promise<T>): Promise<Refusal | { checked: Checked<T> }> {
    const key = credential(authorization);
    // No key, or one known to be good: charged as such, before anything else.
    const charged = key === undefined ? client : this.goodKeys.has(key) ? key : undefined;
    if (charged !== undefined) {
      const wait = this.requests.take(charged);
      if (wait > 0) return { retryAfter: wait };
    }
    try {
      return { checked: { ok: true, value: await this.checkKey(client, authorization, check) } };
    } catch (error) {
      if (error instanceof RateLimitedError) return { retryAfter: error.retryAfter, reason: error.reason };
      return { checked: { ok: false, error } };
    }
  }

  /** Charges one connection attempt to its address: 0 when admitted, else the seconds to wait. */
  admitConnection(client: string): number {
    return this.requests.take(client);
  }

  /**
   * Runs the key check `check` for `authorization` under the failure budget
   * of `client`: refused with RateLimitedError when it is used up, without
   * looking the key up. A key not seen before that proves good is
   * remembered, gets its own budget and is charged this request. The same
   * new key sent many times at once (a newsroom tool opening its
   * connections, all with the key it was just given) is checked once and
   * counts as one guess: the copies wait for that check and share its
   * outcome, so a good key is never refused for its address's failures.
   */
  async checkKey<T>(client: string, authorization: string | undefined, check: () => Promise<T>): Promise<T> {
    const key = credential(authorization);
    if (key === undefined) return check();
    const first = this.firstChecks.get(key) as Promise<T> | undefined;
    if (first) {
      const value = await first;
      const wait = this.requests.take(key);
      if (wait > 0) throw new RateLimitedError(wait);
      return value;
    }
    if (this.goodKeys.has(key)) {
      try {
        return await check();
      } catch (error) {
        // A key revoked since it was last good: from now on it is a failure like any other.
        if (error instanceof UnauthenticatedError) {
          this.forgetKey(key);
          this.failures.take(client);
        }
        throw error;
      }
    }
    const wait = this.failures.take(client);
    if (wait > 0) throw new RateLimitedError(wait, 'Too many failed API key checks from this address');
    const checking = check();
    this.firstChecks.set(key, checking);
    // The copies' awaits handle a rejection; this keeps one with no copies from being reported as unhandled.
    checking.catch(() => {});
    let result: T;
    try {
      result = await checking;
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) this.failures.refund(client);
      throw error;
    } finally {
      this.firstChecks.delete(key);
    }
    this.failures.refund(client);
    this.rememberKey(key);
    this.requests.open(key);
    this.requests.take(key);
    return result;
  }

  private rememberKey(key: string): void {
    this.goodKeys.delete(key);
    if (this.goodKeys.size >= this.maxKeys) this.goodKeys.delete(this.goodKeys.keys().next().value!);
    this.goodKeys.set(key, true);
  }

  private forgetKey(key: string): void {
    this.goodKeys.delete(key);
    this.requests.forget(key);
  }

  /**
   * Express middleware: answers 429 for clients over their budget, and
   * leaves the key check's outcome in `res.locals.keyCheck` (see `checkedKey`)
   * for the request's own handler.
   */
  middleware<T>(check: (authorization: string | undefined) => Promise<T>): RequestHandler {
    return async (req, res, next) => {
      const authorization = req.headers.authorization;
      const admitted = await this.admit(this.clientOf(req), authorization, () => check(authorization));
      if ('checked' in admitted) {
        res.locals.keyCheck = admitted.checked;
        return next();
      }
      const error = new RateLimitedError(admitted.retryAfter, admitted.reason);
      res.status(429).set('Retry-After', String(admitted.retryAfter)).set('Cache-Control', 'no-store').json(refusalBody(error));
    };
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A request refused: the seconds to wait, and which budget ran out when it is not the request budget. */
export type Refusal = { retryAfter: number; reason?: string };

/** What the middleware's key check gave for this response's request, if it ran. */
export function checkedKey<T>(locals: Record<string, unknown>): (() => Promise<T>) | undefined {
  const checked = locals.keyCheck as Checked<T> | undefined;
  if (!checked) return undefined;
  return () => (checked.ok ? Promise.resolve(checked.value) : Promise.reject(checked.error));
}

/** The answer to a refused request, shaped like any GraphQL error. */
export function refusalBody(error: RateLimitedError): { errors: { message: string; extensions: Record<string, unknown> }[] } {
  return { errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] };
}

/** A presented key, by its hash: the limiter never keeps secrets. */
function credential(authorization: string | undefined): string | undefined {
  const value = authorization?.trim();
  return value ? `key:${createHash('sha256').update(value).digest('hex')}` : undefined;
}
