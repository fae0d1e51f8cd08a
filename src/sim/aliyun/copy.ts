/**
 * Copying from a share into a user's drive: small files at once (201), folders and large files
 * as async tasks (202) whose tree is materialised progressively, one chunk per poll — the top
 * folder exists from the start (its id is in the 202 answer), everything is there at `Succeed`.
 * A drive that fills midway stops the copy: `PartialSucceed` (or `Failed` if nothing fitted)
 * with `ErrQuotaExhausted` in the message. A share that goes away (cancelled, expired, blocked)
 * fails the task; a source file or folder removed midway makes it `PartialSucceed`.
 * `total_process`/`consumed_process`/`failed_process` count files only; folders are structure.
 */
import type { CopyBody } from '../../api/schemas.js';
import { ROOT, type Drive, type FileNode } from './drive.js';
import { simErrors } from './errors.js';
import type { Share, World } from './state.js';

/** The states an async copy goes through, as the real service spells them. */
type TaskState = 'Running' | 'Succeed' | 'Failed' | 'PartialSucceed';

export interface CopyTask {
  asyncTaskId: string;
  userId: string;
  shareId: string;
  sourceTopId: string;
  /** Where the top item lands: its parent, its (auto-renamed) name, and its id, reserved at once. */
  top: { parentId: string; name: string; fileId: string };
  targetDriveId: string;
  /** Source nodes still to copy, parents before children. */
  plan: FileNode[];
  cursor: number;
  /** source id → target id, for every node copied so far (parents of later nodes). */
  copied: Map<string, string>;
  /** `total_process`, `consumed_process`, `failed_process`: files only (folders are structure). */
  total: number;
  consumed: number;
  failed: number;
  filesCopied: number;
  /** Some node (a folder, maybe empty) could not be copied: the tree is incomplete. */
  nodeLost: boolean;
  polls: number;
  state: TaskState;
  message: string;
  quotaHit: boolean;
}

const QUOTA_MESSAGE = 'ErrQuotaExhausted: The resource drive has exceeded the limit. File size exceeded drive capacity';
const VANISHED_MESSAGE = 'ErrSourceNotFound: The resource file cannot be found. source file not exist';

/** One copy request (batch item or the single form). Throws `SimError` for an item that fails. */
export function startCopy(world: World, userId: string, share: Share, body: CopyBody): { status: 201 | 202; body: Record<string, string> } {
  if (body.share_id !== share.shareId) throw simErrors.forbiddenFile();
  if (body.file_id === ROOT) throw simErrors.fileNotFound();
  const source = world.shareNode(share, body.file_id);
  const sourceDrive = world.shareDrive(share);
  const target = world.ownDrive(userId, body.to_drive_id);
  target.requireFolder(body.to_parent_file_id);
  if (target.childNamed(body.to_parent_file_id, source.name) && body.auto_rename !== true) {
    throw simErrors.alreadyExists(source.name);
  }
  const name = target.freeName(body.to_parent_file_id, source.name, source.type);
  const subtree = sourceDrive.subtree(source.fileId);
  const isAsync = source.type === 'folder' || source.size > world.knobs.asyncCopyThresholdBytes;

  if (!isAsync) {
    if (!target.fits(source.size)) throw simErrors.quotaExhausted(400);
    const copy = copyNode(world, target, share, source, body.to_parent_file_id, name);
    recordSave(share, userId);
    return { status: 201, body: { domain_id: 'bj29', drive_id: target.driveId, file_id: copy.fileId } };
  }

  const firstFile = subtree.find((n) => n.type === 'file');
  if (firstFile && !target.fits(firstFile.size)) throw simErrors.quotaExhausted(409);
  const task: CopyTask = {
    asyncTaskId: world.ids.uuid(),
    userId,
    shareId: share.shareId,
    sourceTopId: source.fileId,
    top: { parentId: body.to_parent_file_id, name, fileId: world.ids.fileId() },
    targetDriveId: target.driveId,
    plan: subtree,
    cursor: 0,
    copied: new Map(),
    // Progress counts files, not folders: a user reads "12/40" as files (the spec is silent).
    total: subtree.filter((n) => n.type === 'file').length,
    consumed: 0,
    failed: 0,
    filesCopied: 0,
    nodeLost: false,
    polls: 0,
    state: 'Running',
    message: '',
    quotaHit: false,
  };
  // The top folder exists at once (its id is in the answer); a large file appears when copied.
  if (source.type === 'folder') advanceTask(world, task, 1);
  world.tasks.set(task.asyncTaskId, task);
  recordSave(share, userId);
  return { status: 202, body: { domain_id: 'bj29', drive_id: target.driveId, file_id: task.top.fileId, async_task_id: task.asyncTaskId } };
}

