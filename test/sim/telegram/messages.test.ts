import { Bot, GrammyError, InputFile } from 'grammy';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';

const ann = { id: 2002, first_name: 'Ann' };

/** The GrammyError a call fails with. */
async function failure(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

describe('sending and editing messages through grammY', () => {
  let tg: TelegramFake;
  let bot: Bot;
  beforeEach(async () => {
    tg = await startTelegramFake();
    bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    tg.sendMessage({ from: ann, text: 'hi' }); // opens the private chat
  });
  afterEach(async () => {
    await tg.close();
  });

  it('keeps the raw HTML and the plain text the user sees', async () => {
    const sent = await bot.api.sendMessage(ann.id, '📁 Saved <b>电影 &amp; 剧集</b> to <code>/Saves</code>', { parse_mode: 'HTML' });
    expect(sent.text).toBe('📁 Saved 电影 & 剧集 to /Saves');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 9, length: 7 },
      { type: 'code', offset: 20, length: 6 },
    ]);
    const view = tg.lastBotMessage(ann.id)!;
    expect(view.rawText).toBe('📁 Saved <b>电影 &amp; 剧集</b> to <code>/Saves</code>');
    expect(view.plainText).toBe('📁 Saved 电影 & 剧集 to /Saves');
    expect(sent.from?.username).toBe('AliyunShareBot');
    expect(sent.message_id).toBe(2); // the user's "hi" was message 1 in this chat
  });

  it('rejects an unescaped name in HTML with "can\'t parse entities" and sends nothing', async () => {
    const error = await failure(bot.api.sendMessage(ann.id, 'Saved <b>Tom & Jerry</b> for <Ann>', { parse_mode: 'HTML' }));
    expect(error.error_code).toBe(400);
    expect(error.description).toMatch(/^Bad Request: can't parse entities: Unsupported HTML entity at byte offset 13/);
    const unclosed = await failure(bot.api.sendMessage(ann.id, '<b>x', { parse_mode: 'HTML' }));
    expect(unclosed.description).toBe('Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    expect(tg.botMessages(ann.id)).toEqual([]);
  });

  it('rejects unescaped MarkdownV2 reserved characters', async () => {
    const error = await failure(bot.api.sendMessage(ann.id, 'Saved 3 files.', { parse_mode: 'MarkdownV2' }));
    expect(error.description).toBe("Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'");
  });

  it('rejects empty and too long texts', async () => {
    expect((await failure(bot.api.sendMessage(ann.id, ''))).description).toBe('Bad Request: message text is empty');
    expect((await failure(bot.api.sendMessage(ann.id, '<b> </b>', { parse_mode: 'HTML' }))).description).toBe('Bad Request: message text is empty');
    expect((await failure(bot.api.sendMessage(ann.id, 'x'.repeat(4097)))).description).toBe('Bad Request: message is too long');
    await bot.api.sendMessage(ann.id, 'x'.repeat(4096));
  });

  it('shows edits, and answers "message is not modified" for an identical edit', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Cancel', callback_data: 'cancel:1' }]] };
    const sent = await bot.api.sendMessage(ann.id, 'Saving… 0%', { reply_markup: keyboard });
    await bot.api.editMessageText(ann.id, sent.message_id, 'Saving… <b>50%</b>', { parse_mode: 'HTML', reply_markup: keyboard });
    const same = await failure(bot.api.editMessageText(ann.id, sent.message_id, 'Saving… 50%', { entities: [{ type: 'bold', offset: 8, length: 3 }], reply_markup: keyboard }));
    expect(same.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    // Same text without reply_markup is a change: it removes the keyboard.
    await bot.api.editMessageText(ann.id, sent.message_id, 'Saving… <b>50%</b>', { parse_mode: 'HTML' });
    const view = tg.message(ann.id, sent.message_id)!;
    expect(view.plainText).toBe('Saving… 50%');
    expect(view.buttons).toEqual([]);
    expect(view.editCount).toBe(2);
    expect(view.versions).toEqual(['Saving… 0%', 'Saving… 50%']);
    expect(view.message.edit_date).toBeTypeOf('number');
  });

  it('edits only the keyboard with editMessageReplyMarkup', async () => {
    const sent = await bot.api.sendMessage(ann.id, 'Pick', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    await bot.api.editMessageReplyMarkup(ann.id, sent.message_id, { reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] } });
    expect(tg.message(ann.id, sent.message_id)!.buttons).toEqual([[{ text: 'B', callbackData: 'b' }]]);
    const same = await failure(bot.api.editMessageReplyMarkup(ann.id, sent.message_id, { reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] } }));
    expect(same.description).toMatch(/^Bad Request: message is not modified/);
  });

  it('knows deleted and missing messages', async () => {
    const sent = await bot.api.sendMessage(ann.id, 'temporary');
    await bot.api.deleteMessage(ann.id, sent.message_id);
    expect(tg.message(ann.id, sent.message_id)!.deleted).toBe(true);
    expect((await failure(bot.api.deleteMessage(ann.id, sent.message_id))).description).toBe('Bad Request: message to delete not found');
    expect((await failure(bot.api.editMessageText(ann.id, sent.message_id, 'x'))).description).toBe('Bad Request: message to edit not found');
    expect((await failure(bot.api.editMessageText(ann.id, 999, 'x'))).description).toBe('Bad Request: message to edit not found');
    expect((await failure(bot.api.editMessageText(ann.id, 1, 'x'))).description).toBe("Bad Request: message can't be edited");
    expect(tg.transcript(ann.id)).toEqual(['user: hi', 'bot: (deleted) temporary']);
  });

  it('limits callback_data to 64 bytes, which is 21 Chinese characters', async () => {
    const tooLong = { inline_keyboard: [[{ text: '保存', callback_data: `s:${'文'.repeat(21)}` }]] }; // 2 + 63 bytes
    expect((await failure(bot.api.sendMessage(ann.id, 'x', { reply_markup: tooLong }))).description).toBe('Bad Request: BUTTON_DATA_INVALID');
    const fits = { inline_keyboard: [[{ text: '保存', callback_data: `${'文'.repeat(21)}` }]] };
    await bot.api.sendMessage(ann.id, 'x', { reply_markup: fits });
    const textOnly = { inline_keyboard: [[{ text: 'no action' }]] } as never;
    expect((await failure(bot.api.sendMessage(ann.id, 'x', { reply_markup: textOnly }))).description).toMatch(/Text buttons are unallowed/);
    const badUrl = { inline_keyboard: [[{ text: 'open', url: 'not a url' }]] };
    expect((await failure(bot.api.sendMessage(ann.id, 'x', { reply_markup: badUrl }))).description).toMatch(/inline keyboard button URL 'not a url' is invalid/);
  });

  it('receives sendPhoto uploads as multipart with the exact bytes', async () => {
    const png = await QRCode.toBuffer('https://www.alipan.com/o/oauth/authorize?sid=abc', { width: 300 });
    const sent = await bot.api.sendPhoto(ann.id, new InputFile(png, 'login.png'), {
      caption: 'Scan to <b>log in</b>',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: '✅ Done', callback_data: 'login:done' }]] },
    });
    const call = tg.calls('sendPhoto')[0]!;
    expect(call.transport).toBe('multipart');
    expect(call.params.reply_markup).toEqual({ inline_keyboard: [[{ text: '✅ Done', callback_data: 'login:done' }]] });
    expect(call.params.photo).toMatchObject({ kind: 'upload', filename: 'login.png' });
    const view = tg.lastBotMessage(ann.id)!;
    expect(view.photo).toMatchObject({ bytes: png.length, width: 300, height: 300 });
    expect(view.caption).toBe('Scan to log in');
    const largest = sent.photo.at(-1)!;
    expect(tg.fileBytes(largest.file_id)?.equals(png)).toBe(true);
    expect(sent.photo.map((p) => p.width)).toEqual([90, 300]);
    // The bot can fetch it back like from Telegram's file server.
    const file = await bot.api.getFile(largest.file_id);
    const downloaded = Buffer.from(await (await fetch(`${tg.apiRoot}/file/bot${tg.token}/${file.file_path}`)).arrayBuffer());
    expect(downloaded.equals(png)).toBe(true);
    // Re-sending by file_id goes as plain JSON.
    await bot.api.sendPhoto(ann.id, largest.file_id);
    expect(tg.calls('sendPhoto')[1]!.transport).toBe('json');
  });

  it('refuses bytes that are not an image', async () => {
    const error = await failure(bot.api.sendPhoto(ann.id, new InputFile(Buffer.from('definitely not a png'))));
    expect(error.description).toBe('Bad Request: IMAGE_PROCESS_FAILED');
  });

  it('answers Forbidden for users who never started the bot or blocked it', async () => {
    const group = tg.addChat({ type: 'group', title: 'Friends', members: [{ id: 3003, first_name: 'Bo' }] });
    expect(group.id).toBeLessThan(0);
    const never = await failure(bot.api.sendMessage(3003, 'hello'));
    expect([never.error_code, never.description]).toEqual([403, "Forbidden: bot can't initiate conversation with a user"]);
    expect((await failure(bot.api.sendMessage(424242, 'hello'))).description).toBe('Bad Request: chat not found');
    tg.blockBot(ann.id);
    const blocked = await failure(bot.api.sendMessage(ann.id, 'hello'));
    expect([blocked.error_code, blocked.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    expect(tg.pendingUpdates().at(-1)).toHaveProperty('my_chat_member.new_chat_member.status', 'kicked');
  });

  it('records chat actions and reactions', async () => {
    await bot.api.sendChatAction(ann.id, 'upload_photo');
    expect(tg.chatActions(ann.id).map((a) => a.action)).toEqual(['upload_photo']);
    expect((await failure(bot.api.sendChatAction(ann.id, 'dancing' as never))).description).toBe('Bad Request: wrong parameter action in request');
    await bot.api.setMessageReaction(ann.id, 1, [{ type: 'emoji', emoji: '👀' }]);
    expect(tg.message(ann.id, 1)!.reactions).toEqual([{ type: 'emoji', emoji: '👀' }]);
    expect((await failure(bot.api.setMessageReaction(ann.id, 1, [{ type: 'emoji', emoji: '🥔' as never }]))).description).toBe('Bad Request: REACTION_INVALID');
  });

  it('sends replies with reply_to_message', async () => {
    const sent = await bot.api.sendMessage(ann.id, 'answer', { reply_parameters: { message_id: 1 } });
    expect(sent.reply_to_message?.text).toBe('hi');
    expect((await failure(bot.api.sendMessage(ann.id, 'x', { reply_parameters: { message_id: 77 } }))).description).toBe('Bad Request: message to be replied not found');
  });
});
