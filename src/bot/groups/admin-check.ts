/**
 * Who may do what in a group: admin checks through getChatMember, cached per chat and user
 * (see member-cache.ts), naming the cases where Telegram hides the person (actor.ts).
 * Command menus per scope are only a convenience; every command checks here.
 */
import { GrammyError } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { actorOfMessage, type Actor } from './actor.js';
import { MemberStatusCache, type MemberStatus } from './member-cache.js';
import { t } from '../i18n/index.js';

/** One cache per running bot: the deps object is made once per app (tests run several apps). */
const caches = new WeakMap<BotDeps, MemberStatusCache>();

/** The member-status cache of this bot. */
export function memberCacheOf(deps: BotDeps): MemberStatusCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new MemberStatusCache();
    caches.set(deps, cache);
  }
  return cache;
}

/**
 * A user's status in a chat: from the cache, else from getChatMember (then cached). A user
 * Telegram does not know there counts as `left`. `fresh` skips the cache (rare, weighty checks).
 */
export async function memberStatus(ctx: BotContext, chatId: number, userId: number, fresh = false): Promise<MemberStatus> {
  const cache = memberCacheOf(ctx.deps);
  const cached = fresh ? undefined : cache.get(chatId, userId);
  if (cached) return cached;
  let status: MemberStatus;
  try {
    status = (await ctx.api.getChatMember(chatId, userId)).status;
  } catch (error) {
    if (!(error instanceof GrammyError) || error.error_code !== 400) throw error;
    status = 'left';
  }
  cache.set(chatId, userId, status);
  return status;
}

/** What an actor may do in a group. */
export type GroupRole = 'creator' | 'admin' | 'member' | 'outsider';

/** The role of whoever sent the current message. */
export async function roleOf(ctx: BotContext, actor: Actor): Promise<GroupRole> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return 'outsider';
  switch (actor.kind) {
    // Only admins can post as the group or in a channel.
    case 'anonymous_admin':
    case 'channel':
      return 'admin';
    // Posting as one's own channel, or the linked channel's automatic forward (777000): we
    // cannot tell who is behind it — the channel's admins need not be this group's — so no
    // admin rights (a "/folder …" posted in the channel must not change the group).
    case 'other_chat':
    case 'linked_channel':
      return 'member';
    case 'unknown':
      return 'outsider';
    case 'user': {
      const status = await memberStatus(ctx, chatId, actor.userId);
      if (status === 'creator') return 'creator';
      if (status === 'administrator') return 'admin';
      return status === 'member' || status === 'restricted' ? 'member' : 'outsider';
    }
  }
}

/** Whether a role carries admin rights. */
export function isAdminRole(role: GroupRole): boolean {
  return role === 'creator' || role === 'admin';
}

/** The actor and role of the current message's sender. */
export async function senderOf(ctx: BotContext): Promise<{ actor: Actor; role: GroupRole }> {
  const actor = ctx.msg ? actorOfMessage(ctx.msg) : ({ kind: 'unknown' } as const);
  return { actor, role: await roleOf(ctx, actor) };
}

/**
 * Whether whoever pressed a button is an admin of its chat. A button press always names the
 * real person (anonymous admins are anonymous only in what they post).
 */
export async function presserIsAdmin(ctx: BotContext): Promise<boolean> {
  if (!ctx.from) return false;
  return isAdminRole(await roleOf(ctx, { kind: 'user', userId: ctx.from.id }));
}

/**
 * Passes for an admin of the group; anyone else gets a short refusal and nothing changes.
 * @returns the sender when allowed, undefined when refused.
 */
export async function requireAdmin(ctx: BotContext): Promise<{ actor: Actor; role: GroupRole } | undefined> {
  const sender = await senderOf(ctx);
  if (isAdminRole(sender.role)) return sender;
  ctx.logger.info({ chat_id: ctx.chat?.id, user_id: ctx.from?.id, actor: sender.actor.kind }, 'group command refused: not an admin');
  await replyInGroup(ctx, t(ctx.lang, 'refuse.notAdmin'));
  return undefined;
}

/** A reply to the current message (kept in its forum topic by replying); `extra` adds buttons. */
export async function replyInGroup(ctx: BotContext, text: string, extra: Pick<NonNullable<Parameters<BotContext['reply']>[1]>, 'reply_markup'> = {}): Promise<void> {
  await ctx.reply(text, {
    ...extra,
    link_preview_options: { is_disabled: true },
    ...(ctx.msg ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } } : {}),
  });
}
