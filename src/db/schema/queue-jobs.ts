import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns.js';

export const queueJobStates = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
export type QueueJobState = (typeof queueJobStates)[number];

/** The embedded job queue (used when no Redis is configured). See src/jobs/queue/embedded.driver.ts. */
export const queueJobs = sqliteTable(
  'queue_jobs',
  {
    queue: text('queue').notNull(),
    id: text('id').notNull(),
    /** The job's data as JSON. */
    data: text('data').notNull(),
    state: text('state', { enum: queueJobStates }).notNull(),
    /** Failed runs so far; a rate-limited or interrupted run does not count. */
    attemptsMade: integer('attempts_made').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** Not before this time (ms). */
    runAt: integer('run_at').notNull(),
    /** Token of the worker holding the job: `host/pid/random`. */
    lockedBy: text('locked_by'),
    lockUntil: integer('lock_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull().default(nowMs),
    finishedAt: integer('finished_at'),
    /** Who the job is for (its account): workers serve groups in turn. */
    groupKey: text('group_key'),
    /** Runs cut off by a dead or frozen worker; a job that keeps taking its worker down is ended. */
    interruptedRuns: integer('interrupted_runs').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.queue, t.id] }),
    index('queue_jobs_pick_idx').on(t.queue, t.state, t.runAt),
    // A group's next job, found without passing its finished ones (see the embedded queue's claims).
    index('queue_jobs_group_head_idx').on(t.queue, t.groupKey, t.runAt).where(sql`${t.state} in ('waiting', 'delayed')`),
  ],
);
