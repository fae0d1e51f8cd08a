/**
 * When the heartbeat beats: while the database answers and Telegram answered lately; it pauses
 * (and says why, once) otherwise, and resumes when both are well again.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { startHeartbeat, type Heartbeat } from '../../src/heartbeat.js';
import { createLogger } from '../../src/logger.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits (up to 5 s) until `predicate` holds. */
async function until(predicate: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !predicate(); await sleep(10)) {
    if (Date.now() > deadline) throw new Error('timed out');
  }
}

describe('heartbeat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asb-heartbeat-'));
  let heartbeat: Heartbeat | undefined;
  afterEach(() => {
    heartbeat?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('beats while database and Telegram answer, pauses when either does not, resumes after', async () => {
    const database = openDatabase(join(dir, 'bot.sqlite'));
    const lines: string[] = [];
    const logger = createLogger('debug', new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) }));
    let telegramOkAt = Date.now();
    heartbeat = startHeartbeat({ dataDir: dir, sqlite: database.sqlite, telegramOkAt: () => telegramOkAt, logger, intervalMs: 20, telegramMaxAgeMs: 60_000 });
    const file = join(dir, 'heartbeat');
    const mtime = () => statSync(file).mtimeMs;
    expect(existsSync(file)).toBe(true);
    const first = mtime();
    await until(() => mtime() > first);

    // Telegram silent for longer than allowed: no more beats, one warning.
    telegramOkAt = Date.now() - 61_000;
    await sleep(40);
    const paused = mtime();
    await sleep(100);
    expect(mtime()).toBe(paused);
    expect(lines.filter((l) => l.includes('heartbeat paused') && l.includes('telegram'))).toHaveLength(1);

    telegramOkAt = Date.now();
    await until(() => mtime() > paused);

    // The database gone: no more beats.
    database.close();
    await sleep(40);
    const closed = mtime();
    await sleep(100);
    expect(mtime()).toBe(closed);
    expect(lines.some((l) => l.includes('heartbeat paused') && l.includes('database'))).toBe(true);

    heartbeat.stop();
    heartbeat = undefined;
    expect(existsSync(file)).toBe(false);
  });
});
