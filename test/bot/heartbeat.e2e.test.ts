/**
 * The container health check: the running bot rewrites DATA_DIR/heartbeat (when it pauses is
 * pinned in test/deploy/heartbeat.test.ts); the Dockerfile's HEALTHCHECK command, run here as written
 * there, passes on a fresh file and fails on a stale or missing one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startE2E, type E2E } from '../helpers/e2e.js';

/** The HEALTHCHECK's CMD from the Dockerfile, as an argv. */
function healthcheckCommand(): string[] {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8').replace(/\\\n\s*/g, '');
  const line = dockerfile.split('\n').find((l) => l.startsWith('HEALTHCHECK '));
  const json = line?.slice(line.indexOf('CMD ') + 4);
  return JSON.parse(json ?? '[]') as string[];
}

describe('heartbeat and HEALTHCHECK', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { heartbeat: { intervalMs: 50 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const file = () => join(e2e.dataDir, 'heartbeat');
  const age = () => Date.now() - statSync(file()).mtimeMs;
  const healthcheck = () => {
    const [command, ...args] = healthcheckCommand();
    expect(command).toBe('node');
    return spawnSync(process.execPath, args, { env: { DATA_DIR: e2e.dataDir }, timeout: 10_000 }).status;
  };

  it('healthy while the bot runs: the file is rewritten and the HEALTHCHECK command passes', async () => {
    const { tg } = e2e;
    const u = e2e.newUser();
    tg.sendMessage({ from: u.user, text: '/help' });
    await tg.waitForBotMessage(u.chatId);
    await eventually(() => existsSync(file()) && age() < 1000, 5000, 'a fresh heartbeat');
    const first = statSync(file()).mtimeMs;
    await eventually(() => statSync(file()).mtimeMs > first, 5000, 'the next beat');
    expect(healthcheck()).toBe(0);
  });

  it('the health check fails on a stale or missing file', async () => {
    const old = new Date(Date.now() - 120_000);
    await e2e.app.stop(); // no more beats; the file is removed
    expect(existsSync(file())).toBe(false);
    expect(healthcheck()).not.toBe(0);
    writeFileSync(file(), 'x');
    utimesSync(file(), old, old);
    expect(healthcheck()).not.toBe(0);
    rmSync(file());
  });
});
