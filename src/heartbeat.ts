/**
 * The container's health signal. A long-polling bot serves no port to probe, and a live process
 * may still be stuck, so the bot itself says it is well: every few seconds, while its database
 * answers and Telegram answered lately (getUpdates returns at least every ~30 s when all is
 * well), it rewrites DATA_DIR/heartbeat. The Dockerfile's HEALTHCHECK reads the file's age.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from './logger.js';

export const HEARTBEAT_FILE = 'heartbeat';

export interface HeartbeatOptions {
  dataDir: string;
  sqlite: Database.Database;
  /** When Telegram last answered; undefined when that is no sign of health (webhooks wait for Telegram). */
  telegramOkAt?: () => number;
  logger: Logger;
  /** Time between beats (default 15 s). */
  intervalMs?: number;
  /** No beat when Telegram has not answered for this long (default 2 min). */
  telegramMaxAgeMs?: number;
}

export interface Heartbeat {
  /** Stops beating and removes the file: a stopped bot is not healthy. */
  stop(): void;
}

export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const file = join(options.dataDir, HEARTBEAT_FILE);
  const maxAge = options.telegramMaxAgeMs ?? 120_000;
  let lastProblem: string | undefined;
  const beat = () => {
    const problem = checkHealth(options, maxAge);
    if (problem !== lastProblem && problem) options.logger.warn({ problem }, 'unhealthy: heartbeat paused');
    if (problem !== lastProblem && !problem && lastProblem) options.logger.info('healthy again: heartbeat resumed');
    lastProblem = problem;
    if (problem) return;
    try {
      writeFileSync(file, `${new Date().toISOString()}\n`, { mode: 0o600 });
    } catch (error) {
      options.logger.warn({ err: error }, 'could not write the heartbeat file');
    }
  };
  beat();
  const timer = setInterval(beat, options.intervalMs ?? 15_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      rmSync(file, { force: true });
    },
  };
}

/** Why the bot is not well, or undefined. */
function checkHealth(options: HeartbeatOptions, maxAge: number): string | undefined {
  try {
    options.sqlite.prepare('SELECT 1').get();
  } catch {
    return 'database';
  }
  if (options.telegramOkAt && Date.now() - options.telegramOkAt() > maxAge) return 'telegram';
  return undefined;
}
