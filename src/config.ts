import net from 'node:net';
import path from 'node:path';
import { DEVELOPMENT_ORIGINS, parseOrigins, type CorsSettings } from './http/cors.js';
import type { TrustProxy } from './http/rate-limit.js';
import type { ResponseCacheSettings } from './http/response-cache.js';
import type { TrustedDocumentSettings } from './graphql/trusted-documents.js';
import { existsSync } from 'node:fs';
import type { QueryLimits } from './limits.js';
import type { ResponseBudgetLimits } from './response-budget.js';
import type { LogLevel } from './logger.js';
import { PROJECT_ROOT } from './paths.js';
import { parseCidrs } from './modules/webhooks/webhook.address.js';

/**
 * Every setting the service reads, parsed and checked once at start-up.
 * Nothing else reads process.env: a bad value stops the service with a
 * message naming the variable, instead of failing later on a request.
 */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** A real PostgreSQL; undefined means the embedded one. */
  readonly databaseUrl: string | undefined;
  /** Where the embedded PostgreSQL keeps its files. */
  readonly dataDir: string;
  /** Load the demo story into an empty database. */
  readonly demoData: boolean;
  /**
   * How long an idle keep-alive connection stays open. Longer than a load
   * balancer's idle timeout (60 s on the common ones) and than clients' own
   * (a few seconds), so the client or balancer closes first: a server that
   * closes first races a request being sent on the same connection.
   */
  readonly keepAliveTimeoutMs: number;
  readonly db: {
    readonly poolMax: number;
    readonly connectionTimeoutMs: number;
    readonly statementTimeoutMs: number;
    /**
     * Compiled reads run as prepared statements on a server (parsed and
     * planned once per connection). Off for a connection pooler in
     * transaction mode that does not carry prepared statements across
     * transactions (PgBouncer before 1.21).
     */
    readonly prepare: boolean;
  };
  readonly logLevel: LogLevel;
  /** The address clients reach the service at; links in exported documents start with it. */
  readonly publicUrl: string;
  readonly claimReview: {
    /** The organisation published as the author of exported ClaimReviews. */
    readonly publisherName: string;
    readonly publisherUrl: string | undefined;
    /** A JSON file of extra textual ratings for import, {"Pants on Fire": "FALSE", ...}. */
    readonly ratingsFile: string | undefined;
  };
  readonly events: {
    /** How long events are kept for clients that reconnect (and then deleted). */
    readonly retentionHours: number;
    /** How often each instance reads the outbox even when no notification came. */
    readonly pollMs: number;
  };
  /** What one WebSocket client may hold and cost (see README "Limits and operations"). */
  readonly live: {
    /** Open WebSocket connections per process. */
    readonly maxConnections: number;
    /** Open WebSocket connections per client address. */
    readonly maxConnectionsPerClient: number;
    readonly maxSubscriptionsPerConnection: number;
    /** Bytes queued for a socket past which its client is dropped as too slow. */
    readonly maxBufferedBytes: number;
    /** Kept events a subscription may replay (after `after`) before it is refused. */
    readonly maxReplayEvents: number;
    /** Events read per query while replaying. */
    readonly replayPageSize: number;
    /** How often the keys of open connections are checked again (revocations made by other instances). */
    readonly authRecheckMs: number;
  };
  readonly webhooks: {
    /** Accept and send to endpoints on loopback and private addresses (tests, closed networks). */
    readonly allowPrivate: boolean;
    readonly timeoutMs: number;
    readonly retryBaseMs: number;
    readonly maxRetryMs: number;
    /** Failed attempts in a row after which an endpoint is disabled. */
    readonly disableAfter: number;
    readonly pollMs: number;
  };
  /**
   * How long an API key found valid is remembered, so that keyed requests
   * skip its lookup; a key revoked or changed anywhere is forgotten as soon
   * as the database announces it. 0 looks every key up on every request.
   */
  readonly apiKeyCacheMs: number;
  readonly rateLimit: {
    /** Requests per minute per client (a valid API key, else an address); 0 turns the limit off. */
    readonly requestsPerMinute: number;
    /** Failed API key checks per minute per address; 0 turns the limit off. */
    readonly authFailuresPerMinute: number;
    /** Proxies whose X-Forwarded-For names the client; none by default. */
    readonly trustProxy: TrustProxy;
  };
  readonly evidence: {
    /** Evidence may link to loopback and private addresses and intranet names (closed networks, tests). */
    readonly allowPrivate: boolean;
    /** Fetching each evidence URL after its verdict, and re-checking it (see README "Provenance"). */
    readonly fetch: EvidenceFetchSettings;
  };
  /** When findings go stale (see README "Provenance"). */
  readonly review: ReviewSettings;
  /** Answers at least this many bytes long are gzip- or brotli-compressed for clients that accept it; 0 turns it off. */
  readonly compressMinBytes: number;
  /** Which web pages may call the API from a browser (see README "Integrate"). */
  readonly cors: CorsSettings;
  /** Registered operations (persisted query manifests), and whether anonymous requests may run only those. */
  readonly trustedDocuments: TrustedDocumentSettings;
  /** HTTP caching of anonymous GET reads (see README "Integrate"). */
  readonly cache: ResponseCacheSettings;
  /** Reading articles (ingestArticle): see the README's "Limits and operations". */
  readonly ingest: IngestLimits;
  readonly graphql: {
    readonly introspection: boolean;
    readonly playground: boolean;
    readonly defaultPageSize: number;
    readonly maxPageSize: number;
    /** Largest request body accepted, in bytes. */
    readonly maxBodyBytes: number;
    readonly limits: QueryLimits;
    /** What one response may grow to while it is built, and how long its execution may run. */
    readonly responseBudget: ResponseBudgetLimits;
    /** Answer compilable reads with one SQL statement that builds the response (src/graphql/compiled). */
    readonly compile: boolean;
  };
}

