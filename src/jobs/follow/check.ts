/**
 * One check of a followed share: list it once, anonymously, then for each follower copy what
 * that follow never saved to the same relative path under the folder its first save created.
 *
 * Exactly once, as the save job's copy record: items are remembered `sent` in one transaction
 * BEFORE their batch goes out, and `saved` (with the copy's id) AFTER Aliyun answered. A check
 * that died mid-request leaves them `sent`; the next check looks for them in the target folder
 * (found → saved; not found → forgotten and sent again), so no item is ever copied twice.
 *
 * A plain function of (share, deps): no grammY, no queue.
 */
import {
  isAliyunError,
  isFileNotFound,
  isRateLimited,
  isWrongPassword,
  MAX_BATCH_ITEMS,
  shareGoneReason,
  type AccountSession,
  type FileItem,
} from '../../api/index.js';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import {
  createFollowsRepo,
  filtersOf,
  renameRuleOf,
  type FollowItemRow,
  type FollowRow,
  type FollowsRepo,
  type RememberedItem,
} from '../../db/follows.repo.js';
import { createSavesRepo, isFinalSaveState } from '../../db/saves.repo.js';
import { systemClock, type Clock } from '../clock.js';
import { shareTitle } from '../copy-results.js';
import { IN_PROGRESS_KIND } from '../save-outcome.js';
import { matchSentItems } from '../sent-items.js';
import { applyFilters, commonDir, newFilesByDir } from './new-items.js';
import { awaitCopyTasks, renameSavedCopy } from './saved-copies.js';
import { baseName, dirOf, joinPath, listShareTree, relPathOf, type ShareEntry } from './share-tree.js';
import type { FollowCheckDeps, FollowStopReason } from './types.js';

export type { FollowCheckDeps, FollowCheckJob, FollowNews, FollowNotifier, FollowStopReason } from './types.js';

/**
 * Checks a share for all its live follows. Throws (for the queue to retry) when Aliyun failed in
 * a way that may pass; every follow is still tried first, one follower's trouble stopping no other.
 */
export async function checkShare(
  shareId: string,
  deps: FollowCheckDeps,
  options: { signal?: AbortSignal | undefined; onlyFollowId?: number } = {},
): Promise<void> {
  const { signal, onlyFollowId } = options;
  const follows = createFollowsRepo(deps.db, deps.secretKey);
  const live = follows.liveOfShare(shareId).filter((row) => onlyFollowId === undefined || row.id === onlyFollowId);
  if (live.length === 0) return;
  let shareName: string;
  try {
    await deps.listPace?.take();
    shareName = shareTitle(await deps.client.getShareInfo(shareId)) || shareId;
  } catch (err) {
    const gone = shareGoneReason(err);
    if (!gone) throw err;
    await stopAll(live, gone, follows, deps);
    return;
  }
  const byPassword = new Map<string, FollowRow[]>();
  for (const follow of live) {
    const password = follows.passwordOf(follow);
    byPassword.set(password, [...(byPassword.get(password) ?? []), follow]);
  }
  let firstError: unknown;
  for (const [password, group] of byPassword) {
    let tree: ShareEntry[];
    try {
      tree = await listShareTree(deps.client, shareId, password, signal, deps.listPace);
    } catch (err) {
      const reason = shareGoneReason(err) ?? (isWrongPassword(err) ? 'wrong_password' : undefined);
      if (!reason) throw err;
      await stopAll(group, reason, follows, deps);
      continue;
    }
    for (const follow of group) {
      try {
        await new FollowRun(follow, password, shareName, tree, deps, follows, signal).run();
      } catch (err) {
        signal?.throwIfAborted();
        deps.logger.warn({ follow_id: follow.id, share_id: shareId, err }, 'follow check failed');
        firstError ??= err;
      }
    }
  }
  if (firstError !== undefined) throw firstError;
}

async function stopAll(rows: readonly FollowRow[], reason: FollowStopReason, follows: FollowsRepo, deps: FollowCheckDeps): Promise<void> {
  for (const row of rows) {
    if (!follows.pause(row.id, reason)) continue;
    deps.logger.info({ follow_id: row.id, share_id: row.shareId, reason }, 'follow paused');
    await tell(deps, () => deps.notifier.stopped(row, reason));
  }
}

async function tell(deps: FollowCheckDeps, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (err) {
    deps.logger.warn({ err }, 'follow notice failed');
  }
}

function remembered(entry: ShareEntry): RememberedItem {
  return { shareFileId: entry.fileId, relPath: relPathOf(entry), kind: entry.kind };
}

/** One follow within a check. */
class FollowRun {
  private session: AccountSession | undefined;
  private account: LinkedAccount | undefined;
  /** Folder path inside the share → its folder id in the user's drive, for this run. */
  private readonly dirs = new Map<string, string>();
  private readonly clock: Clock;

  constructor(
    private follow: FollowRow,
    private readonly password: string,
    private readonly shareName: string,
    private readonly tree: readonly ShareEntry[],
    private readonly deps: FollowCheckDeps,
    private readonly follows: FollowsRepo,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.clock = deps.clock ?? systemClock;
  }

