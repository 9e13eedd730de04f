import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';

/**
 * gzip or brotli for whole answers above a size threshold, with Node's own
 * zlib. Only a body handed over in one piece (res.send, res.json: GraphQL
 * results, ClaimReview documents) is compressed: streamed answers (incremental
 * delivery, files, anything written with res.write) pass untouched, so
 * nothing that streams is held back in a compressor's buffer. Compression
 * runs on libuv's thread pool, not the event loop.
 */
export interface CompressionSettings {
  /** Bodies smaller than this many bytes go out as they are. */
  readonly minBytes: number;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Worth compressing: text of any kind. Images, archives and the like are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|ld\+json|graphql-response\+json|javascript|xml)|image\/svg\+xml)/i;

export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const offered = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => offered.get(name) ?? (offered.has('*') ? offered.get('*')! : 0);
  const br = weight('br');
  const gz = weight('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

export function compression(settings: CompressionSettings): RequestHandler {
  return (req, res, next) => {
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    // Whatever this client gets, caches must keep it apart from other encodings.
    res.vary('Accept-Encoding');
    if (!encoding || req.method === 'HEAD') {
      next();
      return;
    }
    let streamed = false;
    const write = res.write;
    const end = res.end;
    res.write = function (this: typeof res, ...args: unknown[]) {
      streamed = true;
      return (write as (...a: unknown[]) => boolean).apply(this, args);
    } as typeof res.write;
    res.end = function (this: typeof res, ...args: unknown[]) {
      const [chunk, chunkEncoding, callback] = args;
      const body = typeof chunk === 'string' ? Buffer.from(chunk, typeof chunkEncoding === 'string' ? (chunkEncoding as BufferEncoding) : 'utf8') : chunk;
      const type = String(res.getHeader('content-type') ?? '');
      if (
        streamed ||
        res.headersSent ||
        !Buffer.isBuffer(body) ||
        body.length < settings.minBytes ||
        res.statusCode < 200 ||
        res.statusCode === 204 ||
        res.statusCode === 304 ||
        res.getHeader('content-encoding') !== undefined ||
        !COMPRESSIBLE.test(type) ||
        /no-transform/i.test(String(res.getHeader('cache-control') ?? ''))
      ) {
        return (end as (...a: unknown[]) => typeof res).apply(this, args);
      }
      const done = typeof chunkEncoding === 'function' ? chunkEncoding : callback;
      const squeeze =
        encoding === 'br'
          ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : gzip(body, { level: 6 });
      squeeze.then(
        (compressed) => {
          res.setHeader('Content-Encoding', encoding);
          res.setHeader('Content-Length', String(compressed.length));
          (end as (...a: unknown[]) => typeof res).call(res, compressed, done);
        },
        () => (end as (...a: unknown[]) => typeof res).apply(res, args),
      );
      return res;
    } as typeof res.end;
    next();
  };
}
