/**
 * The flood gate against the Telegram fake with its limits on (over HTTP): calls wait for their
 * turn, the urgent first; a 429 is outlasted, never answered early; waiting progress can be
 * cancelled and is then never sent.
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureApi } from '../../src/bot/api-config.js';
import { SendCancelledError, sendAs, type ApiSignal } from '../../src/bot/flood-gate.js';
import { startTelegramFake, type TelegramFake } from '../../src/sim/telegram/index.js';

const ANN = { id: 601, first_name: 'Ann' };

describe('flood gate', () => {
  let tg: TelegramFake;
  let api: Api;
  beforeEach(async () => {
    tg = await startTelegramFake({ limits: true });
    api = new Api(tg.token, { apiRoot: tg.apiRoot });
    configureApi(api, { maxRetryAttempts: 1, maxDelaySeconds: 1 });
    tg.sendMessage({ from: ANN, text: 'hi' });
  });
  afterEach(async () => {
    await tg.close();
  });

  it("a chat's burst spent, outcomes go before status messages before progress; none is refused", async () => {
    const first = await Promise.all([1, 2, 3].map((n) => api.sendMessage(ANN.id, `burst ${n}`)));
    const progress = api.editMessageText(ANN.id, first[0]!.message_id, 'progress', {}, sendAs('progress'));
    const status = api.sendMessage(ANN.id, 'status', {}, sendAs('status'));
    const outcome = api.editMessageText(ANN.id, first[1]!.message_id, 'outcome', {}, sendAs('now'));
    await Promise.all([progress, status, outcome]);
    const order = tg.calls().filter((c) => c.method !== 'getMe' && c.status === 200).map((c) => c.params['text']);
    expect(order).toEqual(['burst 1', 'burst 2', 'burst 3', 'outcome', 'status', 'progress']);
    expect(tg.calls().filter((c) => c.status === 429)).toEqual([]);
    // About one a second after the burst, as Telegram allows.
    const times = tg.calls().filter((c) => c.status === 200 && c.method !== 'getMe').map((c) => c.at);
    expect(times[5]! - times[3]!).toBeGreaterThanOrEqual(1900);
  });

  it('a 429 Telegram answers anyway is sent again only after its retry_after, however many times', async () => {
    tg.failNext('sendMessage', { status: 429, retryAfter: 1 }, 3);
    const started = Date.now();
    const sent = await api.sendMessage(ANN.id, 'outcome');
    expect(sent.text).toBe('outcome');
    const tries = tg.calls('sendMessage');
    expect(tries.map((c) => c.status)).toEqual([429, 429, 429, 200]);
    for (let i = 1; i < tries.length; i++) expect(tries[i]!.at - tries[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });

  it("a call's send class and cancel signal stay with the gate: a call on its way is never cut off by them, and other signals pass", async () => {
    // Innermost (installed first): what reaches the HTTP client.
    const bare = new Api(tg.token, { apiRoot: tg.apiRoot });
    const reaching: unknown[] = [];
    bare.config.use((prev, method, payload, signal) => {
      if (method !== 'getMe') reaching.push(signal);
      return prev(method, payload, signal);
    });
    configureApi(bare, { maxRetryAttempts: 1, maxDelaySeconds: 1 });
    const cancel = new AbortController();
    await bare.sendMessage(ANN.id, 'status', {}, sendAs('status', cancel.signal));
    await bare.sendMessage(ANN.id, 'outcome', {}, sendAs('now'));
    const own = new AbortController();
    await bare.sendMessage(ANN.id, 'plain', {}, own.signal as unknown as ApiSignal);
    expect(reaching).toEqual([undefined, undefined, own.signal]);
  });

  it('progress cancelled while it waits is never sent', async () => {
    await Promise.all([1, 2, 3].map((n) => api.sendMessage(ANN.id, `burst ${n}`)));
    const cancel = new AbortController();
    const progress = api.sendMessage(ANN.id, 'progress', {}, sendAs('progress', cancel.signal));
    cancel.abort();
    await expect(progress).rejects.toBeInstanceOf(SendCancelledError);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(tg.calls('sendMessage').map((c) => c.params['text'])).toEqual(['burst 1', 'burst 2', 'burst 3']);
  });
});
