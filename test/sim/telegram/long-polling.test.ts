import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';
import { postJson, startPollingBot, type PollingBot } from './harness.js';

const ann = { id: 1001, first_name: 'Ann' };

describe('getUpdates long polling', () => {
  let tg: TelegramFake | undefined;
  let running: PollingBot | undefined;
  afterEach(async () => {
    await running?.stop();
    await tg?.close();
    tg = undefined;
    running = undefined;
  });

  it('holds the request open and answers as soon as an update arrives', async () => {
    tg = await startTelegramFake();
    const started = Date.now();
    const poll = postJson(tg, 'getUpdates', { timeout: 5 });
    setTimeout(() => tg!.sendMessage({ from: ann, text: 'hello' }), 300);
    const { body } = await poll;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
    expect(body.ok).toBe(true);
    expect((body.result as Array<{ message: { text: string } }>)[0]?.message.text).toBe('hello');
  });

  it('answers an empty list when the timeout runs out', async () => {
    tg = await startTelegramFake();
    const started = Date.now();
    const { body } = await postJson(tg, 'getUpdates', { timeout: 1 });
    expect(body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('re-delivers updates until an offset confirms them', async () => {
    tg = await startTelegramFake();
    tg.sendMessage({ from: ann, text: 'one' });
    tg.sendMessage({ from: ann, text: 'two' });
    const first = (await postJson(tg, 'getUpdates', {})).body.result as Array<{ update_id: number }>;
    const again = (await postJson(tg, 'getUpdates', { limit: 1 })).body.result as Array<{ update_id: number }>;
    expect(first).toHaveLength(2);
    expect(again.map((u) => u.update_id)).toEqual([first[0]!.update_id]);
    const afterFirst = (await postJson(tg, 'getUpdates', { offset: first[0]!.update_id + 1 })).body.result as Array<{ update_id: number }>;
    expect(afterFirst.map((u) => u.update_id)).toEqual([first[1]!.update_id]);
    const afterAll = (await postJson(tg, 'getUpdates', { offset: first[1]!.update_id + 1 })).body.result;
    expect(afterAll).toEqual([]);
    expect(tg.pendingUpdates()).toEqual([]);
  });

  it('terminates the older of two overlapping polls with 409 Conflict', async () => {
    tg = await startTelegramFake();
    const older = postJson(tg, 'getUpdates', { timeout: 5 });
    await tg.waitFor((fake) => fake.calls('getUpdates').length === 1);
    const newer = postJson(tg, 'getUpdates', { timeout: 0 });
    const [a, b] = await Promise.all([older, newer]);
    expect(a.status).toBe(409);
    expect(a.body.description).toBe('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    expect(b.body).toEqual({ ok: true, result: [] });
  });

  it('drops update types the bot did not ask for, and delivers them once allowed', async () => {
    tg = await startTelegramFake();
    const group = tg.addChat({ type: 'supergroup', title: 'Shares' });
    tg.setMember(group.id, ann, 'member', { notify: true });
    expect((await postJson(tg, 'getUpdates', {})).body.result).toEqual([]);
    tg.setMember(group.id, ann, 'administrator', { notify: true });
    const allowed = (await postJson(tg, 'getUpdates', { allowed_updates: ['chat_member'] })).body.result as Array<Record<string, unknown>>;
    expect(allowed).toHaveLength(1);
    expect(allowed[0]).toHaveProperty('chat_member.new_chat_member.status', 'administrator');
  });

  it('drives a real grammY bot: the message reaches the handler and the reply is visible', async () => {
    running = await startPollingBot((bot) => {
      bot.on('message:text', (ctx) => ctx.reply(`You said: ${ctx.message.text}`));
    });
    const started = Date.now();
    running.tg.sendMessage({ from: ann, text: 'https://www.alipan.com/s/AbCd123' });
    const reply = await running.tg.waitForBotMessage(ann.id, 'You said');
    expect(Date.now() - started).toBeLessThan(1000); // the pending poll returned at once
    expect(reply.plainText).toBe('You said: https://www.alipan.com/s/AbCd123');
    expect(reply.entities).toEqual([{ type: 'url', offset: 10, length: 32 }]);
    expect(running.tg.transcript(ann.id)).toEqual(['user: https://www.alipan.com/s/AbCd123', 'bot: You said: https://www.alipan.com/s/AbCd123']);
    expect(running.errors).toEqual([]);
  });

  it('matches commands through the bot_command entity the fake adds', async () => {
    running = await startPollingBot((bot) => {
      bot.command('start', (ctx) => ctx.reply(`welcome, args=${ctx.match}`));
    });
    running.tg.sendMessage({ from: ann, text: '/start@AliyunShareBot ref42' });
    expect((await running.tg.waitForBotMessage(ann.id)).plainText).toBe('welcome, args=ref42');
  });

  it('confirms the last updates when grammY stops, so nothing is delivered twice', async () => {
    running = await startPollingBot((bot) => {
      bot.on('message', (ctx) => ctx.reply('ok'));
    });
    running.tg.sendMessage({ from: ann, text: 'a' });
    await running.tg.waitForBotMessage(ann.id, 'ok');
    await running.bot.stop();
    expect(running.tg.pendingUpdates()).toEqual([]);
  });
});
