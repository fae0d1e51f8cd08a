import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';
import { postJson } from './harness.js';

/** Telegram's exact answer past a limit. */
function tooMany(seconds: number) {
  return { status: 429, body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } } };
}

describe("the fake's Telegram flood limits (over HTTP)", () => {
  let tg: TelegramFake | undefined;
  let clock = 1_000_000;
  afterEach(async () => {
    await tg?.close();
    tg = undefined;
  });

  async function start(limits: boolean): Promise<TelegramFake> {
    clock = 1_000_000;
    tg = await startTelegramFake({ limits, now: () => clock });
    return tg;
  }

  const send = (fake: TelegramFake, chatId: number, text = 'hi') => postJson(fake, 'sendMessage', { chat_id: chatId, text });
  const statuses = async (calls: Array<Promise<{ status: number }>>) => (await Promise.all(calls)).map((answer) => answer.status);

  it('a private chat takes a burst of 3, then 1 message a second; the 429 is shaped as Telegram shapes it', async () => {
    const fake = await start(true);
    fake.sendMessage({ from: { id: 501, first_name: 'Ann' }, text: 'hi' });
    for (let i = 0; i < 3; i++) expect((await send(fake, 501)).status).toBe(200);
    expect(await send(fake, 501)).toEqual(tooMany(1));
    clock += 999;
    expect((await send(fake, 501)).status).toBe(429);
    clock += 1;
    expect((await send(fake, 501)).status).toBe(200);
    expect(await send(fake, 501)).toEqual(tooMany(1));
    // Edits count too; a refused call cost nothing, so one second buys exactly one more.
    clock += 1000;
    expect((await send(fake, 501)).status).toBe(200);
    expect(await postJson(fake, 'editMessageText', { chat_id: 501, message_id: 2, text: 'edited' })).toEqual(tooMany(1));
    // What is not a message does not count.
    expect((await postJson(fake, 'getMe', {})).status).toBe(200);
    expect((await postJson(fake, 'sendChatAction', { chat_id: 501, action: 'typing' })).status).toBe(200);
  });

  it('past 30 messages a second across chats, any chat is refused', async () => {
    const fake = await start(true);
    const users = Array.from({ length: 31 }, (_, i) => 1000 + i);
    for (const id of users) fake.sendMessage({ from: { id, first_name: `U${id}` }, text: 'hi' });
    expect(await statuses(users.slice(0, 30).map((id) => send(fake, id)))).toEqual(Array(30).fill(200));
    expect(await send(fake, users[30]!)).toEqual(tooMany(1));
    clock += 1000 / 30;
    expect((await send(fake, users[30]!)).status).toBe(200);
    expect((await send(fake, users[0]!)).status).toBe(429);
  });

  it('a group takes 20 messages a minute', async () => {
    const fake = await start(true);
    const group = fake.addChat({ type: 'supergroup', title: 'Films' });
    expect(await statuses(Array.from({ length: 20 }, () => send(fake, group.id)))).toEqual(Array(20).fill(200));
    expect(await send(fake, group.id)).toEqual(tooMany(3));
    clock += 3000;
    expect((await send(fake, group.id)).status).toBe(200);
    expect((await send(fake, group.id)).status).toBe(429);
  });

  it('off by default: no limit at all', async () => {
    const fake = await start(false);
    fake.sendMessage({ from: { id: 501, first_name: 'Ann' }, text: 'hi' });
    expect(await statuses(Array.from({ length: 40 }, () => send(fake, 501)))).toEqual(Array(40).fill(200));
  });
});