/**
 * `/v2/async_task/get`: `Running` for `asyncTaskPolls` polls (copying a chunk of nodes each), then
 * the outcome. Chunks are measured in nodes (folders too); the counts it reports are files.
 */
export function pollTask(world: World, userId: string, asyncTaskId: string): Record<string, unknown> {
  const task = world.tasks.get(asyncTaskId);
  if (!task || task.userId !== userId) throw simErrors.taskNotFound();
  if (task.state === 'Running') {
    task.polls++;
    const polls = Math.max(0, world.knobs.asyncTaskPolls);
    const chunk = Math.ceil(task.plan.length / (polls + 1));
    advanceTask(world, task, task.polls <= polls ? chunk : Infinity);
    if (task.polls > polls) finish(task);
  }
  return {
    async_task_id: task.asyncTaskId,
    state: task.state,
    // Real answers carry `status` beside `state`, the same word.
    status: task.state,
    message: task.state === 'Running' ? 'task is running' : task.message,
    total_process: task.total,
    consumed_process: task.consumed,
    skipped_process: 0,
    failed_process: task.failed,
    punished_file_count: 0,
  };
}

/** Runs a task to its end without polls (what the real service does on its own, eventually). */
export function settleTask(world: World, task: CopyTask): void {
  if (task.state !== 'Running') return;
  advanceTask(world, task, Infinity);
  finish(task);
}

function advanceTask(world: World, task: CopyTask, steps: number): void {
  const share = world.shares.get(task.shareId);
  const sourceDrive = share ? world.shareDrive(share) : undefined;
  if (!share || !sourceDrive?.get(task.sourceTopId) || share.cancelled || share.forbidden || world.isExpired(share)) {
    task.state = 'Failed';
    task.message = VANISHED_MESSAGE;
    return;
  }
  const target = world.driveById(task.targetDriveId);
  for (let done = 0; done < steps && task.cursor < task.plan.length; done++) {
    const node = task.plan[task.cursor++] as FileNode;
    const isFile = node.type === 'file';
    if (isFile) task.consumed++;
    const isTop = node.fileId === task.sourceTopId;
    const parentId = isTop ? task.top.parentId : task.copied.get(node.parentId);
    if (!sourceDrive.get(node.fileId) || parentId === undefined || !target.get(parentId)) {
      // The source vanished, or the user removed the folder it was going into. A lost folder's
      // files fail one by one after it (their parent is missing), so only files are counted.
      task.nodeLost = true;
      if (isFile) task.failed++;
      continue;
    }
    if (isFile && (task.quotaHit || !target.fits(node.size))) {
      task.quotaHit = true; // stop at the first file that does not fit: the rest fails too
      task.failed++;
      continue;
    }
    const copy = isTop
      ? copyNode(world, target, share, node, parentId, task.top.name, task.top.fileId)
      : copyNode(world, target, share, node, parentId, node.name);
    task.copied.set(node.fileId, copy.fileId);
    if (isFile) task.filesCopied++;
  }
}

function finish(task: CopyTask): void {
  if (task.state !== 'Running') return;
  if (task.quotaHit) {
    task.state = task.filesCopied > 0 ? 'PartialSucceed' : 'Failed';
    task.message = QUOTA_MESSAGE;
  } else if (task.nodeLost) {
    task.state = 'PartialSucceed';
    task.message = VANISHED_MESSAGE;
  } else {
    task.state = 'Succeed';
    task.message = '';
  }
}

function copyNode(world: World, target: Drive, share: Share, source: FileNode, parentId: string, name: string, fileId?: string): FileNode {
  return target.add(world.ids, world.clock, {
    parentId,
    name,
    type: source.type,
    size: source.type === 'file' ? source.size : 0,
    contentHash: source.contentHash,
    origin: { shareId: share.shareId, sourceFileId: source.fileId },
    ...(fileId ? { fileId } : {}),
  });
}

function recordSave(share: Share, userId: string): void {
  share.saveCount++;
  share.copiesByUser.set(userId, (share.copiesByUser.get(userId) ?? 0) + 1);
}
