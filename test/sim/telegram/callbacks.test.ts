import { InlineKeyboard } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { startPollingBot, type PollingBot } from './harness.js';

const ann = { id: 4004, first_name: 'Ann' };

describe('inline buttons', () => {
  let running: PollingBot;
  afterEach(async () => {
    await running.stop();
  });

  it('a click reaches bot.callbackQuery, and the answer and the edit are visible', async () => {
    running = await startPollingBot((bot) => {
      bot.on('message:text', (ctx) => ctx.reply('Save this share?', { reply_markup: new InlineKeyboard().text('🔗 share it', 'share:7').text('Cancel', 'cancel') }));
      bot.callbackQuery(/^share:(\d+)$/, async (ctx) => {
        await ctx.answerCallbackQuery({ text: `Sharing #${ctx.match[1]}` });
        await ctx.editMessageText('Shared ✅');
      });
    });
    const { tg } = running;
    tg.sendMessage({ from: ann, text: 'https://www.alipan.com/s/AbC' });
    const prompt = await tg.waitForBotMessage(ann.id, 'Save this share?');
    expect(prompt.buttons).toEqual([[{ text: '🔗 share it', callbackData: 'share:7' }, { text: 'Cancel', callbackData: 'cancel' }]]);
    const queryId = tg.clickButton(ann.id, prompt.messageId, { text: '🔗 share it' });
    expect(await tg.waitForCallbackAnswer(queryId)).toMatchObject({ text: 'Sharing #7' });
    await tg.waitFor(() => tg.message(ann.id, prompt.messageId)?.plainText === 'Shared ✅');
    expect(tg.transcript(ann.id)).toEqual([
      'user: https://www.alipan.com/s/AbC',
      'bot: (edited ×1) Shared ✅',
      'user: ⟨pressed [🔗 share it]⟩',
      'bot: ⟨toast: Sharing #7⟩',
    ]);
    expect(running.errors).toEqual([]);
  });

  it('a query can be answered only once', async () => {
    const results: string[] = [];
    running = await startPollingBot((bot) => {
      bot.command('menu', (ctx) => ctx.reply('menu', { reply_markup: new InlineKeyboard().text('A', 'a') }));
      bot.callbackQuery('a', async (ctx) => {
        await ctx.answerCallbackQuery();
        await ctx.answerCallbackQuery('again').catch((e: Error) => results.push(e.message));
      });
    });
    const { tg } = running;
    tg.sendMessage({ from: ann, text: '/menu' });
    const menu = await tg.waitForBotMessage(ann.id, 'menu');
    const queryId = tg.clickButton(ann.id, menu.messageId, 'a');
    await tg.waitFor(() => results.length === 1);
    expect(results[0]).toContain('query is too old and response timeout expired or query ID is invalid');
    expect(tg.callbackAnswer(queryId)).toEqual({ at: expect.any(Number) });
  });

  it('refuses to press a button that is not there, listing the ones that are', async () => {
    running = await startPollingBot((bot) => {
      bot.on('message', (ctx) => ctx.reply('pick', { reply_markup: new InlineKeyboard().text('Yes', 'y').url('Docs', 'https://www.alipan.com') }));
    });
    const { tg } = running;
    tg.sendMessage({ from: ann, text: 'x' });
    const msg = await tg.waitForBotMessage(ann.id, 'pick');
    expect(() => tg.clickButton(ann.id, msg.messageId, 'n')).toThrow(/has no callback button "n"; it has: \[Yes\] data="y" \[Docs\]/);
    expect(() => tg.clickButton(ann.id, msg.messageId, { text: 'Docs' })).toThrow(/no callback button/);
  });

  it('an answer that comes too late is refused like Telegram does', async () => {
    const results: string[] = [];
    running = await startPollingBot((bot) => {
      bot.command('menu', (ctx) => ctx.reply('menu', { reply_markup: new InlineKeyboard().text('Slow', 'slow') }));
      bot.callbackQuery('slow', async (ctx) => {
        await new Promise((r) => setTimeout(r, 150));
        await ctx.answerCallbackQuery('finally').catch((e: Error) => results.push(e.message));
      });
    }, { callbackAnswerTimeoutMs: 50 });
    const { tg } = running;
    tg.sendMessage({ from: ann, text: '/menu' });
    const menu = await tg.waitForBotMessage(ann.id, 'menu');
    const queryId = tg.clickButton(ann.id, menu.messageId, 'slow');
    await tg.waitFor(() => results.length === 1);
    expect(results[0]).toContain('query is too old');
    expect(tg.callbackAnswer(queryId)).toBeUndefined();
  });
});
