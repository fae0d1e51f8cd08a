/**
 * 📂 choose files on a LARGE share's running save, end to end on both queue drivers: a share
 * over PICK_SUGGEST_BYTES (default 20 GiB) waits before its first copy with 📂 beside ✖; pressing
 * 📂 stops it (nothing copied) and opens the /pick list; left alone it saves the whole share; a
 * small share's running status has ✖ only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();
const MB = 1024 * 1024;
const GB = 1024 * MB;
/** The wait before copying a large share, shortened for the tests (production: 15 s). */
const WAIT_MS = 4000;

describe.each(kinds)('📂 on a large share\'s running save (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    // PICK_SUGGEST_BYTES is left at its default (20 GiB).
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 50, maxMs: 100 }, largeShareWaitMs: WAIT_MS } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const labels = (m: MessageView) => m.buttons.flat().map((b) => b.text);
  const current = (u: TestUser, m: MessageView) => e2e.tg.message(u.chatId, m.messageId)!;
  const driveFiles = (u: TestUser) => e2e.sim.files(u.account.userId).filter((f) => f.type === 'file').map((f) => f.path).sort();

  /** A one-folder season of two 12 GB episodes: 24 GB in all. */
  const season = (name: string) => e2e.sim.addShare({ name, files: [{ name, children: [{ name: 'E01.mkv', size: 12 * GB }, { name: 'E02.mkv', size: 12 * GB }] }] });

  it('its running status offers 📂 beside ✖ and says the size; 📂 stops the save before any copy and opens the list', async () => {
    const { sim, tg } = e2e;
    const share = season('大剧');
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: share.text });
    const status = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.includes(share.shareId), { timeoutMs: 10_000 });
    const waiting = await tg.waitFor(() => current(u, status).plainText.startsWith('📦') && current(u, status), { description: 'the large-share status' });
    expect(waiting.plainText).toBe(`📦 「大剧」 is 24 GB; saving all of it starts in ${WAIT_MS / 1000} s.\nOnly want part of it? Tap 📂 Choose files.`);
    expect(labels(waiting)).toEqual(['✖ Stop', '📂 Choose files']);
    // The save runs (planned), and waits: nothing copied yet.
    expect(e2e.app.core.saves.latestByStatusMessage(u.chatId, status.messageId)?.state).toBe('running');
    expect(sim.countCopiesOf(share.shareId, u.account.userId)).toBe(0);

    const queryId = tg.clickButton(u.chatId, status.messageId, { text: '📂 Choose files' });
    await tg.waitForCallbackAnswer(queryId);
    const list = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📂 「大剧」'), { timeoutMs: 10_000 });
    expect(labels(list)).toEqual(expect.arrayContaining(['☐ 📁 大剧 · 24 GB', '💾 Save (0)']));
    await tg.waitFor(() => /stopped/i.test(current(u, status).plainText) && true, { timeoutMs: 10_000, description: 'the large save stopped' });
    expect(labels(current(u, status))).not.toContain('📂 Choose files');
    // Well past the wait: the stopped save copied nothing.
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS + 500));
    expect(sim.countCopiesOf(share.shareId, u.account.userId)).toBe(0);
    expect(driveFiles(u)).toEqual([]);
  });

  it('left alone, the large share is saved whole once the wait is over', async () => {
    const { tg } = e2e;
    const share = season('长剧');
    const u = await e2e.loggedInUser();
    const sentAt = Date.now();
    tg.sendMessage({ from: u.user, text: share.text });
    const status = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.includes(share.shareId), { timeoutMs: 10_000 });
    await tg.waitFor(() => current(u, status).plainText.startsWith('✅') && true, { timeoutMs: WAIT_MS + 15_000, description: 'the large save ended' });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(WAIT_MS);
    expect(labels(current(u, status))).not.toContain('📂 Choose files');
    expect(driveFiles(u)).toEqual(['/来自分享/长剧/E01.mkv', '/来自分享/长剧/E02.mkv']);
  });

  it('a small share does not wait, and its running status has ✖ only', async () => {
    const { sim, tg } = e2e;
    // Its folder copy runs a while, so the running status shows.
    sim.setKnobs({ asyncTaskPolls: 15 });
    try {
      const share = sim.addShare({ name: '小剧', files: [{ name: '小剧', children: [{ name: 'E01.mkv', size: 300 * MB }, { name: 'E02.mkv', size: 300 * MB }] }] });
      const u = await e2e.loggedInUser();
      tg.sendMessage({ from: u.user, text: share.text });
      const status = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.includes(share.shareId) || m.plainText.includes('小剧'), { timeoutMs: 10_000 });
      const running = await tg.waitFor(() => current(u, status).plainText.startsWith('📥') && current(u, status), { timeoutMs: 10_000, description: 'the running status' });
      expect(labels(running)).toEqual(['✖ Stop']);
      expect(running.plainText).not.toContain('📦');
      await tg.waitFor(() => current(u, status).plainText.startsWith('✅') && true, { timeoutMs: 15_000, description: 'the small save ended' });
      expect(driveFiles(u)).toEqual(['/来自分享/小剧/E01.mkv', '/来自分享/小剧/E02.mkv']);
    } finally {
      sim.setKnobs({ asyncTaskPolls: 2 });
    }
  });
});
