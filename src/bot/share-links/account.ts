/** The user's working Aliyun login, and the prompt when there is none. */
import type { InlineKeyboard } from 'grammy';
import type { AccountSession } from '../../api/index.js';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import type { BotDeps } from '../context.js';
import { t, type Lang } from '../i18n/index.js';
import { loginKeyboard } from '../login-prompt.js';
import { NotLoggedIn } from './failures.js';

/** The user's account and its session. @throws NotLoggedIn */
export function sessionOf(deps: Pick<BotDeps, 'accounts'>, telegramUserId: number): { account: LinkedAccount; session: AccountSession } {
  const account = deps.accounts.working(telegramUserId);
  if (!account) throw new NotLoggedIn();
  return { account, session: deps.accounts.session(account) };
}

/** The login prompt as message text and buttons. */
export function loginPrompt(lang: Lang): { text: string; options: { reply_markup: InlineKeyboard } } {
  return { text: t(lang, 'loginNeeded'), options: { reply_markup: loginKeyboard(lang) } };
}
