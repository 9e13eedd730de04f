import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { chain } from '../../src/http/chain.js';

/** An app whose first layer is the chain, then a handler that answers with what the chain left, and an error handler. */
function appWith(...handlers: RequestHandler[]) {
  const app = express();
  app.use(chain(...handlers));
  app.use((_req, res) => {
    res.json({ seen: res.locals.seen ?? [] });
  });
  const errors: ErrorRequestHandler = (error, _req, res, _next) => {
    res.status(500).json({ error: error instanceof Error ? error.message : String(error), seen: res.locals.seen ?? [] });
  };
  app.use(errors);
  return app;
}

const mark =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    (res.locals.seen ??= []).push(name);
    next();
  };

describe('chain', () => {
  it('runs each handler in order, then the next layer', async () => {
    const res = await request(appWith(mark('a'), mark('b'), mark('c'))).get('/');
    expect(res.body).toEqual({ seen: ['a', 'b', 'c'] });
  });

  it('goes to the next layer at once when empty', async () => {
    expect((await request(appWith()).get('/')).body).toEqual({ seen: [] });
  });

  it('stops where a handler answers', async () => {
    const answer: RequestHandler = (_req, res) => {
      res.status(202).json({ answered: true });
    };
    const res = await request(appWith(mark('a'), answer, mark('never'))).get('/');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ answered: true });
  });

  it('hands next(error), a throw and a rejection to the error handler, skipping the rest', async () => {
    const failing: RequestHandler[] = [
      (_req, _res, next) => next(new Error('passed on')),
      () => {
        throw new Error('thrown');
      },
      async () => {
        await Promise.resolve();
        throw new Error('rejected');
      },
    ];
    for (const [handler, message] of [
      [failing[0]!, 'passed on'],
      [failing[1]!, 'thrown'],
      [failing[2]!, 'rejected'],
    ] as const) {
      const res = await request(appWith(mark('a'), handler, mark('never'))).get('/');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: message, seen: ['a'] });
    }
  });

  it("skips the rest of the chain on next('route'), as Express skips the rest of a route", async () => {
    const skip: RequestHandler = (_req, _res, next) => next('route');
    expect((await request(appWith(mark('a'), skip, mark('never'))).get('/')).body).toEqual({ seen: ['a'] });
  });

  it('waits for an async handler that calls next later', async () => {
    const later: RequestHandler = async (_req, res, next) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      (res.locals.seen ??= []).push('later');
      next();
    };
    expect((await request(appWith(later, mark('b'))).get('/')).body).toEqual({ seen: ['later', 'b'] });
  });
});
