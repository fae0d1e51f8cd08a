/**
 * When shares are checked. One schedule per followed share (not per follow): every follower of
 * a share is served by the same check. Two implementations: BullMQ job schedulers with Redis
 * (`bullmq-scheduler.ts`), and this one for the embedded queue, kept in SQLite (`next_check_at`
 * on the follow rows) so it survives restarts.
 */
import type { FollowsRepo } from '../../db/follows.repo.js';
import type { JobQueue, QueueLogger } from '../queue/types.js';
import type { FollowCheckJob } from './check.js';

export interface FollowScheduler {
  /** Makes sure the share is checked on schedule (idempotent). */
  watch(shareId: string): Promise<void>;
  /** Stops scheduled checks of a share nobody follows any more. */
  unwatch(shareId: string): Promise<void>;
  /** Queues a check of the share now (a check of it already queued or running is not doubled up). */
  checkNow(shareId: string): Promise<void>;
  /** Starts firing scheduled checks (call where the check workers run). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The queue group of a share's checks: one check of a share at a time. */
export function shareGroup(shareId: string): string {
  return `share_${shareId}`;
}

/** A check's queue id: the share and the moment, so each scheduled turn is its own job. */
export function checkJobId(shareId: string, at: number): string {
  return `followcheck_${shareId.replace(/[^A-Za-z0-9_-]/g, '-')}_${at}`;
}

/**
 * Up to a tenth of the interval, at random, added to every turn: 1,000 follows created in the
 * same minute (or checked after the same restart) drift apart instead of firing together.
 */
export function jitterMs(intervalMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * intervalMs * 0.1);
}

/** The first check of a newly followed share: somewhere within one interval. */
export function firstCheckAt(now: number, intervalMs: number, random: () => number = Math.random): number {
  return now + Math.floor(random() * intervalMs);
}

export interface SqliteSchedulerOptions {
  follows: FollowsRepo;
  queue: JobQueue<FollowCheckJob>;
  intervalMs: number;
  logger: QueueLogger;
  /** How often due follows are looked for (default: a quarter of the interval, 250 ms–15 s). */
  tickMs?: number;
}

/**
 * The embedded queue's scheduler: a timer claims the shares whose follows are due (moving them
 * all to their next turn in one transaction) and queues one check per share.
 */
export class SqliteFollowScheduler implements FollowScheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(private readonly opts: SqliteSchedulerOptions) {}

  async watch(): Promise<void> {
    // The follow row carries its own due time.
  }

  async unwatch(): Promise<void> {
    // Paused or deleted rows are never claimed.
  }

  async checkNow(shareId: string): Promise<void> {
    await this.opts.queue.add(checkJobId(shareId, Date.now()), { shareId }, { group: shareGroup(shareId) });
  }

  async start(): Promise<void> {
    if (this.timer) return;
    const tickMs = this.opts.tickMs ?? Math.min(15_000, Math.max(250, Math.floor(this.opts.intervalMs / 4)));
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
    await this.tick();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      const { intervalMs } = this.opts;
      const due = this.opts.follows.claimDueShares(now, () => now + intervalMs + jitterMs(intervalMs));
      for (const shareId of due) await this.checkNow(shareId);
    } catch (err) {
      this.opts.logger.warn({ err }, 'could not queue the due follow checks');
    } finally {
      this.ticking = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
