/**
 * Who may use the bot, what operators see, help and the command menu, languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserMessageInit } from '../../src/sim/telegram/index.js';
import { eventually, startE2E, type E2E } from '../helpers/e2e.js';

const ALLOWED = 6_100_001;
const ADMIN = 6_100_002;
const STRANGER = 6_100_003;

describe('access, /stats, /help and languages', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({
      queue: 'embedded',
      env: { ALLOWED_USER_IDS: String(ALLOWED), ADMIN_USER_IDS: String(ADMIN) },
    });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('someone not in ALLOWED_USER_IDS is refused politely, once', async () => {
    const { tg, sim } = e2e;
    const stranger = { id: STRANGER, first_name: 'Stranger', language_code: 'en' };
    tg.sendMessage({ from: stranger, text: '/start' });
    await tg.waitForBotMessage(STRANGER, 'only open to selected users');
    tg.sendMessage({ from: stranger, text: sim.catalogue.singleFile.text });
    const login = tg.sendMessage({ from: stranger, text: '/login abcdefghijklmnop' });
    // The access filter logs every refused update: wait until all three were handled.
    const refusals = () => e2e.logLines.filter((l) => l.includes('not allowed') && l.includes(`"user_id":${STRANGER}`)).length;
    await eventually(() => refusals() === 3, 5000, 'three refused updates');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(tg.botMessages(STRANGER)).toHaveLength(1);
    // Refused or not, a message carrying a token does not stay in the chat.
    expect(tg.messages(STRANGER).find((m) => m.messageId === login.message_id)?.deleted).toBe(true);
    expect(e2e.app.deps.accounts.getByTelegramUser(STRANGER)).toBeUndefined();
  });

  it('/help explains the bot, the login and gives an example; the menu exists in both languages', async () => {
    const { tg } = e2e;
    // /start is a short welcome now (test/bot/onboarding.e2e.test.ts); the list is /help's.
    tg.sendMessage({ from: { id: ALLOWED, first_name: 'Friend', language_code: 'zh-hans' }, text: '/help' });
    const help = await tg.waitForBotMessage(ALLOWED, '阿里云盘分享');
    expect(help.plainText).toContain('/login');
    expect(help.plainText).toContain('https://www.alipan.com/s/');
    expect(help.plainText).toContain('/来自分享');
    expect(help.plainText).toMatch(/^\/myshares — 我的分享链接/mu);
    expect(help.plainText).toMatch(/^\/share — 为网盘里的文件创建分享链接/mu);
    expect(tg.commands(undefined, '').map((c) => c.command)).toContain('login');
    expect(tg.commands(undefined, '').find((c) => c.command === 'folder')?.description).toContain('文件夹');
    expect(tg.commands(undefined, 'en').find((c) => c.command === 'folder')?.description).toContain('save folder');
  });

  it('/help names the share-link commands in English too, and both menus list them', async () => {
    const { tg } = e2e;
    tg.sendMessage({ from: { id: ADMIN, first_name: 'Op', language_code: 'en' }, text: '/help' });
    const help = await tg.waitForBotMessage(ADMIN, 'Aliyun Drive (alipan) shares');
    expect(help.plainText).toMatch(/^\/myshares — your share links/mu);
    expect(help.plainText).toMatch(/^\/share — create a share link/mu);
    expect(help.plainText).toMatch(/^\/cancel — cancel a QR login, a dialog or a running save$/mu);
    const menu = (lang: string) => new Map(tg.commands(undefined, lang).map((c) => [c.command, c.description]));
    expect(menu('').get('myshares')).toContain('我的分享链接');
    expect(menu('').get('share')).toContain('创建分享链接');
    expect(menu('en').get('myshares')).toContain('My share links');
    expect(menu('en').get('share')).toContain('Create a share link');
  });

  it('/language switches the chat to the chosen language', async () => {
    const { tg } = e2e;
    const friend = { id: ALLOWED, first_name: 'Friend', language_code: 'en' };
    tg.sendMessage({ from: friend, text: '/language' });
    const choose = await tg.waitForBotMessage(ALLOWED, 'Choose a language');
    tg.clickButton(ALLOWED, choose.messageId, 'lang:zh');
    await tg.waitForBotMessage(ALLOWED, '已切换为中文');
    tg.sendMessage({ from: friend, text: 'hello' });
    await tg.waitForBotMessage(ALLOWED, '没有找到阿里云盘分享链接');
    tg.sendMessage({ from: friend, text: '/language en' });
    await tg.waitForBotMessage(ALLOWED, 'Switched to English');
  });

  it('/stats answers operators with users, accounts, queue and today’s failures; others get nothing special', async () => {
    const { tg, sim } = e2e;
    const admin = { id: ADMIN, first_name: 'Op', language_code: 'en' };
    const account = sim.addAccount({ nickName: 'Op 的云盘' });
    tg.sendMessage({ from: admin, text: `/login ${account.refreshToken}` });
    await tg.waitForBotMessage(ADMIN, 'Logged in');
    tg.sendMessage({ from: admin, text: `${sim.catalogue.singleFile.text}\n${sim.catalogue.notFound.url}` });
    await tg.waitFor(() => tg.botMessages(ADMIN).filter((m) => /^(✅|❌)/u.test(m.plainText)).length === 3);

    tg.sendMessage({ from: admin, text: '/stats' });
    const stats = await tg.waitForBotMessage(ADMIN, 'Status');
    expect(stats.plainText).toMatch(/Users: [1-9]/);
    expect(stats.plainText).toContain('Linked accounts: 1');
    expect(stats.plainText).toMatch(/Queue: \d+ waiting, \d+ active/);
    expect(stats.plainText).toContain('Today: 1 saved, 0 partial, 0 duplicate, 1 failed');
    expect(stats.plainText).toContain('share not found (not_found): 1');

    tg.sendMessage({ from: { id: ALLOWED, first_name: 'Friend', language_code: 'en' }, text: '/stats' });
    await tg.waitForBotMessage(ALLOWED, 'Unknown command');
  });

  it('/stats is private: in a group, even an operator gets no figures there', async () => {
    const { tg } = e2e;
    const admin = { id: ADMIN, first_name: 'Op', language_code: 'en' };
    const group = tg.addChat({ type: 'supergroup', title: 'Ops lounge', botStatus: 'administrator', members: [admin] });
    tg.sendMessage({ from: admin, chat: group.id, text: '/stats' });
    // Updates of one chat are handled in order: once /help is answered, /stats was dealt with.
    tg.sendMessage({ from: admin, chat: group.id, text: '/help' });
    await tg.waitFor(() => tg.botMessages(group.id).length > 0, { description: 'the /help answer' });
    expect(tg.botMessages(group.id).map((m) => m.plainText).join('\n')).not.toMatch(/Status|Linked accounts|Queue:/);
  });
});

describe('ALLOWED_USER_IDS in a group bound to an allowed user’s drive', () => {
  const BINDER = 6_200_001;
  const OUTSIDER_ADMIN = 6_200_002;
  const MEMBER = 6_200_003;
  const LEAVER = 6_200_004;
  const ANONYMOUS_ADMIN = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
  const TELEGRAM = { id: 777000, first_name: 'Telegram' };
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', env: { ALLOWED_USER_IDS: `${BINDER},${LEAVER}` }, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  function post(chatId: number, from: UserMessageInit['from'], text: string, extra: Partial<UserMessageInit> = {}) {
    return e2e.tg.sendMessage({ from, chat: chatId, text, ...extra });
  }

  /** The bot's reply to a message, once it matches. */
  function answerTo(chatId: number, messageId: number, match: RegExp) {
    return e2e.tg.waitFor(
      () => e2e.tg.botMessages(chatId).find((m) => m.replyToMessageId === messageId && match.test(m.plainText)),
      { timeoutMs: 20_000, description: `an answer to message ${messageId} matching ${String(match)}` },
    );
  }

  /** Waits until the access filter turned `userId` away `times` times in all. */
  async function refusedTimes(userId: number, times: number) {
    const refusals = () => e2e.logLines.filter((l) => l.includes('not allowed') && l.includes(`"user_id":${userId}`)).length;
    await eventually(() => refusals() >= times, 5000, `${times} refused updates of ${userId}`);
  }

  it('members, an anonymous admin and the linked channel are saved for; own-account commands still need the list', async () => {
    const binder = await e2e.loggedInUser({ id: BINDER, first_name: 'Ada' });
    const outsiderAdmin = e2e.newUser({ id: OUTSIDER_ADMIN, first_name: 'Oscar' });
    const member = e2e.newUser({ id: MEMBER, first_name: 'Mo' });
    const chat = e2e.tg.addChat({
      type: 'supergroup',
      title: 'Open house',
      admins: [binder.user, outsiderAdmin.user],
      members: [member.user],
      botStatus: 'administrator',
    });
    const linkedChannel = e2e.tg.addChat({ type: 'channel', title: 'Open house news' });
    const share = (name: string) => e2e.sim.addShare({ name, files: [{ name: `${name}.mp4`, size: 4096 }] });
    const saved = (messageId: number) => answerTo(chat.id, messageId, /^✅/u);

    await answerTo(chat.id, post(chat.id, binder.user, '/bind').message_id, /are saved into/);
    // A member's /save follows /members: refused first, then saved.
    const kept = post(chat.id, member.user, share('Members pick').text);
    await answerTo(chat.id, post(chat.id, member.user, '/save', { reply_to_message_id: kept.message_id }).message_id, /Only admins can save here/);
    await answerTo(chat.id, post(chat.id, binder.user, '/members on').message_id, /Members can now/);
    expect((await saved(post(chat.id, member.user, '/save', { reply_to_message_id: kept.message_id }).message_id)).plainText).toBe(
      '✅ 「Members pick」 → /Open house',
    );

    await answerTo(chat.id, post(chat.id, binder.user, '/autosave on').message_id, /Autosave on/);
    const fromMember = post(chat.id, member.user, share('From member').text);
    const fromAnonymous = post(chat.id, ANONYMOUS_ADMIN, share('From anonymous').text, { sender_chat: chat });
    const fromChannel = post(chat.id, TELEGRAM, share('From channel').text, { sender_chat: linkedChannel, extra: { is_automatic_forward: true } });
    expect((await saved(fromMember.message_id)).plainText).toBe('✅ 「From member」 → /Open house');
    expect((await saved(fromAnonymous.message_id)).plainText).toBe('✅ 「From anonymous」 → /Open house');
    expect((await saved(fromChannel.message_id)).plainText).toBe('✅ 「From channel」 → /Open house');
    expect(e2e.sim.tree(binder.account.userId)['/Open house']).toBe(4);

    // Acting on one's own account is still for listed users only: silence, nothing changes.
    const bind = post(chat.id, outsiderAdmin.user, '/bind');
    const myShares = post(chat.id, member.user, '/myshares');
    await refusedTimes(OUTSIDER_ADMIN, 1);
    await refusedTimes(MEMBER, 1);
    const answered = (m: { message_id: number }) => e2e.tg.botMessages(chat.id).some((b) => b.replyToMessageId === m.message_id);
    expect(answered(bind) || answered(myShares)).toBe(false);
    expect(e2e.tg.botMessages(chat.id).some((m) => m.plainText.includes('private chat'))).toBe(false);
    expect(e2e.app.deps.chatSettings.get(chat.id)?.boundByUserId).toBe(BINDER);
  });

  it('once its binder is off the list, the group’s and the channel’s posts are ignored again', async () => {
    const binder = await e2e.loggedInUser({ id: LEAVER, first_name: 'Lea' });
    const member = e2e.newUser({ first_name: 'Mo' });
    const chat = e2e.tg.addChat({ type: 'supergroup', title: 'Closing', admins: [binder.user], members: [member.user], botStatus: 'administrator' });
    const channel = e2e.tg.addChat({ type: 'channel', title: 'Closing news', username: 'closing_news', creator: binder.user });
    const share = (name: string) => e2e.sim.addShare({ name, files: [{ name: `${name}.mp4`, size: 10 }] }).text;
    const thumbsUp = (messageId: number) =>
      e2e.tg.waitFor(() => e2e.tg.message(channel.id, messageId)?.reactions.some((r) => r.type === 'emoji' && r.emoji === '👍'), {
        timeoutMs: 20_000,
        description: `a 👍 on post ${messageId}`,
      });
    await answerTo(chat.id, post(chat.id, binder.user, '/bind').message_id, /are saved into/);
    await answerTo(chat.id, post(chat.id, binder.user, '/autosave on').message_id, /Autosave on/);
    e2e.tg.sendMessage({ from: binder.user, text: `/bindchannel @${channel.username}` });
    await e2e.tg.waitForBotMessage(binder.chatId, 'are saved into');
    await answerTo(chat.id, post(chat.id, member.user, share('Group before')).message_id, /^✅/u);
    await thumbsUp(e2e.tg.sendChannelPost({ chat: channel.id, text: share('Channel before') }).message_id);

    // As after a restart with LEAVER gone from ALLOWED_USER_IDS: the bindings stay, the posts are not seen.
    e2e.app.deps.config.ALLOWED_USER_IDS.delete(LEAVER);
    const after = post(chat.id, member.user, share('Group after'));
    e2e.tg.sendChannelPost({ chat: channel.id, text: share('Channel after') });
    await refusedTimes(member.user.id, 1);
    await eventually(() => e2e.logLines.some((l) => l.includes('channel update ignored')), 5000, 'the channel post to be ignored');
    expect(e2e.tg.botMessages(chat.id).some((m) => m.replyToMessageId === after.message_id)).toBe(false);
    const saved = [chat.id, channel.id].flatMap((id) => e2e.app.deps.saves.recentHistory({ chatId: id }).map((save) => save.shareName));
    expect(saved).toEqual(['Group before', 'Channel before']);
  });
});
