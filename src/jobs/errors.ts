/**
 * Errors a job processor throws to steer the queue, the same for every queue driver.
 * Any other error is retryable: the job runs again after an exponential backoff with jitter,
 * until its attempts are spent.
 */

/** The job cannot succeed however often it runs (share gone, account logged out, bad input): fail now. */
export class FinalJobError extends Error {
  override name = 'FinalJobError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The upstream asked us to slow down: run the job again after `delayMs`, without spending an attempt. */
export class RateLimitedJobError extends Error {
  override name = 'RateLimitedJobError';
  readonly delayMs: number;
  constructor(delayMs: number, message = `rate limited, retrying in ${delayMs} ms`, options?: ErrorOptions) {
    super(message, options);
    this.delayMs = Math.max(0, Math.round(delayMs));
  }
}
