/**
 * The tests a mutation run (`npm run mutate`) uses: the fast files that exercise the mutated
 * modules (stryker.config.mjs). The bot's e2e suites and the save pipeline's (which kills
 * worker processes) add nothing there but time.
 */
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Quick, pure tests first: a mutant run stops at its first failing test (bail), so a mutant the
 * pure tests kill never waits for a simulator to start.
 */
const ORDER = [/test\/(api\/(error-rules|retry|pace)|jobs\/(save-tally|sent-items|copy-record))\.test\.ts$/, /test\/share-text\//, /test\/jobs\/save-(rules|steps)\.test\.ts$/, /test\/jobs\/processor\.test\.ts$/];
const rank = (spec: TestSpecification): number => {
  const index = ORDER.findIndex((pattern) => pattern.test(spec.moduleId.replace(/\\/g, '/')));
  return index === -1 ? ORDER.length : index;
};

class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: [
      'test/share-text/**/*.test.ts',
      'test/api/errors.test.ts',
      'test/api/error-rules.test.ts',
      'test/api/retry.test.ts',
      'test/api/pace.test.ts',
      'test/api/copy.test.ts',
      // The save job's rules, driven run by run against the simulator. The other job suites (queue,
      // follow, in-flight, interrupted) reach the same code through more machinery, so every
      // mutant they cover would also wait for them; the README's scores are measured with this list.
      'test/jobs/save-steps.test.ts',
      'test/jobs/save-rules.test.ts',
      'test/jobs/save-run-rules.test.ts',
      'test/jobs/open-share.test.ts',
      'test/jobs/processor.test.ts',
      'test/jobs/lost-batch-answer.test.ts',
      'test/jobs/large-share.test.ts',
      'test/jobs/sent-items.test.ts',
      'test/jobs/copy-record.test.ts',
      'test/jobs/save-tally.test.ts',
    ],
    setupFiles: ['test/setup/fast-check.ts'],
    sequence: { sequencer: QuickFirst },
    // Property tests on a fixed seed (as in CI): a mutant is judged by the same inputs each run.
    env: { FC_SEED: '20261127' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
