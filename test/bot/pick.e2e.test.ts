/**
 * /pick end to end, on both queue drivers: a share opened as a list in one message, items ticked
 * by buttons (☐ → ☑), saved with 💾 — exactly the ticked items, nothing before the press — and
 * folders, paging, a password, favourite folders as the target, and a restart of the bot.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { queueKinds, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const kinds = await queueKinds();
const MB = 1024 * 1024;

describe.each(kinds)('/pick (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue, app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const current = (u: TestUser, m: MessageView) => e2e.tg.message(u.chatId, m.messageId)!;
  const labels = (m: MessageView) => m.buttons.flat().map((b) => b.text);
  const driveFiles = (u: TestUser) => e2e.sim.files(u.account.userId).filter((f) => f.type === 'file').map((f) => f.path).sort();

  /** Presses the button whose label starts with `label`; waits for the answer and an edit of the message. */
  async function press(u: TestUser, message: MessageView, label: string): Promise<MessageView> {
    const shown = current(u, message);
    const before = shown.editCount;
    const target = shown.buttons.flat().find((b) => b.text.startsWith(label));
    if (!target) throw new Error(`no button "${label}" in: ${labels(shown).join(' | ')}`);
    const queryId = e2e.tg.clickButton(u.chatId, message.messageId, { text: target.text });
    await e2e.tg.waitForCallbackAnswer(queryId);
    return e2e.tg.waitFor(() => current(u, message).editCount > before && current(u, message), { description: `an edit after ${label}` });
  }

  async function openList(u: TestUser, text: string): Promise<MessageView> {
    e2e.tg.sendMessage({ from: u.user, text: `/pick ${text}` });
    return e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📂 「'), { timeoutMs: 10_000 });
  }

  it('a four-file share, two ticked, 💾 → exactly those two in the drive, nothing copied before the press', async () => {
    const { sim, tg } = e2e;
    const share = sim.addShare({
      name: '四集',
      files: [
        { name: 'E1.mkv', size: 3 * MB },
        { name: 'E2.mkv', size: 3 * MB },
        { name: 'E3.mkv', size: 3 * MB },
        { name: 'E4.mkv', size: 3 * MB },
      ],
    });
    const u = await e2e.loggedInUser();
    let list = await openList(u, share.text);
    expect(labels(list)).toEqual(expect.arrayContaining(['☐ E1.mkv · 3.0 MB', '☐ E4.mkv · 3.0 MB', '☑ All on this page', '💾 Save (0)', '✖ Cancel']));
    expect(list.plainText).toContain('0 files ticked, 0 B');

    list = await press(u, list, '☐ E2.mkv');
    list = await press(u, list, '☐ E4.mkv');
    expect(labels(list)).toEqual(expect.arrayContaining(['☐ E1.mkv · 3.0 MB', '☑ E2.mkv · 3.0 MB', '☐ E3.mkv · 3.0 MB', '☑ E4.mkv · 3.0 MB', '💾 Save (2)']));
    expect(list.plainText).toContain('2 files ticked, 6.0 MB');
    // Ticking is only a list: nothing went to the drive yet.
    expect(sim.countCopiesOf(share.shareId, u.account.userId)).toBe(0);
    expect(driveFiles(u)).toEqual([]);

    await press(u, list, '💾 Save (2)');
    await tg.waitFor(() => current(u, list).plainText.startsWith('✅'), { timeoutMs: 15_000, description: 'the save outcome on the list message' });
    expect(driveFiles(u)).toEqual(['/来自分享/E2.mkv', '/来自分享/E4.mkv']);
    expect(sim.countCopiesOf(share.shareId, u.account.userId)).toBe(2);
  });

  it('folders: open one, tick inside it (keeping its path), go back, tick another folder whole', async () => {
    const { sim, tg } = e2e;
    const share = sim.addShare({
      name: '合集',
      files: [
        { name: 'Season 1', children: [{ name: 'S1E1.mp4', size: MB }, { name: 'S1E2.mp4', size: MB }, { name: 'Extras', children: [{ name: 'making.mp4', size: MB }] }] },
        { name: 'Season 2', children: [{ name: 'S2E1.mp4', size: MB }, { name: 'S2E2.mp4', size: MB }] },
        { name: 'readme.txt', size: 1000 },
      ],
    });
    const u = await e2e.loggedInUser();
    let list = await openList(u, share.text);
    expect(labels(list)).toEqual(expect.arrayContaining(['☐ 📁 Season 1 · 3.0 MB', '☐ 📁 Season 2 · 2.0 MB', '☐ readme.txt · 1000 B']));

    // Into Season 1 (the second 📂 Open is Season 2's), then into Extras.
    list = await press(u, list, '📂 Open');
    expect(list.plainText).toContain('/Season 1');
    list = await press(u, list, '☐ S1E2.mp4');
    list = await press(u, list, '📂 Open');
    expect(list.plainText).toContain('/Season 1/Extras');
    list = await press(u, list, '☐ making.mp4');
    list = await press(u, list, '◀ Back');
    list = await press(u, list, '◀ Back');
    expect(labels(list)).toContain('☐ 📁 Season 1 · 3.0 MB');
    list = await press(u, list, '☐ 📁 Season 2');
    expect(list.plainText).toContain('4 files ticked');

    await press(u, list, '💾 Save (4)');
    await tg.waitFor(() => current(u, list).plainText.startsWith('✅'), { timeoutMs: 15_000, description: 'the save outcome' });
    expect(driveFiles(u)).toEqual([
      '/来自分享/Season 1/Extras/making.mp4',
      '/来自分享/Season 1/S1E2.mp4',
      '/来自分享/Season 2/S2E1.mp4',
      '/来自分享/Season 2/S2E2.mp4',
    ]);
  });

  it('unticking one file inside a ticked folder keeps the rest of the folder ticked', async () => {
    const share = e2e.sim.addShare({ name: '一季', files: [{ name: 'S', children: [{ name: 'a.mp4', size: MB }, { name: 'b.mp4', size: MB }, { name: 'c.mp4', size: MB }] }] });
    const u = await e2e.loggedInUser();
    let list = await openList(u, share.text);
    list = await press(u, list, '☐ 📁 S');
    list = await press(u, list, '📂 Open');
    expect(labels(list)).toEqual(expect.arrayContaining(['☑ a.mp4 · 1.0 MB', '☑ b.mp4 · 1.0 MB', '☑ c.mp4 · 1.0 MB', '☐ None on this page']));
    list = await press(u, list, '☑ b.mp4');
    expect(labels(list)).toEqual(expect.arrayContaining(['☑ a.mp4 · 1.0 MB', '☐ b.mp4 · 1.0 MB', '☑ c.mp4 · 1.0 MB', '💾 Save (2)']));
    list = await press(u, list, '◀ Back');
    expect(labels(list)).toContain('☐ 📁 S · 3.0 MB');
  });

  it('pages of ten with ⏮ ◀ n/N ▶ ⏭, and "all on this page" ticks only that page', async () => {
    const files = Array.from({ length: 23 }, (_, i) => ({ name: `f${String(i + 1).padStart(2, '0')}.jpg`, size: 1024 }));
    const share = e2e.sim.addShare({ name: '相册', files });
    const u = await e2e.loggedInUser();
    let list = await openList(u, share.text);
    expect(labels(list).filter((l) => l.startsWith('☐ f'))).toHaveLength(10);
    expect(labels(list)).toEqual(expect.arrayContaining(['⏮', '◀', '1/3', '▶', '⏭']));
    list = await press(u, list, '⏭');
    expect(labels(list)).toContain('3/3');
    expect(labels(list).filter((l) => l.startsWith('☐ f'))).toEqual(['☐ f21.jpg · 1.0 KB', '☐ f22.jpg · 1.0 KB', '☐ f23.jpg · 1.0 KB']);
    list = await press(u, list, '☑ All on this page');
    expect(list.plainText).toContain('3 files ticked, 3.0 KB');
    list = await press(u, list, '◀');
    expect(labels(list)).toContain('2/3');
    list = await press(u, list, '☐ f11.jpg');
    list = await press(u, list, '⏮');
    expect(labels(list)).toContain('1/3');
    expect(list.plainText).toContain('4 files ticked');
    await press(u, list, '💾 Save (4)');
    await e2e.tg.waitFor(() => current(u, list).plainText.startsWith('✅'), { timeoutMs: 15_000, description: 'the save outcome' });
    expect(driveFiles(u)).toEqual(['/来自分享/f11.jpg', '/来自分享/f21.jpg', '/来自分享/f22.jpg', '/来自分享/f23.jpg']);
  });

  it('a share with a password: asked for first (the usual 🔑 wait), then listed', async () => {
    const share = e2e.sim.addShare({ name: '加密', password: 'ab12', files: [{ name: 'x.zip', size: MB }, { name: 'y.zip', size: MB }] });
    const u = await e2e.loggedInUser();
    e2e.tg.sendMessage({ from: u.user, text: `/pick ${share.url}` });
    const ask = await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.includes('I will list what is in it'), { timeoutMs: 10_000 });
    expect(ask.plainText).toContain('needs a password');
    e2e.tg.sendMessage({ from: u.user, text: 'ab12' });
    let list = await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📂 「加密」'), { timeoutMs: 10_000 });
    list = await press(u, list, '☐ y.zip');
    await press(u, list, '💾 Save (1)');
    await e2e.tg.waitFor(() => current(u, list).plainText.startsWith('✅'), { timeoutMs: 15_000, description: 'the save outcome' });
    expect(e2e.sim.findByName(u.account.userId, 'y.zip')).toHaveLength(1);
    expect(e2e.sim.findByName(u.account.userId, 'x.zip')).toHaveLength(0);
  });

  it('/pick as a reply to a message with a share lists that share', async () => {
    const share = e2e.sim.addShare({ name: '转发', files: [{ name: 'r.txt', size: 10 }] });
    const u = await e2e.loggedInUser();
    const post = e2e.tg.sendMessage({ from: u.user, text: `看这个 ${share.url}` });
    e2e.tg.sendMessage({ from: u.user, text: '/pick', reply_to_message_id: post.message_id });
    const list = await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📂 「转发」'), { timeoutMs: 10_000 });
    expect(labels(list)).toContain('☐ r.txt · 10 B');
  });

  it('✖ cancel copies nothing, and the list no longer answers', async () => {
    const share = e2e.sim.addShare({ name: '不要', files: [{ name: 'n.bin', size: MB }] });
    const u = await e2e.loggedInUser();
    let list = await openList(u, share.text);
    list = await press(u, list, '☐ n.bin');
    list = await press(u, list, '✖ Cancel');
    expect(list.plainText).toBe('✖ Cancelled; nothing was saved.');
    expect(list.buttons).toEqual([]);
    expect(e2e.sim.countCopiesOf(share.shareId, u.account.userId)).toBe(0);
  });

  it('favourite folders: /folder adds and removes them by buttons, and 💾 offers them as the target', async () => {
    const { sim, tg } = e2e;
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: '/folder /电影' });
    await tg.waitForBotMessage(u.chatId, 'From now on saving into: /电影');
    tg.sendMessage({ from: u.user, text: '/folder' });
    let panel = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📁 Saving into: /电影'));
    expect(labels(panel)).toEqual(['⭐ Add this folder to favourites', '🗂 Browse my drive']);
    panel = await press(u, panel, '⭐ Add this folder');
    expect(labels(panel)).toEqual(['📁 /电影', '☆ Remove this folder from favourites', '🗂 Browse my drive']);

    // Typing a path still works; the favourite stays a button, one tap away.
    tg.sendMessage({ from: u.user, text: '/folder /剧集' });
    await tg.waitForBotMessage(u.chatId, 'From now on saving into: /剧集');
    tg.sendMessage({ from: u.user, text: '/folder' });
    panel = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📁 Saving into: /剧集'));
    expect(labels(panel)).toEqual(['⭐ /电影', '⭐ Add this folder to favourites', '🗂 Browse my drive']);
    panel = await press(u, panel, '⭐ Add this folder');

    // /pick's last step: the current folder or a favourite.
    const share = sim.addShare({ name: '两部', files: [{ name: 'A.mkv', size: MB }, { name: 'B.mkv', size: MB }] });
    let list = await openList(u, share.text);
    list = await press(u, list, '☐ B.mkv');
    list = await press(u, list, '💾 Save (1)');
    expect(list.plainText).toBe('💾 Save the 1 ticked file (1.0 MB) into:');
    expect(labels(list)).toEqual(['📁 /剧集', '⭐ /电影', '◀ Back to the list', '✖ Cancel']);
    await press(u, list, '⭐ /电影');
    await tg.waitFor(() => current(u, list).plainText.startsWith('✅'), { timeoutMs: 15_000, description: 'the save outcome' });
    expect(driveFiles(u)).toEqual(['/电影/B.mkv']);

    // Removing a favourite: choose it, then ☆.
    tg.sendMessage({ from: u.user, text: '/folder' });
    panel = await tg.waitFor(() => tg.botMessages(u.chatId).filter((m) => m.plainText.startsWith('📁 Saving into: /剧集')).at(-1)!, { description: 'a new panel' });
    await e2e.tg.waitFor(() => labels(current(u, panel)).includes('⭐ /电影') && current(u, panel), { description: 'the panel' });
    await press(u, panel, '⭐ /电影');
    await tg.waitForBotMessage(u.chatId, 'From now on saving into: /电影');
    panel = await tg.waitFor(() => labels(current(u, panel)).includes('☆ Remove this folder from favourites') && current(u, panel), { description: 'the panel after the tap' });
    panel = await press(u, panel, '☆ Remove this folder');
    expect(labels(panel)).toEqual(['⭐ /剧集', '⭐ Add this folder to favourites', '🗂 Browse my drive']);

    // A folder saved into recently (not the current one, not a favourite) is a 🕘 button.
    tg.sendMessage({ from: u.user, text: '/folder /新' });
    await tg.waitForBotMessage(u.chatId, 'From now on saving into: /新');
    tg.sendMessage({ from: u.user, text: '/folder' });
    panel = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📁 Saving into: /新'));
    expect(labels(panel)).toEqual(['⭐ /剧集', '🕘 /电影', '⭐ Add this folder to favourites', '🗂 Browse my drive']);
    await press(u, panel, '🕘 /电影');
    await tg.waitFor(() => e2e.app.deps.chatSettings.get(u.chatId)?.saveFolder === '/电影', { description: 'the save folder set by 🕘' });
  });

  it('the folder browser lists the drive\'s folders and sets the one chosen', async () => {
    const { sim, tg } = e2e;
    const u = await e2e.loggedInUser();
    sim.addFiles(u.account.userId, [{ name: '影视', children: [{ name: '纪录片', children: [] }, { name: 'note.txt' }] }]);
    tg.sendMessage({ from: u.user, text: '/folder' });
    let panel = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📁 Saving into:'));
    panel = await press(u, panel, '🗂 Browse my drive');
    expect(panel.plainText).toBe('🗂 Choose the save folder: /');
    panel = await press(u, panel, '📁 影视');
    expect(labels(panel)).toEqual(['📁 纪录片', '⬆️ Up', '✅ Save here']);
    panel = await press(u, panel, '📁 纪录片');
    expect(panel.plainText).toBe('🗂 Choose the save folder: /影视/纪录片');
    await press(u, panel, '✅ Save here');
    await tg.waitForBotMessage(u.chatId, 'From now on saving into: /影视/纪录片');
    expect(e2e.app.deps.chatSettings.get(u.chatId)?.saveFolder).toBe('/影视/纪录片');
  });

  it('skip rules: /skip adds, lists and removes; a folder share is then saved without what they skip, and the outcome says so', async () => {
    const { sim, tg } = e2e;
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: '/skip *.url' });
    await tg.waitForBotMessage(u.chatId, '✅ From now on I skip: *.url');
    tg.sendMessage({ from: u.user, text: '/skip *广告*' });
    await tg.waitForBotMessage(u.chatId, '✅ From now on I skip: *广告*');
    tg.sendMessage({ from: u.user, text: '/skip <1KB' });
    await tg.waitForBotMessage(u.chatId, '✅ From now on I skip: files under 1.0 KB');
    tg.sendMessage({ from: u.user, text: '/skip *.tmp' });
    await tg.waitForBotMessage(u.chatId, '✅ From now on I skip: *.tmp');
    tg.sendMessage({ from: u.user, text: '/skip' });
    let list = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('🚫 Skipped when saving:'));
    expect(labels(list)).toEqual(['🗑 *.url', '🗑 *广告*', '🗑 files under 1.0 KB', '🗑 *.tmp', '🗑 Clear all']);
    list = await press(u, list, '🗑 *.tmp');
    expect(labels(list)).toEqual(['🗑 *.url', '🗑 *广告*', '🗑 files under 1.0 KB', '🗑 Clear all']);

    const share = sim.addShare({
      name: '资源',
      files: [
        {
          name: '资源',
          children: [
            { name: 'movie.mkv', size: 5 * MB },
            { name: '访问网站.url', size: 2 * 1024 },
            { name: 'tiny.nfo', size: 100 },
            { name: 'Extras', children: [{ name: 'trailer.mp4', size: MB }, { name: '广告.mp4', size: MB }] },
            { name: 'Subs', children: [{ name: 'zh.srt', size: 4096 }] },
          ],
        },
      ],
    });
    tg.sendMessage({ from: u.user, text: share.text });
    const outcome = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('✅ 「资源」'), { timeoutMs: 15_000 });
    expect(outcome.plainText).toContain('🚫 Your skip rules left out 3 files (see /skip).');
    expect(driveFiles(u)).toEqual([
      '/来自分享/资源/Extras/trailer.mp4',
      '/来自分享/资源/Subs/zh.srt',
      '/来自分享/资源/movie.mkv',
    ]);

    tg.sendMessage({ from: u.user, text: '/skip clear' });
    await tg.waitForBotMessage(u.chatId, '🗑 All skip rules cleared.');
    tg.sendMessage({ from: u.user, text: '/skip' });
    await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('🚫 No skip rules yet'));
  });
});

