/**
 * "Saving is paused": when the drive a group or channel is bound to stops working (its admin
 * logged out, or Aliyun wants a new login), the chat is told once — a channel's binding admin
 * privately, since a channel post would reach every subscriber — and posts are skipped quietly
 * until the login or the binding is renewed.
 */
import type { Api } from 'grammy';
import type { Logger } from '../../logger.js';
import { t, type Lang } from '../i18n/index.js';
import type { ChatNotices } from './notices.js';
import { SendCancelledError, type ApiSignal } from '../flood-gate.js';
import { isTransient } from '../saving/until-delivered.js';

export interface PauseTarget {
  chatId: number;
  chatType: string;
  title: string | null;
  boundByUserId: number | null;
  lang: Lang;
}

export type PauseReason = { kind: 'relogin'; nickname: string } | { kind: 'logged_out' };

export interface PauseIo {
  api: Api;
  notices: ChatNotices;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Tells the chat that saving is paused, in reply to the post that met the pause — once, unless
 * `always` (an explicit /save always gets an answer). One cut off (by the shutdown, or failures on
 * the way) rejects, and the notice is news again; one refused for good is given up.
 */
export async function announcePause(
  io: PauseIo,
  target: PauseTarget,
  reason: PauseReason,
  options: { replyTo?: number; always?: boolean; sending?: ApiSignal } = {},
): Promise<void> {
  const { replyTo, always = false, sending } = options;
  const first = io.notices.takePauseNotice(target.chatId);
  if (!first && !always) return;
  io.logger.info({ chat_id: target.chatId, reason: reason.kind }, 'saving paused: the bound drive does not work');
  try {
    if (target.chatType === 'channel') {
      if (target.boundByUserId !== null && first) {
        await io.api.sendMessage(target.boundByUserId, t(target.lang, 'channel.paused', { title: target.title ?? String(target.chatId) }), {}, sending);
      }
      return;
    }
    const text =
      reason.kind === 'relogin'
        ? t(target.lang, 'paused.relogin', { nickname: reason.nickname })
        : t(target.lang, 'paused.loggedOut');
    await io.api.sendMessage(
      target.chatId,
      text,
      { ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}) },
      sending,
    );
  } catch (error) {
    if (error instanceof SendCancelledError || isTransient(error)) {
      if (first) io.notices.clearPause(target.chatId);
      throw error;
    }
    io.logger.warn({ err: error, chat_id: target.chatId }, 'could not announce the pause');
  }
}