export interface IngestLimits {
  /** How long reading one article may take before it is refused. */
  readonly timeoutMs: number;
  /** Articles read at once, each in its own worker thread. */
  readonly workers: number;
  /** Articles waiting for a worker before more are refused. */
  readonly queueMax: number;
  /** Heap limit of a worker thread, in MB. */
  readonly workerMemoryMb: number;
  /** Candidates kept per article. */
  readonly maxCandidates: number;
  /** Longer sentences are read in pieces cut at clause boundaries. */
  readonly maxSentenceChars: number;
}

export interface EvidenceFetchSettings {
  /** Off: nothing is fetched (the queue still fills, and is worked through once it is on). */
  readonly enabled: boolean;
  /** CIDR blocks fetched despite the address rules (an intranet, a test server). */
  readonly allowAddresses: readonly string[];
  /** For one fetch, every redirect hop and the body included. */
  readonly timeoutMs: number;
  /** Body bytes read and hashed; the rest is not read. */
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** Fetches under way at once, per instance. */
  readonly concurrency: number;
  /** Tries of one round before it is recorded GONE. */
  readonly attempts: number;
  /** The first retry waits this long, each next one twice as long. */
  readonly retryBaseMs: number;
  /** How long after a check the next one is due; 0: never re-checked. */
  readonly recheckSeconds: number;
  readonly pollMs: number;
  /** Keep each body read, gzip-compressed, when it compresses to at most storeMaxBytes. */
  readonly storeBodies: boolean;
  readonly storeMaxBytes: number;
}

/** What a service built without configuration (a script, a test) does: fetches on, nothing private. */
export const DEFAULT_EVIDENCE_FETCH: EvidenceFetchSettings = {
  enabled: true,
  allowAddresses: [],
  timeoutMs: 10_000,
  maxBytes: 2 * 1_048_576,
  maxRedirects: 5,
  concurrency: 4,
  attempts: 4,
  retryBaseMs: 60_000,
  recheckSeconds: 7 * 86_400,
  pollMs: 5000,
  storeBodies: false,
  storeMaxBytes: 1_048_576,
};

export interface ReviewSettings {
  /** Days after which a verdict of each finding status is due for review by default; absent: never. */
  readonly afterDays: Readonly<Partial<Record<FindingStatus, number>>>;
}