describe('/pick across a restart, and 📂 under a queued save', () => {
  let e2e: E2E;
  let second: App | undefined;
  beforeAll(async () => {
    // No workers at first: the ordinary save stays queued, as behind a long queue.
    e2e = await startE2E({ queue: 'embedded', app: { runWorkers: false, savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await second?.stop();
    await e2e?.close();
  });

  it('📂 on the queued save opens the list (the queued save copies nothing); the list works in a new process', async () => {
    const { sim, tg } = e2e;
    const share = sim.addShare({ name: '大包', files: [{ name: 'one.iso', size: MB }, { name: 'two.iso', size: MB }, { name: 'three.iso', size: MB }] });
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: share.text });
    const status = await tg.waitForBotMessage(u.chatId, (m) => m.buttons.flat().some((b) => b.text === '📂 Choose files'));
    expect(status.buttons.flat().map((b) => b.text)).toEqual(['✖ Stop', '📂 Choose files']);
    tg.clickButton(u.chatId, status.messageId, { text: '📂 Choose files' });
    let list = await tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📂 「大包」'), { timeoutMs: 10_000 });
    const press = async (label: string) => {
      const shown = tg.message(u.chatId, list.messageId)!;
      const target = shown.buttons.flat().find((b) => b.text.startsWith(label))!;
      const before = shown.editCount;
      tg.clickButton(u.chatId, list.messageId, { text: target.text });
      list = await tg.waitFor(() => tg.message(u.chatId, list.messageId)!.editCount > before && tg.message(u.chatId, list.messageId)!, { description: `an edit after ${label}` });
    };
    await press('☐ two.iso');

    // A new process on the same DATA_DIR (and queue), this time with workers.
    await e2e.app.stop();
    const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    second = createApp(e2e.config, {
      logger: createLogger('warn', quiet),
      queueName: e2e.app.core.options.queueName,
      statusEditIntervalMs: 0,
      queueCloseTimeoutMs: 2000,
      savePoll: { firstMs: 20, maxMs: 100 },
    });
    await second.start();

    // The ordinary save was asked to stop before it ran: it ends without copying anything.
    await tg.waitFor(() => /stopped/i.test(tg.message(u.chatId, status.messageId)!.plainText) && true, { timeoutMs: 15_000, description: 'the queued save stopped' });
    await press('☐ three.iso');
    expect(list.buttons.flat().map((b) => b.text)).toEqual(expect.arrayContaining(['☐ one.iso · 1.0 MB', '☑ two.iso · 1.0 MB', '☑ three.iso · 1.0 MB']));
    await press('💾 Save (2)');
    await tg.waitFor(() => tg.message(u.chatId, list.messageId)!.plainText.startsWith('✅'), { timeoutMs: 15_000, description: 'the save outcome' });
    const files = sim.files(u.account.userId).filter((f) => f.type === 'file').map((f) => f.path).sort();
    expect(files).toEqual(['/来自分享/three.iso', '/来自分享/two.iso']);
    expect(sim.countCopiesOf(share.shareId, u.account.userId)).toBe(2);
  });
});
