import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 4000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      demoData: true,
      keepAliveTimeoutMs: 65_000,
      apiKeyCacheMs: 5000,
      graphql: { introspection: true, playground: true, defaultPageSize: 20, maxPageSize: 100 },
    });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('reads every setting', () => {
    const config = parseConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u:p@db:5432/factcheck',
      DEMO_DATA: 'false',
      DB_POOL_MAX: '20',
      PAGE_SIZE_MAX: '50',
      PAGE_SIZE_DEFAULT: '10',
      GRAPHQL_INTROSPECTION: 'off',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '120000',
      DB_PREPARE: 'false',
      API_KEY_CACHE_MS: '0',
    });
    expect(config).toMatchObject({
      apiKeyCacheMs: 0,
      port: 8080,
      databaseUrl: 'postgresql://u:p@db:5432/factcheck',
      demoData: false,
      db: { poolMax: 20, prepare: false },
      keepAliveTimeoutMs: 120_000,
      graphql: { maxPageSize: 50, defaultPageSize: 10, introspection: false },
    });
  });

  it('stops on bad values, naming each variable, without echoing secrets', () => {
    const found = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://root:secret@db/x',
      DEMO_DATA: 'maybe',
      PAGE_SIZE_DEFAULT: '500',
      PAGE_SIZE_MAX: '100',
      NODE_ENV: 'staging',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '10',
      DB_PREPARE: 'sometimes',
      API_KEY_CACHE_MS: '-5',
    });
    expect(found.join('\n')).toMatch(/PORT/);
    expect(found.join('\n')).toMatch(/DATABASE_URL/);
    expect(found.join('\n')).not.toMatch(/secret/);
    expect(found.join('\n')).toMatch(/DEMO_DATA/);
    expect(found.join('\n')).toMatch(/PAGE_SIZE_DEFAULT/);
    expect(found.join('\n')).toMatch(/HTTP_KEEP_ALIVE_TIMEOUT_MS/);
    expect(found.join('\n')).toMatch(/NODE_ENV/);
    expect(found.join('\n')).toMatch(/DB_PREPARE/);
    expect(found.join('\n')).toMatch(/API_KEY_CACHE_MS/);
    expect(found).toHaveLength(8);
  });
});

describe('CORS_ORIGINS', () => {
  it('defaults to localhost origins in development and to none otherwise', () => {
    expect(parseConfig({ NODE_ENV: 'development' }).cors.origins.length).toBeGreaterThan(0);
    expect(parseConfig({ NODE_ENV: 'development' }).cors.origins.every((o) => !o.any && ['localhost', '127.0.0.1', '[::1]'].includes(o.host))).toBe(true);
    expect(parseConfig({ NODE_ENV: 'production' }).cors.origins).toEqual([]);
    expect(parseConfig({ NODE_ENV: 'development', CORS_ORIGINS: 'none' }).cors.origins).toEqual([]);
    expect(parseConfig({ NODE_ENV: 'production' }).cors.maxAgeSeconds).toBe(600);
  });

  it('refuses malformed lists at start rather than locking the intended site out', () => {
    for (const raw of [
      'cms.example.org', // no scheme
      'https://cms.example.org/', // a trailing slash is a path
      'https://cms.example.org/plugin',
      'ftp://cms.example.org',
      'https://cms.example.org,,https://b.example.org',
      '*, https://cms.example.org', // "*" hides the rest
      'https://*.org', // every site under a top-level domain
      'https://cms.*.org',
      'https://user@cms.example.org',
      'https://CMS.example.org',
      'https://cms.example.org:99999',
      'https://cms.example.org:0',
    ]) {
      const found = problems({ CORS_ORIGINS: raw });
      expect(found, raw).toHaveLength(1);
      expect(found[0], raw).toMatch(/^CORS_ORIGINS/);
    }
  });

  it('reads exact origins, subdomain wildcards, any-port entries and "*"', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://cms.example.org,http://localhost:*,https://*.newsroom.example' }).cors.origins).toEqual([
      { scheme: 'https', host: 'cms.example.org', subdomains: false, port: 443 },
      { scheme: 'http', host: 'localhost', subdomains: false, port: '*' },
      { scheme: 'https', host: 'newsroom.example', subdomains: true, port: 443 },
    ]);
    expect(parseConfig({ CORS_ORIGINS: '*' }).cors.origins).toEqual([{ any: true }]);
  });
});

describe('REVIEW_AFTER_DAYS', () => {
  it('gives every finding 365 days by default, and none to provisional statuses', () => {
    const { afterDays } = parseConfig({}).review;
    expect(afterDays).toEqual({ TRUE: 365, MOSTLY_TRUE: 365, MIXED: 365, MISLEADING: 365, MOSTLY_FALSE: 365, FALSE: 365, UNPROVEN: 365 });
  });

  it('takes one number for all, or per status with * for the rest and 0 for never', () => {
    expect(parseConfig({ REVIEW_AFTER_DAYS: '90' }).review.afterDays.MIXED).toBe(90);
    expect(parseConfig({ REVIEW_AFTER_DAYS: '0' }).review.afterDays).toEqual({});
    expect(parseConfig({ REVIEW_AFTER_DAYS: 'FALSE=180, TRUE=0, *=730' }).review.afterDays).toEqual({
      MOSTLY_TRUE: 730, MIXED: 730, MISLEADING: 730, MOSTLY_FALSE: 730, FALSE: 180, UNPROVEN: 730,
    });
  });

  it('refuses a provisional or unknown status, a negative or fractional count and a malformed pair, naming the variable', () => {
    for (const bad of ['IN_REVIEW=30', 'WRONG=30', 'FALSE=-1', 'FALSE=1.5', 'FALSE', '-5', 'FALSE=1=2']) {
      expect(problems({ REVIEW_AFTER_DAYS: bad }).join('\n'), bad).toMatch(/^REVIEW_AFTER_DAYS must be/);
    }
  });
});
