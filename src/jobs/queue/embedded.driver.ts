/**
 * The embedded queue: durable jobs in the bot's own SQLite file (`queue_jobs`), for running
 * without Redis. Workers poll, and wake at once on an `add` in the same process. A worker claims
 * a job with one atomic UPDATE and holds it by a lock it renews while the job runs; a job whose
 * lock expired, or whose worker process on this host died, goes back to waiting without
 * spending an attempt. Finished jobs (and so their ids) are kept 24 h.
 *
 * Groups (accounts) are served in turn: each claim takes the oldest due job of the group whose
 * turn came longest ago, skipping groups the worker's `groupPace` holds back, so one account's
 * backlog never queues another account's save behind it. The oldest due job of each group is read
 * once and then kept up to date group by group, so a claim does not scan the backlog.
 *
 * Runs cut off by a dead or frozen worker are counted; a job cut off MAX_INTERRUPTED_RUNS times
 * (it crashes its process) is failed and handed to `onAbandoned` instead of crash-looping.
 */
import { EventEmitter } from 'node:events';
import { and, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../../db/index.js';
import { queueJobs } from '../../db/schema/index.js';
import { FinalJobError, RateLimitedJobError } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { assertValidJobId } from './job-id.js';
import { settlesWithin } from './settles-within.js';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_CLOSE_TIMEOUT_MS,
  MAX_INTERRUPTED_RUNS,
  type AddJobOptions,
  type BaseQueueOptions,
  type GroupPace,
  type JobCounts,
  type JobProcessor,
  type JobQueue,
  type WorkerOptions,
} from './types.js';
import { isHolderGone, newLockToken } from './worker-identity.js';

export interface EmbeddedQueueOptions extends BaseQueueOptions {
  db: AppDatabase;
  /** Longest sleep between looks for due jobs (default 1000 ms). */
  pollIntervalMs?: number;
  /** A claimed job is reclaimable this long after its last heartbeat (default 30 s). */
  lockDurationMs?: number;
  /** How long finished jobs are kept (default 24 h). */
  retentionMs?: number;
}

type JobRow = typeof queueJobs.$inferSelect;
/** A group's oldest due job. */
interface Head { id: string; runAt: number }
interface Run { group: string; controller: AbortController; heartbeat: NodeJS.Timeout; done: Promise<void> }

/** In-process wake-ups, keyed by database file and queue name. */
const wakeups = new EventEmitter().setMaxListeners(0);
/** Time for aborted jobs to wind down once `closeTimeoutMs` has passed. */
const ABORT_GRACE_MS = 2000;
/** Slots one group may fill: all but one (when there are more than one). */
function groupSlotCap(concurrency: number): number {
  return Math.max(1, concurrency - 1);
}

/** Jobs added without a group share this one (served in turn with the named groups). */
const NO_GROUP = '';

export class EmbeddedJobQueue<T> implements JobQueue<T> {
  private readonly token = newLockToken();
  private readonly runs = new Map<string, Run>();
  private readonly wakeEvent: string;
  private readonly onWake = () => {
    this.heads = undefined; // a job was added
    this.pump();
  };
  private processor: JobProcessor<T> | undefined;
  private concurrency = 1;
  private groupPace: GroupPace | undefined;
  private onAbandoned: WorkerOptions<T>['onAbandoned'];
  /** Turns handed out: each group's last one, so the group served longest ago goes next. */
  private turns = 0;
  private readonly lastTurn = new Map<string, number>();
  /** Set while claiming: due jobs were held back by their group's pace; look again this soon. */
  private heldBackMs: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private lastPruneAt = 0;
  private lastReclaimAt = Number.NEGATIVE_INFINITY;
  /**
   * Each group's oldest due job as last read, and until when that read holds: a job waiting or
   * delayed by this instance drops it; one added elsewhere in this process too (the wake-up); a
   * job of another process, or one that comes due, is found by reading again at `headsUntil`.
   */
  private heads: Map<string, Head> | undefined;
  private headsUntil = 0;
  private prepared: ReturnType<EmbeddedJobQueue<T>['prepareHot']> | undefined;