  async run(): Promise<void> {
    const account = this.deps.accounts.getById(this.follow.accountId);
    if (!account) return; // logged out: the follow goes with the account row
    if (account.needsRelogin) {
      await stopAll([this.follow], 'relogin', this.follows, this.deps);
      return;
    }
    this.account = account;
    this.session = this.deps.accounts.sessionOfRow(account);
    if (this.follow.state === 'waiting') {
      await this.activate();
      return;
    }
    await this.copyNew();
  }

  private get driveId(): string {
    return this.follow.targetDriveId ?? '';
  }

  private sessionOrThrow(): AccountSession {
    if (!this.session) throw new Error('no session yet');
    return this.session;
  }

  /**
   * A waiting follow starts once its first save has ended: its folder is that save's, and what
   * the share holds now is remembered as taken by it. A failed first save ends the follow.
   */
  private async activate(): Promise<void> {
    const saves = createSavesRepo(this.deps.db);
    const save = this.follow.saveJobId ? saves.get(this.follow.saveJobId) : undefined;
    if (save && !isFinalSaveState(save.state)) return; // still saving; the save's end checks again
    let source = save && (save.state === 'saved' || save.state === 'partial') ? save : undefined;
    if (save?.state === 'duplicate' && this.account) {
      source = saves.findPreviousSave({ accountId: this.account.id, aliyunUserId: this.account.aliyunUserId }, this.follow.shareId, 'root', save.jobId);
      // Turned away while the first save of the share still ran: the follow starts when that ends.
      if (!source && save.failureKind === IN_PROGRESS_KIND) return;
    }
    if (!source) {
      if (this.follows.delete(this.follow.id)) await tell(this.deps, () => this.deps.notifier.stopped(this.follow, 'save_failed'));
      return;
    }
    const session = this.sessionOrThrow();
    const driveId = this.account?.resourceDriveId || (await session.targetDriveId());
    const path = source.targetPath ?? this.follow.targetPath;
    const folderId = source.targetFolderId ?? (await session.ensureFolderPath(driveId, path));
    const activated = this.follows.activate(
      this.follow.id,
      { folderId, driveId, path, shareName: source.shareName ?? this.shareName },
      this.tree.map(remembered),
    );
    if (activated) {
      this.follows.markChecked(this.follow.id, this.clock.now());
      this.deps.logger.info({ follow_id: this.follow.id, share_id: this.follow.shareId, remembered: this.tree.length }, 'follow started');
    }
  }

  private async copyNew(): Promise<void> {
    const names: string[] = [];
    const dirs: string[] = [];
    const notRenamed: Array<{ name: string; wanted: string }> = [];
    const sent = this.follows.items(this.follow.id).filter((item) => item.state === 'sent');
    // Copies an interrupted check sent are found (and told now) or sent again below.
    for (const item of sent.length > 0 ? await this.settleSent(sent) : []) {
      names.push(baseName(item.relPath));
      dirs.push(dirOf(item.relPath));
    }
    // Filters and the rename rule as they are now, not as when the check began listing: a change
    // made while the share was listed applies to what the listing found.
    this.follow = this.follows.get(this.follow.id) ?? this.follow;
    const known = new Set(this.follows.items(this.follow.id).map((item) => item.shareFileId));
    const { wanted, skipped } = applyFilters(newFilesByDir(this.tree, known), filtersOf(this.follow));
    this.follows.markSkipped(this.follow.id, skipped.map(remembered));
    if (skipped.length > 0) this.deps.logger.info({ follow_id: this.follow.id, skipped: skipped.length }, 'new items turned away by the follow filters');
    for (const [dir, files] of wanted) {
      for (let start = 0; start < files.length; start += MAX_BATCH_ITEMS) {
        const saved = await this.copyBatch(dir, files.slice(start, start + MAX_BATCH_ITEMS));
        for (const copy of saved) {
          const { name, refused } = await renameSavedCopy(this.sessionOrThrow(), this.driveId, copy, renameRuleOf(this.follow), { logger: this.deps.logger, followId: this.follow.id, signal: this.signal });
          if (refused !== undefined) notRenamed.push({ name, wanted: refused });
          names.push(name);
        }
        if (saved.length > 0) dirs.push(dir);
      }
    }
    const now = this.clock.now();
    this.follows.markChecked(this.follow.id, now, names.at(-1));
    if (names.length === 0) return;
    this.deps.logger.info({ follow_id: this.follow.id, share_id: this.follow.shareId, saved: names.length }, 'follow saved new items');
    const path = joinPath(this.follow.targetPath, commonDir(dirs));
    const shown = { ...this.follow, shareName: this.follow.shareName || this.shareName };
    await tell(this.deps, () => this.deps.notifier.found(shown, { names, path, ...(notRenamed.length > 0 ? { notRenamed } : {}) }));
  }

