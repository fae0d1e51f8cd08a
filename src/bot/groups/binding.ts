/** Whose drive a group or channel saves into, and whether that drive still works. */
import { loginStateOf, type Accounts } from '../../accounts.js';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import type { ChatSettings } from '../../db/chat-settings.repo.js';
import { defaultChatFolder } from './folder-name.js';

export type Binding =
  | { state: 'unbound' }
  /** The binding admin logged out: the account row is gone (its id was set to null). */
  | { state: 'logged_out'; boundByUserId: number }
  /** Aliyun refused the account's refresh token; its owner must /login again. */
  | { state: 'relogin'; boundByUserId: number; account: LinkedAccount }
  | { state: 'ok'; boundByUserId: number; account: LinkedAccount };

/** The binding stored in a chat's settings. */
export function bindingOf(accounts: Pick<Accounts, 'getById'>, settings: ChatSettings | undefined): Binding {
  const boundByUserId = settings?.boundByUserId;
  if (boundByUserId === null || boundByUserId === undefined) return { state: 'unbound' };
  const login = loginStateOf(settings?.boundAccountId != null ? accounts.getById(settings.boundAccountId) : undefined);
  return login.state === 'none' ? { state: 'logged_out', boundByUserId } : { ...login, boundByUserId };
}

/** The folder a group or channel saves into: its own setting, else `/<title>`. */
export function chatFolderOf(settings: ChatSettings | undefined, chat: { id: number; title?: string | undefined }): string {
  return settings?.saveFolder ?? defaultChatFolder(chat.title ?? settings?.title, chat.id);
}

/** A linked account as people know it. */
export function nicknameOf(account: Pick<LinkedAccount, 'nickName' | 'userName'>): string {
  return account.nickName || account.userName || '?';
}
