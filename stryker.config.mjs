// @ts-check
/**
 * Mutation testing (`npm run mutate`, see README "Testing"): how well the tests pin the rules of
 * the parser, the Aliyun error/retry/pace code and the save job down. Not part of `npm test` or CI.
 * Per-area scores: `node scripts/mutation-areas.mjs` (run by `npm run mutate` at the end).
 */

/**
 * The mutated files, by area — the one place to edit when files move. scripts/mutation-areas.mjs reads the same table to sum the scores per area.
 */
export const AREAS = {
  'share text': ['src/share-text.ts', 'src/share-text/**/*.ts'],
  'api errors/retry/pace': ['src/api/errors.ts', 'src/api/retry.ts', 'src/api/pace.ts'],
  'save job core': [
    'src/jobs/save/**/*.ts',
    'src/jobs/sent-items.ts',
    'src/jobs/copy-results.ts',
    'src/jobs/save-failure.ts',
  ],
  'save tally': ['src/jobs/save-tally.ts'],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the fast test files that exercise these modules (no bot e2e suites, no SIGKILL test).
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  // Mutants in log calls are Ignored (with a reason), not survivors: see scripts/stryker-ignore-logs.mjs.
  plugins: ['@stryker-mutator/*', './scripts/stryker-ignore-logs.mjs'],
  ignorers: ['log-calls'],
  mutate: Object.values(AREAS).flat(),
  // Two cores, shared with other work.
  concurrency: 2,
  // A re-run after a change only tests the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  // Over the time the covering tests took without the mutant; a mutant that makes a retry or poll
  // loop spin is a timeout (detected) after this.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  // A mutant in module-level code (a default, a constant table) runs at import, so every test
  // "covers" it and each would need the whole suite: minutes apiece. They are left out (reported
  // as Ignored); the tests still pin those values (e.g. DEFAULT_PACE, DEFAULT_RETRY_POLICY).
  ignoreStatic: true,
  thresholds: { high: 85, low: 70, break: null },
  // The bot and the simulator are not mutated; skipping their type-checking keeps the sandbox quick.
  disableTypeChecks: 'src/**/*.ts',
  ignorePatterns: ['data', 'dist', 'coverage', 'reports'],
};
