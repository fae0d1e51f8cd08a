/**
 * Saving the shares of a group post or channel post into the chat's bound drive: binding and
 * hourly limit first, then one compact status message per post (or none in quiet mode and in
 * channels), then the private-chat pipeline (`requestSaves`) with the bound account and folder.
 */
import type { Api } from 'grammy';
import type { ShareRef } from '../../share-text.js';
import type { BotDeps } from '../context.js';
import { formatDate } from '../format.js';
import { t, type Lang } from '../i18n/index.js';
import { requestSaves, MAX_LINKS_PER_MESSAGE, type SaveRequestResult } from '../saving/request-saves.js';
import { bindingOf, chatFolderOf, nicknameOf } from './binding.js';
import { hourlyBudget, hourlyLimitOf, type HourlyBudget } from './hourly-limit.js';
import { announcePause } from './pause.js';
import { createGroupPasswords } from './password-waits.js';
import { postStatusText, queuedLine } from './post-status.js';

export interface ChatPost {
  chat: { id: number; type: string; title?: string | undefined };
  /** The message the saves are keyed to; status and reactions go to it. */
  sourceMessageId: number;
  links: ShareRef[];
  lang: Lang;
  /** A /save command: always answered (not bound, paused, limit), where a plain post stays silent. */
  explicit: boolean;
  /** Who posted the links (a person we can name): they may answer a password question. */
  posterUserId?: number | undefined;
  /**
   * A password answer: the status goes under the post (the answer itself is deleted), even in
   * quiet mode — a 👍 on a deleted message would tell no one anything.
   */
  replyToMessageId?: number;
}

function replyTo(messageId: number) {
  return {
    reply_parameters: { message_id: messageId, allow_sending_without_reply: true },
    link_preview_options: { is_disabled: true },
  };
}

/** Saves a post's links into the chat's bound drive, within the hourly limit. */
export async function saveChatPost(deps: BotDeps, api: Api, post: ChatPost): Promise<void> {
  const { chat, lang } = post;
  const settings = deps.chatSettings.get(chat.id);
  const binding = bindingOf(deps.accounts, settings);
  const isChannel = chat.type === 'channel';
  const io = { api, notices: deps.notices, logger: deps.logger };
  if (binding.state === 'unbound' || !settings) {
    if (post.explicit) await api.sendMessage(chat.id, t(lang, 'notBound'), replyTo(post.sourceMessageId));
    return;
  }
  if (binding.state !== 'ok') {
    const target = { chatId: chat.id, chatType: chat.type, title: chat.title ?? settings.title, boundByUserId: binding.boundByUserId, lang };
    const reason =
      binding.state === 'relogin' ? { kind: 'relogin' as const, nickname: nicknameOf(binding.account) } : { kind: 'logged_out' as const };
    await announcePause(io, target, reason, { replyTo: post.sourceMessageId, always: post.explicit });
    return;
  }
  deps.notices.clearPause(chat.id);

  const budget = hourlyBudget(deps.saves, chat.id, hourlyLimitOf(settings, deps.config), Date.now());
  const links = post.links.slice(0, budget.remaining);
  if (links.length < post.links.length) await reportLimit(deps, api, post, budget, binding.boundByUserId);
  if (links.length === 0) return;

  // A share that turns out to want its code asks in the group; the poster (or an admin) answers.
  if (!isChannel) {
    createGroupPasswords(deps.db).rememberPost(chat.id, post.sourceMessageId, {
      postMessageId: post.replyToMessageId ?? post.sourceMessageId,
      ...(post.posterUserId !== undefined ? { posterUserId: post.posterUserId } : {}),
    });
  }
  // Quiet mode and channels get no status message: the notifier reacts to the post instead.
  const quiet = isChannel || (settings.quiet && post.replyToMessageId === undefined);
  let statusMessageId: number | undefined;
  if (!quiet) {
    const lines = links.slice(0, MAX_LINKS_PER_MESSAGE).map((link) => queuedLine(link.shareId));
    const under = post.replyToMessageId ?? post.sourceMessageId;
    statusMessageId = (await api.sendMessage(chat.id, postStatusText(lang, lines), replyTo(under))).message_id;
  }
  const results = await requestSaves(deps, api, {
    chatId: chat.id,
    // Group saves count as the binding admin's: their drive, their /history.
    userId: binding.boundByUserId,
    sourceMessageId: post.sourceMessageId,
    links,
    lang,
    account: binding.account,
    targetPath: chatFolderOf(settings, chat),
    statusMessage: statusMessageId ?? 'none',
  });
  await showEnqueueTrouble(deps, api, post, statusMessageId, results);
}

/** The hourly limit cut some links: the chat hears it once an hour, a /save every time. */
async function reportLimit(deps: BotDeps, api: Api, post: ChatPost, budget: HourlyBudget, boundByUserId: number): Promise<void> {
  const now = Date.now();
  deps.logger.info({ chat_id: post.chat.id, limit: budget.limit, used: budget.used }, 'hourly save limit reached');
  if (!post.explicit && !deps.notices.takeLimitNotice(post.chat.id, now)) return;
  const time = formatDate(budget.resumesAt ?? now).slice(-5);
  try {
    if (post.chat.type === 'channel') {
      const title = post.chat.title ?? String(post.chat.id);
      await api.sendMessage(boundByUserId, t(post.lang, 'channel.limit', { title, limit: budget.limit, time }));
    } else {
      await api.sendMessage(post.chat.id, t(post.lang, 'limit.reached', { limit: budget.limit, time }), replyTo(post.sourceMessageId));
    }
  } catch (error) {
    deps.logger.warn({ err: error, chat_id: post.chat.id }, 'could not report the hourly limit');
  }
}

/** Links that were already being saved, or could not be queued, get a line of their own. */
async function showEnqueueTrouble(
  deps: BotDeps,
  api: Api,
  post: ChatPost,
  statusMessageId: number | undefined,
  results: SaveRequestResult[],
): Promise<void> {
  const troubles = results.filter((r) => r.result !== 'queued');
  // A post delivered twice in quiet mode: the first delivery answers.
  const shown = statusMessageId === undefined ? troubles.filter((r) => r.result === 'failed') : troubles;
  if (shown.length === 0) return;
  const text = shown
    .map((r) => t(post.lang, r.result === 'failed' ? 'line.enqueueFailed' : 'line.already', { shareId: r.shareId }))
    .join('\n');
  try {
    if (post.chat.type === 'channel') {
      deps.logger.warn({ chat_id: post.chat.id, troubles: shown }, 'channel saves not queued');
    } else if (statusMessageId !== undefined && troubles.length === results.length) {
      // Nothing of this post was queued, so no job will ever edit its status message.
      await api.editMessageText(post.chat.id, statusMessageId, text, { link_preview_options: { is_disabled: true } });
    } else {
      // The queued links' jobs rebuild the status message from their rows; these have none.
      await api.sendMessage(post.chat.id, text, replyTo(post.sourceMessageId));
    }
  } catch (error) {
    deps.logger.warn({ err: error, chat_id: post.chat.id }, 'could not show why links were not queued');
  }
}
