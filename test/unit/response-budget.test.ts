import { describe, expect, it } from 'vitest';
import { QueryTimeoutError, ResponseTooLargeError } from '../../src/errors.js';
import { ResponseBudget } from '../../src/response-budget.js';

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
