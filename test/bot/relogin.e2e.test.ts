/**
 * /login to ANOTHER Aliyun account, end to end: the account row is re-linked in place, but what
 * was saved into the old drive must not count as saved into the new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('logging in to another Aliyun account (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** Sends `text` and waits for the final status message replying to it. */
  async function saveAndWait(u: TestUser, text: string): Promise<string> {
    const sent = e2e.tg.sendMessage({ from: u.user, text });
    const status = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && /^(✅|⚠️|❌|🔑|ℹ️)/u.test(m.plainText)),
      { timeoutMs: 20_000, description: `the outcome of message ${sent.message_id}` },
    );
    return status.plainText;
  }

  it('a share saved into the old drive is saved into the new drive after /login to a second account', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const share = sim.catalogue.folder;
    expect(await saveAndWait(u, share.text)).toBe('✅ 「地球脉动 Planet Earth」 saved to /来自分享 (21 files)');

    // A folder id cached for the old drive (as /folder leaves it) means nothing in the new one.
    e2e.app.deps.chatSettings.patch(u.chatId, { saveFolderId: 'old-drive-folder', saveFolderDriveId: u.account.driveIds.resource ?? 'old' });
    const second = sim.addAccount({ nickName: 'Second 的云盘' });
    tg.sendMessage({ from: u.user, text: `/login ${second.refreshToken}` });
    const reply = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.includes('Second 的云盘'), { timeoutMs: 10_000 });
    expect(reply.plainText).toContain('another Aliyun Drive account');
    expect(e2e.app.deps.chatSettings.get(u.chatId)).toMatchObject({ saveFolderId: null, saveFolderDriveId: null });

    // Not "already saved": the new drive has none of it yet.
    expect(await saveAndWait(u, share.text)).toBe('✅ 「地球脉动 Planet Earth」 saved to /来自分享 (21 files)');
    const tree = sim.tree(second.userId);
    expect(tree['/来自分享/地球脉动 Planet Earth/Season 1']).toBe(8);
    expect(tree['/来自分享/地球脉动 Planet Earth/字幕']).toBe(3);
    // The first drive got its copy once, and nothing more.
    expect(sim.findByName(u.account.userId, '地球脉动 Planet Earth')).toHaveLength(1);

    // In the new drive, the history counts again.
    expect(await saveAndWait(u, share.text)).toContain('was already saved to /来自分享');
  });

  it('a second login of the SAME account says nothing of another account and keeps the history', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    expect(await saveAndWait(u, sim.catalogue.singleFile.text)).toContain('saved to /来自分享');

    tg.sendMessage({ from: u.user, text: `/login ${sim.issueRefreshToken(u.account.userId)}` });
    await tg.waitFor(() => tg.botMessages(u.chatId).filter((m) => m.plainText.includes('Logged in')).length === 2 || undefined, {
      timeoutMs: 10_000,
      description: 'the second login reply',
    });
    expect(tg.botMessages(u.chatId).some((m) => m.plainText.includes('another Aliyun Drive account'))).toBe(false);
    expect(await saveAndWait(u, sim.catalogue.singleFile.text)).toContain('was already saved');
  });
});
