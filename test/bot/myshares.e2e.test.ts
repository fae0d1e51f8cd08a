/**
 * /myshares end to end: Telegram fake ↔ grammY ↔ app ↔ Aliyun simulator (embedded queue).
 * Every button of the list and of a share card, and what happens when a share changed
 * elsewhere or someone else presses a button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareLink } from '../../src/api/index.js';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const DAY = 24 * 60 * 60_000;

describe('/myshares', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** `count` share links made by the user in the simulator; returns their ids, oldest first. */
  function makeShares(u: TestUser, count: number, prefix = 'Film'): string[] {
    return Array.from({ length: count }, (_, i) => {
      const password = i % 2 === 0 ? 'ab12' : undefined;
      return e2e.sim.addShare({
        name: `${prefix} ${i + 1}`,
        files: [{ name: `${prefix.toLowerCase()}-${i + 1}.mkv` }],
        ownerUserId: u.account.userId,
        ...(password ? { password } : {}),
      }).shareId;
    });
  }

  /** The share as Aliyun has it now, read through the app's own session. */
  function aliyunShare(u: TestUser, shareId: string): Promise<ShareLink> {
    const account = e2e.app.deps.accounts.getByTelegramUser(u.user.id)!;
    return e2e.app.deps.accounts.session(account).getShareLink(shareId);
  }

  async function openList(u: TestUser): Promise<MessageView> {
    e2e.tg.sendMessage({ from: u.user, text: '/myshares' });
    return e2e.tg.waitForBotMessage(u.chatId, 'My share links');
  }

  /**
   * Presses a button (by label) and waits for the bot's answer to the click and, unless
   * `edits` is false, for the message to change.
   */
  async function press(u: TestUser, message: MessageView, label: string, { from = u.user, edits = true } = {}) {
    const editsBefore = e2e.tg.message(u.chatId, message.messageId)!.editCount;
    const queryId = e2e.tg.clickButton(u.chatId, message.messageId, { text: label }, from);
    const answer = await e2e.tg.waitForCallbackAnswer(queryId);
    const view = edits
      ? await e2e.tg.waitFor(() => {
          const now = e2e.tg.message(u.chatId, message.messageId)!;
          return now.editCount > editsBefore && now;
        }, { description: `an edit after pressing ${label}` })
      : e2e.tg.message(u.chatId, message.messageId)!;
    return { answer, view };
  }

  const labels = (m: MessageView) => m.buttons.flat().map((b) => b.text);

  it('lists the links 10 a page with ◀ ▶, and pages through a cached copy without asking Aliyun again', async () => {
    const u = await e2e.loggedInUser();
    makeShares(u, 12);
    const list = await openList(u);
    expect(list.plainText).toContain('My share links · valid (12) · page 1/2');
    // Newest first; every other share has a password.
    expect(list.plainText).toContain('1. Film 12\n');
    expect(list.plainText).toContain('2. 🔒 Film 11\n');
    expect(list.plainText).toMatch(/10\. .*Film 3/);
    expect(list.plainText).not.toContain('Film 2\n');
    expect(list.plainText).toMatch(/📅 \d{4}-\d{2}-\d{2} · ♾ no expiry · 👁 0 · 💾 0 · ⬇️ 0/);
    expect(labels(list)).toEqual(expect.arrayContaining(['1', '10', '▶', '• ✅ Valid', '⌛ Expired/cancelled', '📋 All', '🔄 Refresh']));
    expect(labels(list)).not.toContain('◀');

    const listCalls = () => e2e.sim.stats().byPath['/adrive/v3/share_link/list'] ?? 0;
    const before = listCalls();
    const page2 = (await press(u, list, '▶')).view;
    expect(page2.plainText).toContain('page 2/2');
    expect(page2.plainText).toContain('11. Film 2\n');
    expect(page2.plainText).toContain('12. 🔒 Film 1\n');
    expect(labels(page2)).toEqual(expect.arrayContaining(['11', '12', '◀']));
    expect(labels(page2)).not.toContain('▶');
    const back = (await press(u, page2, '◀')).view;
    expect(back.plainText).toContain('page 1/2');
    expect(listCalls()).toBe(before);

    // 🔄 asks Aliyun again.
    await press(u, back, '🔄 Refresh', { edits: false });
    expect(listCalls()).toBeGreaterThan(before);
  });

  it('filters: valid, expired or cancelled, all — each line says its state', async () => {
    const u = await e2e.loggedInUser();
    const [live, expired, cancelled, blocked] = makeShares(u, 4, 'Doc');
    e2e.sim.setShareState(expired!, 'expired');
    e2e.sim.setShareState(cancelled!, 'cancelled');
    e2e.sim.setShareState(blocked!, 'forbidden');
    const list = await openList(u);
    expect(list.plainText).toContain('valid (1)');
    expect(list.plainText).toContain('Doc 1');
    expect(live).toBeDefined();

    const inactive = (await press(u, list, '⌛ Expired/cancelled')).view;
    expect(inactive.plainText).toContain('expired or cancelled (3)');
    expect(inactive.plainText).toMatch(/Doc 4\n.*⛔ blocked/);
    expect(inactive.plainText).toMatch(/Doc 3\n.*🚫 cancelled/);
    expect(inactive.plainText).toMatch(/Doc 2\n.*⌛ expired/);
    expect(labels(inactive)).toContain('• ⌛ Expired/cancelled');

    const all = (await press(u, inactive, '📋 All')).view;
    expect(all.plainText).toContain('all (4)');
    const empty = (await press(u, all, '✅ Valid')).view;
    expect(empty.plainText).toContain('valid (1)');
  });

  it('a card shows URL, password, expiry and counters; 📋 sends the share text as its own message', async () => {
    const u = await e2e.loggedInUser();
    const [id] = makeShares(u, 1, 'Lecture');
    const list = await openList(u);
    const card = (await press(u, list, '1')).view;
    expect(card.plainText).toContain('Lecture 1 🔒');
    expect(card.plainText).toContain(`🔗 https://www.alipan.com/s/${id}`);
    expect(card.plainText).toContain('🔑 Password: ab12');
    expect(card.plainText).toContain('⏰ Never expires');
    expect(card.plainText).toContain('👁 0 views · 💾 0 saves · ⬇️ 0 downloads');
    expect(labels(card)).toEqual(['📋 Share text', '⏰ Expiry', '🔑 Password', '🗑 Cancel link', '↩ Back']);

    const { answer } = await press(u, card, '📋 Share text', { edits: false });
    expect(answer.text).toBe('📋 Sent below');
    const text = await e2e.tg.waitForBotMessage(u.chatId, '「Lecture 1」');
    expect(text.plainText).toBe(`「Lecture 1」https://www.alipan.com/s/${id} 提取码: ab12\n${text.plainText.split('\n')[1]}`);
    expect(text.entities.some((entity) => entity.type === 'code')).toBe(true);

    const back = (await press(u, e2e.tg.message(u.chatId, card.messageId)!, '↩ Back')).view;
    expect(back.plainText).toContain('My share links');
  });

  it('⏰ sets 1 / 7 / 30 days or never', async () => {
    const u = await e2e.loggedInUser();
    const [id] = makeShares(u, 1, 'Course');
    const card = (await press(u, await openList(u), '1')).view;
    const menu = (await press(u, card, '⏰ Expiry')).view;
    expect(menu.plainText).toContain('How long should 「Course 1」 stay valid');
    expect(labels(menu)).toEqual(['1 day', '7 days', '30 days', 'Never', '↩ Back']);

    const set = await press(u, menu, '7 days');
    expect(set.answer.text).toBe('⏰ Now: 7 days');
    expect(set.view.plainText).toMatch(/⏰ Expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(in 7 days\)/);
    const expiresAt = Date.parse((await aliyunShare(u, id!)).expiration);
    expect(expiresAt - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(expiresAt - Date.now()).toBeLessThan(7 * DAY + 60_000);

    const never = await press(u, (await press(u, set.view, '⏰ Expiry')).view, 'Never');
    expect(never.view.plainText).toContain('⏰ Never expires');
    expect((await aliyunShare(u, id!)).expiration).toBe('');
  });

  it('🔑 sets a random password, takes a typed one, and removes it', async () => {
    const u = await e2e.loggedInUser();
    const [id] = makeShares(u, 1, 'Album');
    const card = (await press(u, await openList(u), '1')).view;

    const random = await press(u, (await press(u, card, '🔑 Password')).view, '🎲 Random');
    const password = (await aliyunShare(u, id!)).share_pwd;
    expect(password).toMatch(/^[a-z0-9]{4}$/);
    expect(password).not.toBe('ab12');
    expect(random.answer.text).toBe(`🔑 New password: ${password}`);
    expect(random.view.plainText).toContain(`🔑 Password: ${password}`);

    await press(u, (await press(u, random.view, '🔑 Password')).view, '⌨️ Type one', { edits: false });
    await e2e.tg.waitForBotMessage(u.chatId, 'Send the new password for 「Album 1」');
    e2e.tg.sendMessage({ from: u.user, text: 'too long' });
    await e2e.tg.waitForBotMessage(u.chatId, 'A password is exactly 4 letters or digits');
    e2e.tg.sendMessage({ from: u.user, text: 'Zz99' });
    await e2e.tg.waitForBotMessage(u.chatId, '「Album 1」 now has the password Zz99');
    expect((await aliyunShare(u, id!)).share_pwd).toBe('Zz99');
    expect(e2e.tg.message(u.chatId, card.messageId)!.plainText).toContain('🔑 Password: Zz99');

    const menu = (await press(u, e2e.tg.message(u.chatId, card.messageId)!, '🔑 Password')).view;
    const removed = await press(u, menu, '🔓 Remove');
    expect(removed.answer.text).toBe('🔓 Password removed');
    expect(removed.view.plainText).toContain('🔓 No password');
    expect((await aliyunShare(u, id!)).share_pwd).toBe('');
  });

  it('/cancel leaves "type a password" and says so: the next 4 characters change nothing', async () => {
    const u = await e2e.loggedInUser();
    const [id] = makeShares(u, 1, 'Quiet');
    const card = (await press(u, await openList(u), '1')).view;
    await press(u, (await press(u, card, '🔑 Password')).view, '⌨️ Type one', { edits: false });
    await e2e.tg.waitForBotMessage(u.chatId, 'Send the new password for 「Quiet 1」');
    e2e.tg.sendMessage({ from: u.user, text: '/cancel' });
    await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText === 'Cancelled.');
    const code = e2e.tg.sendMessage({ from: u.user, text: 'Qq77' });
    // Handled as any other message now (the "no link here" hint), not as the new password.
    await e2e.tg.waitForBotMessage(u.chatId, (m) => m.replyToMessageId === code.message_id);
    expect((await aliyunShare(u, id!)).share_pwd).toBe('ab12');
    expect(e2e.tg.botMessages(u.chatId).some((m) => m.plainText.includes('now has the password'))).toBe(false);
  });

  it('🗑 asks first; "No" keeps the link, "Yes" cancels it and goes back to the list', async () => {
    const u = await e2e.loggedInUser();
    const [keep, doomed] = makeShares(u, 2, 'Set');
    const list = await openList(u);
    const card = (await press(u, list, '1')).view; // Set 2, the newest
    const ask = (await press(u, card, '🗑 Cancel link')).view;
    expect(ask.plainText).toContain('Cancel 「Set 2」? Nobody will be able to open or save it any more.');
    const kept = (await press(u, ask, 'No, keep it')).view;
    expect(kept.plainText).toContain('Set 2');
    expect((await aliyunShare(u, doomed!)).status).toBe('enabled');

    const confirm = (await press(u, kept, '🗑 Cancel link')).view;
    const done = await press(u, confirm, 'Yes, cancel the link');
    expect(done.answer.text).toBe('🗑 Link cancelled');
    expect(done.view.plainText).toContain('valid (1)');
    expect(done.view.plainText).not.toContain('Set 2');
    expect((await aliyunShare(u, doomed!)).status).toBe('disabled');
    expect((await aliyunShare(u, keep!)).status).toBe('enabled');
  });

  it('a button of a share cancelled elsewhere answers so and shows the refreshed card; a vanished share refreshes the list', async () => {
    const u = await e2e.loggedInUser();
    const [first, second] = makeShares(u, 2, 'Old');
    const list = await openList(u);
    const card = (await press(u, list, '2')).view; // Old 1
    e2e.sim.setShareState(first!, 'cancelled');
    const stale = await press(u, card, '⏰ Expiry');
    expect(stale.answer.text).toBe('This share was cancelled (in the app?).');
    expect(stale.answer.show_alert).toBe(true);
    expect(stale.view.plainText).toContain('🚫 Cancelled: the link no longer works');
    expect(labels(stale.view)).toEqual(['↩ Back']);

    const back = (await press(u, stale.view, '↩ Back')).view;
    const other = (await press(u, back, '1')).view; // Old 2
    e2e.sim.failNext('/adrive/v2/share_link/get', { status: 404, code: 'NotFound.ShareLink' });
    const gone = await press(u, other, '📋 Share text');
    expect(gone.answer.text).toBe('This share no longer exists (deleted elsewhere?).');
    expect(gone.view.plainText).toContain('My share links');
    expect(second).toBeDefined();
  });

  it('someone else pressing the buttons gets a polite refusal and changes nothing', async () => {
    const u = await e2e.loggedInUser();
    makeShares(u, 11, 'Mine');
    const list = await openList(u);
    const stranger = e2e.newUser({ first_name: 'Mallory' });
    const { answer, view } = await press(u, list, '▶', { from: stranger.user, edits: false });
    expect(answer.text).toBe('🙏 Sorry, these buttons belong to someone else.');
    expect(answer.show_alert).toBe(true);
    expect(view.plainText).toBe(list.plainText);
    expect(view.editCount).toBe(list.editCount);
  });

  it('/myshares and /share are in the command menu, in both languages', () => {
    expect(e2e.tg.commands(undefined, '').find((c) => c.command === 'myshares')?.description).toBe('我的分享链接：查看、修改、取消');
    expect(e2e.tg.commands(undefined, 'en').find((c) => c.command === 'share')?.description).toBe('Create a share link for files in your drive');
  });

  it('asks for a login first, and only works in private chats', async () => {
    const u = e2e.newUser();
    e2e.tg.sendMessage({ from: u.user, text: '/myshares' });
    const prompt = await e2e.tg.waitForBotMessage(u.chatId, 'Log in to Aliyun Drive first');
    expect(prompt.buttons.flat().map((b) => b.callbackData)).toEqual(['login:qr']);

    const member = await e2e.loggedInUser();
    const group = e2e.tg.addChat({ type: 'supergroup', title: 'Friends', members: [member.user] });
    e2e.tg.sendMessage({ from: member.user, chat: group.id, text: '/myshares' });
    await e2e.tg.waitForBotMessage(group.id, '/myshares works in a private chat with me');
  });
});
