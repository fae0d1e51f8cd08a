/**
 * The first five minutes, end to end through the Bot API fake (issue #16): what a new user
 * reads and which buttons they get, from /start to the first saves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from '../helpers/e2e.js';

describe('the first five minutes', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const buttonTexts = (m: { buttons: { text: string }[][] }) => m.buttons.flat().map((b) => b.text);

  it('/start is a welcome in three steps with a QR login button that turns into "✅ logged in as …"', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser({ first_name: 'Xiao', language_code: 'zh-hans' });
    tg.sendMessage({ from: u.user, text: '/start' });
    const welcome = await tg.waitForBotMessage(u.chatId, '三步');
    expect(welcome.plainText).toContain('1️⃣');
    expect(welcome.plainText).toContain('3️⃣');
    expect(welcome.plainText).toContain('还没登录也可以先发链接，登录后我会自动保存。');
    expect(welcome.plainText).not.toContain('refresh_token');
    expect(buttonTexts(welcome)).toEqual(['📱 扫码登录']);

    sim.qr.script(['NEW', 'SCANED', 'CONFIRMED'], u.account.userId);
    tg.clickButton(u.chatId, welcome.messageId, { text: '📱 扫码登录' });
    await tg.waitForBotMessage(u.chatId, '已登录阿里云盘');
    const after = await tg.waitFor(() => {
      const m = tg.message(u.chatId, welcome.messageId);
      return m && buttonTexts(m)[0]?.startsWith('✅') && m;
    });
    expect(buttonTexts(after)).toEqual(['✅ 已登录：Xiao 的云盘']);

    // A later /start knows the user is logged in.
    tg.sendMessage({ from: u.user, text: '/start' });
    const again = await tg.waitForBotMessage(u.chatId, (m) => m.messageId > welcome.messageId && m.plainText.includes('三步'));
    expect(again.plainText).toContain('已完成 ✅');
    expect(buttonTexts(again)).toEqual(['✅ 已登录：Xiao 的云盘']);
  });

  it('refresh_token is explained once, in /help, and in neither the command menu nor the login prompt', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser({ language_code: 'zh-hans' });
    tg.sendMessage({ from: u.user, text: '/help' });
    const help = await tg.waitForBotMessage(u.chatId, '进阶');
    expect(help.plainText).toContain('Local Storage');
    expect(help.plainText).toContain('/login 你的refresh_token');
    for (const lang of ['', 'en']) {
      expect(tg.commands(undefined, lang).map((c) => c.description).join(' ')).not.toContain('refresh_token');
    }
    tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const prompt = await tg.waitForBotMessage(u.chatId, '先登录阿里云盘');
    expect(prompt.plainText).not.toContain('refresh_token');
    expect(buttonTexts(prompt)).toEqual(['📱 扫码登录']);
  });

  it('every link sent before the login waits, and all are saved after it, with a word that they are being saved', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser();
    const first = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === first.message_id));
    const second = tg.sendMessage({ from: u.user, text: sim.catalogue.folder.text });
    const prompt = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === second.message_id));
    expect(prompt.plainText).toContain('the link you just sent is saved as soon as you are logged in');
    expect(prompt.plainText).toContain('2 links are waiting; I save them all after you log in.');

    sim.qr.script(['NEW', 'SCANED', 'CONFIRMED'], u.account.userId);
    tg.clickButton(u.chatId, prompt.messageId, 'login:qr');
    await tg.waitForBotMessage(u.chatId, '📥 Logged in: saving the 2 links you sent before; see their replies for progress.');
    for (const sent of [first, second]) {
      await tg.waitFor(
        () => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith('✅')),
        { timeoutMs: 15_000, description: `the save of message ${sent.message_id}` },
      );
    }
    expect(sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);
    expect(sim.tree(u.account.userId)['/来自分享/地球脉动 Planet Earth/Season 1']).toBe(8);
    // Both prompts now say who is logged in.
    for (const m of tg.botMessages(u.chatId).filter((m) => m.plainText.startsWith('🔐'))) {
      expect(buttonTexts(m)[0]).toMatch(/^✅ Logged in as /u);
    }
  });

  it('QR login on one phone: says a phone cannot scan itself, gives the QR link as a button, ✖ cancels, 📲 once scanned', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser({ language_code: 'zh-hans' });
    sim.qr.script(['NEW'], u.account.userId); // never scanned
    tg.sendMessage({ from: u.user, text: '/login' });
    const photo = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.photo && !m.deleted));
    expect(photo.plainText).toContain('手机扫不了自己的屏幕');
    const [linkRow, cancelRow] = photo.buttons;
    expect(linkRow).toEqual([{ text: '🔗 打开二维码链接', url: expect.stringContaining('qrcodeCheck.htm?lgToken=') }]);
    expect(cancelRow).toEqual([{ text: '✖ 取消登录', callbackData: 'qr:cancel' }]);
    tg.clickButton(u.chatId, photo.messageId, { text: '✖ 取消登录' });
    await tg.waitForBotMessage(u.chatId, '已取消扫码登录。');
    await tg.waitFor(() => tg.message(u.chatId, photo.messageId)?.deleted);

    sim.qr.script(['NEW', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED', 'SCANED'], u.account.userId);
    tg.sendMessage({ from: u.user, text: '/login' });
    const scanned = await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.photo && !m.deleted && m.plainText.startsWith('📲')));
    expect(scanned.plainText).toBe('📲 已扫码，请在手机上的阿里云盘 App 里确认登录。');
    expect(scanned.buttons).toEqual([[{ text: '✖ 取消登录', callbackData: 'qr:cancel' }]]);
    tg.sendMessage({ from: u.user, text: '/cancel' });
    await tg.waitFor(() => tg.message(u.chatId, scanned.messageId)?.deleted);
  });

  it('a link of another drive is named as such, not "no Aliyun share found"', async () => {
    const { tg } = e2e;
    const zh = e2e.newUser({ language_code: 'zh-hans' });
    tg.sendMessage({ from: zh.user, text: '「4K 纪录片」链接：https://pan.quark.cn/s/0123456789ab 提取码：ab12' });
    const reply = await tg.waitForBotMessage(zh.chatId, '🤔');
    expect(reply.plainText).toBe('🤔 这是夸克网盘的链接。我只能保存阿里云盘的分享（alipan.com/s/… 或 aliyundrive.com/s/…）。');

    const en = e2e.newUser();
    tg.sendMessage({ from: en.user, text: 'pan.baidu.com/s/1AbCdEfGh pwd: x1y2' });
    const answer = await tg.waitForBotMessage(en.chatId, '🤔');
    expect(answer.plainText).toContain('This is a Baidu Netdisk link.');
    expect(answer.plainText).not.toContain('found no');
  });

  it('commands in the wrong chat get the right answer; a private /status says who, where and what is running', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser({ first_name: 'Wen' });
    const group = tg.addChat({ type: 'supergroup', title: 'Club', botStatus: 'administrator', members: [u.user] });
    for (const command of ['/history', '/logout']) {
      tg.sendMessage({ from: u.user, chat: group.id, text: command });
      const answer = await tg.waitForBotMessage(group.id, `🔒 ${command} works in a private chat with me.`);
      expect(answer.buttons).toEqual([[{ text: '💬 Open a private chat', url: expect.stringMatching(/^https:\/\/t\.me\/\w+$/u) }]]);
    }
    tg.sendMessage({ from: u.user, text: '/save' });
    await tg.waitForBotMessage(u.chatId, '/save only works in groups.');

    sim.setKnobs({ latencyMs: 300 });
    try {
      const big = tg.sendMessage({ from: u.user, text: sim.catalogue.many.text });
      await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === big.message_id && m.plainText.startsWith('📥')), {
        timeoutMs: 20_000,
      });
      tg.sendMessage({ from: u.user, text: '/status' });
      const status = await tg.waitForBotMessage(u.chatId, 'Your status');
      expect(status.plainText).toContain('👤 Logged in to Aliyun Drive as Wen 的云盘');
      expect(status.plainText).toContain('📁 Saving into /来自分享 (change it with /folder)');
      expect(status.plainText).toMatch(/📥 Saving one share:\n {2}• .+ \d+\/\d+/u);
      expect(buttonTexts(status)).toHaveLength(1);
      expect(buttonTexts(status)[0]).toMatch(/^✖ /u);
      tg.clickButton(u.chatId, status.messageId, { text: buttonTexts(status)[0]! });
      await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === big.message_id && m.plainText.startsWith('✖ Stopped')), {
        timeoutMs: 20_000,
      });
    } finally {
      sim.setKnobs({ latencyMs: 0 });
    }

    const stranger = e2e.newUser();
    tg.sendMessage({ from: stranger.user, text: '/status' });
    const notYet = await tg.waitForBotMessage(stranger.chatId, 'Your status');
    expect(notYet.plainText).toContain('Not logged in');
    expect(notYet.plainText).toContain('💤 No saves running right now.');
    expect(buttonTexts(notYet)).toEqual(['📱 Log in with QR code']);
  });

  it('a dead link is named the way the message named it when the link itself cannot be opened', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.expired.text });
    const dead = await tg.waitFor(
      () => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith('❌')),
      { timeoutMs: 15_000 },
    );
    expect(dead.plainText).toBe('❌ 「过期的电影.mkv」 has expired and cannot be saved. Ask the owner to share it again.');
  });

  it('/history: running saves first, failures a later save made good hidden, 「今天」 times, 📂 open and 🔁 retry buttons', async () => {
    const { tg, sim } = e2e;
    const u = await e2e.loggedInUser({ language_code: 'zh-hans' });
    const outcomeOf = (sent: { message_id: number }, start: string) =>
      tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith(start)), {
        timeoutMs: 20_000,
        description: `${start} for message ${sent.message_id}`,
      });

    // A full drive, then the same share again after freeing space: the failure is made good.
    sim.setQuota(u.account.userId, 1);
    await outcomeOf(tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text }), '❌');
    const stillFull = tg.sendMessage({ from: u.user, text: sim.catalogue.folder.text });
    const fullStatus = await outcomeOf(stillFull, '❌');
    sim.setQuota(u.account.userId, Number.MAX_SAFE_INTEGER);
    await outcomeOf(tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text }), '✅');

    sim.setKnobs({ latencyMs: 300 });
    try {
      const big = tg.sendMessage({ from: u.user, text: sim.catalogue.many.text });
      await outcomeOf(big, '📥');
      tg.sendMessage({ from: u.user, text: '/history' });
      const history = await tg.waitForBotMessage(u.chatId, '最近的保存');
      const lines = history.plainText.split('\n');
      expect(lines[1]).toBe('📥 壁纸合集 250张');
      expect(lines[2]).toMatch(/^ {4}今天 \d\d:\d\d → \/来自分享$/u);
      // Big Buck Bunny shows once (saved); its drive-full failure is hidden; the folder's is not.
      expect(lines.filter((line) => line.includes('Big.Buck.Bunny'))).toEqual(['✅ Big.Buck.Bunny.2008.1080p.mp4']);
      expect(history.plainText).toContain('网盘空间不足');
      // 📂 opens the folder a save went into, in the Aliyun Drive web app (the resource drive here); 🔁 retries.
      const folder = sim.findByName(u.account.userId, '来自分享')[0];
      expect(history.buttons).toEqual([
        [{ text: expect.stringMatching(/^📂 打开「Big\.Buck\.Bunny/u), url: `https://www.alipan.com/drive/file/all/${folder?.fileId}` }],
        [{ text: '🔁 重试「地球脉动 Planet Earth」', callbackData: expect.stringMatching(/^hretry:\d+$/) }],
      ]);
      tg.clickButton(u.chatId, history.messageId, { text: '🔁 重试「地球脉动 Planet Earth」' });
    } finally {
      sim.setKnobs({ latencyMs: 0 });
    }
    // The retry runs on the folder's own status message.
    const retried = await tg.waitFor(() => {
      const m = tg.message(u.chatId, fullStatus.messageId);
      return m?.plainText.startsWith('✅') && m;
    }, { timeoutMs: 30_000, description: 'the retry from /history' });
    expect(retried.plainText).toContain('地球脉动 Planet Earth');
  });
});
