/**
 * The bot's pending updates, in update_id order, as the Bot API server keeps them: an update
 * stays until a later `offset` confirms it (or a webhook delivery succeeds). Updates of a type
 * the bot did not ask for in `allowed_updates` are discarded, never delivered.
 */
import { EventEmitter } from 'node:events';
import type { Update } from 'grammy/types';

/** An update type name (`message`, `callback_query`, …). */
export type UpdateType = Exclude<keyof Update, 'update_id'>;

/** What Telegram delivers when `allowed_updates` was never set or set to `[]`. */
const DEFAULT_EXCLUDED = new Set<string>(['chat_member', 'message_reaction', 'message_reaction_count']);

/** The type of an update: its one key besides `update_id`. */
export function updateType(update: Update): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

/** Pending updates with Telegram's confirm-by-offset semantics; emits `update` on every push. */
export class UpdateQueue extends EventEmitter {
  private pending: Update[] = [];
  private nextId: number;
  /** Updates discarded because their type was not allowed, for debugging tests. */
  readonly discarded: Update[] = [];

  constructor(firstUpdateId: number) {
    super();
    this.nextId = firstUpdateId;
  }

  /** Appends an update, assigning the next update_id unless it carries one. */
  push(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextId } as Update;
    this.nextId = Math.max(this.nextId, full.update_id) + 1;
    this.pending.push(full);
    this.emit('update', full);
    return full;
  }

  /** Confirms (forgets) every update below `offset`; a negative offset keeps only the last |offset|. */
  confirm(offset: number): void {
    if (offset < 0) {
      this.pending = this.pending.slice(offset);
    } else {
      this.pending = this.pending.filter((u) => u.update_id >= offset);
    }
  }

  /** Up to `limit` deliverable updates from the head; discards the ones `allowed` rules out. */
  peek(limit: number, allowed: readonly string[] | undefined): Update[] {
    const isAllowed = (type: string): boolean =>
      allowed !== undefined && allowed.length > 0 ? allowed.includes(type) : !DEFAULT_EXCLUDED.has(type);
    const kept: Update[] = [];
    for (const update of this.pending) {
      if (isAllowed(updateType(update))) kept.push(update);
      else this.discarded.push(update);
    }
    this.pending = kept;
    return kept.slice(0, limit);
  }

  /** Drops everything pending (`drop_pending_updates`). */
  clear(): void {
    this.pending = [];
  }

  /** A copy of the pending updates, oldest first. */
  all(): Update[] {
    return [...this.pending];
  }

  get size(): number {
    return this.pending.length;
  }
}
