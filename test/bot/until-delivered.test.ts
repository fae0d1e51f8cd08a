/**
 * An outcome outlasts any outage of Telegram's: a failure on the way is tried again for as long
 * as it takes (the pauses grow, then repeat), a refusal is an answer, and only the shutdown ends
 * the wait — so the outcome stays untold and the next start tells it.
 */
import { describe, expect, it } from 'vitest';
import { GrammyError, HttpError } from 'grammy';
import { untilDelivered } from '../../src/bot/saving/until-delivered.js';
import { SendCancelledError } from '../../src/bot/flood-gate.js';

const badGateway = () => new GrammyError('Bad Gateway', { ok: false, error_code: 502, description: 'Bad Gateway' }, 'editMessageText', {});
const cutOff = () => new HttpError("Network request for 'editMessageText' failed!", new Error('socket hang up'));

/** A call that fails on the way `failures` times, then answers. */
function flaky(failures: number, fail: () => Error = badGateway) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    if (calls <= failures) throw fail();
    return 'told';
  };
  return { call, calls: () => calls };
}

describe('untilDelivered', () => {
  it('keeps trying through an outage longer than its list of pauses, the last pause repeating', async () => {
    const { call, calls } = flaky(40, cutOff);
    const told = await untilDelivered(call, () => undefined, {
      delaysMs: [1, 2, 5],
    });
    expect(told).toBe('told');
    expect(calls()).toBe(41);
  });

  it('reports the first failures, then every tenth, so a long outage logs now and then', async () => {
    const { call } = flaky(25);
    const heard: number[] = [];
    await untilDelivered(call, (_error, attempt) => heard.push(attempt), { delaysMs: [0, 0, 0] });
    expect(heard).toEqual([1, 2, 3, 10, 20]);
  });

  it('gives a refusal back at once: it is an answer, not a failure on the way', async () => {
    let calls = 0;
    const refused = new GrammyError('Forbidden', { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 'sendMessage', {});
    await expect(
      untilDelivered(async () => {
        calls += 1;
        throw refused;
      }, () => undefined, { delaysMs: [0] }),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('ends the wait when the shutdown comes, so the outcome stays untold', async () => {
    const closing = new AbortController();
    const { call, calls } = flaky(Number.POSITIVE_INFINITY);
    const started = Date.now();
    const told = untilDelivered(call, () => undefined, { cancel: closing.signal, delaysMs: [60_000] });
    setTimeout(() => closing.abort(), 30);
    await expect(told).rejects.toBeInstanceOf(SendCancelledError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls()).toBe(1);
  });

  it('does not try again once the shutdown has come', async () => {
    const closing = new AbortController();
    closing.abort();
    const { call, calls } = flaky(1);
    await expect(untilDelivered(call, () => undefined, { cancel: closing.signal, delaysMs: [0] })).rejects.toBeInstanceOf(SendCancelledError);
    expect(calls()).toBe(1);
  });
});