  /** Copies files of one share folder; @returns those Aliyun copied, with their copies' ids. */
  private async copyBatch(dir: string, files: readonly ShareEntry[]): Promise<Array<{ name: string; newFileId: string | null }>> {
    this.signal?.throwIfAborted();
    const parentId = await this.folderFor(dir);
    const session = this.sessionOrThrow();
    const ids = files.map((file) => file.fileId);
    this.follows.markSent(this.follow.id, files.map(remembered));
    let results;
    try {
      results = await session.copyBatch({ shareId: this.follow.shareId, password: this.password, toDriveId: this.driveId, toParentFileId: parentId, fileIds: ids });
    } catch (err) {
      // A 429 or a refusal of the whole request copied nothing; after a 5xx or a timeout the
      // items stay `sent`, to be looked for before they are sent again.
      if (isAliyunError(err) && (isRateLimited(err) || (!err.retryable && err.status >= 400))) this.follows.forgetSent(this.follow.id, ids);
      throw err;
    }
    const saved = new Map<string, string | null>();
    const notCopied: string[] = [];
    const tasks: string[] = [];
    for (const result of results) {
      if (result.status === 'accepted' && result.asyncTaskId) tasks.push(result.asyncTaskId);
      if (result.status === 'copied' || result.status === 'accepted') saved.set(result.fileId, result.newFileId ?? null);
      // A refused item was not copied: tried again next check. A retryable one may have been: it stays `sent`.
      else if (!result.error?.retryable) notCopied.push(result.fileId);
    }
    this.follows.markSaved(this.follow.id, saved);
    this.follows.forgetSent(this.follow.id, notCopied);
    if (notCopied.length > 0) this.deps.logger.warn({ follow_id: this.follow.id, failed: notCopied.length }, 'some new items could not be copied; trying again next check');
    await awaitCopyTasks(this.sessionOrThrow(), tasks, { clock: this.clock, logger: this.deps.logger, followId: this.follow.id, signal: this.signal });
    return files.filter((file) => saved.has(file.fileId)).map((file) => ({ name: file.name, newFileId: saved.get(file.fileId) ?? null }));
  }

  /** Items sent without an answer: found in their folder → saved; not found → forgotten (sent again). */
  private async settleSent(sent: readonly FollowItemRow[]): Promise<FollowItemRow[]> {
    const foundItems: FollowItemRow[] = [];
    const session = this.sessionOrThrow();
    const claimed = new Set(this.follows.items(this.follow.id).flatMap((item) => (item.newFileId ? [item.newFileId] : [])));
    const byDir = new Map<string, FollowItemRow[]>();
    for (const item of sent) byDir.set(dirOf(item.relPath), [...(byDir.get(dirOf(item.relPath)) ?? []), item]);
    for (const [dir, items] of byDir) {
      let listing: FileItem[];
      try {
        listing = await session.listAllFiles(this.driveId, await this.folderFor(dir));
      } catch (err) {
        if (!isFileNotFound(err)) throw err;
        listing = [];
      }
      const found = matchSentItems(
        items.map((item) => ({ sourceFileId: item.shareFileId, sourceName: baseName(item.relPath), sourceKind: item.kind, sentAt: item.updatedAt })),
        listing,
        claimed,
      );
      for (const id of found.values()) claimed.add(id);
      foundItems.push(...items.filter((item) => found.has(item.shareFileId)));
      this.follows.markSaved(this.follow.id, found);
      this.follows.forgetSent(this.follow.id, items.filter((item) => !found.has(item.shareFileId)).map((item) => item.shareFileId));
      this.deps.logger.info({ follow_id: this.follow.id, sent: items.length, found: found.size }, 'settled follow copies sent without an answer');
    }
    return foundItems;
  }

  /**
   * The folder at `dir` (a path inside the share) under the follow's folder, created where
   * missing (`createFolder` answers an existing folder of the name). The follow's own folder,
   * deleted meanwhile, is made again at its path.
   */
  private async folderFor(dir: string): Promise<string> {
    const cached = this.dirs.get(dir);
    if (cached) return cached;
    const session = this.sessionOrThrow();
    if (dir === '') {
      const root = this.follow.targetFolderId ?? (await this.refindRoot());
      this.dirs.set('', root);
      return root;
    }
    const parentDir = dirOf(dir);
    const parentId = await this.folderFor(parentDir);
    let folder;
    try {
      folder = await session.createFolder(this.driveId, parentId, baseName(dir));
    } catch (err) {
      if (!isFileNotFound(err) || parentDir !== '') throw err;
      // The follow's folder itself is gone: make it again at its path, then the sub-folder.
      const root = await this.refindRoot();
      this.dirs.set('', root);
      folder = await session.createFolder(this.driveId, root, baseName(dir));
    }
    if (folder.type === 'file') throw new Error(`"${joinPath(this.follow.targetPath, dir)}" is a file, not a folder`);
    this.dirs.set(dir, folder.file_id);
    return folder.file_id;
  }

  private async refindRoot(): Promise<string> {
    const id = await this.sessionOrThrow().ensureFolderPath(this.driveId, this.follow.targetPath);
    this.follows.setTargetFolder(this.follow.id, id);
    this.follow = { ...this.follow, targetFolderId: id };
    return id;
  }
}
