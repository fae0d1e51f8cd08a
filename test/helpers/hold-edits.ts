import type { Api } from 'grammy';

/** Holds every editMessageText `api` sends until released, as a slow Telegram would. */
export function holdEdits(api: Api): { inFlight: () => number; release: () => void } {
  let waiting: Array<() => void> = [];
  let held = true;
  let inFlight = 0;
  api.config.use(async (prev, method, payload, signal) => {
    if (method === 'editMessageText' && held) {
      inFlight += 1;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    return prev(method, payload, signal);
  });
  return {
    inFlight: () => inFlight,
    release() {
      held = false;
      for (const go of waiting) go();
      waiting = [];
    },
  };
}
