/**
 * One benchmark run's world: the Aliyun simulator and the Telegram fake in this process, the
 * bot (and optional `npm run worker` processes) as children with a temp DATA_DIR, plus the
 * user side: log users in, send share texts, wait until every status message has an outcome.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startAliyunSimulator, type AliyunSimulator, type SimStats } from '../../src/sim/aliyun/index.js';
import { startTelegramFake, type TelegramFake } from '../../src/sim/telegram/index.js';
import { onCleanup } from './cleanup.js';
import { bundleOf, cpuTimeOf, findInTree, logPath, memoryOf, prebuild, startChild, treeMemoryOf, type RunningChild } from './child.js';
import { flushDatabase } from './redis.js';
import { RequestTracker, type TrackedRequest } from './tracker.js';
import { simulatorEnv } from '../../src/sim/env.js';

export interface RigOptions {
  repoRoot: string;
  /** Simulated Aliyun latency per call. */
  latencyMs: number;
  /** Set → BullMQ on this URL (a dedicated, flushed database); unset → the embedded queue. */
  redisUrl?: string;
  /** Worker processes in all: the bot counts as one; more are `src/worker.ts` children (BullMQ only). */
  processes?: number;
  workerConcurrency?: number;
  callsPerSecond?: number;
  keepTemp?: boolean;
  /** Extra node flags for the children, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
  nodeArgs?: string;
  /** LOG_LEVEL of the children (default warn: logging costs CPU the numbers should not pay). */
  logLevel?: string;
  /** For messages: which scenario this rig belongs to. */
  label: string;
  /** Telegram's flood limits in the Bot API fake (429 with retry_after). */
  telegramLimits?: boolean;
  /** Start the bot with `npm start` (npm and its shell in the tree) instead of node directly. */
  viaNpm?: boolean;
}

export interface BenchUser {
  telegramId: number;
  chatId: number;
  aliyunUserId: string;
}

/** A scenario that did not finish in time; the message says how far it got. */
export class StallError extends Error {}

/** The bot process ended before it polled Telegram: every scenario would fail the same way. */
export class BotDidNotStartError extends Error {
  constructor(readonly output: string) {
    const reason = output.split('\n').find((line) => /Error|error|Invalid/.test(line)) ?? output.split('\n').at(-1) ?? '';
    super(`the bot exited during startup: ${reason.trim()}`);
  }
}

export class Rig {
  readonly tracker: RequestTracker;
  private nextUserId = 1_000_000;

  private constructor(
    readonly sim: AliyunSimulator,
    readonly tg: TelegramFake,
    readonly bot: RunningChild,
    /** The bot's node process (below npm when started through it). */
    readonly botPid: number,
    readonly workers: RunningChild[],
    private readonly dispose: () => Promise<void>,
    readonly options: RigOptions,
  ) {
    this.tracker = new RequestTracker(tg, sim);
  }

