/**
 * /share end to end (Telegram fake ↔ grammY ↔ app ↔ Aliyun simulator, embedded queue): a path,
 * the browse-and-pick conversation, "🔗 share it" after a save, every refusal Aliyun has, and
 * /cancel — and a conversation that survives a restart of the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareLink } from '../../src/api/index.js';
import type { App } from '../../src/app.js';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { restartedApp, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const DAY = 24 * 60 * 60_000;

/** The running world; `app` is replaced when a test restarts the bot. */
let e2e: E2E;
let app: App;

/** The account's share links as Aliyun lists them, newest first. */
async function linksOf(u: TestUser): Promise<ShareLink[]> {
  const account = app.deps.accounts.getByTelegramUser(u.user.id)!;
  return (await app.deps.accounts.session(account).listShareLinks()).items;
}

const fileId = (u: TestUser, name: string) => e2e.sim.findByName(u.account.userId, name)[0]!.fileId;
const labels = (m: MessageView) => m.buttons.flat().map((b) => b.text);
const current = (u: TestUser, m: MessageView) => e2e.tg.message(u.chatId, m.messageId)!;

/** Presses a button and waits for the answer and (unless `edits` is false) an edit of that message. */
async function press(u: TestUser, message: MessageView, label: string, { from = u.user, edits = true } = {}) {
  const before = current(u, message).editCount;
  const queryId = e2e.tg.clickButton(u.chatId, message.messageId, { text: label }, from);
  const answer = await e2e.tg.waitForCallbackAnswer(queryId);
  const view = edits
    ? await e2e.tg.waitFor(() => current(u, message).editCount > before && current(u, message), { description: `an edit after ${label}` })
    : current(u, message);
  return { answer, view };
}

/** Waits until the message shows `text`. */
function waitUntilShows(u: TestUser, message: MessageView, text: string): Promise<MessageView> {
  return e2e.tg.waitFor(() => current(u, message).plainText.includes(text) && current(u, message), { description: `"${text}" in message ${message.messageId}` });
}

/** Presses ✅ Create on the options panel; resolves with the message carrying the share text. */
async function create(u: TestUser, options: MessageView): Promise<MessageView> {
  await press(u, options, '✅ Create link');
  return e2e.tg.waitForBotMessage(u.chatId, 'Share link created (');
}

