/**
 * Jobs survive their worker process: a job held by a killed worker resumes and completes exactly
 * once. For the embedded queue also: a frozen holder loses the job when its lock expires, and a
 * live one keeps it however long the job runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { availableDrivers, embeddedDriver, sleep, waitFor, type QueueHarness } from './harness.js';

const fixture = fileURLToPath(new URL('./fixtures/queue-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const drivers = await availableDrivers();

let dir: string;
let runsFile: string;
let harness: QueueHarness | undefined;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asb-crash-'));
  runsFile = join(dir, 'runs.log');
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    // The child leads its own process group (npx → tsx → node): end all of it.
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await harness?.cleanup();
  harness = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the fixture worker; `started` resolves with the pid of the process running the job. */
function startChildWorker(options: { holdMs?: number; lockDurationMs?: number; stalledIntervalMs?: number }) {
  const child = spawn('npx', ['tsx', fixture, JSON.stringify({ ...harness!.location, runsFile, ...options })], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.includes('"started"'));
      if (line) resolve((JSON.parse(line) as { pid: number }).pid);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting the job`)));
  });
  return { started, exited };
}

function runLog(): string[] {
  return existsSync(runsFile) ? readFileSync(runsFile, 'utf8').trim().split('\n') : [];
}

describe.each(drivers.map((driver) => [driver.name, driver] as const))('a %s worker killed mid-job', (_name, driver) => {
  it('leaves a job that the next worker resumes and completes exactly once, without spending an attempt', async () => {
    harness = driver.setup();
    const queue = harness.make<{ n: number }>({ stalledIntervalMs: 300 });
    await queue.add('save-1', { n: 1 }, { attempts: 1 });
    // Embedded: the default 30 s lock, so only start-up recovery explains a quick resume.
    // BullMQ: any worker's stalled check blocks the others' for one interval, so keep it short everywhere.
    const child = startChildWorker(driver.name === 'bullmq' ? { lockDurationMs: 1000, stalledIntervalMs: 300 } : {});
    const childPid = await child.started;
    process.kill(childPid, 'SIGKILL');
    await child.exited;
    expect((await queue.counts()).active).toBe(1); // still marked as held by the dead process

    const restartedAt = Date.now();
    const seen: number[] = [];
    await queue.startWorker(async (job) => {
      seen.push(job.attemptsMade);
    });
    await waitFor(async () => (await queue.counts()).completed === 1, 10_000, 'the resumed job');
    expect(Date.now() - restartedAt).toBeLessThan(5000);
    await sleep(300);
    expect(seen).toEqual([0]);
    expect(runLog()).toEqual([`start save-1 0 ${childPid}`]);
    expect(await queue.counts()).toEqual({ completed: 1, active: 0, waiting: 0, delayed: 0, failed: 0 });
  });
});

describe.each(drivers.map((driver) => [driver.name, driver] as const))('a %s job that keeps killing its worker', (_name, driver) => {
  it('is given up after 3 interrupted runs, handed to onAbandoned, and never run again', async () => {
    harness = driver.setup();
    const queue = harness.make<{ n: number }>({ stalledIntervalMs: 300, lockDurationMs: 1000 });
    await queue.add('crasher', { n: 7 });
    const childOptions = driver.name === 'bullmq' ? { lockDurationMs: 1000, stalledIntervalMs: 300 } : {};
    // Three workers in turn take the job and die with it (as a job that crashes Node would).
    for (let run = 0; run < 3; run++) {
      const child = startChildWorker(childOptions);
      process.kill(await child.started, 'SIGKILL');
      await child.exited;
    }
    expect(runLog().filter((line) => line.startsWith('start crasher'))).toHaveLength(3);

    const ran: string[] = [];
    const abandoned: Array<{ id: string; data: { n: number } }> = [];
    await queue.startWorker(async (job) => {
      ran.push(job.id);
    }, { onAbandoned: async (job) => void abandoned.push(job) });
    await waitFor(() => abandoned.length === 1, 10_000, 'the job to be given up');
    expect(abandoned).toEqual([{ id: 'crasher', data: { n: 7 } }]);
    await sleep(500);
    expect(ran).toEqual([]);
    expect(await queue.counts()).toMatchObject({ failed: 1, active: 0, waiting: 0, delayed: 0 });
  }, 90_000); // three worker processes start cold (npx tsx), each several seconds on a busy machine
});

describe('embedded queue locks', () => {
  it('a frozen worker loses its job once the lock expires, not before', async () => {
    harness = embeddedDriver.setup();
    const queue = harness.make<{ n: number }>({ pollIntervalMs: 50 });
    await queue.add('save-1', { n: 1 });
    const child = startChildWorker({ lockDurationMs: 1500 });
    const childPid = await child.started;
    process.kill(childPid, 'SIGSTOP'); // alive but silent: no more heartbeats

    let ranAt = 0;
    await queue.startWorker(async () => {
      ranAt = Date.now();
    });
    await sleep(300);
    expect(ranAt).toBe(0); // a live process's lock is respected
    await waitFor(async () => (await queue.counts()).completed === 1, 10_000, 'the reclaimed job');
    process.kill(childPid, 'SIGKILL');
  });

  it('a live worker keeps a job that runs longer than its lock, thanks to the heartbeat', async () => {
    harness = embeddedDriver.setup();
    const queue = harness.make<{ n: number }>({ pollIntervalMs: 50 });
    await queue.add('save-1', { n: 1 });
    const child = startChildWorker({ lockDurationMs: 300, holdMs: 1500 });
    const childPid = await child.started;

    let parentRuns = 0;
    await queue.startWorker(async () => {
      parentRuns += 1;
    });
    await child.exited;
    await waitFor(async () => (await queue.counts()).completed === 1, 5000, 'the child to complete the job');
    expect(parentRuns).toBe(0);
    expect(runLog()).toEqual([`start save-1 0 ${childPid}`, `done save-1 ${childPid}`]);
  });
});