  constructor(private readonly opts: EmbeddedQueueOptions) {
    this.wakeEvent = `${opts.db.$client.name}\0${opts.name}`;
  }

  private get db() { return this.opts.db; }
  private get lockMs() { return this.opts.lockDurationMs ?? 30_000; }
  private inQueue(...conditions: (SQL | undefined)[]) { return and(eq(queueJobs.queue, this.opts.name), ...conditions); }

  async add(jobId: string, data: T, opts: AddJobOptions = {}) {
    assertValidJobId(jobId);
    if (this.closing) throw new Error(`Queue ${this.opts.name} is closed`);
    const now = Date.now();
    const delayMs = Math.max(0, opts.delayMs ?? 0);
    const { changes } = this.hot.insert.run({
      id: jobId, data: JSON.stringify(data), state: delayMs > 0 ? 'delayed' : 'waiting',
      maxAttempts: opts.attempts ?? this.opts.defaultAttempts ?? DEFAULT_ATTEMPTS, runAt: now + delayMs, createdAt: now,
      groupKey: opts.group ?? null,
    });
    if (changes > 0) wakeups.emit(this.wakeEvent);
    return { jobId, queued: changes > 0 };
  }

  async startWorker(processor: JobProcessor<T>, opts: WorkerOptions<T> = {}) {
    if (this.processor) throw new Error(`A worker already runs on queue ${this.opts.name}`);
    if (this.closing) throw new Error(`Queue ${this.opts.name} is closed`);
    this.processor = processor;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.groupPace = opts.groupPace;
    this.onAbandoned = opts.onAbandoned;
    const held = this.db.select({ lockedBy: queueJobs.lockedBy }).from(queueJobs).where(this.inQueue(eq(queueJobs.state, 'active'))).all();
    for (const holder of new Set(held.map((row) => row.lockedBy ?? ''))) {
      if (isHolderGone(holder)) this.backToWaiting(this.backToWaitingQueries(eq(queueJobs.lockedBy, holder)), {}, 'resuming jobs left by a stopped process');
    }
    wakeups.on(this.wakeEvent, this.onWake);
    this.pump();
  }

