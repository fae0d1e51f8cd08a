/**
 * What every part of the bot shares about asking for a login: the "log in with a QR code"
 * button, and how a bare refresh token looks in a message (so no other handler eats it).
 */
import { InlineKeyboard, type Api } from 'grammy';
import type { BotDeps } from './context.js';
import { t, type Lang } from './i18n/index.js';

/** Callback data of the "log in with a QR code" button. */
export const LOGIN_QR_CALLBACK = 'login:qr';

/** The "log in with a QR code" button of every login prompt. */
export function loginKeyboard(lang: Lang): InlineKeyboard {
  return new InlineKeyboard().text(t(lang, 'login.promptButton'), LOGIN_QR_CALLBACK);
}

/** Callback data of the ✖ button under a QR code. */
export const QR_CANCEL_CALLBACK = 'qr:cancel';

/**
 * The buttons under a QR code: its own link (for a user whose Aliyun app is on this very phone,
 * which cannot scan its own screen) while it waits for a scan, and ✖ cancel.
 */
export function qrKeyboard(lang: Lang, codeContent?: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (codeContent !== undefined && /^https?:\/\//.test(codeContent)) keyboard.url(t(lang, 'qr.openLink'), codeContent).row();
  return keyboard.text(t(lang, 'qr.cancelButton'), QR_CANCEL_CALLBACK);
}

/** Callback data of the "✅ logged in as …" button a prompt shows after the login. */
export const LOGGED_IN_CALLBACK = 'login:done';

/** The button a login prompt shows once the user is logged in. */
export function loggedInKeyboard(lang: Lang, nickname: string): InlineKeyboard {
  return new InlineKeyboard().text(t(lang, 'welcome.loggedInButton', { nickname }), LOGGED_IN_CALLBACK);
}

/** Remembers a sent message with the "log in" button, so the login can turn the button into "✅ logged in". */
export function rememberLoginPrompt(deps: Pick<BotDeps, 'pending'>, userId: number, chatId: number, messageId: number): void {
  deps.pending.prompts.add(userId, { chatId, messageId });
}

/** After a login: every remembered prompt's button becomes "✅ logged in as …". Never throws. */
export async function markPromptsLoggedIn(deps: Pick<BotDeps, 'pending' | 'logger'>, api: Api, userId: number, lang: Lang, nickname: string): Promise<void> {
  for (const prompt of deps.pending.prompts.take(userId)) {
    await api.editMessageReplyMarkup(prompt.chatId, prompt.messageId, { reply_markup: loggedInKeyboard(lang, nickname) }).catch((error: unknown) => {
      deps.logger.debug({ err: error, user_id: userId }, 'could not mark a login prompt as done');
    });
  }
}

/** Aliyun refresh tokens (real ones and the simulator's) are 32 lowercase hex characters. */
const REFRESH_TOKEN_SHAPE = /^[0-9a-f]{32}$/;

/** Pure: whether a whole message is nothing but something shaped like a refresh token. */
export function looksLikeRefreshToken(text: string | undefined): boolean {
  return text !== undefined && REFRESH_TOKEN_SHAPE.test(text.trim());
}
