/**
 * Telegram's own limits (#20): with the fake answering 429 past ~30 messages/s, 3-then-1/s per
 * private chat, every outcome still arrives, no call is repeated before its retry_after, and a
 * quick save costs one message. Both queue drivers; the production status delay (1 s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/sim/telegram/index.js';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

/** Calls refused with a 429 that were sent again (same method, chat, message and text) sooner than Telegram said. */
function repeatedTooSoon(calls: readonly CallRecord[]): string[] {
  const identity = (c: CallRecord) => JSON.stringify([c.method, String(c.params['chat_id']), c.params['message_id'] ?? null, c.params['text'] ?? null]);
  const early: string[] = [];
  for (const refused of calls.filter((c) => c.status === 429)) {
    const seconds = Number(/retry after (\d+)/.exec(refused.error?.description ?? '')?.[1]);
    for (const later of calls) {
      if (later.seq > refused.seq && identity(later) === identity(refused) && later.at < refused.at + seconds * 1000) {
        early.push(`${identity(refused)} again after ${later.at - refused.at} ms (retry_after ${seconds} s)`);
      }
    }
  }
  return early;
}

describe.each(kinds)("Telegram's limits (%s queue)", (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, telegramLimits: true, app: { savePoll: { firstMs: 20, maxMs: 100 }, statusShowAfterMs: 1000 } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('a quick save costs one message: its outcome, with working buttons', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const outcome = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id), { timeoutMs: 10_000 });
    expect(outcome.plainText).toBe('✅ 「Big.Buck.Bunny.2008.1080p.mp4」 saved to /来自分享 (1 file)');
    expect(outcome.editCount).toBe(0);
    // Still alone a while later: no status message came after it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === sent.message_id)).toHaveLength(1);
    // "Share it" finds the save through the outcome's button.
    const answer = await tg.waitForCallbackAnswer(tg.clickButton(u.chatId, outcome.messageId, { text: '🔗 Share it' }, u.user));
    expect(answer.show_alert ?? false).toBe(false);
    await tg.waitForBotMessage(u.chatId, 'Share 「Big.Buck.Bunny.2008.1080p.mp4」', { timeoutMs: 10_000 });
  });

  it('a save still running after a moment shows its status message, then its outcome on it', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.setKnobs({ latencyMs: 400 });
    try {
      const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.folder.text });
      const status = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id), { timeoutMs: 10_000 });
      await tg.waitFor(() => tg.message(u.chatId, status.messageId)?.plainText.startsWith('✅'), { timeoutMs: 30_000 });
      expect(tg.message(u.chatId, status.messageId)!.versions[0]).toContain('Queued');
      expect(tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === sent.message_id)).toHaveLength(1);
    } finally {
      sim.setKnobs({ latencyMs: 0 });
    }
  });

  it('30 users pasting at once: every outcome arrives, and no refused call is repeated before its retry_after', async () => {
    const { tg, sim } = e2e;
    const users: TestUser[] = await Promise.all(Array.from({ length: 30 }, () => e2e.loggedInUser()));
    // The gate keeps under the limits it knows; Telegram may still refuse (another process, a
    // stricter day): a few more 429s with a longer wait.
    tg.failNext('sendMessage', { status: 429, retryAfter: 2 }, 5);
    // Each pastes twice in a row.
    const sent = users.flatMap((u) => [
      { u, message: tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text }) },
      { u, message: tg.sendMessage({ from: u.user, text: sim.catalogue.htmlName.text }) },
    ]);
    const outcomes = await tg.waitFor(
      () => {
        const found = sent.map(({ u, message }) => tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === message.message_id));
        return found.every((ms) => ms.length === 1 && /^(✅|ℹ️)/u.test(ms[0]!.plainText)) && found;
      },
      { timeoutMs: 60_000, description: 'an outcome for every pasted share' },
    );
    expect(outcomes.flat()).toHaveLength(60);
    expect(tg.calls().filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(5);
    expect(repeatedTooSoon(tg.calls())).toEqual([]);
    expect(e2e.logLines.filter((line) => line.includes('could not edit the save status message') || line.includes('could not send the save outcome'))).toEqual([]);
  });
});
