/**
 * One chat's flood must not stall update intake for everyone: under the runner, every update
 * parked by `sequentialize` holds a runner slot, so the backlog per chat is bounded.
 */
import { run, sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { chatBacklog, chatKey } from '../../src/bot/middleware/chat-backlog.js';

// Only what grammY reads; the rest of getMe's answer does not matter here.
const BOT_INFO = { id: 1, is_bot: true, first_name: 'bot', username: 'bot' } as UserFromGetMe;

let updateId = 1;
function textFrom(chatId: number, text: string): Update {
  const id = updateId++;
  return {
    update_id: id,
    message: { message_id: id, date: 0, text, chat: { id: chatId, type: 'private', first_name: 'u' }, from: { id: chatId, is_bot: false, first_name: 'u', language_code: 'en' } },
  };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** A bot on a fake getUpdates holding the flood, then the other user's message. */
function startBot(bound: boolean, updates: Update[]) {
  const bot = new Bot<Context>('1:test', { botInfo: BOT_INFO });
  const replies: Array<{ chatId: number; text: string }> = [];
  const pending = [...updates];
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    if (method === 'getUpdates') {
      // As Telegram does: at most `limit` (the runner asks for its free slots), oldest first.
      const batch = pending.splice(0, typeof p.limit === 'number' ? p.limit : 100);
      if (batch.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      return { ok: true, result: batch } as never;
    }
    if (method === 'sendMessage') replies.push({ chatId: Number(p.chat_id), text: String(p.text) });
    return { ok: true, result: true } as never;
  });
  const handled: number[] = [];
  let releaseFlood!: () => void;
  const flood = new Promise<void>((resolve) => (releaseFlood = resolve));
  if (bound) bot.use(chatBacklog(20));
  bot.use(sequentialize(chatKey));
  bot.on('message', async (ctx) => {
    if (ctx.chat.id === 100) await flood; // the flooding chat's handler is slow
    handled.push(ctx.chat.id);
  });
  const runner = run(bot, { sink: { concurrency: 50 }, runner: { silent: true } });
  stop = async () => {
    releaseFlood();
    await runner.stop();
  };
  return { handled, replies };
}

const waitUntil = async (check: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

describe('a chat flooding the bot', () => {
  const updates = () => [...Array.from({ length: 200 }, (_, i) => textFrom(100, `flood ${i}`)), textFrom(200, 'hello')];

  it("does not hold up another chat's message, and is told once that messages were skipped", async () => {
    const { handled, replies } = startBot(true, updates());
    expect(await waitUntil(() => handled.includes(200), 2_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const told = replies.filter((r) => r.chatId === 100);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('skipped');
  });

  it('without the bound the flood holds every runner slot (the failure this guards against)', async () => {
    const { handled } = startBot(false, updates());
    expect(await waitUntil(() => handled.includes(200), 1_000)).toBe(false);
  });
});
