import { describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/modules/auth/apikey.cache.js';

const desk = { keyId: 'k1', name: 'Desk', role: 'FACT_CHECKER' as const };
const other = { keyId: 'k2', name: 'Other', role: 'CONTRIBUTOR' as const };

function listening(ttlMs = 1000, maxKeys?: number) {
  const cache = new KeyCache(ttlMs, maxKeys);
  cache.setListening(true);
  return cache;
}

describe('KeyCache', () => {
  it('remembers a key for ttlMs, no longer', () => {
    const cache = listening(1000);
    cache.remember('h1', desk, cache.ticket, 0);
    expect(cache.get('h1', 999)).toEqual(desk);
    expect(cache.get('h1', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('remembers nothing until revocations are heard, and drops everything when they no longer are', () => {
    const cache = new KeyCache(1000);
    cache.remember('h1', desk, cache.ticket, 0);
    expect(cache.get('h1', 1)).toBeUndefined();
    cache.setListening(true);
    cache.remember('h1', desk, cache.ticket, 0);
    expect(cache.get('h1', 1)).toEqual(desk);
    cache.setListening(false);
    expect(cache.get('h1', 1)).toBeUndefined();
    cache.setListening(true);
    expect(cache.get('h1', 1)).toBeUndefined();
  });

  it('forgets a key by id, and keeps the others', () => {
    const cache = listening();
    cache.remember('h1', desk, cache.ticket, 0);
    cache.remember('h2', other, cache.ticket, 0);
    cache.forget('k1');
    expect(cache.get('h1', 1)).toBeUndefined();
    expect(cache.get('h2', 1)).toEqual(other);
    cache.forgetAll();
    expect(cache.get('h2', 1)).toBeUndefined();
  });

  it('does not remember a lookup begun before a key was forgotten: it may have read the key before its revocation', () => {
    const cache = listening();
    const ticket = cache.ticket;
    cache.forget('k1');
    cache.remember('h1', desk, ticket, 0);
    expect(cache.get('h1', 1)).toBeUndefined();
    const lost = cache.ticket;
    cache.setListening(false);
    cache.setListening(true);
    cache.remember('h2', other, lost, 0);
    expect(cache.get('h2', 1)).toBeUndefined();
  });

  it('holds at most maxKeys, starting over when full', () => {
    const cache = listening(1000, 2);
    cache.remember('h1', desk, cache.ticket, 0);
    cache.remember('h2', other, cache.ticket, 0);
    cache.remember('h3', desk, cache.ticket, 0);
    expect(cache.size).toBe(1);
    expect(cache.get('h3', 1)).toEqual(desk);
  });

  it('is off with ttlMs 0', () => {
    const cache = listening(0);
    cache.remember('h1', desk, cache.ticket, 0);
    expect(cache.get('h1', 0)).toBeUndefined();
  });
});
