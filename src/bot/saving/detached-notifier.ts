/**
 * Takes Telegram off the save's path: the workers report and move on to the next save at once,
 * while the report waits its turn for Telegram (outcomes are never dropped: see flood-gate.ts).
 * `idle` lets a shutdown wait for the reports still on their way.
 */
import type { Logger } from '../../logger.js';
import type { SaveNotifier } from '../../jobs/save-outcome.js';

export interface DetachedNotifier extends SaveNotifier {
  /** Resolves once every report handed in so far has been told (or `timeoutMs` passed). */
  idle(timeoutMs: number): Promise<void>;
}

export function detachDelivery(inner: SaveNotifier, logger: Logger): DetachedNotifier {
  const inFlight = new Set<Promise<void>>();
  const track = (what: string, told: () => Promise<void>): Promise<void> => {
    let promise: Promise<void>;
    try {
      promise = told();
    } catch (error) {
      promise = Promise.reject(error);
    }
    const settled = promise.catch((error: unknown) => logger.warn({ err: error }, `${what} notification failed`));
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
    return Promise.resolve();
  };
  return {
    progress: (job, progress) => track('progress', () => inner.progress(job, progress)),
    outcome: (job, outcome) => track('outcome', () => inner.outcome(job, outcome)),
    async idle(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
      await Promise.race([Promise.all([...inFlight]), giveUp]);
      clearTimeout(timer);
    },
  };
}
