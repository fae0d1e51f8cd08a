import { Composer } from 'grammy';
import type { ChatFromGetChat } from 'grammy/types';
import type { BotContext } from '../context.js';
import { memberStatus } from '../groups/admin-check.js';
import { parseChannelRef } from '../groups/args.js';
import { bindingOf, chatFolderOf, nicknameOf } from '../groups/binding.js';
import { saveChatPost } from '../groups/group-saving.js';
import { isAdminStatus } from '../groups/member-cache.js';
import { shareLinksOf } from '../groups/post-links.js';
import { t } from '../i18n/index.js';
import { showChannelPicker } from '../groups/channel-picker.js';

/**
 * Channels. In the private chat, `/bindchannel @name` (or the numeric id; without one, the chat
 * picker or a forwarded post — channel-pick.ts) links a channel to
 * the sender's drive once Telegram confirms the sender is an admin there and so is the bot;
 * `/unbindchannel @name` undoes it (the binding admin or the channel's owner). Then every
 * channel post with shares is saved into `/<channel title>`: quietly, a 👍 when it worked and
 * a private message to the binding admin when it did not.
 */
export const channelFeature = new Composer<BotContext>();
const privateChats = channelFeature.chatType('private');

/** The channel a user named, or a reply saying why not. */
async function findChannel(ctx: BotContext, arg: string, usage: 'channel.usage' | 'channel.unbindUsage'): Promise<ChatFromGetChat | undefined> {
  const ref = parseChannelRef(arg);
  if (ref === undefined) {
    await ctx.reply(t(ctx.lang, usage));
    return undefined;
  }
  let chat: ChatFromGetChat;
  try {
    chat = await ctx.api.getChat(ref);
  } catch (error) {
    ctx.logger.info({ err: error, ref }, 'channel lookup failed');
    await ctx.reply(t(ctx.lang, 'channel.notFound', { ref: String(ref) }));
    return undefined;
  }
  if (chat.type !== 'channel') {
    await ctx.reply(t(ctx.lang, 'channel.notChannel', { ref: String(ref) }));
    return undefined;
  }
  return chat;
}

privateChats.command('bindchannel', async (ctx) => {
  // Without a name: the chat picker (and forwarding a post) finds the channel — see channel-pick.ts.
  if (!ctx.match.trim()) return showChannelPicker(ctx);
  const channel = await findChannel(ctx, ctx.match, 'channel.usage');
  if (channel) await bindChannel(ctx, channel);
});

/**
 * Binds `channel` to the sender's drive once Telegram confirms the sender is an admin there and
 * so is the bot; every answer goes out with `extra` (e.g. removing the chat-picker keyboard).
 */
export async function bindChannel(
  ctx: BotContext & { from: { id: number } },
  channel: Pick<ChatFromGetChat, 'id' | 'title'>,
  extra: Parameters<BotContext['reply']>[1] = {},
): Promise<void> {
  const { deps } = ctx;
  const say = (text: string) => ctx.reply(text, extra);
  const title = channel.title ?? String(channel.id);
  // Asked fresh: binding is rare and weighs more than a cached answer.
  const userStatus = await memberStatus(ctx, channel.id, ctx.from.id, true);
  if (!isAdminStatus(userStatus)) {
    await say(t(ctx.lang, 'channel.userNotAdmin', { title }));
    return;
  }
  if ((await memberStatus(ctx, channel.id, ctx.me.id, true)) !== 'administrator') {
    await say(t(ctx.lang, 'channel.botNotAdmin', { title, bot: ctx.me.username }));
    return;
  }
  const account = deps.accounts.working(ctx.from.id);
  if (!account) {
    await say(t(ctx.lang, 'channel.needLogin'));
    return;
  }
  const settings = deps.chatSettings.get(channel.id);
  const current = bindingOf(deps.accounts, settings);
  if (current.state === 'ok' && current.boundByUserId !== ctx.from.id && userStatus !== 'creator') {
    await say(t(ctx.lang, 'channel.takenBy', { title }));
    return;
  }

  const path = chatFolderOf(settings, { id: channel.id, title });
  const opened = await deps.accounts.saveFolder(account, path);
  if (!opened.ok) {
    ctx.logger.warn({ err: opened.error, chat_id: channel.id }, 'could not open the channel folder while binding');
    await say(opened.relogin ? t(ctx.lang, 'channel.needLogin') : t(ctx.lang, 'bind.failed'));
    return;
  }
  deps.chatSettings.record(channel.id, { chatType: 'channel', title }, {
    boundAccountId: account.id,
    boundByUserId: ctx.from.id,
    autosave: true,
    quiet: true,
    saveFolder: path,
    ...opened.folder,
    // Notices about the channel go to this admin: in their language.
    language: settings?.language ?? ctx.lang,
  });
  deps.notices.clearPause(channel.id);
  ctx.logger.info({ chat_id: channel.id, user_id: ctx.from.id, account_id: account.id }, 'channel bound');
  await say(t(ctx.lang, 'channel.bound', { title, nickname: nicknameOf(account), path }));
}

privateChats.command('unbindchannel', async (ctx) => {
  const { deps } = ctx;
  const channel = await findChannel(ctx, ctx.match, 'channel.unbindUsage');
  if (!channel) return;
  const title = channel.title ?? String(channel.id);
  const settings = deps.chatSettings.get(channel.id);
  if (!settings?.boundByUserId) {
    await ctx.reply(t(ctx.lang, 'channel.notBound', { title }));
    return;
  }
  if (settings.boundByUserId !== ctx.from.id && (await memberStatus(ctx, channel.id, ctx.from.id, true)) !== 'creator') {
    await ctx.reply(t(ctx.lang, 'refuse.binderOrCreator'));
    return;
  }
  deps.chatSettings.patch(channel.id, { boundAccountId: null, boundByUserId: null, autosave: false });
  deps.notices.clearPause(channel.id);
  ctx.logger.info({ chat_id: channel.id, user_id: ctx.from.id }, 'channel unbound');
  await ctx.reply(t(ctx.lang, 'channel.unbound', { title }));
});

channelFeature.chatType(['group', 'supergroup']).command(['bindchannel', 'unbindchannel'], async (ctx) => {
  await ctx.reply(t(ctx.lang, 'channel.privateOnly'), { reply_parameters: { message_id: ctx.msg.message_id } });
});

channelFeature.on(['channel_post:text', 'channel_post:caption'], async (ctx, next) => {
  const post = ctx.channelPost;
  const links = shareLinksOf(post);
  if (links.length === 0) return next();
  const settings = ctx.deps.chatSettings.get(post.chat.id);
  if (!settings?.boundByUserId || !settings.autosave) {
    ctx.logger.debug({ chat_id: post.chat.id, message_id: post.message_id }, 'channel post with shares ignored: the channel is not bound');
    return next();
  }
  await saveChatPost(ctx.deps, ctx.api, {
    chat: post.chat,
    sourceMessageId: post.message_id,
    links,
    lang: ctx.lang,
    explicit: false,
  });
});
