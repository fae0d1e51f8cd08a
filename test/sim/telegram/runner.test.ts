import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';

describe('@grammyjs/runner against the fake', () => {
  let tg: TelegramFake;
  let runner: RunnerHandle | undefined;
  afterEach(async () => {
    if (runner?.isRunning()) await runner.stop();
    await tg.close();
  });

  it('handles concurrent users with per-chat order kept by sequentialize', async () => {
    tg = await startTelegramFake();
    const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
    bot.on('message:text', async (ctx) => {
      // A slower first message must not be overtaken by the second one in the same chat.
      if (ctx.message.text.endsWith('#1')) await new Promise((r) => setTimeout(r, 100));
      await ctx.reply(`done ${ctx.message.text}`);
    });
    runner = run(bot, { runner: { fetch: { timeout: 1 } } });
    const users = [{ id: 9101, first_name: 'Ann' }, { id: 9102, first_name: 'Bo' }];
    for (const n of [1, 2, 3]) for (const user of users) tg.sendMessage({ from: user, text: `${user.first_name} #${n}` });
    for (const user of users) {
      await tg.waitFor(() => tg.botMessages(user.id).length === 3);
      expect(tg.botMessages(user.id).map((m) => m.plainText)).toEqual([1, 2, 3].map((n) => `done ${user.first_name} #${n}`));
    }
  });
});