export const FINDING_STATUSES = ['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MISLEADING', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
const REVIEW_AFTER_DEFAULT_DAYS = 365;

/**
 * REVIEW_AFTER_DAYS: "365" for every finding, or per status,
 * "FALSE=180,TRUE=730,*=365" ("*" for the statuses not named; 0 for never).
 */
export function parseReviewAfter(raw: string | undefined): { afterDays: Partial<Record<FindingStatus, number>> } | { problem: string } {
  const days = (text: string) => (/^\d{1,5}$/.test(text) ? Number(text) : undefined);
  const build = (of: (status: FindingStatus) => number) =>
    Object.fromEntries(FINDING_STATUSES.map((status) => [status, of(status)]).filter(([, n]) => n !== 0)) as Partial<Record<FindingStatus, number>>;
  if (raw === undefined) return { afterDays: build(() => REVIEW_AFTER_DEFAULT_DAYS) };
  const whole = days(raw);
  if (whole !== undefined) return { afterDays: build(() => whole) };
  const given = new Map<string, number>();
  for (const entry of raw.split(',')) {
    const [status = '', value = '', ...rest] = entry.split('=').map((part) => part.trim());
    const n = days(value);
    if (rest.length > 0 || n === undefined) return { problem: `"${entry.trim()}" is not STATUS=DAYS` };
    if (status !== '*' && !(FINDING_STATUSES as readonly string[]).includes(status)) return { problem: `${status} is not a finding status (${FINDING_STATUSES.join(', ')})` };
    given.set(status, n);
  }
  return { afterDays: build((status) => given.get(status) ?? given.get('*') ?? REVIEW_AFTER_DEFAULT_DAYS) };
}

/** The review dates a service built without configuration (a script, a test) gives findings. */
export const DEFAULT_REVIEW: ReviewSettings = { afterDays: (parseReviewAfter(undefined) as { afterDays: ReviewSettings['afterDays'] }).afterDays };

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  timeoutMs: 20_000,
  workers: 1,
  queueMax: 4,
  workerMemoryMb: 512,
  // An article's candidates are listed whole in one page (Article.candidates(first)), so no more than a page holds.
  maxCandidates: 100,
  maxSentenceChars: 2000,
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The API key the command-line tools send with --api, when none is given on the command line. */
export const API_KEY_VARIABLE = 'FACTCHECK_KEY';

export function apiKeyFromEnv(env: Env): string | undefined {
  const value = env[API_KEY_VARIABLE]?.trim();
  return value === '' ? undefined : value;
}

export function parseConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };

  const nodeEnv = read('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(databaseUrl);
      ok = (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    // The value itself is not echoed: it usually carries a password.
    if (!ok) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL with a host');
  }

  const host = read('HOST') ?? '0.0.0.0';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}")`);

  const defaultPageSize = int('PAGE_SIZE_DEFAULT', 20, 1, 1000);
  // Nested lists default to 10 items and an article's candidates to 50 (see pagination.ts): a smaller maximum would refuse their defaults.
  const maxPageSize = int('PAGE_SIZE_MAX', 100, 50, 1000);
  if (defaultPageSize > maxPageSize) {
    problems.push(`PAGE_SIZE_DEFAULT (${defaultPageSize}) must not exceed PAGE_SIZE_MAX (${maxPageSize})`);
  }

  const port = int('PORT', 4000, 0, 65535);
  const httpUrl = (name: string): string | undefined => {
    const raw = read(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    problems.push(`${name} must be an http(s) URL (got "${raw}")`);
    return undefined;
  };
  const ratingsFile = read('CLAIMREVIEW_RATINGS_FILE');
  const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  const logLevel = (read('LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);

  const trustProxy = ((): TrustProxy => {
    const raw = read('TRUST_PROXY');
    if (raw === undefined) return { hops: 0 };
    if (/^\d+$/.test(raw) && Number(raw) <= 10) return { hops: Number(raw) };
    const addresses = raw.split(',').map((entry) => entry.trim());
    const bad = addresses.filter((entry) => {
      const [address = '', prefix, ...rest] = entry.split('/');
      const family = net.isIP(address);
      if (family === 0 || rest.length > 0) return true;
      return prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128));
    });
    if (bad.length > 0) {
      problems.push(`TRUST_PROXY must be a number of proxy hops (0 to 10) or a comma-separated list of IP addresses and CIDR blocks (got "${raw}")`);
      return { hops: 0 };
    }
    return { addresses };
  })();

  const corsOrigins = ((): CorsSettings['origins'] => {
    const raw = read('CORS_ORIGINS');
    if (raw === undefined) return nodeEnv === 'development' ? DEVELOPMENT_ORIGINS : [];
    const parsed = parseOrigins(raw);
    if ('problem' in parsed) {
      problems.push(`CORS_ORIGINS must be "none", "*" or a comma-separated list of origins such as https://cms.example.org: ${parsed.problem}`);
      return [];
    }
    return parsed.origins;
  })();

  const trustedDocuments = ((): TrustedDocumentSettings => {
    const files = (read('TRUSTED_DOCUMENTS_FILE') ?? '').split(',').map((f) => f.trim()).filter(Boolean).map((f) => path.resolve(f));
    const only = bool('TRUSTED_DOCUMENTS_ONLY', false);
    for (const file of files) if (!existsSync(file)) problems.push(`TRUSTED_DOCUMENTS_FILE: no file at ${file}`);
    if (only && files.length === 0) problems.push('TRUSTED_DOCUMENTS_ONLY needs TRUSTED_DOCUMENTS_FILE: the manifest of the operations that may run');
    return { files, only };
  })();

  const allowAddresses = parseCidrs(read('EVIDENCE_FETCH_ALLOW_ADDRESSES') ?? '');
  if ('problem' in allowAddresses) problems.push(`EVIDENCE_FETCH_ALLOW_ADDRESSES must be a comma-separated list of IP addresses and CIDR blocks (got "${allowAddresses.problem}")`);
  const F = DEFAULT_EVIDENCE_FETCH;
  const evidenceFetch: EvidenceFetchSettings = {
    enabled: bool('EVIDENCE_FETCH', F.enabled),
    allowAddresses: 'problem' in allowAddresses ? [] : allowAddresses.ranges,
    timeoutMs: int('EVIDENCE_FETCH_TIMEOUT_MS', F.timeoutMs, 100, 300_000),
    maxBytes: int('EVIDENCE_FETCH_MAX_BYTES', F.maxBytes, 1024, 100 * 1_048_576),
    maxRedirects: int('EVIDENCE_FETCH_MAX_REDIRECTS', F.maxRedirects, 0, 20),
    concurrency: int('EVIDENCE_FETCH_CONCURRENCY', F.concurrency, 1, 64),
    attempts: int('EVIDENCE_FETCH_ATTEMPTS', F.attempts, 1, 20),
    retryBaseMs: int('EVIDENCE_FETCH_RETRY_BASE_MS', F.retryBaseMs, 10, 86_400_000),
    recheckSeconds: int('EVIDENCE_RECHECK_SECONDS', F.recheckSeconds, 0, 10 * 365 * 86_400),
    pollMs: int('EVIDENCE_FETCH_POLL_MS', F.pollMs, 20, 600_000),
    storeBodies: bool('EVIDENCE_STORE_BODIES', F.storeBodies),
    storeMaxBytes: int('EVIDENCE_STORE_MAX_BYTES', F.storeMaxBytes, 1024, 100 * 1_048_576),
  };

  const review = parseReviewAfter(read('REVIEW_AFTER_DAYS'));
  if ('problem' in review) problems.push(`REVIEW_AFTER_DAYS must be a number of days or STATUS=DAYS pairs such as "FALSE=180,*=365": ${review.problem}`);

  const config: Config = {
    env: nodeEnv as Config['env'],
    port,
    host,
    databaseUrl,
    dataDir: path.resolve(PROJECT_ROOT, read('DATA_DIR') ?? '.data'),
    demoData: bool('DEMO_DATA', true),
    keepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 65_000, 1000, 3_600_000),
    db: {
      poolMax: int('DB_POOL_MAX', 10, 1, 500),
      connectionTimeoutMs: int('DB_CONNECTION_TIMEOUT_MS', 5000, 100, 600_000),
      statementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000),
      prepare: bool('DB_PREPARE', true),
    },
    logLevel,
    publicUrl: httpUrl('PUBLIC_URL') ?? `http://localhost:${port}`,
    claimReview: {
      publisherName: read('CLAIMREVIEW_PUBLISHER_NAME') ?? 'Fact-check desk',
      publisherUrl: httpUrl('CLAIMREVIEW_PUBLISHER_URL'),
      ratingsFile: ratingsFile === undefined ? undefined : path.resolve(ratingsFile),
    },
    events: {
      retentionHours: int('EVENT_RETENTION_HOURS', 72, 1, 24 * 365),
      pollMs: int('EVENT_POLL_MS', 1000, 20, 600_000),
    },
    live: {
      maxConnections: int('WS_MAX_CONNECTIONS', 1000, 1, 1_000_000),
      maxConnectionsPerClient: int('WS_MAX_CONNECTIONS_PER_CLIENT', 10, 1, 1_000_000),
      maxSubscriptionsPerConnection: int('WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 10, 1, 1000),
      maxBufferedBytes: int('WS_MAX_BUFFERED_BYTES', 1_048_576, 1024, 1024 * 1_048_576),
      maxReplayEvents: int('WS_MAX_REPLAY_EVENTS', 10_000, 1, 10_000_000),
      replayPageSize: int('WS_REPLAY_PAGE_SIZE', 500, 10, 10_000),
      authRecheckMs: int('WS_AUTH_RECHECK_MS', 30_000, 100, 86_400_000),
    },
    webhooks: {
      allowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', false),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
      retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 10_000, 10, 3_600_000),
      maxRetryMs: int('WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 86_400_000),
      disableAfter: int('WEBHOOK_DISABLE_AFTER', 15, 1, 1000),
      pollMs: int('WEBHOOK_POLL_MS', 2000, 20, 600_000),
    },
    apiKeyCacheMs: int('API_KEY_CACHE_MS', 5000, 0, 600_000),
    rateLimit: {
      requestsPerMinute: int('RATE_LIMIT_RPM', 600, 0, 1_000_000),
      authFailuresPerMinute: int('RATE_LIMIT_AUTH_FAILURES_PER_MIN', 10, 0, 1_000_000),
      trustProxy,
    },
    evidence: { allowPrivate: bool('EVIDENCE_ALLOW_PRIVATE', false), fetch: evidenceFetch },
    review: 'problem' in review ? { afterDays: {} } : review,
    compressMinBytes: int('COMPRESS_MIN_BYTES', 1024, 0, 1_073_741_824),
    cors: {
      origins: corsOrigins,
      // Browsers cap it themselves (Chromium at 2 hours).
      maxAgeSeconds: int('CORS_MAX_AGE_SECONDS', 600, 0, 86_400),
    },
    trustedDocuments,
    cache: {
      maxAgeSeconds: int('CACHE_MAX_AGE', 60, 0, 31_536_000),
      maxBytes: int('RESPONSE_CACHE_BYTES', 32 * 1_048_576, 0, 4096 * 1_048_576),
    },
    ingest: {
      timeoutMs: int('INGEST_TIMEOUT_MS', DEFAULT_INGEST_LIMITS.timeoutMs, 100, 600_000),
      workers: int('INGEST_WORKERS', DEFAULT_INGEST_LIMITS.workers, 1, 64),
      queueMax: int('INGEST_QUEUE_MAX', DEFAULT_INGEST_LIMITS.queueMax, 0, 10_000),
      workerMemoryMb: int('INGEST_WORKER_MEMORY_MB', DEFAULT_INGEST_LIMITS.workerMemoryMb, 64, 16_384),
      maxCandidates: int('INGEST_MAX_CANDIDATES', Math.min(DEFAULT_INGEST_LIMITS.maxCandidates, maxPageSize), 1, 10_000),
      maxSentenceChars: int('INGEST_MAX_SENTENCE_CHARS', DEFAULT_INGEST_LIMITS.maxSentenceChars, 200, 100_000),
    },
    graphql: {
      introspection: bool('GRAPHQL_INTROSPECTION', true),
      playground: bool('GRAPHQL_PLAYGROUND', true),
      defaultPageSize,
      maxPageSize,
      maxBodyBytes: int('MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      limits: {
        maxDepth: int('GRAPHQL_MAX_DEPTH', 12, 2, 100),
        maxAliases: int('GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
        maxDirectives: int('GRAPHQL_MAX_DIRECTIVES', 50, 0, 10_000),
        maxTokens: int('GRAPHQL_MAX_TOKENS', 5000, 100, 1_000_000),
        maxCost: int('GRAPHQL_MAX_COST', 50_000, 10, 100_000_000),
      },
      responseBudget: {
        maxBytes: int('GRAPHQL_MAX_RESPONSE_BYTES', 8 * 1_048_576, 1024, 1024 * 1_048_576),
        maxMs: int('GRAPHQL_MAX_EXECUTION_MS', 10_000, 10, 600_000),
        maxCostInFlight: int('GRAPHQL_MAX_COST_IN_FLIGHT', 60_000, 10, 1_000_000_000),
        maxWaitMs: int('GRAPHQL_MAX_QUEUE_MS', 5000, 0, 600_000),
      },
      compile: bool('GRAPHQL_COMPILE', true),
    },
  };

  if (config.ingest.maxCandidates > maxPageSize) {
    problems.push(`INGEST_MAX_CANDIDATES (${config.ingest.maxCandidates}) must not exceed PAGE_SIZE_MAX (${maxPageSize}): an article's candidates must fit one page`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
