/**
 * The job queue's own CPU per save job, without Aliyun or Telegram: N jobs shaped like a file
 * save (its data, one group per account) are added a few at a time and run by an in-process
 * worker whose processor only waits 5 ms, as the bot does with REDIS_URL set or not. Prints this
 * process's CPU time per job (add + take + complete), so two checkouts can be compared on a
 * loaded machine (CPU time, not wall time):
 *
 *   npx tsx scripts/bench/queue-per-job.ts [jobs=3000] [driver=bullmq|embedded] [checkout=.] [redisUrl]
 *
 * `checkout` is the root of the tree whose src/ is measured (e.g. /work/main for main). BullMQ
 * uses Redis database 12 at `redisUrl` (default $REDIS_URL or redis://127.0.0.1:6379) under a
 * fresh queue name, and deletes the queue at the end. Redis's own CPU is not counted.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const jobs = Number(process.argv[2] ?? 3000);
const driver = process.argv[3] ?? 'bullmq';
const root = resolve(process.argv[4] ?? '.');
const redisBase = process.argv[5] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const load = (path: string) => import(pathToFileURL(join(root, 'src', path)).href);

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
const name = `queue-per-job-${randomUUID()}`;
const redisUrl = `${redisBase.replace(/\/\d*$/, '')}/12`;
let cleanup = async () => {};
let queue: {
  add(id: string, data: unknown, opts?: { group?: string }): Promise<unknown>;
  startWorker(processor: (job: unknown) => Promise<void>, opts: object): Promise<void>;
  close(): Promise<void>;
};
if (driver === 'bullmq') {
  const { BullmqJobQueue } = await load('jobs/queue/bullmq.driver.ts');
  queue = new BullmqJobQueue({ name, redisUrl, logger: silent });
  cleanup = async () => {
    const { Queue } = await import('bullmq');
    const admin = new Queue(name, { connection: { url: redisUrl } });
    await admin.obliterate({ force: true });
    await admin.close();
  };
} else if (driver === 'embedded') {
  const { openDatabase } = await load('db/index.ts');
  const { EmbeddedJobQueue } = await load('jobs/queue/embedded.driver.ts');
  const dir = mkdtempSync(join(tmpdir(), 'queue-per-job-'));
  const handle = openDatabase(join(dir, 'bot.sqlite'));
  queue = new EmbeddedJobQueue({ name, db: handle.db, logger: silent });
  cleanup = async () => {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  };
} else {
  throw new Error(`driver must be bullmq or embedded, got ${driver}`);
}

// What a file save's job carries (see SaveShareJob), one of 100 accounts.
const dataOf = (i: number) => ({
  chatId: 1_000_000 + (i % 100), sourceMessageId: i, statusMessageFollows: true, requestedBy: 1_000_000 + (i % 100),
  accountId: i % 100, shareId: `share${i}`, targetPath: '/来自分享', lang: 'en', pastedName: `file-${i}.mp4`, mayChoose: true,
});
let done = 0;
let allDone!: () => void;
const finished = new Promise<void>((resolve) => (allDone = resolve));
await queue.startWorker(
  async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (++done === jobs + 1) allDone();
  },
  { concurrency: 16, groupPace: { allowance: () => ({ running: Infinity, retryInMs: 0 }) } },
);
await queue.add('warm-up', dataOf(0)); // connections, scripts, statements

const before = process.cpuUsage();
const startedAt = performance.now();
const inFlight = 10;
for (let i = 0; i < jobs; i += inFlight) {
  const batch = [];
  for (let k = i; k < Math.min(jobs, i + inFlight); k += 1) batch.push(queue.add(`save-${k}`, dataOf(k), { group: `account-${k % 100}` }));
  await Promise.all(batch);
}
await finished;
const cpu = process.cpuUsage(before);
const wallMs = performance.now() - startedAt;
await queue.close();
await cleanup();
const per = (us: number) => (us / 1000 / jobs).toFixed(3);
console.log(`${driver} (${root}): ${jobs} jobs, CPU per job ${per(cpu.user + cpu.system)} ms (user ${per(cpu.user)}, system ${per(cpu.system)}), ${(jobs / (wallMs / 1000)).toFixed(0)} jobs/s`);
