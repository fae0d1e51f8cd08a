/**
 * Follows (追更) and their memory of what was saved (`follow_items`). Every multi-row change is
 * one transaction; the password is sealed on the way in and opened on the way out.
 */
import { and, asc, count, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { open, seal, SecretBoxError, type SecretKey } from '../secret-box.js';
import type { FollowFilters } from '../jobs/follow/filters.js';
import type { RenameRule } from '../jobs/follow/rename-rule.js';
import type { AppDatabase } from './index.js';
import { followItems, follows, type FollowItemState } from './schema/index.js';
import { preparedFor } from './statement-cache.js';

/** Asked at the end of every save. */
const waitingOnSaveQuery = (db: AppDatabase) =>
  db.select().from(follows).where(and(eq(follows.saveJobId, sql.placeholder('saveJobId')), eq(follows.state, 'waiting'))).prepare();

export type FollowRow = typeof follows.$inferSelect;
export type FollowItemRow = typeof followItems.$inferSelect;

export interface NewFollow {
  telegramUserId: number;
  accountId: number;
  chatId: number;
  lang?: 'zh' | 'en' | undefined;
  shareId: string;
  password?: string | undefined;
  shareName: string;
  targetPath: string;
  /** Known at once when the share was saved before; else the follow waits for `saveJobId`. */
  target?: { folderId: string; driveId: string };
  saveJobId?: string;
  nextCheckAt: number;
}

/** One item of a follow's memory. */
export interface RememberedItem {
  shareFileId: string;
  relPath: string;
  kind: 'file' | 'folder';
}

/** Whose follows a list shows: a user's own (groups' included), or a group's (by the chat its notices go to). */
export type FollowOwner = { userId: number } | { chatId: number };

function ownerIs(owner: FollowOwner) {
  return 'userId' in owner ? eq(follows.telegramUserId, owner.userId) : eq(follows.chatId, owner.chatId);
}

/** Where a share password lives (one follow per account and share), sealed into it. */
function passwordContext(follow: { accountId: number; shareId: string }): string {
  return `follows/${follow.accountId}/${follow.shareId}/password`;
}

export function createFollowsRepo(db: AppDatabase, key: SecretKey) {
  const touch = () => ({ updatedAt: Date.now() });

  const repo = {
    /** Adds a follow; one per (account, share): an existing one is returned with `created: false`. */
    create(input: NewFollow): { created: boolean; row: FollowRow } {
      const values = {
        telegramUserId: input.telegramUserId,
        accountId: input.accountId,
        chatId: input.chatId,
        lang: input.lang ?? null,
        shareId: input.shareId,
        passwordEnc: input.password ? seal(key, input.password, passwordContext(input)) : null,
        shareName: input.shareName,
        targetPath: input.targetPath,
        targetFolderId: input.target?.folderId ?? null,
        targetDriveId: input.target?.driveId ?? null,
        saveJobId: input.saveJobId ?? null,
        state: input.target ? ('active' as const) : ('waiting' as const),
        // A share already followed keeps its turn: one check serves every follower.
        nextCheckAt: repo.nextCheckOfShare(input.shareId) ?? input.nextCheckAt,
      };
      const inserted = db.insert(follows).values(values).onConflictDoNothing().returning().get();
      if (inserted) return { created: true, row: inserted };
      const existing = db
        .select()
        .from(follows)
        .where(and(eq(follows.accountId, input.accountId), eq(follows.shareId, input.shareId)))
        .get();
      if (!existing) throw new Error('follow vanished while being created');
      return { created: false, row: existing };
    },

    get(id: number): FollowRow | undefined {
      return db.select().from(follows).where(eq(follows.id, id)).get();
    },

    /** The share's password, opened; '' without one. */
    passwordOf(row: Pick<FollowRow, 'passwordEnc' | 'accountId' | 'shareId'>): string {
      if (!row.passwordEnc) return '';
      try {
        return open(key, row.passwordEnc, passwordContext(row));
      } catch (error) {
        // SECRET_KEY lost or changed: the follow asks for the password as a wrong one would.
        if (error instanceof SecretBoxError) return '';
        throw error;
      }
    },

    /** Every follow of a share that is not paused. */
    liveOfShare(shareId: string): FollowRow[] {
      return db
        .select()
        .from(follows)
        .where(and(eq(follows.shareId, shareId), ne(follows.state, 'paused')))
        .orderBy(asc(follows.id))
        .all();
    },

    /** Whether anyone still follows the share (not paused). */
    isFollowed(shareId: string): boolean {
      return repo.liveOfShare(shareId).length > 0;
    },

    /** Distinct shares with live follows (BullMQ re-registers their schedulers at start). */
    liveShareIds(): string[] {
      return db
        .selectDistinct({ shareId: follows.shareId })
        .from(follows)
        .where(ne(follows.state, 'paused'))
        .all()
        .map((r) => r.shareId);
    },

    nextCheckOfShare(shareId: string): number | undefined {
      return db
        .select({ at: follows.nextCheckAt })
        .from(follows)
        .where(and(eq(follows.shareId, shareId), ne(follows.state, 'paused')))
        .limit(1)
        .get()?.at;
    },

    /** The follows of a user, or those whose notices go to a chat (a group's), newest first, a page at a time. */
    listFor(owner: FollowOwner, offset: number, limit: number): FollowRow[] {
      return db.select().from(follows).where(ownerIs(owner)).orderBy(desc(follows.createdAt), desc(follows.id)).limit(limit).offset(offset).all();
    },

    countFor(owner: FollowOwner): number {
      return db.select({ n: count() }).from(follows).where(ownerIs(owner)).get()?.n ?? 0;
    },

    /** Waiting follows whose first save is this job. */
    waitingOnSave(saveJobId: string): FollowRow[] {
      return preparedFor(db, waitingOnSaveQuery).all({ saveJobId });
    },

    /**
     * Starts a waiting follow: its folder is known now, and what the share holds now is what its
     * first save took (remembered as `known`, never copied). One transaction.
     */
    activate(id: number, target: { folderId: string; driveId: string; path: string; shareName: string }, baseline: readonly RememberedItem[]): boolean {
      return db.transaction((tx) => {
        const changed = tx
          .update(follows)
          .set({
            state: 'active',
            targetFolderId: target.folderId,
            targetDriveId: target.driveId,
            targetPath: target.path,
            shareName: target.shareName,
            ...touch(),
          })
          .where(and(eq(follows.id, id), eq(follows.state, 'waiting')))
          .run().changes;
        if (changed === 0) return false;
        insertItems(tx, id, baseline, 'known');
        return true;
      });
    },

    /** Records the baseline of a follow created active (its share saved before). */
    remember(id: number, baseline: readonly RememberedItem[]): void {
      db.transaction((tx) => insertItems(tx, id, baseline, 'known'));
    },

    /**
     * Moves a paused follow to a new link of its share (the old one cancelled or expired): the
     * new share id and password, checked again, and `baseline` (items of the new share that are
     * what it saved already, by path) remembered as `known`. Its memory stays. One transaction;
     * false when it is not paused any more, or the account follows the new share already.
     */
    replaceShare(id: number, link: { shareId: string; password?: string | undefined }, nextCheckAt: number, baseline: readonly RememberedItem[]): boolean {
      return db.transaction((tx) => {
        const row = tx.select().from(follows).where(eq(follows.id, id)).get();
        if (!row || row.state !== 'paused') return false;
        const taken = tx
          .select({ id: follows.id })
          .from(follows)
          .where(and(eq(follows.accountId, row.accountId), eq(follows.shareId, link.shareId)))
          .get();
        if (taken) return false;
        const passwordEnc = link.password ? seal(key, link.password, passwordContext({ accountId: row.accountId, shareId: link.shareId })) : null;
        tx.update(follows)
          .set({ shareId: link.shareId, passwordEnc, state: row.targetFolderId ? 'active' : 'waiting', pausedReason: null, nextCheckAt, ...touch() })
          .where(eq(follows.id, id))
          .run();
        insertItems(tx, id, baseline, 'known');
        return true;
      });
    },

    /** Pauses; false when it was paused already (so the user is told once). */
    pause(id: number, reason: string): boolean {
      return (
        db
          .update(follows)
          .set({ state: 'paused', pausedReason: reason, ...touch() })
          .where(and(eq(follows.id, id), ne(follows.state, 'paused')))
          .run().changes > 0
      );
    },

    /** Back to checking, due at `nextCheckAt`; a follow whose folder is unknown waits again. */
    resume(id: number, nextCheckAt: number): boolean {
      const row = repo.get(id);
      if (!row || row.state !== 'paused') return false;
      db.update(follows)
        .set({ state: row.targetFolderId ? 'active' : 'waiting', pausedReason: null, nextCheckAt, ...touch() })
        .where(eq(follows.id, id))
        .run();
      return true;
    },

    /** Deletes a follow and its memory. */
    delete(id: number): boolean {
      return db.delete(follows).where(eq(follows.id, id)).run().changes > 0;
    },

    /** The folder was found again (re-created) under its path. */
    setTargetFolder(id: number, folderId: string): void {
      db.update(follows).set({ targetFolderId: folderId, ...touch() }).where(eq(follows.id, id)).run();
    },

    markChecked(id: number, at: number, newest?: string): void {
      db.update(follows)
        .set({ lastCheckedAt: at, ...(newest !== undefined ? { lastNewAt: at, lastNewName: newest } : {}), ...touch() })
        .where(eq(follows.id, id))
        .run();
    },

    /**
     * The embedded scheduler's claim: every share with a live follow due by `now` is moved to
     * its next turn (`nextAt(shareId)`, all its follows together) and returned. One statement
     * per share inside one transaction, so two timers never claim the same turn.
     */
    claimDueShares(now: number, nextAt: (shareId: string) => number): string[] {
      return db.transaction((tx) => {
        const due = tx
          .selectDistinct({ shareId: follows.shareId })
          .from(follows)
          .where(and(inArray(follows.state, ['active', 'waiting']), lte(follows.nextCheckAt, now)))
          .limit(500)
          .all()
          .map((r) => r.shareId);
        for (const shareId of due) {
          tx.update(follows).set({ nextCheckAt: nextAt(shareId) }).where(eq(follows.shareId, shareId)).run();
        }
        return due;
      });
    },

    /** Sets (or, with NO_FILTERS, clears) the follow's name filters and minimum size. */
    setFilters(id: number, filters: FollowFilters): boolean {
      return (
        db
          .update(follows)
          .set({ includePatterns: [...filters.include], excludePatterns: [...filters.exclude], minSize: filters.minSize, ...touch() })
          .where(eq(follows.id, id))
          .run().changes > 0
      );
    },

    /** Sets (or, with null, clears) the follow's rename rule. */
    setRenameRule(id: number, rule: RenameRule | null): boolean {
      return (
        db
          .update(follows)
          .set({ renamePattern: rule?.pattern ?? null, renameTemplate: rule?.template ?? null, ...touch() })
          .where(eq(follows.id, id))
          .run().changes > 0
      );
    },

    // ---- memory ------------------------------------------------------------------------------

    items(followId: number): FollowItemRow[] {
      return db.select().from(followItems).where(eq(followItems.followId, followId)).all();
    },

    /** BEFORE a copy request: its items are `sent` (maybe copied), in one transaction. */
    markSent(followId: number, items: readonly RememberedItem[]): void {
      db.transaction((tx) => insertItems(tx, followId, items, 'sent'));
    },

    /** New items the follow's filters turned away: remembered, never copied later. */
    markSkipped(followId: number, items: readonly RememberedItem[]): void {
      if (items.length === 0) return;
      db.transaction((tx) => insertItems(tx, followId, items, 'skipped'));
    },

    /** AFTER: the items Aliyun copied, with their copies' ids. */
    markSaved(followId: number, saved: ReadonlyMap<string, string | null>): void {
      if (saved.size === 0) return;
      db.transaction((tx) => {
        for (const [shareFileId, newFileId] of saved) {
          tx.update(followItems)
            .set({ state: 'saved', newFileId, ...touch() })
            .where(and(eq(followItems.followId, followId), eq(followItems.shareFileId, shareFileId)))
            .run();
        }
      });
    },

    /** Items that were not copied after all: forgotten, so a later check sends them again. */
    forgetSent(followId: number, shareFileIds: readonly string[]): void {
      if (shareFileIds.length === 0) return;
      db.delete(followItems)
        .where(
          and(
            eq(followItems.followId, followId),
            inArray(followItems.shareFileId, [...shareFileIds]),
            eq(followItems.state, 'sent'),
          ),
        )
        .run();
    },
  };
  return repo;
}

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];

function insertItems(tx: Tx, followId: number, items: readonly RememberedItem[], state: FollowItemState): void {
  const updatedAt = Date.now();
  for (const item of items) {
    // An item remembered already keeps its state: a `saved` one is never turned back into `sent`.
    tx.insert(followItems)
      .values({ followId, shareFileId: item.shareFileId, relPath: item.relPath, kind: item.kind, state, updatedAt })
      .onConflictDoNothing()
      .run();
  }
}

export type FollowsRepo = ReturnType<typeof createFollowsRepo>;

/** A follow row's filters. */
export function filtersOf(row: Pick<FollowRow, 'includePatterns' | 'excludePatterns' | 'minSize'>): FollowFilters {
  return { include: row.includePatterns ?? [], exclude: row.excludePatterns ?? [], minSize: row.minSize ?? 0 };
}

/** A follow row's rename rule, if it has one. */
export function renameRuleOf(row: Pick<FollowRow, 'renamePattern' | 'renameTemplate'>): RenameRule | undefined {
  return row.renamePattern && row.renameTemplate ? { pattern: row.renamePattern, template: row.renameTemplate } : undefined;
}
