/**
 * How updates reach the bot: long polling through the runner (concurrent across chats,
 * sequential per chat thanks to `sequentialize` in createBot), or a webhook on node:http.
 * Each returns a `stop()` that ends intake and waits for updates already taken.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { run } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';

/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'channel_post', 'my_chat_member', 'chat_member'] as const;

/** Stops taking updates; resolves once updates already taken are handled (bounded). */
export type StopDelivery = () => Promise<void>;

/** Long polling with @grammyjs/runner. */
export async function startPolling(bot: Bot<BotContext>, logger: Logger): Promise<StopDelivery> {
  // getUpdates is refused while a webhook is set (e.g. left over from a webhook deploy).
  await bot.api.deleteWebhook();
  // The runner would print getUpdates failures with console.error, bot token (in the URL)
  // included; it stays silent and our redacting logger says it instead.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn({ err: error }, 'getUpdates failed; retrying');
      throw error;
    }
  });
  const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
  logger.info('long polling started');
  return async () => {
    await Promise.resolve(runner.stop()).catch((error: unknown) => logger.warn({ err: error }, 'runner stop failed'));
    // stop() ends fetching only; let updates already taken finish.
    const deadline = Date.now() + 10_000;
    while (runner.size() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  };
}

/**
 * A webhook server on `port`, registered at `url` with a fresh random secret: Telegram echoes
 * it in a header on every delivery, and grammY refuses requests without it (anyone who
 * guessed the URL).
 */
export async function startWebhook(
  bot: Bot<BotContext>,
  options: { url: string; port: number },
  logger: Logger,
): Promise<StopDelivery> {
  const secretToken = randomBytes(32).toString('hex');
  // 'return': answer Telegram within its timeout and finish the update in the background.
  const callback = webhookCallback(bot, 'http', { secretToken, onTimeout: 'return' });
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    callback(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  await bot.api.setWebhook(options.url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
  logger.info({ port: options.port }, 'webhook server listening');
  // The webhook stays registered: Telegram keeps updates until the next start.
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
