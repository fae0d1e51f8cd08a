/**
 * A group's outcomes are never lost to a shutdown either: one that Telegram still held when the
 * bot stopped is told by the next bot on the same DATA_DIR — once, into the post's one status
 * message (rebuilt from the rows, every link of the post on it), or in quiet mode as the 👍 or
 * the one-line failure reply — and one told before the shutdown is not told again. A reaction
 * Telegram refused for good (reactions off, say) is not tried again.
 */
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventually, restartedApp, startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

interface Group {
  chat: Chat;
  admin: TestUser;
  member: TestUser;
}

/** The group helpers of group.e2e, on one harness. */
function groupsOf(e2e: E2E) {
  async function boundGroup(title: string, switches: string[]): Promise<Group> {
    const admin = await e2e.loggedInUser({ first_name: 'Ada' });
    const member = e2e.newUser({ first_name: 'Mo' });
    const chat = e2e.tg.addChat({ type: 'supergroup', title, creator: admin.user, members: [member.user], botStatus: 'administrator' });
    const g = { chat, admin, member };
    for (const [text, answer] of [['/bind', 'are saved into'], ...switches.map((s) => [s, s === '/quiet on' ? 'Quiet mode on' : 'Autosave on'])] as const) {
      const sent = post(g, admin, text);
      await answerTo(g, sent.message_id, answer);
    }
    return g;
  }

  function post(g: Group, from: TestUser, text: string) {
    return e2e.tg.sendMessage({ from: from.user, chat: g.chat.id, text });
  }

  /** The bot's message replying to `messageId` (in a bound group with autosave: the post's status message). */
  function answerTo(g: Group, messageId: number, match: string | RegExp = /./) {
    return e2e.tg.waitFor(
      () =>
        e2e.tg
          .botMessages(g.chat.id)
          .find((m) => m.replyToMessageId === messageId && (typeof match === 'string' ? m.plainText.includes(match) : match.test(m.plainText))),
      { timeoutMs: 20_000, description: `an answer to message ${messageId} matching ${String(match)}` },
    );
  }

  /** The bot's replies to `messageId`. */
  const repliesTo = (g: Group, messageId: number) => e2e.tg.botMessages(g.chat.id).filter((m) => m.replyToMessageId === messageId);

  /** Successful edits of one message that showed `text`. */
  const editsShowing = (g: Group, messageId: number, text: string) =>
    e2e.tg
      .calls('editMessageText')
      .filter((c) => c.ok === true && c.params.chat_id === g.chat.id && c.params.message_id === messageId && String(c.params.text).includes(text));

  /** Calls of `method` about one of the group's messages (`message_id`) or replying to it. */
  const callsAbout = (g: Group, method: string, messageId: number) =>
    e2e.tg.calls(method).filter((c) => {
      const reply = c.params.reply_parameters as { message_id?: number } | undefined;
      return c.params.chat_id === g.chat.id && (c.params.message_id === messageId || reply?.message_id === messageId);
    });

  /** A fresh one-file share (each test saves its own, so none is a duplicate). */
  const freshShare = (name: string) => e2e.sim.addShare({ name, files: [{ name: `${name}.mp4`, size: 4096 }] });

  /** A folder whose copy runs a while once `asyncTaskPolls` is raised. */
  const slowShare = (name: string) => e2e.sim.addShare({ name, files: [{ name, children: [{ name: `${name}-1.mkv`, size: 10 }, { name: `${name}-2.mkv`, size: 10 }] }] });

  const rowsIn = (app: App, g: Group) => app.deps.saves.recentHistory({ chatId: g.chat.id, limit: 100 });

  return { boundGroup, post, answerTo, repliesTo, editsShowing, callsAbout, freshShare, slowShare, rowsIn };
}

const THUMBS_UP = (reactions: Array<{ type: string; emoji?: string }> | undefined) => reactions?.some((r) => r.type === 'emoji' && r.emoji === '👍') ?? false;

