import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  // Tests run against the protocol's source, so they need no build first.
  resolve: {
    alias: {
      '@parley/protocol': fileURLToPath(new URL('../../packages/protocol/src/index.ts', import.meta.url)),
    },
  },
  test: {
    name: '@parley/server',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The fuzz test compares heap sizes after a full collection.
    execArgv: ['--expose-gc'],
    testTimeout: 20_000,
    hookTimeout: 10_000,
  },
});
