import type { RequestHandler } from 'express';

/**
 * Cross-origin access for browser clients (CMS plugins, newsroom
 * dashboards). Keys travel in the Authorization header, never in cookies,
 * so credentials stay off and a page from an allowed origin gets exactly
 * what any other HTTP client gets, no more.
 */
export interface CorsSettings {
  /** Parsed CORS_ORIGINS (see parseOrigins); empty allows no cross-origin reads. */
  readonly origins: readonly OriginPattern[];
  /** How long a browser may reuse a preflight answer, in seconds. */
  readonly maxAgeSeconds: number;
}

/** One allowed origin: exact, any subdomain of a domain, any port of a host, or anything. */
export type OriginPattern =
  | { readonly any: true }
  | { readonly any?: false; readonly scheme: 'http' | 'https'; readonly host: string; readonly subdomains: boolean; readonly port: number | '*' };

/** Request headers the API reads, besides those a browser sends anyway. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  // Apollo's CSRF guard asks a GET or form-like POST for one of these.
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'X-Request-Id',
  'If-None-Match',
];
/** Response headers a page's script may read. */
export const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'ETag', 'WWW-Authenticate'];
const ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS';

const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?$/;

const defaultPort = (scheme: string): number => (scheme === 'https' ? 443 : 80);

/**
 * Reads a comma-separated CORS_ORIGINS value. Returns the problem instead
 * of guessing: an origin with a path, a trailing slash, a bare host or a
 * wildcard in the middle of a name is almost always a typo that would
 * otherwise lock the intended site out (or let too much in).
 */
export function parseOrigins(raw: string): { origins: OriginPattern[] } | { problem: string } {
  if (raw === 'none') return { origins: [] };
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) return { problem: 'has an empty entry' };
  if (entries.includes('*')) {
    return entries.length === 1 ? { origins: [{ any: true }] } : { problem: '"*" allows every origin and cannot be combined with others' };
  }
  const origins: OriginPattern[] = [];
  for (const entry of entries) {
    const match = PATTERN.exec(entry.toLowerCase());
    if (!match || entry !== entry.toLowerCase()) {
      return { problem: `"${entry}" is not an origin (scheme://host[:port], lower case, no path; "*." may start the host, ":*" stand for any port)` };
    }
    const [, scheme, star, host, port] = match as unknown as [string, 'http' | 'https', string | undefined, string, string | undefined];
    if (star && !host.includes('.')) return { problem: `"${entry}" would allow every subdomain of a top-level domain` };
    const portNumber = port === undefined ? defaultPort(scheme) : port === '*' ? '*' : Number(port);
    if (portNumber !== '*' && (portNumber < 1 || portNumber > 65535)) return { problem: `"${entry}" has no valid port` };
    origins.push({ scheme, host, subdomains: Boolean(star), port: portNumber });
  }
  return { origins };
}

/** What development allows without CORS_ORIGINS: a dashboard served from this machine, on any port. */
export const DEVELOPMENT_ORIGINS: readonly OriginPattern[] = ['localhost', '127.0.0.1', '[::1]'].flatMap((host) =>
  (['http', 'https'] as const).map((scheme) => ({ scheme, host, subdomains: false, port: '*' as const })),
);

/** Whether an Origin header names an allowed origin; 'any' when every origin is. */
export function originAllowed(origins: readonly OriginPattern[], origin: string): boolean | 'any' {
  if (origins.some((pattern) => pattern.any)) return 'any';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // Only the serialised form a browser sends: anything with a path, user or odd spelling is not an origin.
  if (url.origin !== origin) return false;
  const scheme = url.protocol.slice(0, -1);
  const port = url.port === '' ? defaultPort(scheme) : Number(url.port);
  return origins.some(
    (pattern) =>
      !pattern.any &&
      pattern.scheme === scheme &&
      (pattern.port === '*' || pattern.port === port) &&
      (pattern.subdomains ? url.hostname.endsWith(`.${pattern.host}`) : url.hostname === pattern.host),
  );
}

/**
 * Answers preflights itself (before rate limits and key checks, which a
 * preflight carries no key for) and marks every other response an allowed
 * origin may read. A disallowed origin gets no Access-Control-* header at
 * all, so the browser withholds the response from its page.
 */
export function cors(settings: CorsSettings): RequestHandler {
  const allowHeaders = CORS_ALLOWED_HEADERS.join(', ');
  const exposeHeaders = CORS_EXPOSED_HEADERS.join(', ');
  const varies = settings.origins.length > 0 && !settings.origins.some((pattern) => pattern.any);
  return (req, res, next) => {
    const origin = req.headers.origin;
    // The answer depends on Origin even when it is refused: shared caches must keep them apart.
    if (varies) res.vary('Origin');
    const allowed = typeof origin === 'string' ? originAllowed(settings.origins, origin) : false;
    const preflight = req.method === 'OPTIONS' && typeof origin === 'string' && req.headers['access-control-request-method'] !== undefined;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', allowed === 'any' ? '*' : origin!);
      res.setHeader('Access-Control-Expose-Headers', exposeHeaders);
    }
    if (!preflight) {
      next();
      return;
    }
    if (!allowed) {
      res
        .status(403)
        .set('Cache-Control', 'no-store')
        .json({ errors: [{ message: 'This origin is not allowed to call the API from a browser (see CORS_ORIGINS)', extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.setHeader('Access-Control-Allow-Headers', allowHeaders);
    res.setHeader('Access-Control-Max-Age', String(settings.maxAgeSeconds));
    res.status(204).end();
  };
}
