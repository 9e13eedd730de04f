import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Middleware run one after another as a single Express layer. Express's
 * router matches the path of every layer it passes, and passing one costs
 * about as much as the cheap middleware in it (bench/RESULTS.md): the
 * handlers every request meets are chained here instead. Each behaves as in
 * its own layer: `next()` goes to the following handler, `next(error)` and
 * a thrown or rejected handler to Express's error handling, and a handler
 * that answers ends the chain.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let at = 0;
    const step = (error?: unknown): void => {
      // As Express: 'route' and 'router' skip what is left here.
      if (error === 'route' || error === 'router') return next();
      if (error !== undefined && error !== null) return next(error);
      const handler = handlers[at++];
      if (!handler) return next();
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch((rejected: unknown) => next(rejected ?? new Error('Rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
