import { defineConfig } from 'vitest/config';

/**
 * Operations tests (`npm run test:ops`): the service against a real
 * PostgreSQL server that each test file starts, stops, crashes and restarts
 * itself. They need PostgreSQL's server binaries (Debian's `postgresql`
 * package, or PG_BIN_DIR) and fail, never skip, without them; `npm test`
 * does not run them. The browser tests (test/browser) run here too: they
 * need Debian's chromium, as these need PostgreSQL.
 */
export default defineConfig({
  resolve: {
    // As in vitest.config.ts: one copy of graphql for type-graphql, Apollo and the tests.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // The browser tests need a system package too (Debian's chromium), and run once rather than on each database.
    include: ['test/ops/**/*.test.ts', 'test/browser/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    // Each file owns a PostgreSQL cluster and a service process: one file at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    // beforeAll may build dist/ and initialise a cluster.
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-ops.json' },
  },
});