describe('a group post’s status message across a restart', () => {
  let e2e: E2E;
  let second: App | undefined;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await second?.stop();
    await e2e?.close();
  });

  it('an outcome Telegram held, or a connection cut, at shutdown is edited in by the next bot, once, beside the post’s other link; one told before is not told again', async () => {
    const { tg, sim } = e2e;
    const h = groupsOf(e2e);
    const g = await h.boundGroup('Held Club', ['/autosave on']);

    // Told before the shutdown.
    const early = h.post(g, g.member, h.freshShare('Early bird').text);
    const earlyStatus = await h.answerTo(g, early.message_id, '✅ 「Early bird」 → /Held Club');
    const earlyCalls = () => tg.calls().filter((c) => c.params.chat_id === g.chat.id && c.params.message_id === earlyStatus.messageId).length;
    const earlyCallsBefore = earlyCalls();

    // A post with two links: the quick one is told, then Telegram makes the group wait an hour
    // while the slow one still copies.
    sim.setKnobs({ asyncTaskPolls: 30 });
    try {
      const quick = h.freshShare('Quick one');
      const slow = h.slowShare('Slow one');
      const sent = h.post(g, g.member, `${quick.text}\n${slow.text}`);
      const status = await h.answerTo(g, sent.message_id, '✅ 「Quick one」 → /Held Club');
      expect(tg.message(g.chat.id, status.messageId)!.plainText).not.toContain('✅ 「Slow one」');
      tg.failNext('editMessageText', { status: 429, retryAfter: 3600 });
      await eventually(() => tg.calls('editMessageText').some((c) => c.injected && c.params.chat_id === g.chat.id), 20_000, 'an edit held by Telegram');
      await eventually(() => h.rowsIn(e2e.app, g).filter((row) => row.state === 'saved').length === 3, 20_000, 'every save done');
      expect(e2e.sim.findByName(g.admin.account.userId, 'Slow one-2.mkv')).toHaveLength(1);

      // In another group every edit's connection is cut until the shutdown.
      const cut = await h.boundGroup('Cut Club', ['/autosave on']);
      tg.failNext('editMessageText', { status: 'drop' }, 1000);
      const cutPost = h.post(cut, cut.member, h.freshShare('Cut off').text);
      const cutStatus = await h.answerTo(cut, cutPost.message_id);
      await eventually(() => h.rowsIn(e2e.app, cut).some((row) => row.state === 'saved'), 20_000, 'the cut-off save done');
      await eventually(() => h.callsAbout(cut, 'editMessageText', cutStatus.messageId).some((c) => c.injected && String(c.params.text).includes('✅')), 20_000, 'the outcome edit cut off');

      // The shutdown cannot wait an hour: the slow link's outcome is left untold, and so is the cut-off one.
      await e2e.app.stop();
      expect(tg.message(g.chat.id, status.messageId)!.plainText).not.toContain('✅ 「Slow one」');
      expect(h.editsShowing(g, status.messageId, '✅ 「Slow one」')).toHaveLength(0);
      expect(tg.message(cut.chat.id, cutStatus.messageId)!.plainText).not.toContain('✅');
      tg.clearFailures();

      second = await restartedApp(e2e, { statusEditIntervalMs: 0 });
      await tg.waitFor(() => tg.message(cut.chat.id, cutStatus.messageId)!.plainText === '✅ 「Cut off」 → /Cut Club', {
        timeoutMs: 20_000,
        description: 'the cut-off outcome told',
      });

      // The new bot edits it into the post's one status message, rebuilt from the rows: both links.
      await tg.waitFor(() => tg.message(g.chat.id, status.messageId)!.plainText === '✅ 「Quick one」 → /Held Club\n✅ 「Slow one」 → /Held Club', {
        timeoutMs: 20_000,
        description: 'the held outcome told',
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(h.editsShowing(g, status.messageId, '✅ 「Slow one」')).toHaveLength(1);
      expect(h.repliesTo(g, sent.message_id)).toHaveLength(1);
      expect(h.editsShowing(cut, cutStatus.messageId, '✅')).toHaveLength(1);
      expect(h.repliesTo(cut, cutPost.message_id)).toHaveLength(1);
    } finally {
      sim.setKnobs({ asyncTaskPolls: 2 });
    }

    // The outcome told before the shutdown is not told again, not even tried.
    expect(earlyCalls()).toBe(earlyCallsBefore);
    expect(h.repliesTo(g, early.message_id)).toHaveLength(1);
    // Nothing is left to tell at a further start.
    expect(second.core.saves.untoldSince(0, 10)).toEqual([]);
  }, 90_000);
});

