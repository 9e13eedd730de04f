import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { titleOf, type Fetched } from '../../src/modules/evidence/evidence.fetch.js';
import { judge, type Baseline } from '../../src/modules/evidence/evidence.judge.js';
import { addressMatcher, parseCidrs } from '../../src/modules/webhooks/webhook.address.js';

const page = (over: Partial<Extract<Fetched, { kind: 'page' }>> = {}): Fetched => ({
  kind: 'page',
  status: 200,
  finalUrl: 'https://ministry.example.org/report',
  redirects: 0,
  contentType: 'text/html',
  size: 10,
  truncated: false,
  sha256: 'a'.repeat(64),
  title: 'Report',
  body: Buffer.from('0123456789'),
  ...over,
});
const baseline: Baseline = { finalUrl: 'https://ministry.example.org/report', sha256: 'a'.repeat(64), truncated: false, fetchedAt: new Date('2026-11-01T00:00:00Z') };

describe('judging a check against the snapshot', () => {
  it('takes the first page read as the snapshot', () => {
    expect(judge(page(), null, 1)).toEqual({ result: 'OK', baseline: true, reason: 'Snapshot: HTTP 200.' });
  });

  it('reads the same page as OK, another hash as CHANGED, another final URL as MOVED', () => {
    expect(judge(page(), baseline, 1).result).toBe('OK');
    expect(judge(page({ sha256: 'b'.repeat(64) }), baseline, 1)).toMatchObject({ result: 'CHANGED', baseline: false });
    const moved = judge(page({ finalUrl: 'https://ministry.example.org/archive', sha256: 'b'.repeat(64) }), baseline, 1);
    expect(moved).toMatchObject({ result: 'MOVED', baseline: false });
    expect(moved.reason).toMatch(/archive, not .*report as in the snapshot of 2026-11-01T00:00:00.000Z; its content differs too\.$/);
  });

  it('a page read whole where the snapshot was cut (the limit was raised) is CHANGED, not OK', () => {
    expect(judge(page(), { ...baseline, truncated: true }, 1).result).toBe('CHANGED');
  });

  it('calls a round that failed in every attempt GONE, and a refused hop REFUSED, never a snapshot', () => {
    expect(judge({ kind: 'failed', finalUrl: 'x', redirects: 0, status: 404, error: 'HTTP 404' }, baseline, 3)).toEqual({
      result: 'GONE',
      baseline: false,
      reason: 'HTTP 404, in each of 3 attempts.',
    });
    expect(judge({ kind: 'refused', finalUrl: 'x', redirects: 1, error: 'redirect 1: a.example.org is not a public address' }, null, 1)).toMatchObject({
      result: 'REFUSED',
      baseline: false,
    });
  });
});

describe('the title of a page', () => {
  it('reads <title> with entities and spacing cleaned', () => {
    expect(titleOf(Buffer.from('<html><head><TITLE lang="en">\n  Casualties &amp; damage &#8212; &#x41;leppo </TITLE>'), 'text/html; charset=utf-8')).toBe('Casualties & damage — Aleppo');
  });

  it('is null for a page that is not HTML, has no title, or an empty one', () => {
    expect(titleOf(Buffer.from('<title>x</title>'), 'application/pdf')).toBeNull();
    expect(titleOf(Buffer.from('<p>no title</p>'), 'text/html')).toBeNull();
    expect(titleOf(Buffer.from('<title>  </title>'), null)).toBeNull();
  });

  it('an entity naming no character is left as written', () => {
    expect(titleOf(Buffer.from('<title>&#0; &#99999999; &bogus;</title>'), 'text/html')).toBe('&#0; &#99999999; &bogus;');
  });
});

describe('addresses fetched despite the rules', () => {
  it('parses addresses and CIDR blocks, and matches only inside them', () => {
    const parsed = parseCidrs('127.0.0.1, 10.1.0.0/16,fd00::/8');
    expect(parsed).toEqual({ ranges: ['127.0.0.1/32', '10.1.0.0/16', 'fd00::/8'] });
    const allowed = addressMatcher((parsed as { ranges: string[] }).ranges);
    expect(['127.0.0.1', '10.1.200.3', 'fd12::1'].map(allowed)).toEqual([true, true, true]);
    expect(['127.0.0.2', '10.2.0.1', 'fe80::1', '::ffff:127.0.0.1', 'not an address'].map(allowed)).toEqual([false, false, false, false, false]);
  });

  it('refuses a malformed list at start-up, naming the entry', () => {
    for (const bad of ['10.0.0.0/33', 'intranet', '127.1', '::1/129', '10.0.0.0/8/8']) {
      expect(parseCidrs(bad), bad).toEqual({ problem: bad });
      try {
        parseConfig({ EVIDENCE_FETCH_ALLOW_ADDRESSES: bad });
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.join()).toContain(`EVIDENCE_FETCH_ALLOW_ADDRESSES must be a comma-separated list of IP addresses and CIDR blocks (got "${bad}")`);
      }
    }
  });

  it('fetches by default, allows nothing private, and re-checks weekly', () => {
    expect(parseConfig({}).evidence.fetch).toMatchObject({ enabled: true, allowAddresses: [], recheckSeconds: 604_800, storeBodies: false });
    expect(parseConfig({ EVIDENCE_FETCH: 'off', EVIDENCE_RECHECK_SECONDS: '0' }).evidence.fetch).toMatchObject({ enabled: false, recheckSeconds: 0 });
  });
});
