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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
