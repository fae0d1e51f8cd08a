/**
 * 追更 end to end, on both queue drivers: the real bot over the Telegram fake, the simulator's
 * share growing over time, checks every second (FOLLOW_CHECK_SECONDS=1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('following a share (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, env: { FOLLOW_CHECK_SECONDS: '1' }, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const newsFor = (u: TestUser) => e2e.tg.botMessages(u.chatId).filter((m) => m.plainText.startsWith('🆕'));
  const episodes = (names: string[]) => names.map((name) => ({ name, size: 700_000_000 }));

  it('new episodes land once beside the earlier ones; one the user deleted is never brought back', async () => {
    const { tg, sim } = e2e;
    const share = sim.addShare({ name: '追更剧', files: [{ name: '追更剧', children: episodes(['S01E01.mkv', 'S01E02.mkv']) }] });
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: share.text });
    const outcome = await tg.waitForBotMessage(u.chatId, '✅ 「', { timeoutMs: 20_000 });
    expect(outcome.buttons.flat().map((b) => b.text)).toContain('🔔 Follow');

    tg.sendMessage({ from: u.user, text: `/follow ${share.url}` });
    await tg.waitForBotMessage(u.chatId, 'Following 「追更剧」: new items go to /来自分享', { timeoutMs: 10_000 });
    // Checks that find nothing say nothing.
    await sleep(2500);
    expect(newsFor(u)).toHaveLength(0);

    sim.addToShare(share.shareId, episodes(['S01E03.mkv']), '/追更剧');
    const first = await tg.waitForBotMessage(u.chatId, '🆕', { timeoutMs: 15_000 });
    expect(first.plainText).toBe('🆕 「追更剧」: S01E03.mkv → /来自分享/追更剧');
    expect(sim.tree(u.account.userId)['/来自分享/追更剧']).toBe(3);

    // The user deletes an earlier episode; then another one is added to the share.
    const [e01] = sim.findByName(u.account.userId, 'S01E01.mkv');
    sim.removeFile(u.account.userId, e01!.fileId);
    sim.addToShare(share.shareId, episodes(['S01E04.mkv']), '/追更剧');
    await tg.waitFor(() => newsFor(u).length === 2, { timeoutMs: 15_000, description: 'a second 🆕 notice' });
    expect(newsFor(u)[1]!.plainText).toBe('🆕 「追更剧」: S01E04.mkv → /来自分享/追更剧');
    // A few more rounds change nothing.
    await sleep(3000);
    expect(newsFor(u)).toHaveLength(2);
    const names = sim.files(u.account.userId).map((f) => f.name).sort();
    expect(names).toEqual(['S01E02.mkv', 'S01E03.mkv', 'S01E04.mkv', '来自分享', '追更剧']);
    expect(names.filter((name) => /\(\d+\)/.test(name))).toEqual([]);
    // The first save (one folder) and one copy per new episode.
    expect(sim.countCopiesOf(share.shareId, u.account.userId)).toBe(3);
  });

  it('a share followed before it was saved is saved first; a rename inside it is not new', async () => {
    const { tg, sim } = e2e;
    const share = sim.addShare({ name: '新剧', files: [{ name: '新剧', children: episodes(['E01.mp4']) }] });
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: `/follow ${share.text}` });
    await tg.waitForBotMessage(u.chatId, 'Saving the share first', { timeoutMs: 10_000 });
    await tg.waitForBotMessage(u.chatId, '✅ 「新剧」 saved', { timeoutMs: 20_000 });
    // The follow starts once the save has ended (what the share holds then was saved by it).
    await sleep(2500);
    const [e02] = sim.addToShare(share.shareId, episodes(['E02.mp4']), '/新剧');
    await tg.waitForBotMessage(u.chatId, '🆕 「新剧」: E02.mp4 → /来自分享/新剧', { timeoutMs: 15_000 });
    // The owner renames E02 in the share and adds E03: only E03 is new.
    sim.renameInShare(share.shareId, e02!.fileId, '新剧 第2集.mp4');
    sim.addToShare(share.shareId, episodes(['E03.mp4']), '/新剧');
    await tg.waitFor(() => newsFor(u).length === 2, { timeoutMs: 15_000, description: 'a second 🆕 notice' });
    await sleep(2500);
    expect(newsFor(u).map((m) => m.plainText)).toEqual(['🆕 「新剧」: E02.mp4 → /来自分享/新剧', '🆕 「新剧」: E03.mp4 → /来自分享/新剧']);
    expect(sim.files(u.account.userId).map((f) => f.name).sort()).toEqual(['E01.mp4', 'E02.mp4', 'E03.mp4', '新剧', '来自分享'].sort());
  });

  it('a cancelled share pauses the follow and the user is told once; /follows shows it paused', async () => {
    const { tg, sim } = e2e;
    const share = sim.addShare({ name: '会取消的剧', files: [{ name: '会取消的剧', children: episodes(['A.mkv']) }] });
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: share.text });
    await tg.waitForBotMessage(u.chatId, '✅ 「', { timeoutMs: 20_000 });
    tg.sendMessage({ from: u.user, text: `/follow ${share.url}` });
    await tg.waitForBotMessage(u.chatId, 'Following', { timeoutMs: 10_000 });
    sim.setShareState(share.shareId, 'cancelled');
    await tg.waitForBotMessage(u.chatId, '🔕', { timeoutMs: 15_000 });
    await sleep(2500);
    expect(tg.botMessages(u.chatId).filter((m) => m.plainText.startsWith('🔕')).map((m) => m.plainText)).toEqual([
      '🔕 The share 「会取消的剧」 was cancelled; following is paused.',
    ]);
    tg.sendMessage({ from: u.user, text: '/follows' });
    const list = await tg.waitForBotMessage(u.chatId, 'Followed shares (1)');
    expect(list.plainText).toContain('「会取消的剧」 ⏸ paused');
    expect(list.buttons.flat().map((b) => b.text)).toEqual(['1. 🔄 Check', '▶️ Resume', '🔍 Settings', '🗑 Delete']);
  });
});
