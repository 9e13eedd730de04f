import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { UnauthenticatedError } from '../../src/errors.js';
import { clientAddress, RateLimiter, TokenBuckets, type TrustProxy } from '../../src/http/rate-limit.js';

const clock = (start = 1_000_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('token buckets', () => {
  it('a client bursting past its minute is refused, with the seconds until its next token, and refills at the steady rate', () => {
    const time = clock();
    const buckets = new TokenBuckets(60, time.now);
    for (let i = 0; i < 60; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0);
    time.advance(999);
    expect(buckets.take('a')).toBe(1);
    time.advance(1);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  it('Retry-After covers the whole wait of a slow budget', () => {
    const time = clock();
    const buckets = new TokenBuckets(10, time.now);
    for (let i = 0; i < 10; i++) buckets.take('a');
    expect(buckets.take('a')).toBe(6);
    expect(buckets.peek('a')).toBe(6);
    time.advance(6000);
    expect(buckets.peek('a')).toBe(0);
  });

  it('a flood of distinct clients cannot grow the map past its bound, and idle clients are swept', () => {
    const time = clock();
    const buckets = new TokenBuckets(5, time.now, 1000);
    for (let i = 0; i < 50_000; i++) buckets.take(`10.0.${i >> 8}.${i & 255}`);
    expect(buckets.size).toBe(1000);
    time.advance(60_000);
    buckets.take('late');
    expect(buckets.size).toBe(1);
  });

  it('0 means unlimited', () => {
    const buckets = new TokenBuckets(0);
    for (let i = 0; i < 10_000; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.size).toBe(0);
  });
});

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('client address', () => {
  const none: TrustProxy = { hops: 0 };
  it('a forged X-Forwarded-For is ignored when no proxy is trusted', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), none)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:203.0.113.9', '198.51.100.1'), none)).toBe('203.0.113.9');
  });

  it('with one trusted hop, the address the proxy saw is the client, whatever the client prepended', () => {
    expect(clientAddress(request('10.0.0.2', 'forged, 198.51.100.7'), { hops: 1 })).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2'), { hops: 1 })).toBe('10.0.0.2');
  });

  it('with trusted proxy addresses, only hops from them are skipped', () => {
    const trust: TrustProxy = { addresses: ['10.0.0.0/8', '127.0.0.1'] };
    expect(clientAddress(request('10.1.2.3', '198.51.100.7, 10.9.9.9'), trust)).toBe('198.51.100.7');
    expect(clientAddress(request('203.0.113.9', '198.51.100.7'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.8'), trust)).toBe('198.51.100.8');
  });

  it('IPv6 clients are counted by /64, so rotating through one subscriber block does not give fresh budgets', () => {
    expect(clientAddress(request('2001:db8:1:2::1'), none)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request('2001:db8:1:2:ffff:eeee:dddd:cccc'), none)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request('2001:db8::1'), none)).toBe('2001:db8:0:0::/64');
  });
});

describe('key checks', () => {
  const config = (failures: number) => ({ requestsPerMinute: 100, authFailuresPerMinute: failures, trustProxy: { hops: 0 } });
  const refuse = () => Promise.reject(new UnauthenticatedError('unknown key'));

  it('guessing a new key each time is stopped after the failure budget, before the key is looked up', async () => {
    const limiter = new RateLimiter(config(3), clock().now);
    let lookups = 0;
    const check = () => {
      lookups += 1;
      return refuse();
    };
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(await limiter.admit('198.51.100.1', `Bearer guess-${i}`, check));
    expect(outcomes.map((o) => ('retryAfter' in o ? 429 : 401))).toEqual([401, 401, 401, 429, 429, 429]);
    expect(lookups).toBe(3);
    // Another address is not affected.
    expect('checked' in (await limiter.admit('198.51.100.2', 'Bearer guess-x', check))).toBe(true);
  });

  it('guesses sent all at once are held to the budget too', async () => {
    const limiter = new RateLimiter(config(3), clock().now);
    let lookups = 0;
    const check = async () => {
      lookups += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new UnauthenticatedError('unknown key');
    };
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.admit('198.51.100.1', `Bearer g${i}`, check)));
    expect(outcomes.filter((o) => 'retryAfter' in o)).toHaveLength(17);
    expect(lookups).toBe(3);
  });

  it('good keys cost no failures and are charged to themselves, not to their address', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 3, authFailuresPerMinute: 1, trustProxy: { hops: 0 } }, clock().now);
    const good = () => Promise.resolve('actor');
    for (let i = 0; i < 3; i++) expect(await limiter.admit('198.51.100.1', 'Bearer good', good)).toEqual({ checked: { ok: true, value: 'actor' } });
    expect(await limiter.admit('198.51.100.1', 'Bearer good', good)).toEqual({ retryAfter: 20 });
    // The address still has its own budget (anonymous reads) and its one failure.
    expect('checked' in (await limiter.admit('198.51.100.1', undefined, () => Promise.resolve(null)))).toBe(true);
    expect('checked' in (await limiter.admit('198.51.100.1', 'Bearer other', good))).toBe(true);
  });
});

