/**
 * 追更 settings and the ways into a follow, end to end on both queue drivers: filters and a
 * rename rule set in chat from /follows, 🔔 on a share with a password, a new link for a follow
 * whose share was cancelled, and /follow and /follows in a bound group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from 'grammy/types';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();
const MB = 1024 * 1024;

describe.each(kinds)('follow settings (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, env: { FOLLOW_CHECK_SECONDS: '1' }, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const newsIn = (chatId: number) => e2e.tg.botMessages(chatId).filter((m) => m.plainText.startsWith('🆕'));
  const episodes = (names: string[], size = 700 * MB) => names.map((name) => ({ name, size }));
  const message = (chatId: number, messageId: number) => e2e.tg.message(chatId, messageId)!;
  const namesUnder = (u: TestUser, path: string) => {
    const files = e2e.sim.files(u.account.userId);
    const folder = files.find((f) => f.path === path);
    return files.filter((f) => f.parentId === folder?.fileId).map((f) => f.name).sort();
  };

  /** A user who saved a one-season share and follows it. */
  async function following(name: string, first: string[]) {
    const { tg, sim } = e2e;
    const share = sim.addShare({ name, files: [{ name, children: episodes(first) }] });
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: share.text });
    await tg.waitForBotMessage(u.chatId, '✅ 「', { timeoutMs: 20_000 });
    tg.sendMessage({ from: u.user, text: `/follow ${share.url}` });
    await tg.waitForBotMessage(u.chatId, `Following 「${name}」`, { timeoutMs: 10_000 });
    return { u, share };
  }

  it('filters and the episode preset set from /follows in chat decide what is saved and how it is named', async () => {
    const { tg, sim } = e2e;
    const { u, share } = await following('设置剧', ['设置剧 第1集.mkv']);
    tg.sendMessage({ from: u.user, text: '/follows' });
    const list = await tg.waitForBotMessage(u.chatId, 'Followed shares (1)');
    tg.clickButton(u.chatId, list.messageId, { text: '🔍 Settings' }, u.user);
    await tg.waitFor(() => message(u.chatId, list.messageId).plainText.startsWith('🔍 Settings of 「设置剧」'), { description: 'the settings screen' });
    expect(message(u.chatId, list.messageId).plainText).toContain('Filters: none');
    tg.clickButton(u.chatId, list.messageId, { text: '🔍 Set filters' }, u.user);
    const question = await tg.waitForBotMessage(u.chatId, 'Reply to this message with the filters of 「设置剧」');
    // A message that is not a reply to the question is not taken for filters.
    tg.sendMessage({ from: u.user, text: '*.mp4' });
    tg.sendMessage({ from: u.user, text: '/follows' });
    await tg.waitFor(() => tg.botMessages(u.chatId).some((m) => m.plainText.startsWith('🔔 Followed shares')), { description: 'a new list' });
    expect(tg.botMessages(u.chatId).filter((m) => m.plainText.startsWith('✅ Saved'))).toHaveLength(0);
    tg.sendMessage({ from: u.user, text: '*.mkv -*sample* >lots', reply_to_message_id: question.messageId });
    await tg.waitForBotMessage(u.chatId, '❌ Could not read 「>lots」');
    tg.sendMessage({ from: u.user, text: '*.mkv -*sample* >100MB', reply_to_message_id: question.messageId });
    const saved = await tg.waitForBotMessage(u.chatId, '✅ Saved');
    expect(saved.plainText).toContain('Filters: *.mkv -*sample* >100MB');
    expect(saved.plainText).toContain('Rename: none');
    tg.clickButton(u.chatId, saved.messageId, { text: '📺 S01E{n:02}' }, u.user);
    await tg.waitFor(() => message(u.chatId, saved.messageId).plainText.includes('Rename: * → S01E{n:02}'), { description: 'the preset shown' });
    tg.sendMessage({ from: u.user, text: '/follows' });
    await tg.waitFor(() => tg.botMessages(u.chatId).some((m) => m.plainText.includes('🔍 *.mkv -*sample* >100MB　✏️ * → S01E{n:02}')), { description: 'the rules in /follows' });

    sim.addToShare(share.shareId, [...episodes(['设置剧 第2集.mkv', '设置剧 第2集 sample.mkv', '设置剧 第3集.mp4']), ...episodes(['第2集 花絮.mkv'], MB)], '/设置剧');
    const news = await tg.waitForBotMessage(u.chatId, '🆕', { timeoutMs: 15_000 });
    expect(news.plainText).toBe('🆕 「设置剧」: S01E02.mkv → /来自分享/设置剧');
    expect(namesUnder(u, '/来自分享/设置剧')).toEqual(['S01E02.mkv', '设置剧 第1集.mkv'].sort());

    // Filters cleared: what they turned away stays away; what is added now is judged anew.
    tg.clickButton(u.chatId, saved.messageId, { text: '🧹 Clear' }, u.user);
    await tg.waitFor(() => message(u.chatId, saved.messageId).plainText.includes('Filters: none'), { description: 'filters cleared' });
    sim.addToShare(share.shareId, episodes(['设置剧 第4集.mp4']), '/设置剧');
    await tg.waitFor(() => newsIn(u.chatId).length === 2, { timeoutMs: 15_000, description: 'a second 🆕 notice' });
    expect(newsIn(u.chatId)[1]!.plainText).toBe('🆕 「设置剧」: S01E04.mp4 → /来自分享/设置剧');
    await sleep(2500);
    expect(newsIn(u.chatId)).toHaveLength(2);
    expect(namesUnder(u, '/来自分享/设置剧')).toEqual(['S01E02.mkv', 'S01E04.mp4', '设置剧 第1集.mkv'].sort());
  });

  it('🔔 under the outcome of a share with a password follows it with that password', async () => {
    const { tg, sim } = e2e;
    const share = sim.addShare({ name: '加密剧', password: 'ab12', files: [{ name: '加密剧', children: episodes(['E01.mkv']) }] });
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: share.text });
    const outcome = await tg.waitForBotMessage(u.chatId, '✅ 「', { timeoutMs: 20_000 });
    tg.clickButton(u.chatId, outcome.messageId, { text: '🔔 Follow' }, u.user);
    await tg.waitForBotMessage(u.chatId, 'Following 「加密剧」', { timeoutMs: 10_000 });
    sim.addToShare(share.shareId, episodes(['E02.mkv']), '/加密剧');
    const news = await tg.waitForBotMessage(u.chatId, /^🆕|^🔕/, { timeoutMs: 15_000 });
    expect(news.plainText).toBe('🆕 「加密剧」: E02.mkv → /来自分享/加密剧');
  });

  it('a follow whose share was cancelled takes a new link and keeps what it saved', async () => {
    const { tg, sim } = e2e;
    const { u, share } = await following('换链剧', ['E01.mkv', 'E02.mkv']);
    sim.setShareState(share.shareId, 'cancelled');
    await tg.waitForBotMessage(u.chatId, '🔕', { timeoutMs: 15_000 });
    // The owner shares the series again (other file ids), with one episode more.
    const again = sim.addShare({ name: '换链剧', password: 'zz99', files: [{ name: '换链剧', children: episodes(['E01.mkv', 'E02.mkv', 'E03.mkv']) }] });
    tg.sendMessage({ from: u.user, text: `/follow ${again.text}` });
    const offer = await tg.waitForBotMessage(u.chatId, '🔁 Some of your follows are paused');
    expect(offer.buttons.flat().map((b) => b.text)).toEqual(['🔁 Use for 「换链剧」', '➕ Follow as a new share']);
    tg.clickButton(u.chatId, offer.messageId, { text: '🔁 Use for 「换链剧」' }, u.user);
    const done = await tg.waitForBotMessage(u.chatId, '🔁 「换链剧」 now follows the new link');
    expect(done.plainText).toContain('(3 items saved before are not saved again)');
    const news = await tg.waitForBotMessage(u.chatId, '🆕', { timeoutMs: 15_000 });
    expect(news.plainText).toBe('🆕 「换链剧」: E03.mkv → /来自分享/换链剧');
    await sleep(2500);
    expect(newsIn(u.chatId)).toHaveLength(1);
    expect(namesUnder(u, '/来自分享/换链剧')).toEqual(['E01.mkv', 'E02.mkv', 'E03.mkv']);
    tg.sendMessage({ from: u.user, text: '/follows' });
    const list = await tg.waitForBotMessage(u.chatId, 'Followed shares (1)');
    expect(list.plainText).toContain('「换链剧」 ✅ following');
  });

  it('in a bound group an admin follows into the binder’s drive and the group hears of new items; members may not', async () => {
    const { tg, sim } = e2e;
    const admin = await e2e.loggedInUser({ first_name: 'Ada' });
    const member = e2e.newUser({ first_name: 'Mo' });
    const chat: Chat = tg.addChat({ type: 'supergroup', title: '追更群', creator: e2e.newUser().user, admins: [admin.user], members: [member.user], botStatus: 'administrator' });
    const say = (from: TestUser, text: string) => tg.sendMessage({ from: from.user, chat: chat.id, text });
    say(admin, '/bind');
    await tg.waitForBotMessage(chat.id, 'are saved into', { timeoutMs: 10_000 });
    const share = sim.addShare({ name: '群剧', files: [{ name: '群剧', children: episodes(['E01.mkv']) }] });
    say(member, `/follow ${share.url}`);
    await tg.waitForBotMessage(chat.id, '⛔ Only group admins');
    say(admin, `/follow ${share.url}`);
    await tg.waitForBotMessage(chat.id, 'Saving the share first', { timeoutMs: 10_000 });
    await tg.waitFor(() => (sim.tree(admin.account.userId)['/追更群/群剧'] ?? 0) === 1, { timeoutMs: 20_000, description: 'the first save in the binder’s drive' });
    await sleep(2500);
    sim.addToShare(share.shareId, episodes(['E02.mkv']), '/群剧');
    const news = await tg.waitForBotMessage(chat.id, '🆕', { timeoutMs: 15_000 });
    expect(news.plainText).toBe('🆕 「群剧」: E02.mkv → /追更群/群剧');
    expect(sim.tree(admin.account.userId)['/追更群/群剧']).toBe(2);
    expect(newsIn(admin.chatId)).toHaveLength(0);
    // /follows in the group lists the group's follows, without 🔍; only admins may change them.
    say(member, '/follows');
    const groupList = await tg.waitForBotMessage(chat.id, "This group's followed shares (1)");
    expect(groupList.plainText).toContain('「群剧」 ✅ following');
    expect(groupList.buttons.flat().map((b) => b.text)).not.toContain('🔍 Settings');
    const refused = tg.clickButton(chat.id, groupList.messageId, { text: '⏸ Pause' }, member.user);
    expect((await tg.waitForCallbackAnswer(refused)).text).toBe("Only the group's admins can change its follows");
    expect(message(chat.id, groupList.messageId).plainText).toContain('✅ following');
    const paused = tg.clickButton(chat.id, groupList.messageId, { text: '⏸ Pause' }, admin.user);
    expect((await tg.waitForCallbackAnswer(paused)).text).toBe('Paused');
    await tg.waitFor(() => message(chat.id, groupList.messageId).plainText.includes('⏸ paused'), { description: 'the group list shows the pause' });
    // The binder's private /follows has the same follow, 🔍 included.
    tg.sendMessage({ from: admin.user, text: '/follows' });
    const own = await tg.waitForBotMessage(admin.chatId, 'Followed shares (1)');
    expect(own.plainText).toContain('「群剧」 ⏸ paused');
    expect(own.buttons.flat().map((b) => b.text)).toContain('🔍 Settings');
    tg.clickButton(chat.id, groupList.messageId, { text: '▶️ Resume' }, admin.user);
    await tg.waitFor(() => message(chat.id, groupList.messageId).plainText.includes('✅ following'), { description: 'resumed from the group' });
    // The first save of a share followed in the group counts toward the group's hourly limit.
    say(admin, '/limit 1');
    await tg.waitForBotMessage(chat.id, 'at most 1 share');
    const other = sim.addShare({ name: '群剧二', files: [{ name: '群剧二', children: episodes(['E01.mkv']) }] });
    say(admin, `/follow ${other.url}`);
    await tg.waitForBotMessage(chat.id, '⏸ This group saved 1 shares in the last hour', { timeoutMs: 10_000 });
    expect(sim.tree(admin.account.userId)['/追更群/群剧二']).toBeUndefined();
  });
});
