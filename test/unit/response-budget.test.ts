import { describe, expect, it } from 'vitest';
import { QueryTimeoutError, ResponseTooLargeError } from '../../src/errors.js';
import { CostInFlight, ResponseBudget } from '../../src/response-budget.js';

describe('ResponseBudget', () => {
  it('lasts until its clock runs out, then stops every later field with the same error', () => {
    const budget = new ResponseBudget({ maxBytes: 1_000_000, maxMs: 50 });
    budget.start();
    expect(budget.overrun()).toBeNull();
    budget.start(Date.now() - 51);
    const overrun = budget.overrun();
    expect(overrun).toBeInstanceOf(QueryTimeoutError);
    expect(overrun!.details).toEqual({ maxMs: 50 });
    expect(budget.overrun()).toBe(overrun);
  });

  it('charges strings by length and stops once the total passes the limit', () => {
    const budget = new ResponseBudget({ maxBytes: 100, maxMs: 10_000 });
    budget.start();
    budget.charge('x'.repeat(40));
    expect(budget.overrun()).toBeNull();
    budget.charge('x'.repeat(60));
    expect(budget.overrun()).toBeInstanceOf(ResponseTooLargeError);
  });

  it('charges every field something, so a flood of small values runs out too', () => {
    const budget = new ResponseBudget({ maxBytes: 1000, maxMs: 10_000 });
    budget.start();
    for (let i = 0; i < 200; i++) budget.charge(i);
    expect(budget.overrun()).toBeInstanceOf(ResponseTooLargeError);
  });
});

describe('CostInFlight', () => {
  it('lets operations in while their estimated costs fit, then makes the next wait for room, in order', async () => {
    const room = new CostInFlight(100);
    expect(await room.acquire(60, 1000)).toBe(true);
    const second = room.acquire(50, 1000);
    const third = room.acquire(40, 1000);
    let admitted = '';
    void second.then(() => (admitted += 'second '));
    void third.then(() => (admitted += 'third'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(admitted).toBe('');
    room.release(60);
    expect(await second).toBe(true);
    expect(await third).toBe(true);
    expect(admitted).toBe('second third');
  });

  it('refuses after the wait, and never holds up small operations', async () => {
    const room = new CostInFlight(100);
    expect(await room.acquire(100, 1000)).toBe(true);
    expect(await room.acquire(50, 20)).toBe(false);
    expect(await room.acquire(2, 20)).toBe(true);
  });

  it('admits an operation larger than the whole room when it is alone', async () => {
    const room = new CostInFlight(100);
    expect(await room.acquire(5000, 10)).toBe(true);
  });
});
