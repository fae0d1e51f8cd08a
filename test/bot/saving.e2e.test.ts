/**
 * Pasting, forwarding and watching shares being saved, end to end, for both queue drivers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderQrPng } from '../../src/bot/qr-login.js';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('saving shares (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** The bot's status messages that reply to one user message. */
  function statusesFor(u: TestUser, messageId: number) {
    return e2e.tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === messageId);
  }

  /** Waits until every status message replying to `messageId` shows a final outcome. */
  function finalStatuses(u: TestUser, messageId: number, count = 1) {
    return e2e.tg.waitFor(
      () => {
        const statuses = statusesFor(u, messageId);
        return statuses.length === count && statuses.every((m) => /^(✅|⚠️|❌|🔑|ℹ️)/u.test(m.plainText)) && statuses;
      },
      { timeoutMs: 20_000, description: `${count} final status message(s) for message ${messageId}` },
    );
  }

  it('a pasted share: one status message, edited from queued to saved, and the files in the drive', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.folder.text });
    const [status] = await finalStatuses(u, sent.message_id);
    // 21 files in 4 folders: the count is the files, as the drive shows them.
    expect(status!.plainText).toBe('✅ 「地球脉动 Planet Earth」 saved to /来自分享 (21 files)');
    expect(status!.versions[0]).toContain('Queued');
    expect(status!.editCount).toBeGreaterThanOrEqual(1);
    const tree = sim.tree(u.account.userId);
    expect(tree['/来自分享/地球脉动 Planet Earth/Season 1']).toBe(8);
    expect(tree['/来自分享/地球脉动 Planet Earth/字幕']).toBe(3);
  });

  it('a forwarded channel post whose link hides in a text_link entity is saved', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const text = '🎬 Big Buck Bunny 1080p\n👉 点击保存';
    const sent = tg.sendMessage({
      from: u.user,
      text,
      entities: [{ type: 'text_link', offset: text.indexOf('点击保存'), length: 4, url: sim.catalogue.singleFile.url }],
      forward_origin: {
        type: 'channel',
        chat: { id: -1001234567890, type: 'channel', title: '资源频道' },
        message_id: 77,
        date: Math.floor(Date.now() / 1000) - 60,
      },
    });
    const [status] = await finalStatuses(u, sent.message_id);
    expect(status!.plainText).toContain('saved to /来自分享');
    expect(sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);
  });

  it('a photo caption and an inline button of a forwarded post are read too', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const captioned = tg.sendMessage({ from: u.user, photo: await renderQrPng('cover'), caption: sim.catalogue.password.text });
    const [fromCaption] = await finalStatuses(u, captioned.message_id);
    expect(fromCaption!.plainText).toContain('「考研资料 2024」 saved');

    const buttoned = tg.sendMessage({
      from: u.user,
      text: '壁纸合集，点下面按钮保存',
      forward_from_chat: { id: -1009876543210, type: 'channel', title: '壁纸' },
      reply_markup: { inline_keyboard: [[{ text: '💾 保存', url: sim.catalogue.many.url }]] },
    });
    const [fromButton] = await finalStatuses(u, buttoned.message_id);
    expect(fromButton!.plainText).toContain('「壁纸合集 250张」 saved');
    // The share's 250 top-level files land directly in the save folder.
    expect(sim.tree(u.account.userId)['/来自分享']).toBe(250);
  });

  it('two links in one message get two status messages', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: `${sim.catalogue.singleFile.text}\n\n${sim.catalogue.folder.text}` });
    const statuses = await finalStatuses(u, sent.message_id, 2);
    expect(statuses.map((m) => m.plainText).sort()).toEqual([
      '✅ 「Big.Buck.Bunny.2008.1080p.mp4」 saved to /来自分享 (1 file)',
      '✅ 「地球脉动 Planet Earth」 saved to /来自分享 (21 files)',
    ]);
  });

  it('a wrong password is reported, and the code sent as the next message retries the share', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: `看看这个 ${sim.catalogue.password.url} 提取码: zz99` });
    const [ask] = await finalStatuses(u, sent.message_id);
    expect(ask!.plainText).toContain('Wrong password');
    expect(sim.tree(u.account.userId)['/来自分享/考研资料 2024']).toBeUndefined();

    const answer = tg.sendMessage({ from: u.user, text: 'ab12' });
    const [saved] = await finalStatuses(u, answer.message_id);
    expect(saved!.plainText).toBe('✅ 「考研资料 2024」 saved to /来自分享 (5 files)');
    expect(sim.tree(u.account.userId)['/来自分享/考研资料 2024']).toBe(5);
  });

  it('a missing password is asked for; a reply to that status message with the code saves it', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.password.url });
    const [wrong] = await finalStatuses(u, sent.message_id);
    expect(wrong!.plainText).toContain('needs a password');

    const answer = tg.sendMessage({ from: u.user, text: 'oops, it is ab12 sorry', reply_to_message_id: wrong!.messageId });
    const [saved] = await finalStatuses(u, answer.message_id);
    expect(saved!.plainText).toContain('「考研资料 2024」 saved');
  });

  it('dead links say why in plain words', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const { cancelled, expired, forbidden, notFound } = sim.catalogue;
    const sent = tg.sendMessage({ from: u.user, text: [cancelled.url, expired.url, forbidden.url, notFound.url].join('\n') });
    const statuses = await finalStatuses(u, sent.message_id, 4);
    const texts = statuses.map((m) => m.plainText).join('\n');
    // Aliyun does not even say the name of a dead share, so the bot names it by its id.
    expect(texts).toContain(`share ${cancelled.shareId} was cancelled by its owner`);
    expect(texts).toContain(`share ${expired.shareId} has expired`);
    expect(texts).toContain(`share ${forbidden.shareId} was blocked by Aliyun Drive`);
    expect(texts).toContain(`share ${notFound.shareId} does not exist`);
    expect(statuses.every((m) => m.plainText.startsWith('❌'))).toBe(true);
  });

  it('a full drive is reported as such', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.setQuota(u.account.userId, 1024);
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const [status] = await finalStatuses(u, sent.message_id);
    expect(status!.plainText).toContain('drive is full');
  });

  it('Telegram answering 429 to status edits does not stop the save', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    tg.failNext('editMessageText', { status: 429, retryAfter: 1 }, 2);
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const [status] = await finalStatuses(u, sent.message_id);
    expect(status!.plainText).toContain('saved to /来自分享');
    expect(tg.calls('editMessageText').filter((c) => c.injected && c.status === 429)).toHaveLength(2);
  });

  it('the save does not wait for Telegram to send its status message; one Telegram holds back past the outcome is never sent: the outcome is the one message', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    // Telegram holds the "queued" message back for a second.
    tg.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    // The copy is made while the status message is still held back.
    await expect.poll(() => sim.countCopiesOf(sim.catalogue.singleFile.shareId, u.account.userId), { timeout: 900, interval: 10 }).toBe(1);
    expect(statusesFor(u, sent.message_id)).toEqual([]);
    const [status] = await finalStatuses(u, sent.message_id);
    expect(status!.plainText).toBe('✅ 「Big.Buck.Bunny.2008.1080p.mp4」 saved to /来自分享 (1 file)');
    // Changed by #20: the held-back "queued" message gave way to the outcome (one message, not two).
    expect(status!.editCount).toBe(0);
    expect(status!.buttons.flat().map((b) => b.text)).toEqual(['🔗 Share it', '🔔 Follow']);
    expect(tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === sent.message_id)).toHaveLength(1);
    // The refused send was not repeated before its retry_after.
    const sends = tg.calls('sendMessage').filter((c) => c.params['chat_id'] === u.chatId || c.params['chat_id'] === String(u.chatId));
    const refused = sends.find((c) => c.status === 429)!;
    for (const later of sends.filter((c) => c.seq > refused.seq)) expect(later.at - refused.at).toBeGreaterThanOrEqual(1000);
  });

  it('a status message Telegram refuses does not stop the save: the outcome comes as a new message', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    tg.failNext('sendMessage', { status: 'drop' });
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const [outcome] = await finalStatuses(u, sent.message_id);
    expect(outcome!.plainText).toBe('✅ 「Big.Buck.Bunny.2008.1080p.mp4」 saved to /来自分享 (1 file)');
    expect(outcome!.editCount).toBe(0);
    expect(sim.countCopiesOf(sim.catalogue.singleFile.shareId, u.account.userId)).toBe(1);
  });

  it('a status message deleted mid-save does not fail the save', async () => {
    const { tg, sim, app } = e2e;
    const u = await e2e.loggedInUser();
    sim.setKnobs({ asyncTaskPolls: 15 });
    try {
      const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.folder.text });
      const status = await tg.waitFor(() => statusesFor(u, sent.message_id)[0]);
      await app.bot.api.deleteMessage(u.chatId, status.messageId);
      await tg.waitFor(() => app.deps.saves.recentHistory({ telegramUserId: u.user.id })[0]?.state === 'saved', { timeoutMs: 20_000 });
      expect(sim.tree(u.account.userId)['/来自分享/地球脉动 Planet Earth/Season 2']).toBe(8);
    } finally {
      sim.setKnobs({ asyncTaskPolls: 2 });
    }
  });

  it('a share saved before is not copied again unless the user presses "Save another copy"', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const first = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    await finalStatuses(u, first.message_id);
    const second = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.url });
    const [duplicate] = await finalStatuses(u, second.message_id);
    expect(duplicate!.plainText).toMatch(/already saved to \/来自分享 on \d{4}-\d\d-\d\d/);
    expect(sim.countCopiesOf(sim.catalogue.singleFile.shareId, u.account.userId)).toBe(1);

    // Keyed by the status message, or by the user's message when the outcome was the first message.
    const again = duplicate!.buttons.flat().find((b) => b.callbackData?.startsWith('again:'))!;
    tg.clickButton(u.chatId, duplicate!.messageId, again.callbackData!);
    await tg.waitFor(() => tg.message(u.chatId, duplicate!.messageId)?.plainText.startsWith('✅'), { timeoutMs: 15_000 });
    expect(sim.countCopiesOf(sim.catalogue.singleFile.shareId, u.account.userId)).toBe(2);
  });

  it('a share called <b>x</b> *_[动漫] shows exactly as written', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.htmlName.text });
    const [status] = await finalStatuses(u, sent.message_id);
    expect(status!.plainText).toBe('✅ 「<b>x</b> *_[动漫] & "合集"_*」 saved to /来自分享 (3 files)');
  });

  it('/folder shows the default, sets a new folder (created at once) and saves go there', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: '/folder' });
    await tg.waitForBotMessage(u.chatId, 'Saving into: /来自分享');

    tg.sendMessage({ from: u.user, text: '/folder /a:b' });
    await tg.waitForBotMessage(u.chatId, 'cannot be used');

    tg.sendMessage({ from: u.user, text: '/folder 电影//2024/ ' });
    await tg.waitForBotMessage(u.chatId, 'From now on saving into: /电影/2024');
    expect(sim.tree(u.account.userId)['/电影/2024']).toBe(0);

    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const [status] = await finalStatuses(u, sent.message_id);
    expect(status!.plainText).toContain('saved to /电影/2024');
    expect(sim.tree(u.account.userId)['/电影/2024']).toBe(1);
  });

  it('/history lists the last saves with their outcomes', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: '/history' });
    await tg.waitForBotMessage(u.chatId, 'No saves yet');

    const first = tg.sendMessage({ from: u.user, text: sim.catalogue.htmlName.text });
    await finalStatuses(u, first.message_id);
    const second = tg.sendMessage({ from: u.user, text: sim.catalogue.expired.url });
    await finalStatuses(u, second.message_id);

    tg.sendMessage({ from: u.user, text: '/history' });
    const history = await tg.waitForBotMessage(u.chatId, 'Recent saves');
    const lines = history.plainText.split('\n');
    expect(lines[1]).toBe(`❌ ${sim.catalogue.expired.shareId}`);
    // #16: 「今天 19:02」-style times.
    expect(lines[2]).toMatch(/^ {4}today \d\d:\d\d share expired$/);
    expect(lines[3]).toBe('✅ <b>x</b> *_[动漫] & "合集"_*');
    expect(lines[4]).toMatch(/→ \/来自分享$/);
  });

  it('fast-transfer links and texts without a link get a clear answer', async () => {
    const { tg } = e2e;
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: '快传 https://www.aliyundrive.com/t/AbC123xyz' });
    await tg.waitForBotMessage(u.chatId, 'fast-transfer link');
    tg.sendMessage({ from: u.user, text: 'hello there' });
    await tg.waitForBotMessage(u.chatId, 'found no Aliyun Drive share link');
  });

  it('a text our parser cannot read but that clearly is a share goes to Aliyun extract_code', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    // "_x" glued to the id defeats our parser; Aliyun's own parser still finds the link.
    const asked = (): number => sim.stats().byPath['/adrive/v2/share_link/extract_code'] ?? 0;
    const before = asked();
    const sent = tg.sendMessage({ from: u.user, text: `阿里云盘分享：${sim.catalogue.singleFile.url}_x` });
    const [status] = await finalStatuses(u, sent.message_id);
    expect(status!.plainText).toContain('「Big.Buck.Bunny.2008.1080p.mp4」 saved');
    expect(asked()).toBe(before + 1);
  });
});
