/**
 * "🔗 share it" under a save outcome, end to end, in the two cases the copy records cannot
 * answer: the records were pruned (a month after the save), and the user has since /login'ed
 * to another Aliyun account (same account row, another drive).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareLink } from '../../src/api/index.js';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

let e2e: E2E;

/** The share links of the account `u` is logged in with now, newest first. */
async function linksOf(u: TestUser): Promise<ShareLink[]> {
  const account = e2e.app.deps.accounts.getByTelegramUser(u.user.id)!;
  return (await e2e.app.deps.accounts.session(account).listShareLinks()).items;
}

const current = (u: TestUser, m: MessageView) => e2e.tg.message(u.chatId, m.messageId)!;

/** Sends a share link and waits for the save's outcome message with its "🔗 Share it" button. */
async function saveShare(u: TestUser, text: string): Promise<MessageView> {
  const sent = e2e.tg.sendMessage({ from: u.user, text });
  return e2e.tg.waitFor(
    () => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith('✅') && m.buttons.length > 0),
    { timeoutMs: 20_000, description: 'the saved outcome' },
  );
}

/** Presses "🔗 Share it" on `status`; resolves with the callback answer. */
async function pressShareIt(u: TestUser, status: MessageView) {
  const queryId = e2e.tg.clickButton(u.chatId, status.messageId, { text: '🔗 Share it' }, u.user);
  return e2e.tg.waitForCallbackAnswer(queryId);
}

describe('"🔗 share it" when the copy records cannot tell', () => {
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('after the copy records were pruned, finds the saved folder by the share name in the target folder', async () => {
    const u = await e2e.loggedInUser();
    const status = await saveShare(u, e2e.sim.catalogue.folder.text);
    // As `pruneFinishedCopyItems` leaves a save that ended more than 30 days ago.
    const pruned = e2e.app.deps.db.$client
      .prepare('delete from save_copy_items where job_id in (select job_id from saves where chat_id = ? and status_message_id = ?)')
      .run(u.chatId, status.messageId);
    expect(pruned.changes).toBeGreaterThan(0);

    const answer = await pressShareIt(u, status);
    expect(answer.text ?? '').not.toContain('cannot find');
    const options = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「地球脉动 Planet Earth」');
    e2e.tg.clickButton(u.chatId, options.messageId, { text: '✅ Create link' }, u.user);
    const created = await e2e.tg.waitForBotMessage(u.chatId, 'Share link created (');

    const [link] = await linksOf(u);
    const [saved] = e2e.sim.findByName(u.account.userId, '地球脉动 Planet Earth');
    expect(link!.file_id_list).toEqual([saved!.fileId]);
    expect(created.plainText).toContain(link!.share_url);
    expect(current(u, options).plainText).toContain('Share link created for 「地球脉动 Planet Earth」');
  });

  it('after /login to another Aliyun account, an old save answers that it went into another account', async () => {
    const u = await e2e.loggedInUser();
    const status = await saveShare(u, e2e.sim.catalogue.singleFile.text);

    const second = e2e.sim.addAccount({ nickName: 'Second 的云盘' });
    e2e.tg.sendMessage({ from: u.user, text: `/login ${second.refreshToken}` });
    await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.includes('Second 的云盘'), { timeoutMs: 10_000 });
    // The new drive holds a file of the same name: still not the saved one.
    e2e.sim.addFiles(second.userId, [{ name: '来自分享', children: [{ name: 'Big.Buck.Bunny.2008.1080p.mp4' }] }]);

    const before = e2e.tg.botMessages(u.chatId).length;
    const answer = await pressShareIt(u, status);
    expect(answer.text).toBe(
      '❌ This was saved into another Aliyun account: you have logged in to a different one since, so these files are not in this drive.',
    );
    expect(answer.show_alert).toBe(true);
    expect(await linksOf(u)).toEqual([]);
    expect(e2e.tg.botMessages(u.chatId).slice(before).some((m) => m.plainText.includes('Share 「'))).toBe(false);
  });
});
