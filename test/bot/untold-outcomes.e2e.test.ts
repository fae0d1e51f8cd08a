/**
 * An outcome is never lost to a shutdown: one that Telegram still held when the bot stopped (its
 * save done, the files saved, the job complete) is told by the next bot on the same DATA_DIR —
 * once — and one told before the shutdown is not told again.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { saves } from '../../src/db/schema/index.js';
import { eventually, restartedApp, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const SAVED = '✅ 「Big.Buck.Bunny.2008.1080p.mp4」 saved to /来自分享 (1 file)';

describe('outcomes across a restart', () => {
  let e2e: E2E;
  let second: App | undefined;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await second?.stop();
    await e2e?.close();
  });

  /** Successful calls that showed `text` in the user's chat (a send or an edit). */
  const told = (u: TestUser, text: string) =>
    e2e.tg.calls().filter((c) => c.ok === true && c.params.chat_id === u.chatId && typeof c.params.text === 'string' && c.params.text.includes(text));

  it('an outcome Telegram held at shutdown is told once by the next bot; one told before is not told again', async () => {
    const { tg, sim } = e2e;
    const early = await e2e.loggedInUser();
    const held = await e2e.loggedInUser();

    // Told before the shutdown.
    tg.sendMessage({ from: early.user, text: sim.catalogue.singleFile.text });
    const earlyStatus = await tg.waitForBotMessage(early.chatId, SAVED, { timeoutMs: 20_000 });
    const earlyMessages = tg.botMessages(early.chatId).length;
    const earlyCalls = () => tg.calls().filter((c) => c.params.chat_id === early.chatId).length;
    const earlyCallsBefore = earlyCalls();

    // Telegram makes the next edit wait an hour: the save goes on, its outcome waits its turn.
    tg.failNext('editMessageText', { status: 429, retryAfter: 3600 });
    const sent = tg.sendMessage({ from: held.user, text: sim.catalogue.singleFile.text });
    const status = await tg.waitFor(() => tg.botMessages(held.chatId).find((m) => m.replyToMessageId === sent.message_id), {
      description: 'the status message',
    });
    const rowOf = () => e2e.app.core.database.db.select().from(saves).where(eq(saves.chatId, held.chatId)).get();
    await eventually(() => rowOf()?.state === 'saved', 20_000, 'the save done');
    expect(sim.findByName(held.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);
    expect(tg.calls('editMessageText').some((c) => c.injected && c.params.chat_id === held.chatId)).toBe(true);

    // The shutdown cannot wait an hour: the outcome is left untold.
    await e2e.app.stop();
    expect(told(held, 'saved to')).toHaveLength(0);
    expect(tg.message(held.chatId, status.messageId)!.plainText).not.toContain('saved to');

    second = await restartedApp(e2e, { statusEditIntervalMs: 0 });

    // The new bot tells it, in the status message the save had.
    await tg.waitFor(() => tg.message(held.chatId, status.messageId)!.plainText === SAVED, { timeoutMs: 20_000, description: 'the held outcome told' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(told(held, 'saved to')).toHaveLength(1);
    expect(tg.botMessages(held.chatId).filter((m) => m.plainText.includes('saved to'))).toHaveLength(1);
    expect(tg.botMessages(held.chatId).filter((m) => m.replyToMessageId === sent.message_id)).toHaveLength(1);
    // Its buttons work under the new bot.
    expect(tg.message(held.chatId, status.messageId)!.buttons.flat().map((b) => b.text)).toContain('🔗 Share it');

    // The outcome told before the shutdown is not told again.
    expect(told(early, 'saved to')).toHaveLength(1);
    // Not even tried: an edit to the same text would be refused as "not modified", unseen.
    expect(earlyCalls()).toBe(earlyCallsBefore);
    expect(tg.botMessages(early.chatId)).toHaveLength(earlyMessages);
    expect(tg.message(early.chatId, earlyStatus.messageId)!.editCount).toBe(earlyStatus.editCount);

    // Nothing is left to tell at a further start.
    expect(second.core.saves.untoldSince(0, 10)).toEqual([]);
  }, 90_000);
});

describe('a quick save\'s outcome across a restart', () => {
  let e2e: E2E;
  let second: App | undefined;
  beforeAll(async () => {
    // The production delay: a save done within a second gets no status message, its outcome is the one message.
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 }, statusShowAfterMs: 1000 } });
  });
  afterAll(async () => {
    await second?.stop();
    await e2e?.close();
  });

  it('held at shutdown, it is sent by the next bot as the one reply to the user\'s message', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    // Telegram makes the outcome (the first message) wait an hour.
    tg.failNext('sendMessage', { status: 429, retryAfter: 3600 });
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const rowOf = () => e2e.app.core.database.db.select().from(saves).where(eq(saves.chatId, u.chatId)).get();
    await eventually(() => rowOf()?.state === 'saved', 20_000, 'the save done');
    await eventually(() => tg.calls('sendMessage').some((c) => c.injected && c.params.chat_id === u.chatId), 5000, 'the held outcome');
    await e2e.app.stop();
    expect(tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === sent.message_id)).toHaveLength(0);

    second = await restartedApp(e2e);
    const outcome = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id), {
      timeoutMs: 20_000,
      description: 'the held outcome told',
    });
    expect(outcome.plainText).toBe(SAVED);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(tg.botMessages(u.chatId).filter((m) => m.replyToMessageId === sent.message_id)).toHaveLength(1);
    // The row names the outcome as the save's message, as it would have without the restart.
    expect(second.core.database.db.select().from(saves).where(eq(saves.chatId, u.chatId)).get()?.statusMessageId).toBe(outcome.messageId);
  }, 90_000);
});
