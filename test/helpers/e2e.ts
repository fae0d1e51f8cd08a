/**
 * The end-to-end harness: the Aliyun Drive simulator, the Telegram Bot API fake and the real
 * app (`createApp`, the production wiring) talking over HTTP, with a temp DATA_DIR and every
 * log line captured. Works with both queue drivers.
 *
 * ```ts
 * const e2e = await startE2E({ queue: 'embedded' });
 * const alice = await e2e.loggedInUser();
 * e2e.tg.sendMessage({ from: alice.user, text: e2e.sim.catalogue.folder.text });
 * await e2e.tg.waitForBotMessage(alice.user.id, '✅');
 * await e2e.close();
 * ```
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startAliyunSimulator, type AliyunSimulator, type AliyunSimulatorOptions, type SimAccount } from '../../src/sim/aliyun/index.js';
import { startTelegramFake, type TelegramFake, type UserInit } from '../../src/sim/telegram/index.js';
import { choosePerRedis, REDIS_TEST_URL } from './redis.js';
import { simulatorEnv } from '../../src/sim/env.js';

export { REDIS_TEST_URL };
export type QueueKind = 'embedded' | 'bullmq';

/** The queue drivers to run the suite with (see `choosePerRedis`). */
export async function queueKinds(): Promise<QueueKind[]> {
  return choosePerRedis<QueueKind>('e2e', ['embedded', 'bullmq'], ['embedded']);
}

export interface E2EOptions {
  queue: QueueKind;
  /** Extra environment (ALLOWED_USER_IDS, ADMIN_USER_IDS, WEBHOOK_URL …). */
  env?: Record<string, string>;
  sim?: AliyunSimulatorOptions;
  app?: AppOptions;
  /** Group privacy mode of the Telegram fake: a non-admin bot then only gets commands, mentions and replies in groups. */
  privacyMode?: boolean;
  /** Telegram's flood limits in the fake (default off). */
  telegramLimits?: boolean;
}

export interface TestUser {
  user: UserInit & { first_name: string };
  /** The chat id of the private chat with the bot (= the user id). */
  chatId: number;
  account: SimAccount;
}

export interface E2E {
  sim: AliyunSimulator;
  tg: TelegramFake;
  app: App;
  config: Config;
  dataDir: string;
  /** Every log line the app wrote (JSON text). */
  logLines: string[];
  /** A new Telegram user with a fresh simulator account (not linked yet). */
  newUser(init?: Partial<UserInit>): TestUser;
  /** A new user linked through `/login <refresh_token>`. */
  loggedInUser(init?: Partial<UserInit>): Promise<TestUser>;
  close(): Promise<void>;
}

let nextUserId = 5_000_001;

const NO_LIMITS = { botPerSecond: 1e9, privateBurst: 1e9, privatePerSecond: 1e9, groupBurst: 1e9, groupPerMinute: 1e9 };

/** Starts simulator, fake and app; `close()` stops and removes everything. */
export async function startE2E(options: E2EOptions): Promise<E2E> {
  const sim = await startAliyunSimulator({ port: 0, ...options.sim });
  const tg = await startTelegramFake({ port: 0, privacyMode: options.privacyMode ?? false, limits: options.telegramLimits ?? false });
  const dataDir = mkdtempSync(join(tmpdir(), 'asb-e2e-'));
  const runId = randomUUID().slice(0, 8);
  const queuePrefix = `asb-test-${runId}`;
  const logLines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logLines.push(line);
      callback();
    },
  });

  const env: Record<string, string> = {
    ...simulatorEnv(sim, tg),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    WORKER_CONCURRENCY: '4',
    // Unpaced enough for tests; the pacing itself is tested in src/api's tests.
    ALIYUN_CALLS_PER_SECOND: '100',
    FOLLOW_LIST_CALLS_PER_SECOND: '100',
    ...(options.queue === 'bullmq' ? { REDIS_URL: REDIS_TEST_URL } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  let app: App | undefined;
  const cleanup = async () => {
    await app?.stop().catch(() => undefined);
    await tg.close().catch(() => undefined);
    await sim.close().catch(() => undefined);
    if (options.queue === 'bullmq') await deleteRedisKeys(queuePrefix);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    app = createApp(config, {
      logger: createLogger('debug', capture),
      queueName: `saves-${runId}`,
      queuePrefix,
      qrPollIntervalMs: 30,
      statusEditIntervalMs: 0,
      // Every save shows its status message, however quick (the tests read it); the production
      // delay (a quick save's outcome is its one message) is tested on its own.
      statusShowAfterMs: 0,
      queueCloseTimeoutMs: 2000,
      // With the fake's limits off, the bot keeps to none either (tests read every progress edit).
      apiRetry: { maxRetryAttempts: 3, maxDelaySeconds: 5, ...(options.telegramLimits ? {} : { limits: NO_LIMITS }) },
      ...options.app,
    });
    await app.start();
  } catch (error) {
    await cleanup();
    throw error;
  }
  const started = app;

  const newUser = (init: Partial<UserInit> = {}): TestUser => {
    const id = init.id ?? nextUserId++;
    const first_name = init.first_name ?? `Tester${id}`;
    const account = sim.addAccount({ nickName: `${first_name} 的云盘` });
    return { user: { ...init, id, first_name, language_code: init.language_code ?? 'en' }, chatId: id, account };
  };

  return {
    sim,
    tg,
    app: started,
    config,
    dataDir,
    logLines,
    newUser,
    async loggedInUser(init) {
      const u = newUser(init);
      tg.sendMessage({ from: u.user, text: `/login ${u.account.refreshToken}` });
      await tg.waitForBotMessage(u.chatId, /Logged in|已登录/, { timeoutMs: 10_000 });
      return u;
    },
    close: cleanup,
  };
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The bot's messages in a chat that are still visible, as the user reads them. */
export function visibleBotTexts(tg: TelegramFake, chatId: number): string[] {
  return tg.botMessages(chatId).filter((m) => !m.deleted).map((m) => m.plainText);
}

/** Polls `predicate` every 20 ms until it holds (for state the fake does not announce, such as log lines). */
/**
 * Another bot on the same DATA_DIR and config, as after a restart: its own queue name, logs kept
 * quiet. Started; the caller stops it.
 */
export async function restartedApp(e2e: Pick<E2E, 'config'>, options: AppOptions = {}): Promise<App> {
  const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const app = createApp(e2e.config, {
    logger: createLogger('warn', quiet),
    queueName: `saves-restart-${randomUUID().slice(0, 8)}`,
    queueCloseTimeoutMs: 2000,
    ...options,
  });
  await app.start();
  return app;
}

export async function eventually(predicate: () => boolean, timeoutMs = 5000, description = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
