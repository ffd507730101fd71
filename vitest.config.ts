import { defineConfig } from 'vitest/config';

// One runner for every package's unit and integration tests; browsers are e2e/'s business.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
