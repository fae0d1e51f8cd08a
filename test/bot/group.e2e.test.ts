/**
 * Groups, end to end (Telegram fake ↔ grammY ↔ embedded queue ↔ Aliyun simulator): binding a
 * group to an admin's drive, who may do what, autosave, /save, quiet mode, the hourly limit,
 * and a binding whose login is gone.
 */
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserMessageInit } from '../../src/sim/telegram/index.js';
import { eventually, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

const ANONYMOUS_ADMIN = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };

describe('groups bound to an admin’s drive', () => {
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

  /** A supergroup where the bot is an admin: an owner, an admin who linked a drive, a member. */
  async function newGroup(title: string, options: { adminLoggedIn?: boolean } = {}): Promise<Group> {
    const admin = options.adminLoggedIn === false ? e2e.newUser({ first_name: 'Ada' }) : await e2e.loggedInUser({ first_name: 'Ada' });
    const owner = e2e.newUser({ first_name: 'Olga' });
    const member = e2e.newUser({ first_name: 'Mo' });
    const chat = e2e.tg.addChat({
      type: 'supergroup',
      title,
      creator: owner.user,
      admins: [admin.user],
      members: [member.user],
      botStatus: 'administrator',
    });
    return { chat, owner, admin, member };
  }

  function post(g: Group, from: TestUser | typeof ANONYMOUS_ADMIN, text: string, extra: Partial<UserMessageInit> = {}) {
    const user = 'user' in from ? from.user : from;
    return e2e.tg.sendMessage({ from: user, chat: g.chat.id, text, ...(user === ANONYMOUS_ADMIN ? { sender_chat: g.chat } : {}), ...extra });
  }

  /** The bot's answer replying to a message. */
  function answerTo(g: Group, messageId: number, match: string | RegExp = /./) {
    return e2e.tg.waitFor(
      () =>
        e2e.tg
          .botMessages(g.chat.id)
          .find((m) => m.replyToMessageId === messageId && (typeof match === 'string' ? m.plainText.includes(match) : match.test(m.plainText))),
      { timeoutMs: 20_000, description: `an answer to message ${messageId} matching ${String(match)}` },
    );
  }

  /** Sends a command and waits for the bot's reply to it. */
  async function command(g: Group, from: TestUser | typeof ANONYMOUS_ADMIN, text: string, match?: string | RegExp) {
    const sent = post(g, from, text);
    return answerTo(g, sent.message_id, match);
  }

  async function boundGroup(title: string): Promise<Group> {
    const g = await newGroup(title);
    await command(g, g.admin, '/bind', 'are saved into');
    return g;
  }

  /** A fresh one-file share (each test saves its own, so none is a duplicate). */
  function freshShare(name: string) {
    return e2e.sim.addShare({ name, files: [{ name: `${name}.mp4`, size: 4096 }] });
  }

  /** Waits until every line of a status message shows an outcome. */
  function finalStatus(g: Group, messageId: number) {
    return e2e.tg.waitFor(
      () => {
        const status = e2e.tg.botMessages(g.chat.id).find((m) => m.replyToMessageId === messageId);
        return status && status.plainText.split('\n').every((line) => /^(✅|⚠️|❌|ℹ️)/u.test(line)) && status;
      },
      { timeoutMs: 20_000, description: `a final status for message ${messageId}` },
    );
  }

  function savesIn(g: Group) {
    return e2e.app.deps.saves.recentHistory({ chatId: g.chat.id, limit: 100 });
  }

  it('/bind by an admin with a linked drive binds the group; /status shows whose drive, folder, switches and usage', async () => {
    const g = await newGroup('Movies: 2024/HD');
    const bound = await command(g, g.admin, '/bind', 'are saved into');
    expect(bound.plainText).toContain('Ada 的云盘');
    expect(bound.plainText).toContain('/Movies_ 2024_HD');
    // The folder is created at once, in the admin's drive.
    expect(e2e.sim.tree(g.admin.account.userId)['/Movies_ 2024_HD']).toBe(0);

    const status = await command(g, g.member, '/status', 'Drive');
    expect(status.plainText.split('\n')).toEqual([
      "📊 This group's saving",
      'Drive: Ada 的云盘',
      'Folder: /Movies_ 2024_HD',
      'Autosave: off · Quiet: off · Members may /save: off',
      'Last hour: 0/60 saves',
      'Admins switch these with the buttons below.',
    ]);
    expect(status.buttons.flat().map((b) => b.text)).toEqual(['⬜ Autosave: off', '⬜ Quiet mode: off', '⬜ Members may /save: off', '📁 Change folder']);
    expect(status.plainText).not.toContain(g.admin.account.refreshToken);
  });

  it('a non-admin is refused /bind, /autosave and /unbind, and nothing changes', async () => {
    const g = await boundGroup('Refusals');
    for (const text of ['/bind', '/autosave on', '/unbind', '/quiet on', '/members on', '/folder /x']) {
      const reply = await command(g, g.member, text, /Only|⛔/);
      expect(reply.plainText).toMatch(/^⛔/u);
    }
    const settings = e2e.app.deps.chatSettings.get(g.chat.id);
    expect(settings).toMatchObject({ autosave: false, quiet: false, membersCanSave: false, boundByUserId: g.admin.user.id });
    expect(settings?.saveFolder).toBe('/Refusals');
  });

  it('an anonymous admin may switch autosave but cannot /bind: we would not know whose drive', async () => {
    const g = await newGroup('Anonymous');
    // GroupAnonymousBot has no app language: the group's default (Chinese) answers.
    const bind = await command(g, ANONYMOUS_ADMIN, '/bind', '匿名管理员');
    expect(bind.plainText).toContain('匿名发言');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.boundByUserId ?? null).toBeNull();

    const on = await command(g, ANONYMOUS_ADMIN, '/autosave on', '自动保存已开启');
    expect(on.plainText).toContain('还没有绑定网盘');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.autosave).toBe(true);
  });

  it('an admin who has not linked a drive is sent to /login in private', async () => {
    const g = await newGroup('No login', { adminLoggedIn: false });
    const reply = await command(g, g.admin, '/bind', 'Link your Aliyun Drive first');
    expect(reply.plainText).toContain(`@${e2e.tg.botUser.username}`);
  });

  it('autosave on: a forwarded post’s shares land in the admin’s drive under the group folder, one status message for the post', async () => {
    const g = await boundGroup('Anime Club');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    const a = freshShare('Akira');
    const b = freshShare('Paprika');
    const sent = post(g, g.member, `今日分享\n${a.text}\n${b.text}`, {
      forward_origin: { type: 'channel', chat: { id: -1007770001, type: 'channel', title: '资源频道' }, message_id: 5, date: Math.floor(Date.now() / 1000) - 60 },
    });
    const status = await finalStatus(g, sent.message_id);
    expect(status.plainText).toBe('✅ 「Akira」 → /Anime Club\n✅ 「Paprika」 → /Anime Club');
    expect(e2e.tg.botMessages(g.chat.id).filter((m) => m.replyToMessageId === sent.message_id)).toHaveLength(1);
    expect(status.versions[0]).toContain('⏳');
    expect(e2e.sim.tree(g.admin.account.userId)['/Anime Club']).toBe(2);
    // The member's own drive is untouched: the group saves into the binding admin's.
    expect(e2e.sim.tree(g.member.account.userId)['/Anime Club']).toBeUndefined();
  });

  it('autosave off: nothing is saved; an admin’s /save in reply to the post saves it', async () => {
    const g = await boundGroup('Manual');
    const share = freshShare('Manual pick');
    const sent = post(g, g.member, share.text);
    // Updates of one chat are handled in order: once /status is answered, the post was seen.
    await command(g, g.member, '/status', 'Drive');
    expect(e2e.tg.botMessages(g.chat.id).some((m) => m.replyToMessageId === sent.message_id)).toBe(false);
    expect(savesIn(g)).toHaveLength(0);

    const save = post(g, g.admin, '/save', { reply_to_message_id: sent.message_id });
    const status = await finalStatus(g, save.message_id);
    expect(status.plainText).toBe('✅ 「Manual pick」 → /Manual');
    expect(e2e.sim.findByName(g.admin.account.userId, 'Manual pick.mp4')[0]?.path).toBe('/Manual/Manual pick.mp4');
  });

  it('a member’s /save is refused until an admin turns /members on', async () => {
    const g = await boundGroup('Members');
    const share = freshShare('For members');
    const sent = post(g, g.member, share.text);
    const refused = await command(g, g.member, '/save', 'Only admins can save here');
    expect(refused.plainText).toContain('/members on');
    expect(savesIn(g)).toHaveLength(0);

    await command(g, g.admin, '/members on', 'Members can now');
    const save = post(g, g.member, '/save', { reply_to_message_id: sent.message_id });
    expect((await finalStatus(g, save.message_id)).plainText).toBe('✅ 「For members」 → /Members');
    expect(e2e.sim.findByName(g.admin.account.userId, 'For members.mp4')).toHaveLength(1);
  });

  it('/quiet on: a 👍 reaction instead of a message; a dead link is still reported in one line', async () => {
    const g = await boundGroup('Quiet');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    await command(g, g.admin, '/quiet on', 'Quiet mode on');
    const share = freshShare('Silent');
    const sent = post(g, g.member, share.text);
    await e2e.tg.waitFor(() => e2e.tg.message(g.chat.id, sent.message_id)?.reactions.some((r) => r.type === 'emoji' && r.emoji === '👍'), {
      timeoutMs: 20_000,
      description: 'a 👍 on the post',
    });
    expect(e2e.tg.botMessages(g.chat.id).some((m) => m.replyToMessageId === sent.message_id)).toBe(false);
    expect(e2e.sim.findByName(g.admin.account.userId, 'Silent.mp4')[0]?.path).toBe('/Quiet/Silent.mp4');

    const dead = post(g, g.member, e2e.sim.catalogue.expired.url);
    const failure = await answerTo(g, dead.message_id);
    expect(failure.plainText).toBe(`❌ ${e2e.sim.catalogue.expired.shareId}: share expired`);
    expect(e2e.tg.message(g.chat.id, dead.message_id)?.reactions).toEqual([]);
    // Neither save had a status message, and their history rows do not pretend otherwise.
    expect(savesIn(g).map((save) => e2e.app.deps.saves.get(save.jobId)?.statusMessageId)).toEqual([null, null]);
  });

  it('the hourly limit (2 here) stops saving and is reported once, not per post', async () => {
    const g = await boundGroup('Busy');
    await command(g, g.admin, '/limit 2', 'at most 2 shares per hour');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    const shares = ['One', 'Two', 'Three', 'Four'].map(freshShare);
    const first = post(g, g.member, shares[0]!.text);
    const second = post(g, g.member, shares[1]!.text);
    await finalStatus(g, first.message_id);
    await finalStatus(g, second.message_id);

    const third = post(g, g.member, shares[2]!.text);
    const limit = await answerTo(g, third.message_id, 'its limit');
    expect(limit.plainText).toMatch(/saved 2 shares in the last hour, its limit; .* resumes around \d\d:\d\d\.$/);
    const fourth = post(g, g.member, shares[3]!.text);
    const status = await command(g, g.member, '/status', 'Drive');
    expect(status.plainText).toContain('Last hour: 2/2 saves');

    const limitNotices = e2e.tg.botMessages(g.chat.id).filter((m) => m.plainText.includes('its limit'));
    expect(limitNotices).toHaveLength(1);
    expect(e2e.tg.botMessages(g.chat.id).some((m) => m.replyToMessageId === fourth.message_id)).toBe(false);
    expect(savesIn(g)).toHaveLength(2);
    expect(e2e.sim.findByName(g.admin.account.userId, 'Three.mp4')).toHaveLength(0);
  });

  it('a demoted admin loses their rights with the chat_member update, without waiting for the cache', async () => {
    const g = await boundGroup('Demotion');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    await command(g, g.admin, '/quiet on', 'Quiet mode on');
    const asked = () => e2e.tg.calls('getChatMember').filter((c) => c.params['user_id'] === g.admin.user.id).length;
    // One getChatMember for three commands: the answer is cached.
    expect(asked()).toBe(1);

    e2e.tg.setMember(g.chat.id, g.admin.user, 'member', { notify: true, by: g.owner.user });
    const refused = await command(g, g.admin, '/autosave off', 'Only group admins');
    expect(refused.plainText).toMatch(/^⛔/u);
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.autosave).toBe(true);
    expect(asked()).toBe(1);

    e2e.tg.setMember(g.chat.id, g.admin.user, 'administrator', { notify: true, by: g.owner.user });
    await command(g, g.admin, '/autosave off', 'Autosave off');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.autosave).toBe(false);
  });

  it('/unbind: another admin is refused, the group’s owner may', async () => {
    const g = await boundGroup('Owner decides');
    const other = await e2e.loggedInUser({ first_name: 'Bob' });
    e2e.tg.setMember(g.chat.id, other.user, 'administrator');
    await command(g, other, '/unbind', 'Only the admin who bound this group');
    await command(g, other, '/bind', 'already saves into');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.boundByUserId).toBe(g.admin.user.id);

    await command(g, g.owner, '/unbind', 'Unbound');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.boundByUserId ?? null).toBeNull();
    const status = await command(g, g.member, '/status', 'Drive');
    expect(status.plainText).toContain('Drive: not bound');
  });

  it('/folder and /members in a bound group: another admin is refused, the binding admin and the owner may', async () => {
    const g = await boundGroup('Binder decides');
    const other = e2e.newUser({ first_name: 'Bob' });
    e2e.tg.setMember(g.chat.id, other.user, 'administrator');
    await command(g, other, '/folder /Elsewhere', 'Only the admin who bound this group');
    await command(g, other, '/members on', 'Only the admin who bound this group');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)).toMatchObject({ saveFolder: '/Binder decides', membersCanSave: false });

    await command(g, g.admin, '/members on', 'Members can now');
    await command(g, g.owner, '/folder /Owner', 'From now on this group saves into: /Owner');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)).toMatchObject({ saveFolder: '/Owner', membersCanSave: true });
    expect(e2e.sim.tree(g.admin.account.userId)['/Owner']).toBe(0);
  });

  it("the linked channel's automatic forwards (Telegram, 777000) are no admin: commands in them change nothing", async () => {
    const g = await boundGroup('Linked');
    const TELEGRAM = { id: 777000, first_name: 'Telegram' };
    const channel = { id: -1007770042, type: 'channel' as const, title: 'Linked channel' };
    for (const text of ['/folder /Hijacked', '/autosave on', '/members on', '/unbind']) {
      const sent = e2e.tg.sendMessage({ from: TELEGRAM, chat: g.chat.id, text, sender_chat: channel, extra: { is_automatic_forward: true } });
      expect((await answerTo(g, sent.message_id, /⛔/u)).plainText).toMatch(/^⛔/u);
    }
    expect(e2e.app.deps.chatSettings.get(g.chat.id)).toMatchObject({
      saveFolder: '/Linked',
      autosave: false,
      membersCanSave: false,
      boundByUserId: g.admin.user.id,
    });
  });

  it('a binding admin who left the group unbinds it from the private chat; nobody else can', async () => {
    const g = await boundGroup('Left behind');
    e2e.tg.setMember(g.chat.id, g.admin.user, 'left');
    const dm = (user: TestUser, text: string) => e2e.tg.sendMessage({ from: user.user, chat: user.chatId, text });

    dm(g.admin, '/unbind');
    const list = await e2e.tg.waitForBotMessage(g.admin.chatId, 'bound to your drive');
    expect(list.plainText).toContain(`• Left behind — /unbind ${g.chat.id}`);

    const stranger = await e2e.loggedInUser({ first_name: 'Sam' });
    dm(stranger, `/unbind ${g.chat.id}`);
    await e2e.tg.waitForBotMessage(stranger.chatId, 'is not a group or channel you bound');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.boundByUserId).toBe(g.admin.user.id);

    dm(g.admin, `/unbind ${g.chat.id}`);
    await e2e.tg.waitForBotMessage(g.admin.chatId, '“Left behind” is no longer bound');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.boundByUserId ?? null).toBeNull();
    const status = await command(g, g.member, '/status', 'Drive');
    expect(status.plainText).toContain('Drive: not bound');

    dm(g.admin, '/unbind');
    await e2e.tg.waitForBotMessage(g.admin.chatId, 'No group or channel is bound to your drive');
  });

  it('/folder in a group: admins set it (created in the bound drive), members only see it', async () => {
    const g = await boundGroup('Folders');
    await command(g, g.member, '/folder', 'This group saves into: /Folders');
    await command(g, g.member, '/folder /Elsewhere', 'Only group admins');
    await command(g, g.admin, '/folder 资源//2024', 'From now on this group saves into: /资源/2024');
    expect(e2e.sim.tree(g.admin.account.userId)['/资源/2024']).toBe(0);

    const share = freshShare('Into folder');
    const sent = post(g, g.member, share.text);
    const save = post(g, g.admin, '/save', { reply_to_message_id: sent.message_id });
    expect((await finalStatus(g, save.message_id)).plainText).toBe('✅ 「Into folder」 → /资源/2024');
  });

  it('the binding admin logs out: the group is told once to re-bind, and autosave pauses quietly', async () => {
    const g = await boundGroup('Paused');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    e2e.tg.sendMessage({ from: g.admin.user, text: '/logout' });
    const ask = await e2e.tg.waitForBotMessage(g.admin.chatId, 'Log out');
    e2e.tg.clickButton(g.admin.chatId, ask.messageId, 'logout:yes');
    await e2e.tg.waitForBotMessage(g.admin.chatId, 'Logged out');

    const first = post(g, g.member, freshShare('After logout').text);
    const notice = await answerTo(g, first.message_id, 'Saving is paused');
    expect(notice.plainText).toContain('please send /bind here again');
    post(g, g.member, freshShare('Still paused').text);
    const status = await command(g, g.member, '/status', 'Drive');
    expect(status.plainText).toContain('the binding admin logged out');
    expect(e2e.tg.botMessages(g.chat.id).filter((m) => m.plainText.includes('Saving is paused'))).toHaveLength(1);
    expect(savesIn(g)).toHaveLength(0);
  });

  it('the bound login dies during a save: the group is told once, posts wait quietly, and a new /login resumes saving', async () => {
    const g = await boundGroup('Expired login');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    // Access tokens run out; Aliyun then refuses the refresh token.
    e2e.sim.advanceTime(3 * 60 * 60_000);
    e2e.sim.failNext('/v2/account/token', { status: 400, code: 'InvalidParameter.RefreshToken', message: 'refresh token is invalid' });
    const first = post(g, g.member, freshShare('Doomed').text);
    expect((await finalStatus(g, first.message_id)).plainText).toMatch(/^❌ .*: login expired$/u);
    const notice = await answerTo(g, first.message_id, 'Saving is paused');
    expect(notice.plainText).toContain("Ada 的云盘's Aliyun Drive login has expired");

    const second = post(g, g.member, freshShare('Skipped').text);
    await command(g, g.member, '/status', 'login expired, saving paused');
    expect(e2e.tg.botMessages(g.chat.id).some((m) => m.replyToMessageId === second.message_id)).toBe(false);
    expect(e2e.tg.botMessages(g.chat.id).filter((m) => m.plainText.includes('Saving is paused'))).toHaveLength(1);

    // The admin logs in again (same account): the binding holds, saving resumes.
    e2e.tg.sendMessage({ from: g.admin.user, text: `/login ${e2e.sim.issueRefreshToken(g.admin.account.userId)}` });
    await e2e.tg.waitFor(() => e2e.tg.botMessages(g.admin.chatId).filter((m) => m.plainText.includes('Logged in')).length === 2, {
      timeoutMs: 10_000,
      description: 'the second login',
    });
    const third = post(g, g.member, freshShare('Back again').text);
    expect((await finalStatus(g, third.message_id)).plainText).toBe('✅ 「Back again」 → /Expired login');
  });

  it('a group upgraded to a supergroup keeps its binding and switches', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Ada' });
    const owner = e2e.newUser({ first_name: 'Olga' });
    const basic = e2e.tg.addChat({ type: 'group', title: 'Small', creator: owner.user, admins: [admin.user] });
    const g: Group = { chat: basic, owner, admin, member: owner };
    await command(g, admin, '/bind', 'are saved into');
    await command(g, admin, '/autosave on', 'Autosave on');

    const upgraded = e2e.tg.addChat({ type: 'supergroup', title: 'Small', creator: owner.user, admins: [admin.user], botStatus: 'administrator' });
    e2e.tg.sendMessage({ from: owner.user, chat: basic.id, extra: { migrate_to_chat_id: upgraded.id } });
    // The service message arrives in the old chat; the next command in the new one may not wait for it.
    await eventually(() => e2e.app.deps.chatSettings.get(upgraded.id)?.boundByUserId === admin.user.id, 10_000, 'the settings to move');
    const big: Group = { ...g, chat: upgraded };
    const status = await command(big, owner, '/status', 'Drive');
    expect(status.plainText).toContain('Drive: Ada 的云盘');
    expect(status.plainText).toContain('Folder: /Small');
    expect(status.plainText).toContain('Autosave: on');
  });

  it('the same share posted again while it is being saved: that line says so, and keeps saying it while the post’s other link saves', async () => {
    const g = await boundGroup('Twice');
    await command(g, g.admin, '/autosave on', 'Autosave on');
    // Folders whose copies run for a while (their async tasks answer "Running" 30 times): long
    // enough that the second post's save of the same share starts while the first still copies,
    // even on a slow runner (with 10, Node 24 on CI once saw the first save end first).
    const slowShare = (name: string) =>
      e2e.sim.addShare({ name, files: [{ name, children: [{ name: `${name}-1.mkv`, size: 10 }, { name: `${name}-2.mkv`, size: 10 }] }] });
    e2e.sim.setKnobs({ asyncTaskPolls: 30 });
    try {
      const share = slowShare('Slow docs');
      const other = slowShare('Other docs');
      const first = post(g, g.member, share.text);
      const second = post(g, g.owner, `${share.text}\n${other.text}`);
      expect((await finalStatus(g, first.message_id)).plainText).toBe('✅ 「Slow docs」 → /Twice');
      const status = await answerTo(g, second.message_id, '✅ 「Other docs」');
      expect(status.plainText.split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^⏳ 「(Slow docs|${share.shareId})」 is being saved to /Twice already; not copied twice$`, 'u')),
        '✅ 「Other docs」 → /Twice',
      ]);
      e2e.sim.settleTasks();
      expect(e2e.sim.countCopiesOf(share.shareId, g.admin.account.userId)).toBe(1);
    } finally {
      e2e.sim.setKnobs({ asyncTaskPolls: 2 });
    }
  });

  it('a save that lost an item midway names what could not be saved, instead of blaming a full drive', async () => {
    const g = await boundGroup('Mixed');
    const share = e2e.sim.addShare({
      name: 'Mixed bag',
      files: [{ name: 'kept-g.txt', size: 10 }, { name: 'Extras-g', children: ['x1', 'x2', 'x3'].map((n) => ({ name: `${n}-g.txt`, size: 10 })) }],
    });
    const vanishing = e2e.sim.files(e2e.sim.catalogue.ownerUserId).find((file) => file.path.endsWith('/Extras-g/x3-g.txt'));
    // The folder's copy runs until told otherwise; meanwhile the sharer deletes a file inside it.
    e2e.sim.setKnobs({ asyncTaskPolls: 100_000 });
    const save = post(g, g.admin, `/save ${share.text}`);
    try {
      const folderCopyStarted = () =>
        savesIn(g).some((row) => e2e.app.deps.saves.items(row.jobId).some((item) => item.state === 'accepted'));
      await eventually(folderCopyStarted, 10_000, 'the folder copy to start');
      e2e.sim.removeFile(e2e.sim.catalogue.ownerUserId, vanishing!.fileId);
    } finally {
      e2e.sim.setKnobs({ asyncTaskPolls: 2 });
    }
    const status = await finalStatus(g, save.message_id);
    expect(status.plainText).toMatch(/^⚠️ 「Mixed bag」 \d+\/\d+ → \/Mixed: 1 item could not be saved \(「Extras-g」\)$/u);
    expect(status.plainText).not.toContain('drive full');
  });

  it('/language in a group is an admin’s call; /help there lists the group’s commands', async () => {
    const g = await newGroup('Lingua');
    const help = await command(g, g.member, '/help', '/status');
    expect(help.plainText).toContain('/save');
    expect(help.plainText).toContain('/bind');
    expect(help.plainText).toContain('/autosave');
    expect(help.plainText).not.toContain('/history'); // the private chat's help

    const refused = await command(g, g.member, '/language zh', 'Only group admins');
    expect(refused.plainText).toMatch(/^⛔/u);
    const choose = await command(g, g.admin, '/language', 'Choose a language');
    const byMember = e2e.tg.clickButton(g.chat.id, choose.messageId, 'lang:zh', g.member.user);
    expect((await e2e.tg.waitForCallbackAnswer(byMember)).text).toContain('Only group admins');
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.language ?? null).toBeNull();

    const byAdmin = e2e.tg.clickButton(g.chat.id, choose.messageId, 'lang:zh', g.admin.user);
    await e2e.tg.waitForCallbackAnswer(byAdmin);
    expect(e2e.app.deps.chatSettings.get(g.chat.id)?.language).toBe('zh');
    const inChinese = await command(g, g.member, '/help', '/status');
    expect(inChinese.plainText).toContain('本群');
  });

  it('members see the group menu, admins the admin menu', () => {
    // Menus are per scope: any group shows them.
    const g = e2e.tg.addChat({ type: 'supergroup', title: 'Menus', admins: [{ id: 4242 }], members: [{ id: 4343 }] });
    const names = (userId: number) => e2e.tg.commandsVisibleTo(g.id, userId).map((c) => c.command);
    expect(names(4242)).toEqual(expect.arrayContaining(['bind', 'autosave', 'quiet', 'members', 'save', 'pick', 'follow', 'follows', 'status']));
    expect(names(4343)).toEqual(['status', 'save', 'pick', 'follows', 'help']);
  });
});

describe('autosave where the bot cannot see ordinary messages (privacy mode on)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', privacyMode: true });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('/autosave on warns while the bot is a plain member, and no longer once it is an admin', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Ada' });
    const chat = e2e.tg.addChat({ type: 'supergroup', title: 'Private mode', admins: [admin.user] });
    const autosaveOn = async () => {
      const sent = e2e.tg.sendMessage({ from: admin.user, chat: chat.id, text: '/autosave on' });
      return e2e.tg.waitForBotMessage(chat.id, (m) => m.replyToMessageId === sent.message_id);
    };
    const warned = await autosaveOn();
    expect(warned.plainText).toContain('Autosave on');
    expect(warned.plainText).toContain("I can't see ordinary messages here");

    e2e.tg.setMember(chat.id, { id: e2e.tg.botUser.id }, 'administrator', { notify: true, by: admin.user });
    const fine = await autosaveOn();
    expect(fine.plainText).toContain('Autosave on');
    expect(fine.plainText).not.toContain("can't see");
  });
});
