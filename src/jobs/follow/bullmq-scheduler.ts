/**
 * The follow schedule on Redis: one BullMQ job scheduler per followed share, which puts a check
 * job on the follow-check queue every interval (BullMQ keeps it across restarts). The first turn
 * is spread over an interval at random, so schedulers made together do not fire together.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FollowsRepo } from '../../db/follows.repo.js';
import type { JobQueue, QueueLogger } from '../queue/types.js';
import type { FollowCheckJob } from './check.js';
import { checkJobId, firstCheckAt, shareGroup, type FollowScheduler } from './scheduler.js';

export interface BullmqSchedulerOptions {
  redisUrl: string;
  prefix?: string;
  /** The follow-check queue's name (the scheduler's jobs land there). */
  queueName: string;
  queue: JobQueue<FollowCheckJob>;
  follows: FollowsRepo;
  intervalMs: number;
  logger: QueueLogger;
}

/** Runs per scheduled check; the next turn comes anyway. */
const CHECK_ATTEMPTS = 3;

export class BullmqFollowScheduler implements FollowScheduler {
  private bull: Promise<{ queue: Queue; connection: Redis }> | undefined;

  constructor(private readonly opts: BullmqSchedulerOptions) {}

  private schedulerId(shareId: string): string {
    return `follow_${shareId}`;
  }

  private open(): Promise<{ queue: Queue; connection: Redis }> {
    this.bull ??= Promise.all([import('bullmq'), import('ioredis')]).then(([bullmq, ioredis]) => {
      const connection = new ioredis.Redis(this.opts.redisUrl, { maxRetriesPerRequest: 3 });
      connection.on('error', (err) => this.opts.logger.warn({ err }, 'redis (follow scheduler) error'));
      const queue = new bullmq.Queue(this.opts.queueName, { connection, prefix: this.opts.prefix ?? 'bull' });
      queue.on('error', (err) => this.opts.logger.error({ err }, 'follow scheduler queue error'));
      return { queue, connection };
    });
    return this.bull;
  }

  async watch(shareId: string): Promise<void> {
    const { queue } = await this.open();
    const id = this.schedulerId(shareId);
    // Upserting again would move its turn; an existing schedule is left as it is.
    if (await queue.getJobScheduler(id)) return;
    await queue.upsertJobScheduler(
      id,
      { every: this.opts.intervalMs, startDate: firstCheckAt(Date.now(), this.opts.intervalMs) },
      {
        name: shareGroup(shareId),
        data: { shareId },
        opts: { attempts: CHECK_ATTEMPTS, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
      },
    );
  }

  async unwatch(shareId: string): Promise<void> {
    const { queue } = await this.open();
    await queue.removeJobScheduler(this.schedulerId(shareId));
  }

  async checkNow(shareId: string): Promise<void> {
    await this.opts.queue.add(checkJobId(shareId, Date.now()), { shareId }, { group: shareGroup(shareId), attempts: CHECK_ATTEMPTS });
  }

  /** Schedules every live followed share again (after Redis lost its keys, nothing is missed). */
  async start(): Promise<void> {
    for (const shareId of this.opts.follows.liveShareIds()) await this.watch(shareId);
  }

  async close(): Promise<void> {
    if (!this.bull) return;
    const { queue, connection } = await this.bull;
    await queue.close().catch(() => undefined);
    await connection.quit().catch(() => connection.disconnect());
  }
}
