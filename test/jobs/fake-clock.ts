import type { Clock } from '../../src/jobs/clock.js';

/**
 * A clock whose sleeps take no time: each is recorded in `slept` and moves `now` on by its
 * length; `onSleep(ms, count)` runs first (count: sleeps so far, this one included).
 */
export function fakeClock(onSleep: (ms: number, count: number) => void = () => undefined): Clock & { slept: number[] } {
  let now = Date.now();
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      onSleep(ms, slept.length);
      now += ms;
    },
  };
}
