/**
 * One user's backlog is bounded (MAX_QUEUED_PER_USER): past it a link is refused with a
 * message saying so, and other users still queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from '../helpers/e2e.js';

describe('saves queued per user', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', env: { MAX_QUEUED_PER_USER: '2' } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('the third link while two saves wait is refused with a clear message; another user still queues', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const other = await e2e.loggedInUser();
    // Aliyun is slow now: the first two saves stay queued or running.
    sim.setKnobs({ latencyMs: 3_000 });
    const shares = [1, 2, 3, 4].map((i) => sim.addShare({ name: `cap-${i}.txt`, files: [{ name: `cap-${i}.txt`, size: 10 }] }));
    for (const share of shares.slice(0, 2)) {
      const sent = tg.sendMessage({ from: u.user, text: share.url });
      await tg.waitForBotMessage(u.chatId, (m) => m.replyToMessageId === sent.message_id);
    }
    const third = tg.sendMessage({ from: u.user, text: shares[2]!.url });
    const refused = await tg.waitForBotMessage(u.chatId, (m) => m.replyToMessageId === third.message_id && m.plainText.startsWith('⏸'));
    expect(refused.plainText).toContain('2 saves waiting');
    const otherSent = tg.sendMessage({ from: other.user, text: shares[3]!.url });
    const otherStatus = await tg.waitForBotMessage(other.chatId, (m) => m.replyToMessageId === otherSent.message_id);
    expect(otherStatus.plainText).not.toMatch(/^⏸/u);
    sim.setKnobs({ latencyMs: 0 });
  });
});
