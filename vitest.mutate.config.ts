/**
 * The tests a mutation run (`npm run mutate`) uses: the fast files that exercise the mutated
 * modules (stryker.config.mjs). The bot's e2e suites and the save pipeline's (which kills
 * worker processes) add nothing there but time.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/share-text/**/*.test.ts',
      'test/api/errors.test.ts',
      'test/api/error-rules.test.ts',
      'test/api/retry.test.ts',
      'test/api/pace.test.ts',
      'test/api/copy.test.ts',
      'test/jobs/*.test.ts',
    ],
    exclude: ['test/jobs/save-pipeline.test.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    // Property tests on a fixed seed (as in CI): a mutant is judged by the same inputs each run.
    env: { FC_SEED: '20261127' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