  /** Starts the fakes and the bot, and waits until the bot polls for updates (and workers are up). */
  static async start(options: RigOptions): Promise<Rig> {
    const undo: Array<() => Promise<void>> = [];
    const dispose = async () => {
      for (const step of undo.reverse()) await step();
    };
    try {
      const dir = mkdtempSync(join(tmpdir(), `asb-bench-${options.label.replace(/\W+/g, '-')}-`));
      undo.push(
        onCleanup(`temp dir ${dir}`, () => {
          if (options.keepTemp) process.stderr.write(`  ${options.label}: kept ${dir}\n`);
          else rmSync(dir, { recursive: true, force: true });
        }),
      );
      const sim = await startAliyunSimulator({ port: 0, latencyMs: options.latencyMs, catalogue: false });
      undo.push(onCleanup('aliyun simulator', () => sim.close()));
      const tg = await startTelegramFake({ limits: options.telegramLimits ?? false });
      undo.push(onCleanup('telegram fake', () => tg.close()));
      if (options.redisUrl) {
        const redisUrl = options.redisUrl;
        await flushDatabase(redisUrl);
        // Registered before the children, so it runs after they stopped.
        undo.push(onCleanup(`redis ${redisUrl}`, () => flushDatabase(redisUrl)));
      }

      const env: Record<string, string> = {
        ...simulatorEnv(sim, tg),
        DATA_DIR: join(dir, 'data'),
        SECRET_KEY: randomBytes(32).toString('hex'),
        LOG_LEVEL: options.logLevel ?? 'warn',
        ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
        ...(options.workerConcurrency ? { WORKER_CONCURRENCY: String(options.workerConcurrency) } : {}),
        ...(options.callsPerSecond ? { ALIYUN_CALLS_PER_SECOND: String(options.callsPerSecond) } : {}),
      };
      const nodeArgs = options.nodeArgs?.split(/\s+/).filter(Boolean) ?? [];
      // A first `npm start` after a change bundles src/ in-process; the numbers are of later starts.
      prebuild(options.repoRoot, ['src/main.ts', 'src/worker.ts']);
      const bot = startChild({ label: `${options.label} bot`, entry: 'src/main.ts', repoRoot: options.repoRoot, env, nodeArgs, logFile: logPath(dir, 'bot'), ...(options.viaNpm ? { viaNpm: true } : {}) });
      undo.push(() => bot.stop());
      await waitUntil(
        () => tg.calls('getUpdates').length > 0,
        60_000,
        () => bot.hasExited() && new BotDidNotStartError(bot.tail()),
        'the bot to start long polling',
      );
      const botPid = options.viaNpm ? await findInTree(bot.pid, bundleOf('src/main.ts')) : bot.pid;
      if (botPid === undefined) throw new Error(`no node process running ${bundleOf('src/main.ts')} under npm (pid ${bot.pid})`);

      const workers: RunningChild[] = [];
      const extra = Math.max(0, (options.processes ?? 1) - 1);
      if (extra > 0 && !options.redisUrl) throw new Error('extra worker processes need the BullMQ driver (REDIS_URL)');
      for (let i = 1; i <= extra; i++) {
        const worker = startChild({ label: `${options.label} worker ${i}`, entry: 'src/worker.ts', repoRoot: options.repoRoot, env, nodeArgs, logFile: logPath(dir, `worker-${i}`) });
        workers.push(worker);
        undo.push(() => worker.stop());
      }
      if (options.redisUrl && extra > 0) {
        const redisUrl = options.redisUrl;
        await waitUntilAsync(
          async () => (await countWorkers(redisUrl)) >= (options.processes ?? 1),
          60_000,
          () => workers.find((w) => w.hasExited()) && `a worker process exited (${workers.find((w) => w.hasExited())?.tail()})`,
          'the worker processes to connect to Redis',
          () => workers.map((w) => `--- last lines of ${w.label} output ---\n${w.tail(15) || '(empty)'}`).join('\n'),
        );
      }

      return new Rig(sim, tg, bot, botPid, workers, dispose, options);
    } catch (error) {
      options.keepTemp = true; // the children's logs say why
      await dispose();
      throw error;
    }
  }

  /** Stops the children, closes the fakes, removes the temp dir (kept after a failure, for its logs). */
  close(failed = false): Promise<void> {
    if (failed) this.options.keepTemp = true;
    return this.dispose();
  }

  /** Adds `count` simulator accounts and logs each in with `/login <refresh_token>`; waits for ✅. */
  async loginUsers(count: number, timeoutMs = 60_000): Promise<BenchUser[]> {
    const users: BenchUser[] = [];
    for (let i = 0; i < count; i++) {
      const telegramId = this.nextUserId++;
      const account = this.sim.addAccount({ nickName: `bench${telegramId}` });
      this.tg.sendMessage({ from: { id: telegramId, first_name: `Bench ${telegramId}`, language_code: 'en' }, text: `/login ${account.refreshToken}` });
      users.push({ telegramId, chatId: telegramId, aliyunUserId: account.userId });
    }
    await this.waitFor(
      () => users.every((u) => this.tracker.loginAnswer(u.chatId) !== undefined),
      timeoutMs,
      () => `${users.filter((u) => this.tracker.loginAnswer(u.chatId) !== undefined).length}/${count} logins answered`,
      'logins',
    );
    const failed = users.filter((u) => !/^\s*✅/u.test(this.tracker.loginAnswer(u.chatId) ?? ''));
    if (failed.length > 0) {
      throw new Error(`${failed.length}/${count} logins failed, e.g.: ${this.tracker.loginAnswer(failed[0]!.chatId)}`);
    }
    return users;
  }