describe('/share', () => {
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
    app = e2e.app;
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('/share /path: expiry and a typed password, then the share text and URL', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.userId, [{ name: 'Docs', children: [{ name: 'report.pdf' }] }]);
    e2e.tg.sendMessage({ from: u.user, text: '/share /Docs/report.pdf' });
    const options = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「report.pdf」');
    expect(options.plainText).toMatch(/⏰ Valid for: 7 days\n🔑 Password: [a-z0-9]{4}$/);
    expect(labels(options)).toEqual(['1 day', '• 7 days', '30 days', 'Never', '🎲 Random', '⌨️ Type one', '🔓 No password', '✅ Create link', '✖️ Cancel']);

    await press(u, options, '30 days');
    await press(u, options, '⌨️ Type one', { edits: false });
    await e2e.tg.waitForBotMessage(u.chatId, 'Send the password: exactly 4 letters or digits.');
    e2e.tg.sendMessage({ from: u.user, text: 'pw1' });
    await e2e.tg.waitForBotMessage(u.chatId, 'A password is exactly 4 letters or digits');
    e2e.tg.sendMessage({ from: u.user, text: 'PW12' });
    const chosen = await waitUntilShows(u, options, 'Password: PW12');
    expect(chosen.plainText).toContain('Valid for: 30 days');

    const created = await create(u, chosen);
    const [link] = await linksOf(u);
    expect(created.plainText).toBe(`✅ Share link created (30 days):\n\n「report.pdf」${link!.share_url} 提取码: PW12\n${created.plainText.split('\n')[3]}`);
    expect(created.buttons.flat()).toEqual([{ text: '🔗 Open', url: link!.share_url }]);
    expect(link!.share_pwd).toBe('PW12');
    expect(link!.file_id_list).toEqual([fileId(u, 'report.pdf')]);
    expect(Date.parse(link!.expiration) - Date.now()).toBeGreaterThan(30 * DAY - 60_000);
    expect(current(u, options).plainText).toBe('✅ Share link created for 「report.pdf」.');

    // "Manage" turns the panel into the link's card.
    const card = (await press(u, current(u, options), '⚙️ Manage')).view;
    expect(card.plainText).toContain(`🔗 ${link!.share_url}`);
    expect(card.plainText).toContain('🔑 Password: PW12');
  });

  it('/share alone: browse folders page by page, search by name, pick several, create', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.userId, [
      { name: 'Movies', children: [{ name: 'a.mkv' }, { name: 'b.mkv' }] },
      { name: 'Music', children: [{ name: 'song.mp3' }] },
      { name: 'Many', children: Array.from({ length: 10 }, (_, i) => ({ name: `file-${String(i + 1).padStart(2, '0')}.txt` })) },
    ]);
    e2e.tg.sendMessage({ from: u.user, text: '/share' });
    const browser = await e2e.tg.waitForBotMessage(u.chatId, '📂 /');
    expect(labels(browser)).toEqual(expect.arrayContaining(['📁 Movies', '📁 Music', '📁 Many', '✅ Done (0)', '✖️ Cancel']));

    const movies = (await press(u, browser, '📁 Movies')).view;
    expect(movies.plainText).toContain('📂 /Movies');
    expect(labels(movies)).toEqual(expect.arrayContaining(['☐ 📄 a.mkv', '☐ 📄 b.mkv', '⬆️ Up']));
    await press(u, movies, '☐ 📄 a.mkv');
    expect(labels(current(u, browser))).toEqual(expect.arrayContaining(['✅ 📄 a.mkv', '✅ Done (1)']));

    // Someone else's click changes nothing.
    const stranger = e2e.newUser();
    const refused = await press(u, current(u, browser), '☐ 📄 b.mkv', { from: stranger.user, edits: false });
    expect(refused.answer.text).toBe('🙏 Sorry, these buttons belong to someone else.');

    await press(u, current(u, browser), '⬆️ Up');
    const many = (await press(u, current(u, browser), '📁 Many')).view;
    expect(labels(many).filter((label) => label.includes('file-'))).toHaveLength(8);
    const page2 = (await press(u, many, '▶')).view;
    expect(labels(page2)).toEqual(expect.arrayContaining(['☐ 📄 file-09.txt', '☐ 📄 file-10.txt', '◀']));
    await press(u, page2, '☐ 📄 file-10.txt');
    const page1 = (await press(u, current(u, browser), '◀')).view;
    expect(labels(page1)).toContain('☐ 📄 file-01.txt');

    e2e.tg.sendMessage({ from: u.user, text: 'song' });
    const results = await waitUntilShows(u, browser, 'Results for “song” (1)');
    await press(u, results, '☐ 📄 song.mp3');
    const back = (await press(u, current(u, browser), '↩ Back to folder')).view;
    expect(back.plainText).toContain('📂 /Many');
    expect(back.plainText).toContain('3 picked');

    await press(u, back, '✅ Done (3)');
    expect(current(u, browser).plainText).toBe('Picked: 「a.mkv」 「file-10.txt」 「song.mp3」');
    const options = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「a.mkv」 and 2 more');
    await press(u, options, '🔓 No password');
    await press(u, current(u, options), 'Never');
    expect(current(u, options).plainText).toContain('Valid for: never expires\n🔑 Password: none');

    const created = await create(u, current(u, options));
    expect(created.plainText).toContain('Share link created (never expires)');
    expect(created.plainText).not.toContain('提取码');
    const [link] = await linksOf(u);
    expect(link!.share_pwd).toBe('');
    expect(link!.expiration).toBe('');
    expect([...link!.file_id_list!].sort()).toEqual([fileId(u, 'a.mkv'), fileId(u, 'file-10.txt'), fileId(u, 'song.mp3')].sort());
  });

  it('items Aliyun will not share are named with the reason; the rest can still be shared', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.userId, [{ name: 'Pack', children: [{ name: 'app.zip' }, { name: 'notes.txt' }] }]);

    e2e.tg.sendMessage({ from: u.user, text: '/share /Pack/app.zip' });
    const alone = await e2e.tg.waitForBotMessage(u.chatId, 'These cannot be shared');
    expect(alone.plainText).toBe('⚠️ These cannot be shared:\n• 「app.zip」: Aliyun Drive does not allow sharing this type of file\n\nNothing left to share.');
    expect(alone.buttons).toEqual([]);

    e2e.tg.sendMessage({ from: u.user, text: '/share' });
    const browser = await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📂 /') && m.messageId > alone.messageId);
    const pack = (await press(u, browser, '📁 Pack')).view;
    await press(u, pack, '☐ 📄 app.zip');
    await press(u, current(u, browser), '☐ 📄 notes.txt');
    await press(u, current(u, browser), '✅ Done (2)');
    const refusal = await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.includes('These cannot be shared') && m.messageId > browser.messageId);
    expect(refusal.plainText).toContain('「app.zip」: Aliyun Drive does not allow sharing this type of file');
    await press(u, refusal, '➡️ Share the other 1');
    const options = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「notes.txt」');
    await create(u, options);
    const [link] = await linksOf(u);
    expect(link!.file_id_list).toEqual([fileId(u, 'notes.txt')]);
  });

  it('plain words for FileShareNotAllowed and the daily limit at creation', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.userId, [{ name: 'clip.mp4' }]);

    e2e.sim.failNext('/adrive/v2/share_link/create', { status: 403, code: 'FileShareNotAllowed' });
    e2e.tg.sendMessage({ from: u.user, text: '/share /clip.mp4' });
    const first = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「clip.mp4」');
    await press(u, first, '✅ Create link');
    await waitUntilShows(u, first, '❌ Aliyun Drive refused to share: Aliyun Drive does not allow sharing this type of file.');

    const limit = e2e.sim.knobs().shareCreateDailyLimit;
    e2e.sim.setKnobs({ shareCreateDailyLimit: 0 });
    try {
      e2e.tg.sendMessage({ from: u.user, text: '/share /clip.mp4' });
      const second = await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('🔗 Share 「clip.mp4」') && m.messageId > first.messageId);
      await press(u, second, '✅ Create link');
      await waitUntilShows(u, second, '❌ You have reached Aliyun Drive’s daily limit for creating share links. Please try again tomorrow.');
    } finally {
      e2e.sim.setKnobs({ shareCreateDailyLimit: limit });
    }
    expect(await linksOf(u)).toEqual([]);
  });

  it('files in the backup drive are explained (only the resource drive can share); a wrong path is named', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.driveIds.backup!, [{ name: 'Phone', children: [{ name: 'old-photo.jpg' }] }]);
    e2e.tg.sendMessage({ from: u.user, text: '/share /Phone/old-photo.jpg' });
    const answer = await e2e.tg.waitForBotMessage(u.chatId, 'backup drive');
    expect(answer.plainText).toBe(
      '❌ /Phone/old-photo.jpg is in your backup drive. Only files in the resource drive can get share links: move it there in the Aliyun Drive app, then try again.',
    );

    e2e.tg.sendMessage({ from: u.user, text: '/share /Phone/nothing.jpg' });
    await e2e.tg.waitForBotMessage(u.chatId, '❌ There is nothing at /Phone/nothing.jpg in your resource drive.');

    e2e.tg.sendMessage({ from: u.user, text: '/share' });
    const browser = await e2e.tg.waitForBotMessage(u.chatId, '📂 /');
    e2e.tg.sendMessage({ from: u.user, text: 'old-photo' });
    const results = await waitUntilShows(u, browser, 'Results for “old-photo” (0)');
    expect(results.plainText).toContain('1 match(es) found in your backup drive, but only files in the resource drive can get share links');
    await press(u, results, '✖️ Cancel');
    expect(current(u, browser).plainText).toBe('Cancelled, nothing was shared.');
  });

  it('🔗 share it under a saved share makes a link of the saved files', async () => {
    const u = await e2e.loggedInUser();
    const sent = e2e.tg.sendMessage({ from: u.user, text: e2e.sim.catalogue.singleFile.text });
    const status = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith('✅')),
      { timeoutMs: 20_000, description: 'the saved outcome' },
    );
    expect(labels(status)).toEqual(['🔗 Share it', '🔔 Follow']);

    const stranger = e2e.newUser();
    const refused = await press(u, status, '🔗 Share it', { from: stranger.user, edits: false });
    expect(refused.answer.text).toBe('🙏 Sorry, these buttons belong to someone else.');

    await press(u, status, '🔗 Share it', { edits: false });
    const options = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「Big.Buck.Bunny.2008.1080p.mp4」');
    const created = await create(u, options);
    const [link] = await linksOf(u);
    expect(link!.file_id_list).toEqual([fileId(u, 'Big.Buck.Bunny.2008.1080p.mp4')]);
    expect(created.plainText).toContain(link!.share_url);
  });

  it('"share it" finds the saved items by name when their new ids were not recorded', async () => {
    const u = await e2e.loggedInUser();
    const sent = e2e.tg.sendMessage({ from: u.user, text: e2e.sim.catalogue.singleFile.text });
    const status = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith('✅') && m.buttons.length > 0),
      { timeoutMs: 20_000, description: 'the saved outcome' },
    );
    // As on a row written before the ids were kept: only the names are known.
    const forgotten = app.deps.db.$client
      .prepare('update save_copy_items set result_file_id = null where job_id in (select job_id from saves where chat_id = ? and status_message_id = ?)')
      .run(u.chatId, status.messageId);
    expect(forgotten.changes).toBe(1);

    await press(u, status, '🔗 Share it', { edits: false });
    const options = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「Big.Buck.Bunny.2008.1080p.mp4」');
    await create(u, options);
    const [link] = await linksOf(u);
    expect(link!.file_id_list).toEqual([fileId(u, 'Big.Buck.Bunny.2008.1080p.mp4')]);
  });

  it('a second /share replaces the first: the old panel answers that it is no longer active', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.userId, [{ name: 'Books', children: [{ name: 'a.epub' }] }]);
    e2e.tg.sendMessage({ from: u.user, text: '/share' });
    const first = await e2e.tg.waitForBotMessage(u.chatId, '📂 /');
    e2e.tg.sendMessage({ from: u.user, text: '/share' });
    const second = await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText.startsWith('📂 /') && m.messageId > first.messageId);
    const { answer } = await press(u, first, '📁 Books', { edits: false });
    expect(answer.text).toBe('This menu is no longer active.');
    const books = (await press(u, second, '📁 Books')).view;
    expect(books.plainText).toContain('📂 /Books');
  });

  it('/cancel leaves the conversation and says so: its buttons and the next text are no longer taken', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.userId, [{ name: 'Photos', children: [{ name: 'cat.jpg' }] }]);
    e2e.tg.sendMessage({ from: u.user, text: '/share' });
    const browser = await e2e.tg.waitForBotMessage(u.chatId, '📂 /');
    // Updates of one chat are handled in order, so the click below comes after /cancel.
    e2e.tg.sendMessage({ from: u.user, text: '/cancel' });
    await e2e.tg.waitForBotMessage(u.chatId, (m) => m.plainText === 'Cancelled.');

    const { answer } = await press(u, browser, '📁 Photos', { edits: false });
    expect(answer.text).toBe('This button has expired.');
    const text = e2e.tg.sendMessage({ from: u.user, text: 'cat' });
    // Not a search any more: the usual "no link here" hint answers it.
    await e2e.tg.waitForBotMessage(u.chatId, (m) => m.replyToMessageId === text.message_id);
    expect(current(u, browser).plainText).not.toContain('Results');
    expect(current(u, browser).editCount).toBe(browser.editCount);
  });

  it('asks for a login first, and only works in private chats', async () => {
    const stranger = e2e.newUser();
    e2e.tg.sendMessage({ from: stranger.user, text: '/share /x' });
    const prompt = await e2e.tg.waitForBotMessage(stranger.chatId, 'Log in to Aliyun Drive first');
    expect(prompt.buttons.flat().map((b) => b.callbackData)).toEqual(['login:qr']);

    const member = await e2e.loggedInUser();
    const group = e2e.tg.addChat({ type: 'supergroup', title: 'Club', members: [member.user] });
    e2e.tg.sendMessage({ from: member.user, chat: group.id, text: '/share /x' });
    await e2e.tg.waitForBotMessage(group.id, '/share works in a private chat with me');
  });
});

