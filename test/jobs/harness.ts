/**
 * Test rig for the save pipeline: the Aliyun simulator over real HTTP, a real SQLite file in a
 * temp dir, the real client, a queue on either driver, and a notifier that records what a user
 * would have been told.
 */
import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createAccounts } from '../../src/accounts.js';
import { AliyunClient, type PaceOptions } from '../../src/api/index.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import type { SaveNotifier, SaveOutcome, SaveProgress } from '../../src/jobs/save-outcome.js';
import { createSaveQueue, enqueueSave, startSaveWorkers } from '../../src/jobs/save-queue.js';
import { createStopRequests } from '../../src/jobs/stop-requests.js';
import { saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import { processSaveShare, type SaveShareDeps } from '../../src/jobs/index.js';
import type { JobQueue } from '../../src/jobs/queue/types.js';
import type { SecretKey } from '../../src/secret-box.js';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../src/sim/aliyun/index.js';
import { choosePerRedis, REDIS_TEST_URL } from '../helpers/redis.js';

export const REDIS_URL = REDIS_TEST_URL;
export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Which queue runs the jobs. */
export type DriverName = 'embedded' | 'bullmq';

/** Fast everything, so the suite runs in seconds. */
export const FAST = {
  poll: { firstMs: 20, maxMs: 100, overallMs: 20_000 },
  backoff: { baseMs: 30, maxMs: 300 },
  /** Short locks so a killed worker's job comes back quickly. */
  lockDurationMs: 1_000,
  stalledIntervalMs: 300,
  pollIntervalMs: 30,
  /** An `again` save looks this often whether the save of the same share in flight has ended. */
  inFlightRecheckMs: 50,
  client: { retries: 5, baseDelayMs: 10, maxDelayMs: 100, maxRateLimitWaitMs: 250, timeoutMs: 5_000, pace: { callsPerSecond: 0 } },
} as const;

/** Both drivers when Redis answers; in CI a missing Redis is a failure, not a reason to skip. */
export async function queueDrivers(): Promise<DriverName[]> {
  return choosePerRedis<DriverName>('save pipeline tests', ['embedded', 'bullmq'], ['embedded']);
}

type Recorded = { jobId: string } & ({ type: 'progress'; progress: SaveProgress } | { type: 'outcome'; outcome: SaveOutcome });

/** Records what the user would see, per job id. */
export class RecordingNotifier implements SaveNotifier {
  readonly events: Recorded[] = [];
  private waiters: Array<() => void> = [];

  async progress(job: SaveShareJob, progress: SaveProgress): Promise<void> {
    this.events.push({ jobId: saveJobId(job), type: 'progress', progress });
  }

  async outcome(job: SaveShareJob, outcome: SaveOutcome): Promise<void> {
    this.events.push({ jobId: saveJobId(job), type: 'outcome', outcome });
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  outcomes(jobId: string): SaveOutcome[] {
    return this.events.flatMap((e) => (e.jobId === jobId && e.type === 'outcome' ? [e.outcome] : []));
  }

  progressOf(jobId: string): SaveProgress[] {
    return this.events.flatMap((e) => (e.jobId === jobId && e.type === 'progress' ? [e.progress] : []));
  }

  /** The first outcome of a job, waiting for it. */
  async outcome1(jobId: string, timeoutMs = 15_000): Promise<SaveOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [first] = this.outcomes(jobId);
      if (first) return first;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no outcome for ${jobId} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A linked account in the simulator and in the database. */
export interface TestAccount {
  id: number;
  telegramUserId: number;
  sim: SimAccount;
}

/** Everything one driver's tests share. */
export interface Rig {
  driver: DriverName;
  sim: AliyunSimulator;
  dir: string;
  dbFile: string;
  database: DatabaseHandle;
  secretKey: SecretKey;
  secretKeyHex: string;
  client: AliyunClient;
  notifier: RecordingNotifier;
  queueName: string;
  /** BullMQ key prefix of this rig's queues. */
  bullPrefix: string;
  queue: JobQueue<SaveShareJob>;
  deps: SaveShareDeps;
  /** A new queue handle of this driver (for another queue name, or another worker). */
  makeQueue(name: string): JobQueue<SaveShareJob>;
  link(nickName: string, options?: { quotaBytes?: number }): Promise<TestAccount>;
  /** A job for `account`, with a fresh source message so its id is new. */
  job(account: TestAccount, fields: Partial<SaveShareJob> & { shareId: string }): SaveShareJob;
  save(job: SaveShareJob): Promise<{ jobId: string; queued: boolean }>;
  close(): Promise<void>;
}

let nextMessageId = 1000;
let nextTelegramUser = 500;

/** Starts a rig: simulator, SQLite file, client, queue with a running worker (concurrency 4). */
export async function startRig(driver: DriverName, options: { pace?: PaceOptions; batchTimeoutMs?: number } = {}): Promise<Rig> {
  const sim = await startAliyunSimulator({ port: 0, seed: 7, asyncTaskPolls: 2, retryAfterMs: 20 });
  const dir = mkdtempSync(join(tmpdir(), 'asb-jobs-'));
  const dbFile = join(dir, 'bot.sqlite');
  const database = openDatabase(dbFile);
  const secretKeyHex = randomBytes(32).toString('hex');
  const secretKey = createSecretKey(Buffer.from(secretKeyHex, 'hex'));
  const client = new AliyunClient({ apiUrl: sim.url, authUrl: sim.url, passportUrl: sim.url, userUrl: sim.userUrl, ...FAST.client, ...options, logger: testLogger });
  const notifier = new RecordingNotifier();
  const prefix = `asb-test-${randomUUID().slice(0, 8)}`;
  const made: JobQueue<SaveShareJob>[] = [];
  const queueNames: string[] = [];

  const makeQueue = (name: string): JobQueue<SaveShareJob> => {
    queueNames.push(name);
    const queue = createSaveQueue({
      name,
      db: database.db,
      logger: testLogger,
      backoff: FAST.backoff,
      lockDurationMs: FAST.lockDurationMs,
      ...(driver === 'bullmq'
        ? { redisUrl: REDIS_URL, prefix, stalledIntervalMs: FAST.stalledIntervalMs }
        : { pollIntervalMs: FAST.pollIntervalMs }),
    });
    made.push(queue);
    return queue;
  };

  const deps: SaveShareDeps = {
    saves: createSavesRepo(database.db),
    accounts: createAccounts({ client, db: database.db, secretKey, logger: testLogger }),
    stopRequests: createStopRequests(database.db),
    notifier,
    logger: testLogger,
    poll: FAST.poll,
    progressIntervalMs: 0,
    inFlightRecheckMs: FAST.inFlightRecheckMs,
  };
  const queueName = `saves-${randomUUID().slice(0, 8)}`;
  const queue = makeQueue(queueName);
  await startSaveWorkers(queue, deps, { concurrency: 4 });

  return {
    driver,
    sim,
    dir,
    dbFile,
    database,
    secretKey,
    secretKeyHex,
    client,
    notifier,
    queueName,
    bullPrefix: prefix,
    queue,
    deps,
    makeQueue,
    async link(nickName, options = {}) {
      const simAccount = sim.addAccount({ nickName, ...(options.quotaBytes !== undefined ? { quotaBytes: options.quotaBytes } : {}) });
      const telegramUserId = nextTelegramUser++;
      const linked = await createAccounts({ client, db: database.db, secretKey }).link(telegramUserId, simAccount.refreshToken);
      return { id: linked.account.id, telegramUserId, sim: simAccount };
    },
    job(account, fields) {
      const sourceMessageId = nextMessageId++;
      return {
        chatId: account.telegramUserId,
        sourceMessageId,
        statusMessageId: sourceMessageId + 1,
        requestedBy: account.telegramUserId,
        accountId: account.id,
        targetPath: '/Saves',
        ...fields,
      };
    },
    save: (job) => enqueueSave(queue, database.db, job),
    async close() {
      await Promise.all(made.map((q) => q.close()));
      if (driver === 'bullmq') {
        const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
        for (const name of queueNames) {
          const admin = new Queue(name, { connection, prefix });
          await admin.obliterate({ force: true });
          await admin.close();
        }
        await connection.quit();
      }
      database.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Names in a drive that look like a second copy (`name(1)`, `name(2).ext`). */
export function renamedCopies(sim: AliyunSimulator, userId: string): string[] {
  return sim.files(userId).filter((f) => /\(\d+\)(\.[^.]*)?$/.test(f.name)).map((f) => f.path);
}

/** Polls until `check` is true. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One run of a save job, driven directly; resolves to what it threw (undefined when it ended normally). */
/** The rig's accounts, with a client whose API-host calls go to `apiUrl` (e.g. an item-fault proxy in front of the simulator). */
export function accountsVia(rig: Rig, apiUrl: string): SaveShareDeps['accounts'] {
  const client = new AliyunClient({ apiUrl, authUrl: rig.sim.url, passportUrl: rig.sim.url, userUrl: rig.sim.userUrl, ...FAST.client, logger: testLogger });
  return createAccounts({ client, db: rig.database.db, secretKey: rig.secretKey });
}

export async function runSaveOnce(deps: SaveShareDeps, job: SaveShareJob, attemptsMade = 0): Promise<unknown> {
  try {
    await processSaveShare({ id: saveJobId(job), data: job, attemptsMade }, deps);
    return undefined;
  } catch (err) {
    return err;
  }
}

/** The publisher's id of a file shared from the simulator's catalogue, by the end of its path. */
export function sharedFileId(sim: AliyunSimulator, suffix: string): string {
  const file = sim.files(sim.catalogue.ownerUserId).find((f) => f.path.endsWith(`/${suffix}`));
  if (!file) throw new Error(`no shared file ${suffix}`);
  return file.fileId;
}
