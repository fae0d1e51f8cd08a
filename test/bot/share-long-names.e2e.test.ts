/**
 * /share with many long-named items, end to end (Telegram fake ↔ grammY ↔ app ↔ Aliyun
 * simulator): every panel stays within Telegram's message limit, so the conversation goes
 * all the way to the share link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

describe('/share with many long names', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const current = (u: TestUser, m: MessageView) => e2e.tg.message(u.chatId, m.messageId)!;

  /** Presses a button by its data and waits for its answer and the edit it causes. */
  async function press(u: TestUser, panel: MessageView, data: string): Promise<MessageView> {
    const before = current(u, panel).editCount;
    await e2e.tg.waitForCallbackAnswer(e2e.tg.clickButton(u.chatId, panel.messageId, data));
    return e2e.tg.waitFor(() => current(u, panel).editCount > before && current(u, panel), { description: `an edit after ${data}` });
  }

  it('picking 24 items with 200-character names: the panels are cut to fit and the link is created', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const name = (i: number) => `${String(i).padStart(2, '0')} ${'A <very> long & winding name '.repeat(10)}`.slice(0, 200);
    sim.addFiles(u.account.userId, [{ name: 'Long', children: Array.from({ length: 24 }, (_, i) => ({ name: name(i) })) }]);

    tg.sendMessage({ from: u.user, text: '/share' });
    const browser = await tg.waitForBotMessage(u.chatId, '📂 /');
    await press(u, browser, 'sp:o:0'); // 📁 Long
    for (let page = 0; page < 3; page++) {
      for (let index = 0; index < 8; index++) await press(u, browser, `sp:t:${index}`);
      if (page < 2) await press(u, browser, 'sp:next');
    }
    expect(current(u, browser).buttons.flat().map((b) => b.text)).toContain('✅ Done (24)');

    await press(u, browser, 'sp:done');
    const picked = current(u, browser).plainText;
    expect(picked.length).toBeLessThanOrEqual(4096);
    expect(picked).toMatch(/^Picked: 「00 A <very> long & /);
    expect(picked).toContain('… and 9 more');

    const options = await tg.waitForBotMessage(u.chatId, /^🔗 Share 「00 /);
    expect(options.plainText).toContain('and 23 more');
    await press(u, options, 'so:create');
    const created = await tg.waitForBotMessage(u.chatId, 'Share link created (');
    expect(created.plainText).toContain('https://');
    expect(e2e.logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});
