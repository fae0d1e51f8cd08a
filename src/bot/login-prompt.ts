/**
 * What every part of the bot shares about asking for a login: the "log in with a QR code"
 * button, and how a bare refresh token looks in a message (so no other handler eats it).
 */
import { InlineKeyboard } from 'grammy';
import { t, type Lang } from './i18n/index.js';

/** Callback data of the "log in with a QR code" button. */
export const LOGIN_QR_CALLBACK = 'login:qr';

/** The "log in with a QR code" button of every login prompt. */
export function loginKeyboard(lang: Lang): InlineKeyboard {
  return new InlineKeyboard().text(t(lang, 'login.promptButton'), LOGIN_QR_CALLBACK);
}

/** Aliyun refresh tokens (real ones and the simulator's) are 32 lowercase hex characters. */
const REFRESH_TOKEN_SHAPE = /^[0-9a-f]{32}$/;

/** Pure: whether a whole message is nothing but something shaped like a refresh token. */
export function looksLikeRefreshToken(text: string | undefined): boolean {
  return text !== undefined && REFRESH_TOKEN_SHAPE.test(text.trim());
}
