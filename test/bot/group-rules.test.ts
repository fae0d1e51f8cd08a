/**
 * The pure rules behind groups and channels: who is acting, how long an admin check is
 * trusted, the default folder of a chat, command arguments, and the compact status message.
 */
import { describe, expect, it } from 'vitest';
import { actorOf, GROUP_ANONYMOUS_BOT_ID, TELEGRAM_SERVICE_USER_ID } from '../../src/bot/groups/actor.js';
import { parseChannelRef, parseLimit, parseSwitch } from '../../src/bot/groups/args.js';
import { defaultChatFolder } from '../../src/bot/groups/folder-name.js';
import { MemberStatusCache } from '../../src/bot/groups/member-cache.js';
import { postStatusText, queuedLine, withOutcome, withProgress } from '../../src/bot/groups/post-status.js';

const group = { id: -1001, type: 'supergroup' as const };

describe('who acts in a group', () => {
  it('a person is a user we can ask Telegram about', () => {
    expect(actorOf({ chat: group, from: { id: 42 } })).toEqual({ kind: 'user', userId: 42 });
  });

  it('GroupAnonymousBot posting as this very group is an anonymous admin', () => {
    expect(actorOf({ chat: group, from: { id: GROUP_ANONYMOUS_BOT_ID }, senderChat: { id: group.id } })).toEqual({ kind: 'anonymous_admin' });
  });

  it('GroupAnonymousBot without the group as sender_chat is not trusted', () => {
    expect(actorOf({ chat: group, from: { id: GROUP_ANONYMOUS_BOT_ID } })).toEqual({ kind: 'unknown' });
  });

  it("the linked channel's automatic forwards (777000) and posts as another channel are told apart", () => {
    expect(actorOf({ chat: group, from: { id: TELEGRAM_SERVICE_USER_ID }, senderChat: { id: -1009 }, isAutomaticForward: true })).toEqual({
      kind: 'linked_channel',
    });
    expect(actorOf({ chat: group, from: { id: 136817688 }, senderChat: { id: -1009 } })).toEqual({ kind: 'other_chat' });
  });

  it('a channel post is the channel', () => {
    expect(actorOf({ chat: { id: -1002, type: 'channel' }, senderChat: { id: -1002 } })).toEqual({ kind: 'channel' });
  });
});

describe('the member-status cache', () => {
  it('trusts a status for its TTL, then asks again', () => {
    let now = 1_000;
    const cache = new MemberStatusCache(60_000, () => now);
    cache.set(-1, 7, 'administrator');
    now += 59_999;
    expect(cache.get(-1, 7)).toBe('administrator');
    now += 1;
    expect(cache.get(-1, 7)).toBeUndefined();
  });

  it('a newer status replaces the old one at once, per chat and user', () => {
    const cache = new MemberStatusCache();
    cache.set(-1, 7, 'administrator');
    cache.set(-2, 7, 'member');
    cache.set(-1, 7, 'member');
    expect(cache.get(-1, 7)).toBe('member');
    expect(cache.get(-2, 7)).toBe('member');
    cache.delete(-1, 7);
    expect(cache.get(-1, 7)).toBeUndefined();
  });
});

describe('the default folder of a group or channel', () => {
  it('is /<title> with what Aliyun refuses replaced', () => {
    expect(defaultChatFolder('电影: 2024/高清 <HD>', -5)).toBe('/电影_ 2024_高清 _HD_');
    expect(defaultChatFolder('  Anime   Club  ', -5)).toBe('/Anime Club');
  });

  it('falls back to the chat id when the title leaves nothing usable', () => {
    expect(defaultChatFolder('..', -100123)).toBe('/Telegram -100123');
    expect(defaultChatFolder('   ', -7)).toBe('/Telegram -7');
    expect(defaultChatFolder(null, -7)).toBe('/Telegram -7');
  });

  it('caps long titles', () => {
    expect([...defaultChatFolder('字'.repeat(300), -1)].length).toBe(61);
  });
});

