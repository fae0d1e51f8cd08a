/**
 * Checks a caller-chosen job id. BullMQ rejects ids with `:` (its key separator) and ids that
 * are all digits (they clash with its own counter); the embedded queue follows the same rule so
 * code that works on one driver works on the other.
 * @throws TypeError naming the problem.
 */
export function assertValidJobId(jobId: string): void {
  if (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > 200) {
    throw new TypeError(`Job id must be a non-empty string of at most 200 characters, got ${JSON.stringify(jobId)}`);
  }
  if (jobId.includes(':')) {
    throw new TypeError(`Job id ${JSON.stringify(jobId)} must not contain ":"`);
  }
  if (/^\d+$/.test(jobId)) {
    throw new TypeError(`Job id ${JSON.stringify(jobId)} must not be all digits`);
  }
}