describe('a good key sent many times at once', () => {
  const slowGood = (counter: { lookups: number }) => async () => {
    counter.lookups += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return 'actor';
  };

  it('(a tool opening its connections) is one check, costs none of its address\'s failure budget, and every request is served', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 100, authFailuresPerMinute: 3, trustProxy: { hops: 0 } }, clock().now);
    const counter = { lookups: 0 };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => limiter.admit('198.51.100.1', 'Bearer good', slowGood(counter))));
    expect(outcomes.filter((o) => 'retryAfter' in o)).toEqual([]);
    expect(counter.lookups).toBe(1);
    // All three failures are still there for typos.
    const refuse = () => Promise.reject(new UnauthenticatedError('unknown key'));
    const typos = [];
    for (let i = 0; i < 4; i++) typos.push(await limiter.admit('198.51.100.1', `Bearer typo-${i}`, refuse));
    expect(typos.map((o) => ('retryAfter' in o ? 429 : 401))).toEqual([401, 401, 401, 429]);
  });

  it('is still served when the request limit is off (0), on the first burst and every later one', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 0, authFailuresPerMinute: 3, trustProxy: { hops: 0 } }, clock().now);
    const counter = { lookups: 0 };
    for (let burst = 0; burst < 3; burst++) {
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => limiter.admit('198.51.100.1', 'Bearer good', slowGood(counter))));
      expect(outcomes.filter((o) => 'retryAfter' in o)).toEqual([]);
    }
  });

  it('is still known after it idled long enough for its bucket to be forgotten', async () => {
    const time = clock();
    const limiter = new RateLimiter({ requestsPerMinute: 10, authFailuresPerMinute: 1, trustProxy: { hops: 0 } }, time.now);
    const counter = { lookups: 0 };
    expect('checked' in (await limiter.admit('198.51.100.1', 'Bearer good', slowGood(counter)))).toBe(true);
    time.advance(5 * 60_000);
    // A sweep forgets the refilled bucket; the key must not go back to paying the failure budget.
    limiter.requests.take('someone else');
    const outcomes = await Promise.all(Array.from({ length: 3 }, () => limiter.admit('198.51.100.1', 'Bearer good', slowGood(counter))));
    expect(outcomes.filter((o) => 'retryAfter' in o)).toEqual([]);
    expect('checked' in (await limiter.admit('198.51.100.1', 'Bearer typo', () => Promise.reject(new UnauthenticatedError('unknown key'))))).toBe(true);
  });

  it('when wrong, is one failure, not one per copy', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 100, authFailuresPerMinute: 3, trustProxy: { hops: 0 } }, clock().now);
    let lookups = 0;
    const check = async () => {
      lookups += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new UnauthenticatedError('unknown key');
    };
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => limiter.admit('198.51.100.1', 'Bearer wrong', check)));
    expect(outcomes.map((o) => ('retryAfter' in o ? 429 : 401))).toEqual(Array(10).fill(401));
    expect(lookups).toBe(1);
    const next = [];
    for (let i = 0; i < 3; i++) next.push(await limiter.admit('198.51.100.1', `Bearer guess-${i}`, check));
    expect(next.map((o) => ('retryAfter' in o ? 429 : 401))).toEqual([401, 401, 429]);
  });
});

describe('configuration', () => {
  it('defaults limit brute force and floods, and leave room for a newsroom behind one address', () => {
    expect(parseConfig({}).rateLimit).toEqual({ requestsPerMinute: 600, authFailuresPerMinute: 10, trustProxy: { hops: 0 } });
    expect(parseConfig({ NODE_ENV: 'production' }).rateLimit.requestsPerMinute).toBe(600);
  });

  it('reads TRUST_PROXY as hops or addresses, and refuses anything else', () => {
    expect(parseConfig({ TRUST_PROXY: '2' }).rateLimit.trustProxy).toEqual({ hops: 2 });
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, ::1' }).rateLimit.trustProxy).toEqual({ addresses: ['10.0.0.0/8', '::1'] });
    expect(() => parseConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ RATE_LIMIT_RPM: '-1' })).toThrow(/RATE_LIMIT_RPM/);
    expect(parseConfig({ RATE_LIMIT_RPM: '0', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '0' }).rateLimit).toMatchObject({ requestsPerMinute: 0, authFailuresPerMinute: 0 });
  });
});
