/**
 * An outcome must reach the user: a call that failed on the way (the connection cut, Telegram's
 * 5xx once auto-retry gave up) is made again after a growing pause, for a few minutes. A 429 never
 * gets here (the flood gate outlasts it); a refusal (4xx) is an answer, not a failure on the way.
 */
import { GrammyError, HttpError } from 'grammy';

/** Pauses between attempts (≈ 4 min in all). */
const DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 30_000, 60_000, 60_000];

/** A failure on the way, worth another attempt. */
export function isTransient(error: unknown): boolean {
  return error instanceof HttpError || (error instanceof GrammyError && error.error_code >= 500);
}

/** Runs `call` until it answers (or fails for good); `onRetry` hears each failure on the way. */
export async function untilDelivered<T>(call: () => Promise<T>, onRetry: (error: unknown, attempt: number) => void, delaysMs: readonly number[] = DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (!isTransient(error) || delay === undefined) throw error;
      onRetry(error, attempt + 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
