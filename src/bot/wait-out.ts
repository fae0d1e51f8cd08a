/**
 * For the few calls that tell an outcome but that the flood gate does not hold (a reaction, say):
 * a 429 is waited out for as long as Telegram says, however long — the call is never dropped for
 * being refused — and the shutdown's `closing` signal cuts the wait off with
 * {@link SendCancelledError}, as the gate does for the calls it holds.
 */
import { GrammyError } from 'grammy';
import { SendCancelledError } from './flood-gate.js';

/** Runs `call` until Telegram lets it through; other failures are the caller's. */
export async function waitingOut429<T>(call: () => Promise<T>, closing?: AbortSignal): Promise<T> {
  for (;;) {
    if (closing?.aborted) throw new SendCancelledError();
    try {
      return await call();
    } catch (error) {
      const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
      if (retryAfter === undefined) throw error;
      await pause(retryAfter * 1000, closing);
    }
  }
}

function pause(ms: number, closing: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(new SendCancelledError());
    };
    const timer = setTimeout(() => {
      closing?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    closing?.addEventListener('abort', stop, { once: true });
  });
}
