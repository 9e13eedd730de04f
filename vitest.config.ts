import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // type-graphql and Apollo load graphql's CommonJS build; without this,
    // vitest would load the ESM build too and the two would not recognise
    // each other's types ("from another module or realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // test/ops needs PostgreSQL's server binaries and test/browser Debian's
    // chromium: `npm run test:ops` runs both, once rather than per database.
    exclude: [...configDefaults.exclude, 'test/ops/**', 'test/browser/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // The decorators' metadata API, as src/main.ts loads it first in production.
    setupFiles: ['reflect-metadata'],
    // Files share a worker's loaded modules instead of importing the whole
    // service again for each of ~90 files (seconds apiece). Nothing in the
    // suite mocks modules or changes the environment, and every file builds
    // its own app, config and database, so no state crosses between files.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
