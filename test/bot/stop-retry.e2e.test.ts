/**
 * Every failure has a next step (#16 item 4): ✖ stops a running save for real (both queue
 * drivers), /cancel knows about running saves, and 🔁 retries a save a later run may fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('stop and retry (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const statusOf = (u: TestUser, messageId: number) => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === messageId);
  const buttonTexts = (m: { buttons: { text: string }[][] }) => m.buttons.flat().map((b) => b.text);

  it('✖ on a running save stops it before it copies everything; 🔁 then saves it', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.setKnobs({ latencyMs: 600 }); // slow enough that 📥 shows before the save ends, even on a loaded machine
    try {
      const big = tg.sendMessage({ from: u.user, text: sim.catalogue.many.text });
      const copying = await tg.waitFor(() => statusOf(u, big.message_id)?.plainText.startsWith('📥') && statusOf(u, big.message_id), {
        timeoutMs: 20_000,
        description: 'the big save copying',
      });
      expect(buttonTexts(copying)).toEqual(['✖ Stop']);
      const click = tg.clickButton(u.chatId, copying.messageId, { text: '✖ Stop' });
      expect((await tg.waitForCallbackAnswer(click)).text).toBe('✖ Stopping…');
      const stopped = await tg.waitFor(() => statusOf(u, big.message_id)?.plainText.startsWith('✖') && statusOf(u, big.message_id), {
        timeoutMs: 20_000,
        description: 'the big save stopped',
      });
      expect(stopped.plainText).toMatch(/^✖ Stopped saving 「.+」\. Files already in your drive stay there\.$/u);
      expect(buttonTexts(stopped)).toEqual(['🔁 Retry']);
      // Stopped for real: the drive got less than the share's 250 files, and nothing comes later.
      const copied = () => Object.values(sim.tree(u.account.userId)).reduce((n, c) => n + c, 0);
      const atStop = copied();
      expect(atStop).toBeLessThan(250);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(copied()).toBe(atStop);
    } finally {
      sim.setKnobs({ latencyMs: 0 });
    }

    const stopped = statusOf(u, tg.messages(u.chatId).find((m) => !m.fromBot && m.plainText.includes('/s/'))!.messageId)!;
    tg.clickButton(u.chatId, stopped.messageId, { text: '🔁 Retry' });
    const saved = await tg.waitFor(() => {
      const m = tg.message(u.chatId, stopped.messageId);
      return m && m.plainText.startsWith('✅') && m;
    }, { timeoutMs: 30_000, description: 'the retried save' });
    expect(saved.plainText).toContain('saved to /来自分享');
    // The retry asked only for the files the stopped run had not copied: no renamed second copies.
    const after = Object.values(sim.tree(u.account.userId)).reduce((n, c) => n + c, 0);
    expect(after).toBe(250);
  });

  it('/cancel lists the saves running in the chat with a stop button each', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.setKnobs({ latencyMs: 600 }); // slow enough that 📥 shows before the save ends, even on a loaded machine
    try {
      const big = tg.sendMessage({ from: u.user, text: sim.catalogue.many.text });
      await tg.waitFor(() => statusOf(u, big.message_id)?.plainText.startsWith('📥'), { timeoutMs: 20_000, description: 'the big save copying' });
      tg.sendMessage({ from: u.user, text: '/cancel' });
      const menu = await tg.waitForBotMessage(u.chatId, 'One share is being saved');
      expect(buttonTexts(menu)).toHaveLength(1);
      expect(buttonTexts(menu)[0]).toMatch(/^✖ /u);
      tg.clickButton(u.chatId, menu.messageId, { text: buttonTexts(menu)[0]! });
      await tg.waitFor(() => statusOf(u, big.message_id)?.plainText.startsWith('✖ Stopped'), { timeoutMs: 20_000, description: 'the save stopped from /cancel' });
    } finally {
      sim.setKnobs({ latencyMs: 0 });
    }
    tg.sendMessage({ from: u.user, text: '/cancel' });
    await tg.waitForBotMessage(u.chatId, 'Nothing is running right now.');
  });

  it('a full drive gets 🔁; after freeing space the retry saves on the same message', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    sim.setQuota(u.account.userId, 1);
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const full = await tg.waitFor(() => statusOf(u, sent.message_id)?.plainText.startsWith('❌') && statusOf(u, sent.message_id), {
      timeoutMs: 20_000,
      description: 'the drive-full outcome',
    });
    expect(full.plainText).toContain('Your drive is full');
    expect(buttonTexts(full)).toEqual(['🔁 Retry']);
    sim.setQuota(u.account.userId, Number.MAX_SAFE_INTEGER);
    tg.clickButton(u.chatId, full.messageId, { text: '🔁 Retry' });
    await tg.waitFor(() => tg.message(u.chatId, full.messageId)?.plainText.startsWith('✅'), { timeoutMs: 20_000, description: 'the retried save' });
    expect(sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);
  });
});
