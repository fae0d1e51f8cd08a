import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, HttpError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';
import { postJson, rawCall } from './harness.js';

const ann = { id: 5005, first_name: 'Ann' };

describe('injected failures and API errors', () => {
  let tg: TelegramFake;
  let bot: Bot;
  beforeEach(async () => {
    tg = await startTelegramFake();
    bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    tg.sendMessage({ from: ann, text: 'hi' });
  });
  afterEach(async () => {
    await tg.close();
  });

  it('a 429 makes auto-retry wait retry_after and the message still arrives once', async () => {
    bot.api.config.use(autoRetry());
    tg.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await bot.api.sendMessage(ann.id, 'Saved ✅');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(tg.calls('sendMessage').map((c) => [c.status, c.error?.description, c.injected])).toEqual([
      [429, 'Too Many Requests: retry after 1', true],
      [200, undefined, undefined],
    ]);
    expect(tg.botMessages(ann.id).map((m) => m.plainText)).toEqual(['Saved ✅']);
  });

  it('without a retry plugin the 429 reaches the bot with parameters.retry_after', async () => {
    tg.failNext('*', { status: 429, retryAfter: 7 });
    const error = await bot.api.sendMessage(ann.id, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).parameters).toEqual({ retry_after: 7 });
    expect((error as GrammyError).error_code).toBe(429);
  });

  it('a 502 is retried by auto-retry after its backoff', async () => {
    bot.api.config.use(autoRetry());
    tg.failNext('sendMessage', { status: 502 });
    await bot.api.sendMessage(ann.id, 'after the gateway hiccup');
    expect(tg.calls('sendMessage').map((c) => c.status)).toEqual([502, 200]);
    expect(tg.calls('sendMessage')[0]!.error?.description).toBe('Bad Gateway');
  }, 10_000);

  it('an HTML gateway page and a cut connection surface as HttpError', async () => {
    tg.failNext('sendMessage', { status: 502, html: true });
    tg.failNext('sendMessage', { status: 'drop' });
    expect(await bot.api.sendMessage(ann.id, 'x').catch((e: unknown) => e)).toBeInstanceOf(HttpError);
    expect(await bot.api.sendMessage(ann.id, 'x').catch((e: unknown) => e)).toBeInstanceOf(HttpError);
    await bot.api.sendMessage(ann.id, 'third time works');
    expect(tg.botMessages(ann.id)).toHaveLength(1);
  });

  it('counted rules run out, random ones follow a seed', async () => {
    tg.failNext('getMe', { status: 500 }, 2);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await rawCall(tg, 'getMe')).status);
    expect(statuses).toEqual([500, 500, 200]);
    const run = async (): Promise<number[]> => {
      tg.clearFailures();
      tg.failRandomly('getMe', { status: 503 }, 0.5, 42);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await rawCall(tg, 'getMe')).status);
      return out;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('unknown methods are 404, a wrong token is 401', async () => {
    expect(await postJson(tg, 'sendTelepathy', {})).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } });
    const wrong = new Bot('123:wrong', { client: { apiRoot: tg.apiRoot } });
    const error = await wrong.api.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect([(error as GrammyError).error_code, (error as GrammyError).description]).toEqual([401, 'Unauthorized']);
  });
});
