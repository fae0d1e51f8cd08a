/**
 * #20: the save folder is found (or made) at /login and on /folder, remembered per account, so a
 * user's first save costs no folder lookup; a remembered folder deleted since is made again once
 * during the save, and remembered anew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();
const FOLDER_CALLS = /get_by_path|createWithFolders/;

describe.each(kinds)('the first save (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const remembered = (u: TestUser) => {
    const account = e2e.app.deps.accounts.getByTelegramUser(u.user.id)!;
    return e2e.app.deps.db.$client.prepare('select path, folder_id as folderId from save_folders where account_id = ?').all(account.id) as Array<{ path: string; folderId: string }>;
  };

  async function save(u: TestUser): Promise<string> {
    const sent = e2e.tg.sendMessage({ from: u.user, text: e2e.sim.catalogue.singleFile.text });
    const outcome = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && /^(✅|❌)/u.test(m.plainText)),
      { timeoutMs: 15_000 },
    );
    return outcome.plainText;
  }

  it('costs no folder lookup: the folder was resolved at /login', async () => {
    const u = await e2e.loggedInUser();
    await eventually(() => remembered(u).length === 1, 5000, 'the save folder resolved at login');
    expect(remembered(u)[0]!.path).toBe('/来自分享');
    const before = e2e.sim.calls().length;
    expect(await save(u)).toContain('saved to /来自分享');
    const during = e2e.sim.calls().slice(before).map((c) => c.path);
    expect(during.filter((path) => FOLDER_CALLS.test(path))).toEqual([]);
  });

  it('/folder resolves the new folder for the account; saves there cost no lookup either', async () => {
    const u = await e2e.loggedInUser();
    e2e.tg.sendMessage({ from: u.user, text: '/folder 电影/新' });
    await e2e.tg.waitForBotMessage(u.chatId, 'From now on saving into: /电影/新');
    expect(remembered(u).map((r) => r.path)).toContain('/电影/新');
    const before = e2e.sim.calls().length;
    expect(await save(u)).toContain('saved to /电影/新');
    expect(e2e.sim.calls().slice(before).filter((c) => FOLDER_CALLS.test(c.path))).toEqual([]);
  });

  it('a remembered folder deleted since is made again during the save, and remembered anew', async () => {
    const u = await e2e.loggedInUser();
    await eventually(() => remembered(u).length === 1, 5000, 'the save folder resolved at login');
    const [old] = remembered(u);
    e2e.sim.removeFile(u.account.userId, old!.folderId);
    expect(await save(u)).toContain('saved to /来自分享');
    const [now] = remembered(u);
    expect(now!.folderId).not.toBe(old!.folderId);
    expect(e2e.sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);
  });
});
