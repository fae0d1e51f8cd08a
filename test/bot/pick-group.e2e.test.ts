/**
 * /pick in a bound group, end to end on both queue drivers: who may open a list, that only the
 * person who asked can tick it, 💾 into the group's drive (the binder's, the group's folder), a
 * password given with the command, and the hourly limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from 'grammy/types';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();
const MB = 1024 * 1024;

describe.each(kinds)('/pick in a group (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const current = (m: MessageView) => e2e.tg.message(m.chatId, m.messageId)!;
  const labels = (m: MessageView) => current(m).buttons.flat().map((b) => b.text);

  /** `from` presses the button starting with `label`; resolves with the callback's answer text. */
  async function press(from: TestUser['user'], m: MessageView, label: string): Promise<string | undefined> {
    const target = current(m).buttons.flat().find((b) => b.text.startsWith(label));
    if (!target) throw new Error(`no button "${label}" in: ${labels(m).join(' | ')}`);
    const queryId = e2e.tg.clickButton(m.chatId, m.messageId, { text: target.text }, from);
    return (await e2e.tg.waitForCallbackAnswer(queryId)).text;
  }

  async function boundGroup(title: string): Promise<{ chat: Chat; admin: TestUser; member: TestUser }> {
    const admin = await e2e.loggedInUser({ first_name: 'Ada' });
    const member = e2e.newUser({ first_name: 'Mo' });
    const chat = e2e.tg.addChat({ type: 'supergroup', title, creator: e2e.newUser().user, admins: [admin.user], members: [member.user], botStatus: 'administrator' });
    e2e.tg.sendMessage({ from: admin.user, chat: chat.id, text: '/bind' });
    await e2e.tg.waitForBotMessage(chat.id, 'are saved into', { timeoutMs: 10_000 });
    return { chat, admin, member };
  }

  it('an admin ticks two of three files and 💾 puts exactly those into the group folder of the binder’s drive; a member can neither open nor tick', async () => {
    const { sim, tg } = e2e;
    const { chat, admin, member } = await boundGroup('挑选群');
    const share = sim.addShare({ name: '三集', files: [{ name: 'E1.mkv', size: 3 * MB }, { name: 'E2.mkv', size: 3 * MB }, { name: 'E3.mkv', size: 3 * MB }] });

    tg.sendMessage({ from: member.user, chat: chat.id, text: `/pick ${share.url}` });
    await tg.waitForBotMessage(chat.id, '⛔ Only admins can save here');

    tg.sendMessage({ from: admin.user, chat: chat.id, text: `/pick ${share.text}` });
    const list = await tg.waitForBotMessage(chat.id, (m) => m.plainText.startsWith('📂 「三集」'), { timeoutMs: 10_000 });
    expect(await press(member.user, list, '☐ E1.mkv')).toBe("This is someone else's list: send /pick yourself to choose.");
    expect(labels(list)).toContain('☐ E1.mkv · 3.0 MB');

    await press(admin.user, list, '☐ E1.mkv');
    await tg.waitFor(() => labels(list).includes('☑ E1.mkv · 3.0 MB'), { description: 'E1 ticked' });
    await press(admin.user, list, '☐ E3.mkv');
    await tg.waitFor(() => labels(list).includes('💾 Save (2)'), { description: 'two ticked' });
    expect(sim.countCopiesOf(share.shareId, admin.account.userId)).toBe(0);

    await press(admin.user, list, '💾 Save (2)');
    await tg.waitFor(() => current(list).plainText.includes('✅'), { timeoutMs: 15_000, description: 'the outcome on the list message' });
    expect(current(list).plainText).toBe('✅ 「三集」 → /挑选群');
    const files = sim.files(admin.account.userId).filter((f) => f.type === 'file').map((f) => f.path).sort();
    expect(files).toEqual(['/挑选群/E1.mkv', '/挑选群/E3.mkv']);
    // The group's save counts as the binder's.
    tg.sendMessage({ from: admin.user, text: '/history' });
    await tg.waitForBotMessage(admin.chatId, '三集', { timeoutMs: 10_000 });
  });

  it('a share with a password asks for /pick again with the code, then lists; members may pick once /members is on; the hourly limit stops 💾', async () => {
    const { sim, tg } = e2e;
    const { chat, admin, member } = await boundGroup('加密群');
    const share = sim.addShare({ name: '加密', password: 'ab12', files: [{ name: 'x.zip', size: MB }, { name: 'y.zip', size: MB }] });
    tg.sendMessage({ from: admin.user, chat: chat.id, text: '/members on' });
    await tg.waitForBotMessage(chat.id, (m) => m.plainText.toLowerCase().includes('members'), { timeoutMs: 10_000 });

    tg.sendMessage({ from: member.user, chat: chat.id, text: `/pick ${share.url}` });
    await tg.waitForBotMessage(chat.id, 'send /pick again with it', { timeoutMs: 10_000 });
    tg.sendMessage({ from: member.user, chat: chat.id, text: `/pick ${share.url} 提取码: ab12` });
    const list = await tg.waitForBotMessage(chat.id, (m) => m.plainText.startsWith('📂 「加密」'), { timeoutMs: 10_000 });
    await press(member.user, list, '☐ y.zip');
    await tg.waitFor(() => labels(list).includes('💾 Save (1)'), { description: 'y ticked' });

    tg.sendMessage({ from: admin.user, chat: chat.id, text: '/limit 1' });
    await tg.waitForBotMessage(chat.id, 'at most 1 share');
    const other = sim.addShare({ name: '占额', files: [{ name: 'z.txt', size: 10 }] });
    tg.sendMessage({ from: admin.user, chat: chat.id, text: `/save ${other.text}` });
    await tg.waitFor(() => sim.findByName(admin.account.userId, 'z.txt').length === 1, { timeoutMs: 15_000, description: 'the save that uses the hour' });
    expect(await press(member.user, list, '💾 Save (1)')).toContain('saved 1 shares in the last hour');
    expect(sim.findByName(admin.account.userId, 'y.zip')).toHaveLength(0);
  });
});
