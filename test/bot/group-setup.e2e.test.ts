/**
 * Setting up a group without typing (issue #16 item 8), end to end through the Bot API fake:
 * the greeting when the bot is added, the buttons after /bind, /status as a settings panel with
 * toggles, and a share's code answered by replying in the group.
 */
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../src/sim/telegram/index.js';
import { startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

describe('a group set up with buttons', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  interface Group {
    chat: Chat;
    owner: TestUser;
    admin: TestUser;
    member: TestUser;
  }

  let n = 0;
  /** A supergroup: an owner, an admin who linked a drive, a member; the bot as `botStatus`. */
  async function newGroup(botStatus: 'administrator' | 'member' | 'left' = 'administrator', lang = 'en'): Promise<Group> {
    n += 1;
    const admin = await e2e.loggedInUser({ first_name: 'Ada', language_code: lang });
    const owner = e2e.newUser({ first_name: 'Olga', language_code: lang });
    const member = e2e.newUser({ first_name: 'Mo', language_code: lang });
    const chat = e2e.tg.addChat({ type: 'supergroup', title: `Setup ${n}`, creator: owner.user, admins: [admin.user], members: [member.user], botStatus });
    return { chat, owner, admin, member };
  }

  const texts = (m: MessageView) => m.buttons.flat().map((b) => b.text);

  /** Sends in the group and waits for the bot's reply to that message. */
  async function command(g: Group, from: TestUser, text: string, match: string) {
    const sent = e2e.tg.sendMessage({ from: from.user, chat: g.chat.id, text });
    return e2e.tg.waitFor(() => e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === sent.message_id && m.plainText.includes(match)), {
      timeoutMs: 10_000,
      description: `the answer to ${text}`,
    });
  }

  /** Presses a button and waits for its answer. */
  async function press(g: Group, message: MessageView, label: string, by: TestUser) {
    const id = e2e.tg.clickButton(g.chat.id, message.messageId, { text: label }, by.user);
    return e2e.tg.waitForCallbackAnswer(id);
  }

  it('greets when added: what it does, who can /bind, and a button that logs in privately and leads back to /bind', async () => {
    const g = await newGroup('left', 'zh-hans');
    e2e.tg.setMember(g.chat.id, e2e.tg.botUser, 'member', { notify: true, by: g.admin.user });
    const hello = await e2e.tg.waitForBotMessage(g.chat.id, '大家好');
    expect(hello.plainText).toBe(
      [
        '👋 大家好！我会把群里发的阿里云盘分享存进网盘。',
        '',
        '1️⃣ 管理员点下面的按钮，在私聊里登录阿里云盘',
        '2️⃣ 回到群里发送 /bind，以后的分享就存进这位管理员的网盘',
        '3️⃣ 发送 /status 打开设置：自动保存、安静模式等',
      ].join('\n'),
    );
    expect(hello.buttons).toEqual([[{ text: '🔐 私聊登录阿里云盘', url: `https://t.me/${e2e.tg.botUser.username}?start=bind` }]]);

    // The button opens the private chat with "/start bind": the login welcome, then back to /bind.
    const newcomer = e2e.newUser({ language_code: 'zh-hans' });
    e2e.tg.sendMessage({ from: newcomer.user, text: '/start bind' });
    const welcome = await e2e.tg.waitForBotMessage(newcomer.chatId, '三步');
    expect(welcome.plainText).toContain('👥 登录后回到群里发送 /bind，群里的分享就会存进你的网盘。');
    expect(texts(welcome)).toEqual(['📱 扫码登录']);
  });

  it('a bot added without admin rights, in privacy mode, says it needs them to save every post', async () => {
    const privacy = await startE2E({ queue: 'embedded', privacyMode: true });
    try {
      const admin = privacy.newUser();
      const chat = privacy.tg.addChat({ type: 'group', title: 'Quiet place', creator: admin.user, botStatus: 'left' });
      privacy.tg.setMember(chat.id, privacy.tg.botUser, 'member', { notify: true, by: admin.user });
      const hello = await privacy.tg.waitForBotMessage(chat.id, 'Hello');
      expect(hello.plainText).toContain('⚠️ To save every share posted here, make me an admin (for now I only see commands and replies to me).');
      expect(hello.buttons[0]?.[0]?.url).toBe(`https://t.me/${privacy.tg.botUser.username}?start=bind`);
    } finally {
      await privacy.close();
    }
  });

  it('after /bind, a button turns autosave on (admins only) and the confirmation becomes the settings panel', async () => {
    const g = await newGroup();
    const bound = await command(g, g.admin, '/bind', 'are saved into');
    expect(bound.plainText).toContain('• tap “✅ Turn autosave on” below to save every share posted here');
    expect(bound.buttons).toEqual([[{ text: '✅ Turn autosave on', callbackData: 'gset:autosave' }, { text: '⚙️ Group settings', callbackData: 'gset:panel' }]]);

    const refused = await press(g, bound, '✅ Turn autosave on', g.member);
    expect(refused).toMatchObject({ text: '⛔ Only admins can change these settings.', show_alert: true });
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.autosave).toBe(false);

    const answer = await press(g, bound, '✅ Turn autosave on', g.admin);
    expect(answer.text).toBe('Autosave: on');
    const panel = await e2e.tg.waitFor(() => {
      const m = e2e.tg.message(g.chat.id, bound.messageId);
      return m?.plainText.startsWith('📊') && m;
    });
    expect(texts(panel)).toEqual(['✅ Autosave: on', '⬜ Quiet mode: off', '⬜ Members may /save: off', '📁 Change folder']);

    // And it works: a link posted now is saved without /save.
    const share = e2e.sim.addShare({ name: 'Auto', files: [{ name: 'Auto.mp4', size: 2048 }] });
    const post = e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: share.text });
    await e2e.tg.waitFor(() => e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === post.message_id && m.plainText.startsWith('✅')), {
      timeoutMs: 20_000,
      description: 'the autosaved post',
    });
    expect(e2e.sim.findByName(g.admin.account.userId, 'Auto.mp4')[0]?.path).toBe(`/${g.chat.title}/Auto.mp4`);
  });

  it('/status is a panel of toggles, edited in place; members toggle is the binder’s; /autosave on|off still works', async () => {
    const g = await newGroup();
    await command(g, g.admin, '/bind', 'are saved into');
    const panel = await command(g, g.member, '/status', 'Drive');
    expect(panel.plainText.split('\n')).toEqual([
      "📊 This group's saving",
      'Drive: Ada 的云盘',
      `Folder: /${g.chat.title}`,
      'Autosave: off · Quiet: off · Members may /save: off',
      'Last hour: 0/60 saves',
      'Admins switch these with the buttons below.',
    ]);
    expect(panel.buttons).toEqual([
      [{ text: '⬜ Autosave: off', callbackData: 'gset:autosave' }],
      [{ text: '⬜ Quiet mode: off', callbackData: 'gset:quiet' }],
      [{ text: '⬜ Members may /save: off', callbackData: 'gset:members' }],
      [{ text: '📁 Change folder', callbackData: 'gset:folder' }],
    ]);

    await press(g, panel, '⬜ Quiet mode: off', g.admin);
    const quiet = await e2e.tg.waitFor(() => {
      const m = e2e.tg.message(g.chat.id, panel.messageId);
      return m?.plainText.includes('Quiet: on') && m;
    });
    expect(texts(quiet)).toContain('✅ Quiet mode: on');
    expect(e2e.tg.botMessages(g.chat.id).filter((m) => m.plainText.startsWith('📊'))).toHaveLength(1);

    // Another admin may not let members spend the binding admin's drive; the owner may.
    const other = e2e.newUser({ first_name: 'Bo' });
    e2e.tg.setMember(g.chat.id, other.user, 'administrator');
    expect(await press(g, quiet, '⬜ Members may /save: off', other)).toMatchObject({
      text: '⛔ Only the admin who bound this group, or its owner, can change this one.',
    });
    await press(g, quiet, '⬜ Members may /save: off', g.owner);
    expect(e2e.app.deps.chatSettings.get(g.chat.id)).toMatchObject({ quiet: true, membersCanSave: true });

    // The typed commands stay.
    await command(g, g.admin, '/autosave on', 'Autosave on');
    const after = await command(g, g.admin, '/status', 'Drive');
    expect(texts(after)).toEqual(['✅ Autosave: on', '✅ Quiet mode: on', '✅ Members may /save: on', '📁 Change folder']);
    await command(g, g.admin, '/autosave off', 'Autosave off');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.autosave).toBe(false);
  });

  it('📁 on the panel asks the admin for a path as a reply, and the reply sets the folder in the bound drive', async () => {
    const g = await newGroup('administrator', 'zh-hans');
    await command(g, g.admin, '/bind', '本群的分享将保存到');
    const panel = await command(g, g.member, '/status', '网盘');
    expect(await press(g, panel, '📁 换文件夹', g.member)).toMatchObject({ text: '⛔ 只有管理员可以修改这些设置。' });
    await press(g, panel, '📁 换文件夹', g.admin);
    const ask = await e2e.tg.waitForBotMessage(g.chat.id, '回复这条消息');
    expect(ask.plainText).toBe('📁 Ada，回复这条消息，写上新的文件夹路径，例如 /电影/2024。');
    expect(ask.entities).toContainEqual(expect.objectContaining({ type: 'text_mention', user: expect.objectContaining({ id: g.admin.user.id }) }));

    // Someone else's reply is just chatter; the asked admin's reply sets the folder.
    e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: '/不行', reply_to_message_id: ask.messageId });
    const reply = e2e.tg.sendMessage({ from: g.admin.user, chat: g.chat.id, text: '/电影/2024', reply_to_message_id: ask.messageId });
    const set = await e2e.tg.waitFor(() => e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === reply.message_id));
    expect(set.plainText).toBe('📁 本群以后保存到：/电影/2024');
    expect(e2e.sim.tree(g.admin.account.userId)['/电影/2024']).toBe(0);
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.saveFolder).toBe('/电影/2024');
  });

  it('a share that needs its code asks in the group; the poster answers by replying, wrong then right, and the answers vanish', async () => {
    const g = await newGroup();
    await command(g, g.admin, '/bind', 'are saved into');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    const share = e2e.sim.addShare({ name: 'Locked', files: [{ name: 'Locked.mp4', size: 2048 }], password: 'ab12' });
    const post = e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: `好东西 ${share.url}` });
    const asks = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === post.message_id && m.plainText.startsWith('🔑')),
      { timeoutMs: 20_000, description: 'the code question' },
    );
    expect(asks.plainText).toBe(
      '🔑 「Locked」: password needed\n↩️ Whoever posted the link, or an admin: reply to this message with the code and I will try again.',
    );

    // Someone else's code is refused; chatter under the question is left alone.
    const stranger = e2e.newUser({ first_name: 'Zed' });
    const chatter = e2e.tg.sendMessage({ from: stranger.user, chat: g.chat.id, text: 'lol', reply_to_message_id: asks.messageId });
    const strangerCode = e2e.tg.sendMessage({ from: stranger.user, chat: g.chat.id, text: 'ab12', reply_to_message_id: asks.messageId });
    const refused = await e2e.tg.waitFor(() => e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === strangerCode.message_id));
    expect(refused.plainText).toBe('⛔ Only whoever posted the link, or an admin, can answer with the code.');
    expect(e2e.tg.botMessages(g.chat.id).filter((m) => m.replyToMessageId === chatter.message_id)).toEqual([]);

    // The poster's wrong code: deleted, and a friendly second question under the post.
    const wrong = e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: '0000', reply_to_message_id: asks.messageId });
    const again = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(g.chat.id).find((m) => m.messageId > wrong.message_id && m.replyToMessageId === post.message_id && m.plainText.includes('wrong password')),
      { timeoutMs: 20_000, description: 'the second question' },
    );
    expect(again.plainText).toBe(`🔑 「Locked」: wrong password\n↩️ Wrong code? Reply to this message with the right one and I will try again.`);
    expect(e2e.tg.message(g.chat.id, wrong.message_id)?.deleted).toBe(true);

    const right = e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: '提取码 ab12', reply_to_message_id: again.messageId });
    const saved = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(g.chat.id).find((m) => m.messageId > right.message_id && m.replyToMessageId === post.message_id && m.plainText.startsWith('✅')),
      { timeoutMs: 20_000, description: 'the saved share' },
    );
    expect(saved.plainText).toBe(`✅ 「Locked」 → /${g.chat.title}`);
    expect(e2e.tg.message(g.chat.id, right.message_id)?.deleted).toBe(true);
    expect(e2e.sim.findByName(g.admin.account.userId, 'Locked.mp4')).toHaveLength(1);
  });

  it('in quiet mode the code question is the one-line failure, and the answer is saved with a status under the post', async () => {
    const g = await newGroup('administrator', 'zh-hans');
    await command(g, g.admin, '/bind', '本群的分享将保存到');
    await command(g, g.admin, '/autosave on', '自动保存已开启');
    await command(g, g.admin, '/quiet on', '安静模式已开启');
    const share = e2e.sim.addShare({ name: '安静的资源', files: [{ name: 'quiet.mkv', size: 2048 }], password: 'q1w2' });
    const post = e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: share.url });
    const asks = await e2e.tg.waitFor(() => e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === post.message_id && m.plainText.startsWith('🔑')), {
      timeoutMs: 20_000,
    });
    expect(asks.plainText).toBe('🔑 「安静的资源」：需要提取码\n↩️ 发链接的人或管理员回复这条消息、写上提取码，我就再试一次。');
    const code = e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: 'q1w2', reply_to_message_id: asks.messageId });
    const saved = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(g.chat.id).find((m) => m.messageId > code.message_id && m.replyToMessageId === post.message_id && m.plainText.startsWith('✅')),
      { timeoutMs: 20_000, description: 'the saved share' },
    );
    expect(saved.plainText).toBe(`✅ 「安静的资源」 → /${g.chat.title}`);
    expect(e2e.tg.message(g.chat.id, code.message_id)?.deleted).toBe(true);
  });

  it('an admin may answer too, and an answer without a code gets a hint', async () => {
    const g = await newGroup();
    await command(g, g.admin, '/bind', 'are saved into');
    const share = e2e.sim.addShare({ name: 'Locked too', files: [{ name: 'Locked too.mp4', size: 2048 }], password: 'cd34' });
    const post = e2e.tg.sendMessage({ from: g.member.user, chat: g.chat.id, text: share.url });
    const save = await command(g, g.admin, '/save ' + share.url, share.shareId);
    const asks = await e2e.tg.waitFor(() => {
      const m = e2e.tg.message(g.chat.id, save.messageId);
      return m?.plainText.startsWith('🔑') && m;
    }, { timeoutMs: 20_000 });
    const vague = e2e.tg.sendMessage({ from: g.admin.user, chat: g.chat.id, text: 'no idea, sorry', reply_to_message_id: asks.messageId });
    const hint = await e2e.tg.waitFor(() => e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === vague.message_id));
    expect(hint.plainText).toBe("🔑 I couldn't find a code there. Reply to that message with just the 4-character code, e.g. ab12.");
    e2e.tg.sendMessage({ from: g.admin.user, chat: g.chat.id, text: 'cd34', reply_to_message_id: asks.messageId });
    await e2e.tg.waitFor(() => e2e.sim.findByName(g.admin.account.userId, 'Locked too.mp4').length === 1, { timeoutMs: 20_000 });
    expect(post.message_id).toBeGreaterThan(0);
  });
});