describe('command arguments', () => {
  it('on/off in the usual spellings', () => {
    expect(['on', 'ON', '开', 'yes'].map(parseSwitch)).toEqual([true, true, true, true]);
    expect(['off', '关', 'no '].map(parseSwitch)).toEqual([false, false, false]);
    expect(['', 'maybe'].map(parseSwitch)).toEqual([undefined, undefined]);
  });

  it('a channel by @name, name, t.me link or -100 id', () => {
    expect(parseChannelRef('@my_channel')).toBe('@my_channel');
    expect(parseChannelRef('my_channel')).toBe('@my_channel');
    expect(parseChannelRef('https://t.me/my_channel')).toBe('@my_channel');
    expect(parseChannelRef('-1001234567890')).toBe(-1001234567890);
    expect(parseChannelRef('')).toBeUndefined();
    expect(parseChannelRef('@ab')).toBeUndefined();
    expect(parseChannelRef('12345')).toBeUndefined();
  });

  it('an hourly limit between 1 and the maximum, or default', () => {
    expect(parseLimit('30', 1000)).toBe(30);
    expect(parseLimit('default', 1000)).toBeNull();
    expect(parseLimit('0', 1000)).toBeUndefined();
    expect(parseLimit('1001', 1000)).toBeUndefined();
    expect(parseLimit('2.5', 1000)).toBeUndefined();
  });
});

describe('the compact status message of a post', () => {
  it('shows one line per link as each moves, names escaped', () => {
    const a = queuedLine('AAAAAAAAAAA');
    const b = queuedLine('BBBBBBBBBBB');
    expect(postStatusText('en', [a, b])).toBe('⏳ <code>AAAAAAAAAAA</code>\n⏳ <code>BBBBBBBBBBB</code>');

    const copying = withProgress(a, { stage: 'copying', shareName: '<b>x</b>', done: 2, total: 5 });
    const failed = withOutcome(b, { kind: 'failed', reason: 'expired' });
    expect(postStatusText('en', [copying, failed])).toBe('📥 「&lt;b&gt;x&lt;/b&gt;」 2/5\n❌ <code>BBBBBBBBBBB</code>: share expired');

    const saved = withOutcome(copying, { kind: 'saved', shareName: '<b>x</b>', targetPath: '/G', items: 1 });
    expect(postStatusText('zh', [saved])).toBe('✅ 「&lt;b&gt;x&lt;/b&gt;」 → <code>/G</code>');
  });

  it('a partial save says why: a full drive, or the items that failed (by name when the outcome gave them)', () => {
    const base = { shareName: 'Pack', targetPath: '/G', copied: 4, total: 6 };
    const full = withOutcome(queuedLine('AAAAAAAAAAA'), { kind: 'partial', ...base, reason: 'drive_full' });
    expect(postStatusText('en', [full])).toBe('⚠️ 「Pack」 4/6 → <code>/G</code>: drive full');

    const someFailed = withOutcome(queuedLine('AAAAAAAAAAA'), {
      kind: 'partial',
      ...base,
      reason: 'some_failed',
      failedItems: 3,
      failedNames: ['gone.txt', '<i>Extras</i>'],
    });
    expect(postStatusText('en', [someFailed])).toBe(
      '⚠️ 「Pack」 4/6 → <code>/G</code>: 3 items could not be saved (「gone.txt」, 「&lt;i&gt;Extras&lt;/i&gt;」 and 1 more)',
    );
    expect(postStatusText('zh', [someFailed])).toBe('⚠️ 「Pack」 4/6 → <code>/G</code>：3 项没能保存（「gone.txt」、「&lt;i&gt;Extras&lt;/i&gt;」等）');
    // Rebuilt from its saves row, which keeps the reason but not the names.
    const fromRow = { ...queuedLine('AAAAAAAAAAA'), state: 'partial' as const, shareName: 'Pack', targetPath: '/G', done: 4, total: 6, failureKind: 'some_failed' };
    expect(postStatusText('en', [fromRow])).toBe('⚠️ 「Pack」 4/6 → <code>/G</code>: some items could not be saved');
  });

  it('a duplicate says whether the first save is still running or ended before', () => {
    const base = { kind: 'duplicate', shareName: 'Twice', targetPath: '/G', savedAt: 0 } as const;
    const running = withOutcome(queuedLine('AAAAAAAAAAA'), { ...base, inProgress: true });
    expect(postStatusText('en', [running])).toBe('⏳ 「Twice」 is being saved to <code>/G</code> already; not copied twice');
    expect(postStatusText('zh', [running])).toBe('⏳ 「Twice」 正在保存到 <code>/G</code>，不会重复保存');
    const before = withOutcome(queuedLine('AAAAAAAAAAA'), base);
    expect(postStatusText('en', [before])).toBe('ℹ️ 「Twice」 was saved to <code>/G</code> before');
  });
});