  /** The user sends one message with `shareId`'s link; returns its tracking record. */
  send(user: BenchUser, text: string, shareId: string): TrackedRequest {
    const sentAt = Date.now();
    const message = this.tg.sendMessage({ from: { id: user.telegramId, first_name: `Bench ${user.telegramId}`, language_code: 'en' }, text });
    const request: TrackedRequest = { chatId: user.chatId, sourceMessageId: message.message_id, shareId, sentAt };
    this.tracker.add(request);
    return request;
  }

  /** Waits until every request has an outcome; a stall throws {@link StallError} with the count. */
  async waitForOutcomes(requests: readonly TrackedRequest[], timeoutMs: number, what: string): Promise<void> {
    await this.waitFor(
      () => requests.every((r) => r.finalAt !== undefined),
      timeoutMs,
      () => `${requests.filter((r) => r.finalAt !== undefined).length}/${requests.length} ${what} finished (${requests.filter((r) => r.statusMessageId !== undefined).length} had a status message)`,
      what,
    );
  }

  /** Polls the tracker every 20 ms until `done`, failing early if a child process died. */
  async waitFor(done: () => boolean, timeoutMs: number, progress: () => string, what: string): Promise<void> {
    try {
      await this.waitUntilDone(done, timeoutMs, progress, what);
    } catch (error) {
      if (!(error instanceof StallError)) throw error;
      const tails = [this.bot, ...this.workers].map((c) => `--- last lines of ${c.label} output ---\n${c.tail(15) || '(empty)'}`);
      throw new StallError(`${error.message}\n${tails.join('\n')}`);
    }
  }

  private async waitUntilDone(done: () => boolean, timeoutMs: number, progress: () => string, what: string): Promise<void> {
    await waitUntil(
      () => {
        this.tracker.poll();
        return done();
      },
      timeoutMs,
      () => {
        const dead = [this.bot, ...this.workers].find((c) => c.hasExited());
        return dead ? `${dead.label} exited while waiting for ${what}: ${progress()}\n${dead.tail()}` : false;
      },
      what,
      progress,
    );
  }

  /** Resident memory of the bot process now and at its peak. */
  botMemory(): Promise<{ rss: number; peak: number } | undefined> {
    return memoryOf(this.botPid);
  }

  /** Resident memory of the bot's whole process tree (npm, its shell and node under `npm start`). */
  botTreeMemory(): Promise<{ rss: number; peaks: number; sharedOnce: number; processes: number }> {
    return treeMemoryOf(this.bot.pid);
  }

  /** CPU time used so far (ms): each child process, and this process (the simulator, the fake, the harness). */
  async cpuTimes(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const child of [this.bot, ...this.workers]) {
      const ms = await cpuTimeOf(child === this.bot ? this.botPid : child.pid);
      if (ms !== undefined) out[child === this.bot ? 'bot' : `worker ${this.workers.indexOf(child) + 1}`] = ms;
    }
    const own = process.cpuUsage();
    out['simulator + fake'] = (own.user + own.system) / 1000;
    return out;
  }

  stats(): SimStats {
    return this.sim.stats();
  }
}

async function waitUntil(
  done: () => boolean,
  timeoutMs: number,
  failure: () => string | Error | false | undefined,
  what: string,
  progress: () => string = () => '',
): Promise<void> {
  await waitUntilAsync(async () => done(), timeoutMs, failure, what, progress);
}

async function waitUntilAsync(
  done: () => Promise<boolean>,
  timeoutMs: number,
  failure: () => string | Error | false | undefined,
  what: string,
  progress: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    const failed = failure();
    if (failed) throw failed instanceof Error ? failed : new Error(failed);
    if (Date.now() > deadline) {
      const detail = progress();
      throw new StallError(`timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what}${detail ? `: ${detail}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Worker connections waiting for jobs on this Redis database: an idle BullMQ worker blocks in
 * BZPOPMIN on the queue's marker key. (This BullMQ version does not name worker connections,
 * so `Queue.getWorkersCount()` cannot see them.)
 */
async function countWorkers(redisUrl: string): Promise<number> {
  const db = Number(new URL(redisUrl).pathname.slice(1) || '0');
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  try {
    const list = String(await client.call('CLIENT', 'LIST'));
    return list.split('\n').filter((line) => line.includes(` db=${db} `) && / cmd=bzpopmin /.test(line)).length;
  } finally {
    client.disconnect();
  }
}
