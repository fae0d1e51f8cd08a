import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';
import { rawCall } from './harness.js';

const ann = { id: 8008, first_name: 'Ann' };
const keyboard = { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] };

describe('request encodings the Bot API accepts', () => {
  let tg: TelegramFake;
  beforeEach(async () => {
    tg = await startTelegramFake();
    tg.sendMessage({ from: ann, text: 'hi' });
  });
  afterEach(async () => {
    await tg.close();
  });

  it('accepts application/x-www-form-urlencoded with JSON-encoded objects', async () => {
    const body = new URLSearchParams({ chat_id: String(ann.id), text: '<i>form</i>', parse_mode: 'HTML', reply_markup: JSON.stringify(keyboard), disable_notification: 'true' });
    const { status } = await rawCall(tg, 'sendMessage', { method: 'POST', body });
    expect(status).toBe(200);
    const call = tg.calls('sendMessage')[0]!;
    expect(call.transport).toBe('urlencoded');
    expect(call.params).toEqual({ chat_id: ann.id, text: '<i>form</i>', parse_mode: 'HTML', reply_markup: keyboard, disable_notification: true });
    expect(tg.lastBotMessage(ann.id)).toMatchObject({ plainText: 'form', buttons: [[{ text: 'Go', callbackData: 'go' }]] });
  });

  it('accepts GET query parameters and case-insensitive method names', async () => {
    const { body } = await rawCall(tg, 'SENDMESSAGE', { query: { chat_id: String(ann.id), text: 'via query' } });
    expect(body).toMatchObject({ ok: true, result: { text: 'via query', chat: { id: ann.id } } });
    expect(tg.calls('sendMessage')[0]!.transport).toBe('query');
  });

  it('accepts multipart with the file under its field name and reply_markup as a JSON string', async () => {
    const form = new FormData();
    form.set('chat_id', String(ann.id));
    form.set('reply_markup', JSON.stringify(keyboard));
    const gif = Buffer.from('474946383961020003000000', 'hex'); // GIF89a, 2×3
    form.set('photo', new Blob([gif]), 'tiny.gif');
    const { body } = await rawCall(tg, 'sendPhoto', { method: 'POST', body: form });
    expect(body).toMatchObject({ ok: true, result: { reply_markup: keyboard } });
    expect(tg.lastBotMessage(ann.id)!.photo).toMatchObject({ width: 2, height: 3, bytes: gif.length });
  });

  it('answers a body that is not JSON with 400', async () => {
    const { status, body } = await rawCall(tg, 'sendMessage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect([status, body.description]).toEqual([400, "Bad Request: can't parse JSON encoded data"]);
  });

  it('exposes the control API over HTTP for out-of-process drivers', async () => {
    const res = await fetch(`${tg.apiRoot}/__control/sendMessage`, { method: 'POST', body: JSON.stringify([{ from: ann, text: 'from afar' }]) });
    expect(await res.json()).toMatchObject({ ok: true, result: { text: 'from afar', message_id: 2 } });
    const transcript = await (await fetch(`${tg.apiRoot}/__control/transcript`, { method: 'POST', body: JSON.stringify([ann.id]) })).json();
    expect(transcript).toEqual({ ok: true, result: ['user: hi', 'user: from afar'] });
  });
});
