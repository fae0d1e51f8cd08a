/**
 * Starts the Telegram fake and a real grammY bot long-polling it, and tears both down.
 */
import { Bot, type Context } from 'grammy';
import { startTelegramFake, type TelegramFake, type TelegramFakeOptions } from '../../../src/sim/telegram/index.js';

/** A running fake with a polling bot. */
export interface PollingBot {
  tg: TelegramFake;
  bot: Bot;
  /** Errors thrown by handlers (bot.catch), so tests can assert there were none. */
  errors: unknown[];
  stop(): Promise<void>;
}

/** Starts the fake, lets `setup` register handlers, starts long polling (1 s polls) and waits until it runs. */
export async function startPollingBot(setup: (bot: Bot<Context>) => void, options: TelegramFakeOptions = {}): Promise<PollingBot> {
  const tg = await startTelegramFake(options);
  const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
  setup(bot);
  const errors: unknown[] = [];
  bot.catch((err) => {
    errors.push(err.error);
  });
  await new Promise<void>((resolve, reject) => {
    bot.start({ timeout: 1, onStart: () => resolve() }).catch(reject);
  });
  return {
    tg,
    bot,
    errors,
    async stop() {
      if (bot.isRunning()) await bot.stop();
      await tg.close();
    },
  };
}

/** Calls the fake's Bot API directly, as raw HTTP. */
export async function rawCall(tg: TelegramFake, method: string, init: RequestInit & { query?: Record<string, string> } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(`${tg.url}/${method}`);
  for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** POSTs a JSON body to a method. */
export function postJson(tg: TelegramFake, method: string, params: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  return rawCall(tg, method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
}
