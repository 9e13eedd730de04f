import { createHash } from 'node:crypto';
import { refusedRange, resolveTarget, type Lookup } from '../webhooks/webhook.address.js';
import { DeliveryTimeout, RefusedPeer, requestPinned } from '../webhooks/webhook.http.js';

export interface FetchRules {
  /** For the whole fetch: every hop and the body. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Addresses let through despite the address rules. */
  allow: (address: string) => boolean;
  lookup: Lookup;
  /** Aborted when the service stops: the fetch ends at once. */
  signal?: AbortSignal;
}

/** Where the fetch ended, whatever happened. */
interface Trail {
  finalUrl: string;
  redirects: number;
}

export type Fetched =
  | (Trail & {
      kind: 'page';
      status: number;
      contentType: string | null;
      /** Bytes read (at most maxBytes). */
      size: number;
      truncated: boolean;
      sha256: string;
      title: string | null;
      body: Buffer;
    })
  /** Worth another try: an error status, no answer, a name that does not resolve. */
  | (Trail & { kind: 'failed'; status: number | null; error: string })
  /** The address rules refuse a hop: trying again would not help. */
  | (Trail & { kind: 'refused'; error: string });

const HEADERS = {
  'user-agent': 'factcheck-evidence (checks that cited evidence is still there)',
  accept: 'text/html,application/xhtml+xml,application/pdf,*/*;q=0.8',
  // The hash is of the bytes as served: a compressed reply would hash the compression.
  'accept-encoding': 'identity',
};

/**
 * GETs an evidence URL under the webhook sender's address rules: each hop's
 * host is resolved once, every address checked, the connection pinned to
 * them and its peer checked again; redirects are followed by hand, each new
 * location going through the same checks. Reads at most `maxBytes` of the
 * body and hashes what it read.
 */
export async function fetchEvidence(start: string, rules: FetchRules): Promise<Fetched> {
  const deadline = Date.now() + rules.timeoutMs;
  let url: URL;
  try {
    url = new URL(start);
  } catch {
    return { finalUrl: start, redirects: 0, kind: 'refused', error: 'not a URL' };
  }
  for (let redirects = 0; ; redirects++) {
    const trail = { finalUrl: url.toString(), redirects };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ...trail, kind: 'refused', error: `${url.protocol} is not http(s)` };
    const target = await resolveTarget(url, { allowPrivate: false, lookup: rules.lookup, allow: rules.allow });
    if (target.refused !== undefined) {
      // A name that does not resolve may come back; an address the rules refuse will not.
      if (target.unresolved) return { ...trail, kind: 'failed', status: null, error: `${url.hostname} does not resolve` };
      return { ...trail, kind: 'refused', error: refusal(url, redirects) };
    }
    const left = deadline - Date.now();
    if (left <= 0) return { ...trail, kind: 'failed', status: null, error: `no answer within ${rules.timeoutMs} ms` };
    let reply;
    try {
      reply = await requestPinned(url, target.addresses, {
        method: 'GET',
        headers: HEADERS,
        timeoutMs: left,
        checkPeer: (address) => (rules.allow(address) ? undefined : refusedRange(address)),
        maxBodyBytes: rules.maxBytes,
        signal: rules.signal,
      });
    } catch (error) {
      if (error instanceof RefusedPeer) return { ...trail, kind: 'refused', error: refusal(url, redirects) };
      const message = error instanceof DeliveryTimeout ? `no answer within ${rules.timeoutMs} ms` : `request failed: ${error instanceof Error ? error.message : String(error)}`;
      return { ...trail, kind: 'failed', status: null, error: message };
    }
    const { status } = reply;
    if (status >= 300 && status < 400 && status !== 304) {
      const location = reply.headers.location;
      if (!location) return { ...trail, kind: 'failed', status, error: `HTTP ${status} without a Location` };
      if (redirects >= rules.maxRedirects) return { ...trail, kind: 'failed', status, error: `more than ${rules.maxRedirects} redirects` };
      try {
        url = new URL(location, url);
      } catch {
        return { ...trail, kind: 'failed', status, error: `HTTP ${status} to a Location that is not a URL` };
      }
      continue;
    }
    if (status < 200 || status >= 300) return { ...trail, kind: 'failed', status, error: `HTTP ${status}` };
    if (reply.interrupted) return { ...trail, kind: 'failed', status, error: Date.now() >= deadline ? `the body did not arrive within ${rules.timeoutMs} ms` : 'the body was cut off' };
    const contentType = headerText(reply.headers['content-type']);
    return {
      ...trail,
      kind: 'page',
      status,
      contentType,
      size: reply.body.length,
      truncated: reply.truncated,
      sha256: createHash('sha256').update(reply.body).digest('hex'),
      title: titleOf(reply.body, contentType),
      body: reply.body,
    };
  }
}

/** Says which hop was refused, not the address it resolved to: checks are public, the service's network is not. */
function refusal(url: URL, redirects: number): string {
  return `${redirects === 0 ? '' : `redirect ${redirects}: `}${url.host} is not a public address, and the address rules refuse it`;
}

function headerText(value: string | string[] | undefined): string | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text.slice(0, 200) : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The page's <title>, for HTML; read from the bytes fetched, as UTF-8. */
export function titleOf(body: Buffer, contentType: string | null): string | null {
  if (contentType && !/html/i.test(contentType)) return null;
  const match = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(body.subarray(0, 256 * 1024).toString('utf8'));
  if (!match) return null;
  const text = match[1]!
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text.slice(0, 500);
}