  async counts(): Promise<JobCounts> {
    const rows = this.db.all<{ state: keyof JobCounts; n: number }>(sql`
      select case when state in ('waiting', 'delayed') then iif(run_at > ${Date.now()}, 'delayed', 'waiting') else state end as state,
             count(*) as n
      from queue_jobs where queue = ${this.opts.name} group by 1`);
    const counts: JobCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.timer);
      wakeups.off(this.wakeEvent, this.onWake);
      const allDone = () => Promise.all([...this.runs.values()].map((run) => run.done));
      if (await settlesWithin(allDone(), this.opts.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS)) return;
      for (const run of this.runs.values()) run.controller.abort(new Error('The queue is shutting down'));
      if (await settlesWithin(allDone(), ABORT_GRACE_MS)) return;
      this.opts.logger.warn({ queue: this.opts.name, jobIds: [...this.runs.keys()] }, 'jobs ignored the abort; they resume on the next start');
      for (const run of this.runs.values()) clearInterval(run.heartbeat);
    })();
    return this.closing;
  }

  /** Starts due jobs up to the concurrency, then sleeps until the next due job or the poll interval. */
  private pump(): void {
    if (!this.processor || this.closing) return;
    let sleepMs = this.opts.pollIntervalMs ?? 1000;
    try {
      const now = Date.now();
      // Pumps follow every add and every finished job; expired locks need a look only now and then.
      if (now - this.lastReclaimAt >= Math.min(this.opts.pollIntervalMs ?? 1000, this.lockMs / 4)) {
        this.lastReclaimAt = now;
        this.backToWaiting(this.hot.expired, { now }, 'reclaimed jobs whose lock expired');
      }
      if (now - this.lastPruneAt > 60_000) this.pruneFinished(now);
      this.heldBackMs = undefined;
      while (this.runs.size < this.concurrency) {
        const row = this.claimNext();
        if (!row) break;
        this.start(row);
      }
      if (this.runs.size < this.concurrency) {
        const next = this.hot.nextRunAt.get({ now });
        if (next?.at != null) sleepMs = Math.min(sleepMs, Math.max(0, next.at - Date.now()));
        if (this.heldBackMs !== undefined) sleepMs = Math.min(sleepMs, this.heldBackMs);
      }
    } catch (err) {
      this.opts.logger.error({ err, queue: this.opts.name }, 'embedded queue poll failed');
    }
    clearTimeout(this.timer); // a processor that adds a job re-enters pump(), which set a timer too
    this.timer = setTimeout(() => this.pump(), sleepMs);
  }

  private get hot() {
    this.prepared ??= this.prepareHot();
    return this.prepared;
  }

  /** The queries of every job, prepared once (this instance's queue name and lock token are fixed). */
  private prepareHot() {
    const group = sql<string>`coalesce(${queueJobs.groupKey}, ${NO_GROUP})`;
    const ph = sql.placeholder;
    return {
      insert: this.db.insert(queueJobs).values({
        queue: this.opts.name, id: ph('id'), data: ph('data'), state: ph('state'), maxAttempts: ph('maxAttempts'),
        runAt: ph('runAt'), createdAt: ph('createdAt'), groupKey: ph('groupKey'),
      }).onConflictDoNothing().prepare(),
      /** The oldest due job of every group (SQLite takes the bare `id` from the row of `min`). */
      dueHeads: this.db.select({ id: queueJobs.id, group, runAt: sql<number>`min(${queueJobs.runAt})` }).from(queueJobs)
        .where(this.inQueue(sql`${queueJobs.state} in ('waiting', 'delayed')`, lte(queueJobs.runAt, sql.placeholder('now'))))
        .groupBy(group)
        .prepare(),
      /** The oldest due job of one group (`group_key is null` for jobs added without one). */
      dueHeadOf: this.db.select({ id: queueJobs.id, runAt: queueJobs.runAt }).from(queueJobs)
        .where(this.inQueue(sql`${queueJobs.groupKey} is ${sql.placeholder('group')}`,
          sql`${queueJobs.state} in ('waiting', 'delayed')`, lte(queueJobs.runAt, sql.placeholder('now'))))
        .orderBy(queueJobs.runAt)
        .limit(1)
        .prepare(),
      claim: this.db.update(queueJobs)
        .set({ state: 'active', lockedBy: this.token, lockUntil: sql`${sql.placeholder('lockUntil')}` })
        .where(this.inQueue(eq(queueJobs.id, sql.placeholder('id')), sql`${queueJobs.state} in ('waiting', 'delayed')`))
        .returning().prepare(),
      complete: this.db.update(queueJobs)
        .set({ state: 'completed', finishedAt: sql`${sql.placeholder('now')}`, lockedBy: null, lockUntil: null })
        .where(this.heldByUs(sql.placeholder('id')))
        .prepare(),
      /** Jobs whose lock expired (the pump looks every second or so). */
      expired: this.backToWaitingQueries(lt(queueJobs.lockUntil, sql.placeholder('now'))),
      /** When the next job not yet due becomes due. */
      nextRunAt: this.db.select({ at: sql<number | null>`min(${queueJobs.runAt})` }).from(queueJobs)
        .where(this.inQueue(sql`${queueJobs.state} in ('waiting', 'delayed')`, gt(queueJobs.runAt, sql.placeholder('now'))))
        .prepare(),
    };
  }

  /** Claims the oldest due job of the group whose turn came longest ago and that may start now. */
  private claimNext(): JobRow | undefined {
    const now = Date.now();
    const heads = this.dueHeads(now);
    const turnOf = (group: string) => this.lastTurn.get(group) ?? -1;
    const before = (a: string, b: string) => turnOf(a) - turnOf(b) || heads.get(a)!.runAt - heads.get(b)!.runAt;
    for (const group of turnOrder(heads, before)) {
      if (!this.mayStart(group)) continue;
      const row = this.hot.claim.get({ id: heads.get(group)!.id, lockUntil: now + this.lockMs });
      // Claimed, or another worker took it first: either way the group's next job is its head now.
      const next = this.hot.dueHeadOf.get({ group: group === NO_GROUP ? null : group, now });
      if (next) heads.set(group, next);
      else heads.delete(group);
      if (!row) continue;
      if (this.lastTurn.size > 10_000) this.lastTurn.clear(); // forget long-gone groups now and then
      this.lastTurn.set(group, ++this.turns);
      return row;
    }
    return undefined;
  }

  /** Each group's oldest due job: read whole when the last read no longer holds. */
  private dueHeads(now: number): Map<string, Head> {
    if (this.heads && now < this.headsUntil) return this.heads;
    this.heads = new Map(this.hot.dueHeads.all({ now }).map((head) => [head.group, { id: head.id, runAt: head.runAt }]));
    const comesDue = this.hot.nextRunAt.get({ now })?.at;
    this.headsUntil = Math.min(now + (this.opts.pollIntervalMs ?? 1000), comesDue ?? Number.POSITIVE_INFINITY);
    return this.heads;
  }

  /** Whether a job of `group` may start now; when not, notes when to look again. */
  private mayStart(group: string): boolean {
    if (group === NO_GROUP || !this.groupPace) return true;
    const { running, retryInMs } = this.groupPace.allowance(group);
    let active = 0;
    for (const run of this.runs.values()) if (run.group === group) active += 1;
    // One slot is always left to the other groups, so a newcomer never waits for a busy group's job to end.
    if (active < Math.min(running, groupSlotCap(this.concurrency))) return true;
    // Held back by its running jobs alone: one of them ending pumps again.
    const lookAgainMs = retryInMs > 0 ? retryInMs : (this.opts.pollIntervalMs ?? 1000);
    this.heldBackMs = Math.min(this.heldBackMs ?? Number.POSITIVE_INFINITY, lookAgainMs);
    return false;
  }

  private start(row: JobRow): void {
    const controller = new AbortController();
    const heartbeat = setInterval(() => this.renewLock(row.id, controller), this.lockMs / 3);
    const run: Run = { group: row.groupKey ?? NO_GROUP, controller, heartbeat, done: Promise.resolve() };
    this.runs.set(row.id, run); // before the processor starts, in case it re-enters pump()
    run.done = this.execute(row, controller.signal).finally(() => {
      clearInterval(heartbeat);
      this.runs.delete(row.id);
      this.pump();
    });
  }

  private async execute(row: JobRow, signal: AbortSignal): Promise<void> {
    const log = this.opts.logger;
    const context = { jobId: row.id, queue: this.opts.name };
    let failure: { error: unknown } | undefined;
    try {
      const data = JSON.parse(row.data) as T;
      await this.processor!({ id: row.id, data, attemptsMade: row.attemptsMade, maxAttempts: row.maxAttempts, signal });
    } catch (error) {
      failure = { error };
    }
    try {
      const now = Date.now();
      if (!failure) {
        this.hot.complete.run({ id: row.id, now });
        return;
      }
      const { error } = failure;
      if (signal.aborted) {
        log.info(context, 'job interrupted; it will run again');
        return this.release(row.id, { state: 'waiting', runAt: now });
      }
      if (error instanceof RateLimitedJobError) return this.release(row.id, { state: 'delayed', runAt: now + error.delayMs });
      const attemptsMade = row.attemptsMade + 1;
      const lastError = error instanceof Error ? error.message : String(error);
      if (error instanceof FinalJobError || attemptsMade >= row.maxAttempts) {
        log.warn({ ...context, attemptsMade, err: error }, 'job failed');
        return this.release(row.id, { state: 'failed', attemptsMade, lastError, finishedAt: now });
      }
      log.info({ ...context, attemptsMade, err: error }, 'job failed; retrying');
      return this.release(row.id, { state: 'delayed', attemptsMade, lastError, runAt: now + backoffDelay(attemptsMade, this.opts.backoff) });
    } catch (err) {
      log.error({ ...context, err }, 'could not record the job outcome');
    }
  }

  /** The condition that this instance still holds job `id` (another worker may have taken it over). */
  private heldByUs(id: string | ReturnType<typeof sql.placeholder>) {
    return this.inQueue(eq(queueJobs.id, id), eq(queueJobs.state, 'active'), eq(queueJobs.lockedBy, this.token));
  }

  private release(id: string, set: Partial<typeof queueJobs.$inferInsert>): void {
    if (set.state === 'waiting' || set.state === 'delayed') this.heads = undefined;
    this.db.update(queueJobs).set({ ...set, lockedBy: null, lockUntil: null }).where(this.heldByUs(id)).run();
  }

  private renewLock(id: string, controller: AbortController): void {
    try {
      const { changes } = this.db.update(queueJobs).set({ lockUntil: Date.now() + this.lockMs }).where(this.heldByUs(id)).run();
      if (changes === 0) controller.abort(new Error('Lost the lock on the job'));
    } catch (err) {
      this.opts.logger.error({ err, jobId: id, queue: this.opts.name }, 'could not renew the job lock');
    }
  }

  /**
   * The two statements that put active jobs matching `condition` back to waiting: the interrupted
   * run spends no attempt but is counted, and a job interrupted {@link MAX_INTERRUPTED_RUNS}
   * times fails instead.
   */
  private backToWaitingQueries(condition: SQL) {
    const held = this.inQueue(eq(queueJobs.state, 'active'), condition);
    const interrupted = sql`${queueJobs.interruptedRuns} + 1`;
    return {
      givenUp: this.db.update(queueJobs)
        .set({ state: 'failed', interruptedRuns: interrupted, lastError: 'interrupted too often', finishedAt: sql`${sql.placeholder('finishedAt')}`, lockedBy: null, lockUntil: null })
        .where(and(held, gte(queueJobs.interruptedRuns, MAX_INTERRUPTED_RUNS - 1)))
        .returning({ id: queueJobs.id, data: queueJobs.data }).prepare(),
      back: this.db.update(queueJobs).set({ state: 'waiting', interruptedRuns: interrupted, lockedBy: null, lockUntil: null }).where(held).prepare(),
    };
  }

  private backToWaiting(queries: ReturnType<EmbeddedJobQueue<T>['backToWaitingQueries']>, params: { now?: number }, message: string): void {
    const givenUp = queries.givenUp.all({ ...params, finishedAt: Date.now() });
    const { changes } = queries.back.run(params);
    if (changes > 0) {
      this.heads = undefined;
      this.opts.logger.warn({ queue: this.opts.name, jobs: changes }, message);
    }
    for (const job of givenUp) {
      this.opts.logger.error({ queue: this.opts.name, jobId: job.id, interruptedRuns: MAX_INTERRUPTED_RUNS }, 'job kept taking its worker down; giving it up');
      this.abandon(job);
    }
  }

  private abandon(job: { id: string; data: string }): void {
    if (!this.onAbandoned) return;
    let run: Promise<void>;
    try {
      run = this.onAbandoned({ id: job.id, data: JSON.parse(job.data) as T });
    } catch (error) {
      run = Promise.reject(error);
    }
    run.catch((err: unknown) => this.opts.logger.error({ err, jobId: job.id, queue: this.opts.name }, 'could not close an abandoned job'));
  }

  private pruneFinished(now: number): void {
    this.lastPruneAt = now;
    this.db.delete(queueJobs).where(this.inQueue(sql`state in ('completed', 'failed')`,
      lt(queueJobs.finishedAt, now - (this.opts.retentionMs ?? 24 * 3_600_000)))).run();
  }
}

/**
 * The groups of `heads` in turn order (`before`). The first is found in one pass: with hundreds of
 * accounts queued, sorting them all for every claim cost more than the claim's own UPDATE. The
 * rest are sorted only when the first may not start (its account paced, say). Same order as a
 * stable sort: ties keep the order of `heads`.
 */
function* turnOrder(heads: ReadonlyMap<string, unknown>, before: (a: string, b: string) => number): Generator<string> {
  let first: string | undefined;
  for (const group of heads.keys()) if (first === undefined || before(group, first) < 0) first = group;
  if (first === undefined) return;
  yield first;
  yield* [...heads.keys()].filter((group) => group !== first).sort(before);
}
