import { unreachable } from '../../cli-api.js';
import { BatchTooLargeError, type BatchResult, type Send } from './claimreview.batcher.js';

export const IMPORT_MUTATION = `mutation($documents: [JSON!]!) {
  importClaimReviews(documents: $documents) {
    created matched skipped
    items { index reviewUrl outcome reason statement { id } }
  }
}`;

/** A failure that retrying cannot mend (a refused key, an answer that is not the import's): the import stops. */
export class FatalImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalImportError';
  }
}

export interface ClientOptions {
  endpoint: string;
  key: string;
  /** Retries of one batch after transient failures, before giving up. */
  retries: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Told of each retry. */
  warn?: (line: string) => void;
}

/** First wait after a transient failure; it doubles each retry, up to MAX_BACKOFF_MS. */
const BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A Retry-After past this is waited for no longer than this, and counts as one retry. */
const MAX_RETRY_AFTER_MS = 120_000;
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const TRANSIENT_CODES = new Set(['SERVICE_UNAVAILABLE', 'QUERY_TIMEOUT', 'RATE_LIMITED']);

type GraphQLBody = {
  data?: { importClaimReviews?: BatchResult } | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; max?: number; retryAfter?: number } }[];
};

type Outcome = { result: BatchResult } | { retry: string; waitMs?: number };

/**
 * Sends batches to a running service's `importClaimReviews` with the key as
 * a bearer token. Network errors, 429 (after its Retry-After), 502-504 and
 * SERVICE_UNAVAILABLE are retried with backoff, `retries` times at most;
 * a refused key stops at once.
 */
export function apiSender(options: ClientOptions): Send {
  const fetchFn = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (documents) => {
    const body = JSON.stringify({ query: IMPORT_MUTATION, variables: { documents } });
    for (let attempt = 0; ; attempt++) {
      const outcome = await attemptOnce(fetchFn, options, body);
      if ('result' in outcome) return outcome.result;
      if (attempt >= options.retries) {
        throw new FatalImportError(`Gave up after ${attempt + 1} attempts: ${outcome.retry}`);
      }
      const waitMs = outcome.waitMs !== undefined ? Math.min(outcome.waitMs, MAX_RETRY_AFTER_MS) : Math.min(BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
      options.warn?.(`${outcome.retry}; retrying in ${(waitMs / 1000).toFixed(1)} s (retry ${attempt + 1} of ${options.retries})`);
      await sleep(waitMs);
    }
  };
}

async function attemptOnce(fetchFn: typeof fetch, options: ClientOptions, body: string): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetchFn(options.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${options.key}` },
      body,
    });
  } catch (error) {
    return { retry: unreachable(options.endpoint, error) };
  }
  const retryAfter = retryAfterMs(response.headers.get('retry-after'));
  if (response.status === 413) {
    throw new BatchTooLargeError(`the request body is over the service's limit (HTTP 413)`);
  }
  let parsed: GraphQLBody | undefined;
  try {
    parsed = (await response.json()) as GraphQLBody;
  } catch {
    parsed = undefined;
  }
  const error = parsed?.errors?.[0];
  const code = error?.extensions?.code;
  const said = error ? `${code ?? 'ERROR'}: ${error.message}` : `HTTP ${response.status}`;
  if (response.status === 401 || code === 'UNAUTHENTICATED') {
    throw new FatalImportError(`The service refused the key (${said}). Create one with: npm run apikey -- create --role FACT_CHECKER --name <who>`);
  }
  if (response.status === 403 || code === 'FORBIDDEN') {
    throw new FatalImportError(`The key may not import ClaimReviews (${said}); it needs the FACT_CHECKER role or higher`);
  }
  if (response.status === 429 || TRANSIENT_STATUSES.has(response.status) || (code !== undefined && TRANSIENT_CODES.has(code))) {
    const extensionWait = typeof error?.extensions?.retryAfter === 'number' ? error.extensions.retryAfter * 1000 : undefined;
    return { retry: `the service answered HTTP ${response.status}${error ? ` (${said})` : ''}`, waitMs: retryAfter ?? extensionWait };
  }
  if (code === 'BAD_USER_INPUT' && error?.extensions?.field === 'documents') {
    throw new BatchTooLargeError(error.message, typeof error.extensions.max === 'number' ? error.extensions.max : undefined);
  }
  const result = parsed?.data?.importClaimReviews;
  if (error || !result) {
    throw new FatalImportError(`The service did not import the batch (HTTP ${response.status}${error ? `, ${said}` : ''}); is ${options.endpoint} its /graphql endpoint?`);
  }
  return { result };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
