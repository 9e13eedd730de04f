import etag from 'etag';
import type { RequestHandler } from 'express';

/**
 * ETags on the answers that can be revalidated: those to GET and HEAD.
 * Express would hash every answer it sends, POSTed GraphQL results
 * included, though nothing ever revalidates a POST (a conditional POST is
 * not a cache's to answer), and hashing a page of results cost a few per
 * cent of the request (bench/RESULTS.md). So the app turns Express's own
 * off, and this puts the same weak tag Express would on a GET's body, before
 * Express's send checks If-None-Match against it and answers 304.
 */
export function readEtags(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const send = res.send;
    res.send = function (this: typeof res, body?: unknown) {
      // As Express: only for a body whose length is known here, and never over a tag already set.
      if ((typeof body === 'string' || Buffer.isBuffer(body)) && res.getHeader('ETag') === undefined) {
        res.setHeader('ETag', etag(body, { weak: true }));
      }
      return send.call(this, body);
    } as typeof res.send;
    next();
  };
}
