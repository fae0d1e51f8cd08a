/**
 * A short-lived memory of members' statuses per chat, so a busy group does not cost a
 * getChatMember call per command. `chat_member` updates overwrite entries as they happen; the
 * TTL covers chats where Telegram does not send them (it only does when the bot is an admin).
 */
import type { ChatMember } from 'grammy/types';

export type MemberStatus = ChatMember['status'];

/** How long a status is trusted without a `chat_member` update. */
export const MEMBER_STATUS_TTL_MS = 3 * 60_000;
/** Entries kept at most; the oldest go first. */
const MAX_ENTRIES = 20_000;

export class MemberStatusCache {
  private readonly entries = new Map<string, { status: MemberStatus; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number = MEMBER_STATUS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The remembered status, if still fresh. */
  get(chatId: number, userId: number): MemberStatus | undefined {
    const key = `${chatId}:${userId}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.status;
  }

  /** Remembers a status (from getChatMember or a `chat_member` update). */
  set(chatId: number, userId: number, status: MemberStatus): void {
    const key = `${chatId}:${userId}`;
    this.entries.delete(key); // re-insert so Map order stays oldest-first
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { status, expiresAt: this.now() + this.ttlMs });
  }

  /** Forgets one member (the next check asks Telegram). */
  delete(chatId: number, userId: number): void {
    this.entries.delete(`${chatId}:${userId}`);
  }
}

/** Whether a status carries admin rights. */
export function isAdminStatus(status: MemberStatus | undefined): boolean {
  return status === 'creator' || status === 'administrator';
}
