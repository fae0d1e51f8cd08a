/**
 * docker-compose.yml's Redis, started here as compose starts it (its `command`, with the password
 * from the environment): it demands the password, caps its memory and never evicts keys (BullMQ's
 * keys are the queue); the bot's REDIS_URL from the same file gets in with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
const password = randomBytes(12).toString('hex');
/** Compose's `${REDIS_PASSWORD:?…}` and `$${…}`-free interpolation, for this one variable. */
const interpolate = (text: string) => text.replace(/\$\{REDIS_PASSWORD(?::\?[^}]*)?\}/g, password);

const redisSection = compose.slice(compose.indexOf('\n  redis:'));
const commandLine = /^\s*command:\s*(\[.*\])\s*$/m.exec(redisSection)?.[1];
const botUrl = /^\s*REDIS_URL:\s*(.+?)\s*$/m.exec(compose)?.[1];

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('docker-compose Redis', () => {
  let child: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'asb-compose-redis-'));
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs the password the bot’s REDIS_URL carries, has a memory cap, and evicts nothing', async () => {
    expect(commandLine).toBeDefined();
    expect(botUrl).toBeDefined();
    const args = (JSON.parse(interpolate(commandLine!)) as string[]).slice(1);
    const port = await freePort();
    // Later options win: here, on loopback, a free port, a temp dir and no AOF.
    child = spawn('redis-server', [...args, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'no', '--save', ''], { stdio: 'ignore' });

    const url = new URL(interpolate(botUrl!));
    expect(url.hostname).toBe('redis');
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const bot = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const stranger = new Redis({ host: '127.0.0.1', port, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    for (const client of [bot, stranger]) client.on('error', () => undefined); // failures show in the assertions
    try {
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          await bot.connect();
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(await bot.ping()).toBe('PONG');
      expect(await bot.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      const [, maxmemory] = (await bot.config('GET', 'maxmemory')) as [string, string];
      expect(Number(maxmemory)).toBeGreaterThan(0);

      await stranger.connect();
      await expect(stranger.ping()).rejects.toThrow(/NOAUTH/);
    } finally {
      bot.disconnect();
      stranger.disconnect();
    }
  });
});
