/**
 * /logout while saves run or wait, end to end: "tokens forgotten" means nothing more is copied
 * with them, and the next /login does not quietly save what was sent before the logout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('logging out while saving (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    // One save at a time, so a second share waits in the queue.
    e2e = await startE2E({ queue, env: { WORKER_CONCURRENCY: '1' }, app: { savePoll: { firstMs: 20, maxMs: 100 }, progressIntervalMs: 0 } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  function statusOf(u: TestUser, messageId: number) {
    return e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === messageId);
  }

  async function logout(u: TestUser): Promise<void> {
    const { tg } = e2e;
    tg.sendMessage({ from: u.user, text: '/logout' });
    const confirm = await tg.waitForBotMessage(u.chatId, 'Log out');
    tg.clickButton(u.chatId, confirm.messageId, { text: 'Yes, log out' });
    await tg.waitForBotMessage(u.chatId, 'Logged out');
  }

  it('stops a running save, ends a queued one, and the next /login saves neither', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    // Slow Aliyun: each of the 3 copy batches of the 250-file share takes a while.
    sim.setKnobs({ latencyMs: 400 });
    try {
      const big = tg.sendMessage({ from: u.user, text: sim.catalogue.many.text });
      await tg.waitFor(() => statusOf(u, big.message_id)?.plainText.startsWith('📥'), { timeoutMs: 20_000, description: 'the big save copying' });
      const small = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
      await tg.waitFor(() => statusOf(u, small.message_id)?.plainText.startsWith('⏳'), { description: 'the small save queued' });

      await logout(u);

      const bigEnd = await tg.waitFor(() => statusOf(u, big.message_id)?.plainText.startsWith('❌') && statusOf(u, big.message_id), {
        timeoutMs: 20_000,
        description: 'the big save stopped',
      });
      expect(bigEnd.plainText).toContain('You logged out');
      const smallEnd = await tg.waitFor(() => statusOf(u, small.message_id)?.plainText.startsWith('❌') && statusOf(u, small.message_id), {
        timeoutMs: 20_000,
        description: 'the queued save ended',
      });
      expect(smallEnd.plainText).toContain('You logged out');
    } finally {
      sim.setKnobs({ latencyMs: 0 });
    }
    const copied = sim.tree(u.account.userId)['/来自分享'] ?? 0;
    expect(copied).toBeLessThan(250);
    expect(sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(0);

    // Logging in again saves nothing that was sent before the logout, and copies nothing more.
    tg.sendMessage({ from: u.user, text: `/login ${sim.issueRefreshToken(u.account.userId)}` });
    await tg.waitFor(() => tg.botMessages(u.chatId).filter((m) => m.plainText.includes('Logged in')).length === 2 || undefined, {
      timeoutMs: 10_000,
      description: 'the second login',
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(0);
    expect(sim.tree(u.account.userId)['/来自分享'] ?? 0).toBe(copied);
    expect(tg.botMessages(u.chatId).filter((m) => m.plainText.includes('saved to'))).toHaveLength(0);
  });
});
