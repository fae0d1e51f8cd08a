/**
 * What happens once we hold a refresh token — typed after /login or delivered by a QR scan:
 * link the account, tell the user where saves go, save any links that waited for the login.
 */
import type { Api } from 'grammy';
import type { Message } from 'grammy/types';
import { isAliyunError, isDeviceRefused, isReloginNeeded } from '../api/index.js';
import { commandArgument, commandName } from './command-name.js';
import type { BotDeps } from './context.js';
import { shortPath } from './folder-path.js';
import { alertIfNotUnderstood } from './operator-alert.js';
import { raw, t, type Lang } from './i18n/index.js';
import { markPromptsLoggedIn } from './login-prompt.js';
import { resumeAfterLogin, targetPathFor } from './saving/request-saves.js';

export interface LoginTarget {
  userId: number;
  chatId: number;
  lang: Lang;
}

/**
 * Pure: the argument of a `/login …` message ("/login x", "/Login@SomeBot x"), trimmed;
 * `""` for a bare /login; undefined when the message is no /login.
 */
export function loginArgument(message: Pick<Message, 'text' | 'entities'> | undefined): string | undefined {
  return commandName(message) === 'login' ? commandArgument(message) : undefined;
}

/** Whether a failed link means "this token is no good" rather than "Aliyun is unwell". */
function isBadToken(error: unknown): boolean {
  return isReloginNeeded(error) || (isAliyunError(error) && error.status >= 400 && error.status < 500 && error.status !== 429);
}

/** The words for a failed login (the token, the device, or Aliyun being unwell). */
function loginFailureKey(error: unknown): 'aliyun.deviceRefused' | 'login.invalidToken' | 'login.failed' {
  if (isDeviceRefused(error)) return 'aliyun.deviceRefused';
  return isBadToken(error) ? 'login.invalidToken' : 'login.failed';
}

/**
 * Links the account and reports the result in the chat; `statusMessageId` (a "checking…"
 * message) is edited instead of sending a new message. Never throws.
 * @returns whether the account is now linked.
 */
export async function finishLogin(
  deps: BotDeps,
  api: Api,
  target: LoginTarget,
  refreshToken: string,
  statusMessageId?: number,
): Promise<boolean> {
  const { userId, chatId, lang } = target;
  const say = async (text: string) => {
    try {
      if (statusMessageId !== undefined) await api.editMessageText(chatId, statusMessageId, text);
      else await api.sendMessage(chatId, text);
    } catch (error) {
      deps.logger.warn({ err: error, user_id: userId }, 'could not report the login result');
    }
  };

  const before = deps.accounts.getByTelegramUser(userId);
  let linked;
  try {
    linked = await deps.accounts.link(userId, refreshToken);
  } catch (error) {
    // The error never carries the token (src/api scrubs it), so it may be logged.
    deps.logger.warn({ err: error, user_id: userId }, 'login failed');
    const notUnderstood = alertIfNotUnderstood(deps.operatorAlerts, error);
    await say(t(lang, notUnderstood ? 'aliyun.notUnderstood' : loginFailureKey(error)));
    return false;
  }
  deps.logger.info({ user_id: userId, account_id: linked.account.id }, 'account linked');
  const ok = t(lang, 'login.ok', {
    nickname: linked.account.nickName || linked.account.userName || '?',
    drive: raw(t(lang, linked.drive === 'resource' ? 'login.driveResource' : 'login.driveBackup')),
    folder: shortPath(targetPathFor(deps, chatId)),
  });
  // Another Aliyun account than before: say so, and that bound groups follow it.
  const switched = before !== undefined && before.aliyunUserId !== linked.account.aliyunUserId;
  await say(switched ? `${ok}\n\n${t(lang, 'login.switched', { n: deps.chatSettings.countBoundTo(linked.account.id) })}` : ok);
  await markPromptsLoggedIn(deps, api, userId, lang, linked.account.nickName || linked.account.userName || '?');
  try {
    await resumeAfterLogin(deps, api, userId);
  } catch (error) {
    deps.logger.error({ err: error, user_id: userId }, 'could not save the links sent before the login');
  }
  return true;
}

/** Starts a QR login for the user in the background (private chats only). */
export function startQrLogin(deps: BotDeps, api: Api, target: LoginTarget): void {
  deps.qrLogins.start({
    ...target,
    api,
    onConfirmed: async (refreshToken) => {
      await finishLogin(deps, api, target, refreshToken);
    },
  });
}
