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
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://u:p@db:5432/factcheck',
      demoData: false,
      db: { poolMax: 20 },
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
    });
    expect(found.join('\n')).toMatch(/PORT/);
    expect(found.join('\n')).toMatch(/DATABASE_URL/);
    expect(found.join('\n')).not.toMatch(/secret/);
    expect(found.join('\n')).toMatch(/DEMO_DATA/);
    expect(found.join('\n')).toMatch(/PAGE_SIZE_DEFAULT/);
    expect(found.join('\n')).toMatch(/NODE_ENV/);
    expect(found).toHaveLength(5);
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
