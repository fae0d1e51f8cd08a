/**
 * The real entry points as processes, started the way package.json starts them (scripts/build.mjs
 * bundles src/ into dist/, plain node runs it): `npm start` (dist/main.js) answers and shuts down
 * cleanly on SIGTERM; `npm run worker` (dist/worker.js) saves shares the bot queued on BullMQ.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startAliyunSimulator, type AliyunSimulator } from '../../src/sim/aliyun/index.js';
import { startTelegramFake, type TelegramFake } from '../../src/sim/telegram/index.js';
import { eventually, queueKinds, REDIS_TEST_URL } from '../helpers/e2e.js';

const kinds = await queueKinds();
const repoRoot = join(import.meta.dirname, '../..');
// What `prestart` / `preworker` run before `npm start` / `npm run worker`.
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot });

interface Running {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startProcess(entry: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describe('entry points', () => {
  let sim: AliyunSimulator | undefined;
  let tg: TelegramFake | undefined;
  let app: App | undefined;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await app?.stop();
    app = undefined;
    await tg?.close();
    await sim?.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function world() {
    sim = await startAliyunSimulator({ port: 0 });
    tg = await startTelegramFake({ port: 0 });
    const dataDir = mkdtempSync(join(tmpdir(), 'asb-proc-'));
    dirs.push(dataDir);
    const env = {
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      ALIYUN_API_URL: sim.url,
      ALIYUN_AUTH_URL: sim.url,
      ALIYUN_PASSPORT_URL: sim.url,
      ALIYUN_USER_URL: sim.userUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
    return { sim, tg, env };
  }

  it('npm start answers, saves, and exits 0 on SIGTERM after closing everything', async () => {
    const { sim, tg, env } = await world();
    const bot = startProcess('dist/main.js', env);
    children.push(bot.child);
    const account = sim.addAccount({ nickName: 'Proc' });
    const user = { id: 6_300_001, first_name: 'Proc', language_code: 'en' };
    tg.sendMessage({ from: user, text: `/login ${account.refreshToken}` });
    await tg.waitForBotMessage(user.id, 'Logged in', { timeoutMs: 20_000 });
    tg.sendMessage({ from: user, text: sim.catalogue.singleFile.text });
    await tg.waitForBotMessage(user.id, 'saved to /来自分享', { timeoutMs: 20_000 });

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const log = bot.output.join('');
    expect(log).toContain('"msg":"stopped"');
    expect(log).not.toContain(account.refreshToken);
  }, 60_000);

  it.each(kinds.filter((kind) => kind === 'bullmq'))('npm run worker saves what the bot queued on BullMQ (%s)', async () => {
    const { sim, tg, env } = await world();
    // A Redis database of its own: the worker process uses the default queue name.
    const redisUrl = `${REDIS_TEST_URL.replace(/\/\d*$/, '')}/11`;
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    try {
      const config = loadConfig({ ...env, REDIS_URL: redisUrl });
      app = createApp(config, { logger: createLogger('silent'), runWorkers: false });
      await app.start();
      const worker = startProcess('dist/worker.js', { ...env, REDIS_URL: redisUrl });
      children.push(worker.child);
      await eventually(() => worker.output.join('').includes('save workers started'), 20_000, 'the worker to start');

      const account = sim.addAccount({ nickName: 'Split' });
      const user = { id: 6_300_002, first_name: 'Split', language_code: 'en' };
      tg.sendMessage({ from: user, text: `/login ${account.refreshToken}` });
      await tg.waitForBotMessage(user.id, 'Logged in', { timeoutMs: 20_000 });
      tg.sendMessage({ from: user, text: sim.catalogue.folder.text });
      await tg.waitForBotMessage(user.id, 'saved to /来自分享', { timeoutMs: 30_000 });
      expect(sim.tree(account.userId)['/来自分享/地球脉动 Planet Earth/Season 1']).toBe(8);
      // The bot runs no workers here: the worker process did the copying.

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
    } finally {
      await app?.stop();
      app = undefined;
      await redis.flushdb();
      redis.disconnect();
    }
  }, 90_000);
});
