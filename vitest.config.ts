import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real HTTP servers and Redis queues; two cores, so keep forks few.
    pool: 'forks',
    maxWorkers: 2,
  },
});
