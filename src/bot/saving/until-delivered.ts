/**
 * An outcome must reach the user: a call that failed on the way (the connection cut, Telegram's
 * 5xx once auto-retry gave up) is made again after a growing pause, then once a minute for as
 * long as it takes — an outage of Telegram's, however long, delays outcomes but drops none. Only
 * the shutdown ends the wait (`cancel`): the outcome then stays untold on its save's row and the
 * next start tells it. A 429 never gets here (the flood gate outlasts it); a refusal (4xx) is an
 * answer, not a failure on the way.
 */
import { GrammyError, HttpError } from 'grammy';
import { SendCancelledError } from '../flood-gate.js';

/** Pauses between attempts; the last one repeats. */
const DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

/** A failure on the way, worth another attempt. */
export function isTransient(error: unknown): boolean {
  return error instanceof HttpError || (error instanceof GrammyError && error.error_code >= 500);
}

export interface UntilDeliveredOptions {
  /** Ends the wait between attempts (the shutdown): rejects with {@link SendCancelledError}. */
  cancel?: AbortSignal | undefined;
  /** Pauses between attempts, the last one repeating (tests shorten them). */
  delaysMs?: readonly number[];
}

/**
 * Runs `call` until it answers or fails for good (a refusal); a failure on the way is tried
 * again until it answers or `cancel` fires. `onRetry` hears the first failures and then every
 * tenth, so a long outage logs a line now and then, not one per attempt.
 */
export async function untilDelivered<T>(call: () => Promise<T>, onRetry: (error: unknown, attempt: number) => void, options: UntilDeliveredOptions = {}): Promise<T> {
  const delays = options.delaysMs ?? DELAYS_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt <= delays.length || attempt % 10 === 0) onRetry(error, attempt);
      await pause(delays[Math.min(attempt, delays.length) - 1] ?? 0, options.cancel);
    }
  }
}

function pause(ms: number, cancel: AbortSignal | undefined): Promise<void> {
  if (cancel?.aborted) return Promise.reject(new SendCancelledError());
  return new Promise((resolve, reject) => {
    const onCancel = () => {
      clearTimeout(timer);
      reject(new SendCancelledError());
    };
    const timer = setTimeout(() => {
      cancel?.removeEventListener('abort', onCancel);
      resolve();
    }, ms);
    cancel?.addEventListener('abort', onCancel, { once: true });
  });
}
