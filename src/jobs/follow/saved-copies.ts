/**
 * What a follow check does to copies Aliyun has made: renames them by the follow's rule, and
 * waits (bounded) for the background ones to end.
 */
import { isAlreadyExists, taskPhase, type AccountSession } from '../../api/index.js';
import type { Clock } from '../clock.js';
import { DEFAULT_POLL, nextPollWait } from '../save/poll.js';
import { renamed, type RenameRule } from './rename-rule.js';
import type { FollowCheckDeps } from './types.js';

/** How long a check waits for the background copies it started before telling the user. */
const TASK_WAIT_MS = 5 * 60_000;

interface CheckContext {
  logger: FollowCheckDeps['logger'];
  followId: number;
  signal: AbortSignal | undefined;
}

/**
 * The follow's rename rule on a saved copy (`POST /v3/file/update`, refusing a taken name).
 * A taken name keeps the copy's name and is told; any other failure keeps it too (logged): the
 * file is saved either way, and is never renamed later.
 */
export async function renameSavedCopy(
  session: Pick<AccountSession, 'renameFile'>,
  driveId: string,
  copy: { name: string; newFileId: string | null },
  rule: RenameRule | undefined | null,
  { logger, followId, signal }: CheckContext,
): Promise<{ name: string; refused?: string }> {
  const wanted = rule && renamed(copy.name, rule);
  if (!wanted) return { name: copy.name };
  if (!copy.newFileId) {
    logger.warn({ follow_id: followId }, 'a saved copy has no file id yet; not renamed');
    return { name: copy.name };
  }
  try {
    const answer = await session.renameFile(driveId, copy.newFileId, wanted);
    return { name: answer.name || wanted };
  } catch (err) {
    signal?.throwIfAborted();
    if (isAlreadyExists(err)) return { name: copy.name, refused: wanted };
    logger.warn({ follow_id: followId, err }, 'could not rename a saved copy; it keeps its name');
    return { name: copy.name };
  }
}

/**
 * Waits (bounded) for background copies (big files) to end, so the user is told when the file
 * is there. They are remembered as saved already: sent once, never again, whatever they end as.
 */
export async function awaitCopyTasks(
  session: Pick<AccountSession, 'getAsyncTask'>,
  taskIds: readonly string[],
  { clock, logger, followId, signal }: CheckContext & { clock: Clock },
): Promise<void> {
  let running = [...taskIds];
  let waitMs = 300;
  const deadline = clock.now() + TASK_WAIT_MS;
  while (running.length > 0 && clock.now() < deadline) {
    await clock.sleep(waitMs, signal);
    const still: string[] = [];
    for (const id of running) {
      const task = await session.getAsyncTask(id);
      if (taskPhase(task) === 'running') still.push(id);
    }
    running = still;
    waitMs = Math.min(5_000, Math.round(waitMs * 1.5));
  }
  if (running.length > 0) logger.warn({ follow_id: followId, running: running.length }, 'background copies still running; telling the user anyway');
}