describe('/share across a restart', () => {
  let second: App | undefined;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded' });
    app = e2e.app;
  });
  afterAll(async () => {
    await second?.stop();
    await e2e?.close();
  });

  it('a conversation stopped mid-way continues in a new process on the same DATA_DIR', async () => {
    const u = await e2e.loggedInUser();
    e2e.sim.addFiles(u.account.userId, [{ name: 'Trip', children: [{ name: 'beach.jpg' }, { name: 'hill.jpg' }] }]);
    e2e.tg.sendMessage({ from: u.user, text: '/share' });
    const browser = await e2e.tg.waitForBotMessage(u.chatId, '📂 /');
    await press(u, browser, '📁 Trip');
    await press(u, current(u, browser), '☐ 📄 beach.jpg');

    await e2e.app.stop();
    second = await restartedApp(e2e, { statusEditIntervalMs: 0 });
    app = second;

    // The same panel, pressed after the restart: the pick made before it is still there.
    const picked = (await press(u, current(u, browser), '☐ 📄 hill.jpg')).view;
    expect(labels(picked)).toEqual(expect.arrayContaining(['✅ 📄 beach.jpg', '✅ 📄 hill.jpg', '✅ Done (2)']));
    await press(u, picked, '✅ Done (2)');
    const options = await e2e.tg.waitForBotMessage(u.chatId, 'Share 「beach.jpg」 and 1 more');
    await create(u, options);
    const [link] = await linksOf(u);
    expect([...link!.file_id_list!].sort()).toEqual([fileId(u, 'beach.jpg'), fileId(u, 'hill.jpg')].sort());
  });
});