describe('a quiet group’s outcomes across a restart', () => {
  let e2e: E2E;
  let second: App | undefined;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await second?.stop();
    await e2e?.close();
  });

  it('a 👍 and a failure reply Telegram held at shutdown are told by the next bot, once; a reaction refused for good is not tried again', async () => {
    const { tg, sim } = e2e;
    const h = groupsOf(e2e);
    const g = await h.boundGroup('Quiet Club', ['/autosave on', '/quiet on']);

    // Told before the shutdown.
    const early = h.post(g, g.member, h.freshShare('Early quiet').text);
    await tg.waitFor(() => THUMBS_UP(tg.message(g.chat.id, early.message_id)?.reactions), { timeoutMs: 20_000, description: 'a 👍 on the early post' });
    const earlyReactions = () => h.callsAbout(g, 'setMessageReaction', early.message_id).length;
    expect(earlyReactions()).toBe(1);

    // Reactions refused for good in this chat, for one post: nothing to wait for.
    tg.failNext('setMessageReaction', { status: 400, description: 'Bad Request: REACTION_INVALID' });
    const refused = h.post(g, g.member, h.freshShare('Refused').text);
    await eventually(() => h.callsAbout(g, 'setMessageReaction', refused.message_id).some((c) => c.injected), 20_000, 'the refused reaction');

    // Telegram makes the next reaction wait an hour.
    tg.failNext('setMessageReaction', { status: 429, retryAfter: 3600 });
    const liked = h.post(g, g.member, h.freshShare('Liked').text);
    await eventually(() => h.callsAbout(g, 'setMessageReaction', liked.message_id).some((c) => c.injected), 20_000, 'the held reaction');

    // And the failure reply under a dead link, in another quiet group: Telegram's hour-long wait
    // holds every call to the first group (the gate keeps a 429's retry_after for its chat).
    const g2 = await h.boundGroup('Quiet Club Two', ['/autosave on', '/quiet on']);
    tg.failNext('sendMessage', { status: 429, retryAfter: 3600 });
    const dead = h.post(g2, g2.member, sim.catalogue.expired.url);
    await eventually(() => h.callsAbout(g2, 'sendMessage', dead.message_id).some((c) => c.injected), 20_000, 'the held failure reply');
    await eventually(() => h.rowsIn(e2e.app, g).every((row) => row.state !== 'queued' && row.state !== 'running') && h.rowsIn(e2e.app, g).length === 3, 20_000, 'every save ended');
    await eventually(() => h.rowsIn(e2e.app, g2).every((row) => row.state !== 'queued' && row.state !== 'running') && h.rowsIn(e2e.app, g2).length === 1, 20_000, 'the dead link\'s save ended');

    await e2e.app.stop();
    expect(THUMBS_UP(tg.message(g.chat.id, liked.message_id)?.reactions)).toBe(false);
    expect(h.repliesTo(g2, dead.message_id)).toHaveLength(0);
    const refusedCalls = h.callsAbout(g, 'setMessageReaction', refused.message_id).length;

    second = await restartedApp(e2e);

    await tg.waitFor(() => THUMBS_UP(tg.message(g.chat.id, liked.message_id)?.reactions), { timeoutMs: 20_000, description: 'the held 👍 told' });
    const failure = await h.answerTo(g2, dead.message_id);
    expect(failure.plainText).toBe(`❌ ${sim.catalogue.expired.shareId}: share expired`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.callsAbout(g, 'setMessageReaction', liked.message_id).filter((c) => c.ok === true)).toHaveLength(1);
    expect(h.repliesTo(g2, dead.message_id)).toHaveLength(1);
    // The reaction refused for good is not tried again, nor the one told before the shutdown.
    expect(h.callsAbout(g, 'setMessageReaction', refused.message_id)).toHaveLength(refusedCalls);
    expect(earlyReactions()).toBe(1);
    expect(h.repliesTo(g, refused.message_id)).toHaveLength(0);
    expect(second.core.saves.untoldSince(0, 10)).toEqual([]);
  }, 90_000);
});
