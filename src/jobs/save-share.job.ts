/**
 * The save job's data contract: what the bot puts on the queue and the worker reads back.
 * Plain JSON (it travels through Redis or SQLite), no functions, no Dates.
 */
import { createHash } from 'node:crypto';
import type { NewSave } from '../db/saves/lifecycle.js';
import type { SkipRules } from './skip-rules.js';

export interface SaveShareJob {
  /** Telegram chat the request came from (negative for groups). */
  chatId: number;
  /** The message holding the share link; with the chat it makes the job id. */
  sourceMessageId: number;
  /**
   * The bot's status message, edited with progress. None for a group post in quiet mode or a
   * channel post: the notifier reacts to the post (and reports failures) instead.
   */
  statusMessageId?: number;
  /**
   * The job was queued while its status message was still being sent, so the save need not wait
   * for Telegram: the message's id is on the save's row (`status_message_id`) once it is sent.
   * Only without `statusMessageId`.
   */
  statusMessageFollows?: true;
  /** Telegram user who asked. */
  requestedBy: number;
  /** Linked Aliyun account (accounts.id) the share is saved into. */
  accountId: number;
  shareId: string;
  password?: string;
  /** A `/folder/<id>` link: save only that folder. */
  folderId?: string;
  /** Folder in the user's drive, e.g. `/Saves`; created when missing. */
  targetPath: string;
  /** Chosen items (share file ids) instead of the whole share. */
  fileIds?: string[];
  /**
   * With `fileIds`: the folder path inside the share of chosen items below its top level, by id.
   * Each such item is copied into the same path below `targetPath` (created when missing).
   */
  fileDirs?: Record<string, string>;
  /** The asker's skip rules (/skip) when they have any: the share is listed and copied without what they skip. */
  skip?: SkipRules;
  /**
   * The asker can stop this save from its status message and choose part of the share instead
   * (a private save with its own status message): a large share waits before its first copy
   * (`SaveShareDeps.largeShare`, src/jobs/save/large-share.ts).
   */
  mayChoose?: true;
  /** Save even if this account saved the same share before. */
  again?: boolean;
  /** The share's name as the user's message gave it (「name」), for outcomes that cannot open the share. */
  pastedName?: string;
  /** The how-many-th retry from a 🔁 button this is (each one a new request: a new job id). */
  retry?: number;
  lang?: 'zh' | 'en';
}

/**
 * The queue id of a save: one per (chat, source message, share, folder), so a Telegram update
 * delivered twice never queues twice. BullMQ ids may contain neither `:` nor be all digits;
 * the `save_` prefix and `_` separators keep both rules, and share ids use `[A-Za-z0-9_-]` only.
 * An `again` request from a button gets its own id (it is a new request on the same message).
 */
export function saveJobId(
  job: Pick<SaveShareJob, 'chatId' | 'sourceMessageId' | 'shareId' | 'folderId' | 'fileIds' | 'again' | 'retry'>,
): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '-');
  let id = `save_${job.chatId}_${job.sourceMessageId}_${safe(job.shareId)}_${safe(job.folderId ?? 'all')}`;
  if (job.fileIds && job.fileIds.length > 0) id += `_sel${selectionHash(job.fileIds)}`;
  if (job.again) id += '_again';
  if (job.retry) id += `_retry${job.retry}`;
  return id;
}

/**
 * What a save copies, as one key: (account, share, folder, chosen files). Two saves with the same
 * key would copy the same items into the same drive, so only one of them may be queued or running
 * at a time (`saves.in_flight_key` is unique). The target path is not part of it: the same share
 * into two folders of one drive is still the same share saved twice (as the duplicate check sees it).
 */
export function saveInFlightKey(job: Pick<SaveShareJob, 'accountId' | 'shareId' | 'folderId' | 'fileIds'>): string {
  const chosen = [...new Set(job.fileIds ?? [])].sort();
  // A real hash: two different choices must never be taken for the same one.
  const selection = chosen.length > 0 ? createHash('sha256').update(chosen.join('\n')).digest('hex').slice(0, 24) : 'all';
  return `${job.accountId}/${job.shareId}/${job.folderId ?? 'root'}/${selection}`;
}

/** The saves row a job starts as (queued), claiming its {@link saveInFlightKey}. */
export function queuedSaveOf(jobId: string, job: SaveShareJob): NewSave {
  return {
    jobId,
    accountId: job.accountId,
    telegramUserId: job.requestedBy,
    chatId: job.chatId,
    statusMessageId: job.statusMessageId ?? null,
    shareId: job.shareId,
    folderId: job.folderId ?? 'root',
    targetPath: job.targetPath,
    inFlightKey: saveInFlightKey(job),
  };
}

/** Short stable hash of a set of chosen ids (order-free), so two different choices are two jobs. */
function selectionHash(fileIds: readonly string[]): string {
  // FNV-1a 32-bit: tiny, stable, good enough to tell selections apart within one message.
  let hash = 0x811c9dc5;
  for (const ch of [...fileIds].sort().join(',')) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
