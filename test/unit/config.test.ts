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
