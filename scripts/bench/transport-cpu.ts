/**
 * CPU per Aliyun call in the client (not wall time: the machine may be busy). The simulator runs
 * in a child process so its work is not counted; this process makes logged-in calls
 * (`listFiles`) and anonymous ones (`getShareInfo`) through the real AliyunClient, a few in
 * flight, and prints process.cpuUsage() per call.
 *
 *   npx tsx scripts/bench/transport-cpu.ts [calls=3000] [latencyMs=3] [inFlight=8]
 */
import { fork } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { AliyunClient, generateDevice } from '../../src/api/index.js';
import { createLogger } from '../../src/logger.js';
import { startAliyunSimulator } from '../../src/sim/aliyun/index.js';

interface SimReady {
  url: string;
  userUrl: string;
  userId: string;
  refreshToken: string;
  shareId: string;
}

if (process.argv[2] === '--sim') {
  const sim = await startAliyunSimulator({ port: 0, latencyMs: Number(process.argv[3] ?? 3) });
  const account = sim.addAccount({ nickName: 'bench' });
  const ready: SimReady = { url: sim.url, userUrl: sim.userUrl, userId: account.userId, refreshToken: account.refreshToken, shareId: sim.catalogue.folder.shareId };
  process.send?.(ready);
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
} else {
  const calls = Number(process.argv[2] ?? 3000);
  const latencyMs = process.argv[3] ?? '3';
  const inFlight = Number(process.argv[4] ?? 8);
  const child = fork(fileURLToPath(import.meta.url), ['--sim', latencyMs], { execArgv: ['--import', 'tsx'] });
  const ready = await new Promise<SimReady>((resolve) => child.once('message', (m) => resolve(m as SimReady)));

  // The app's own pino logger at info, writing nowhere: what production pays for its lines.
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  const client = new AliyunClient({
    apiUrl: ready.url,
    authUrl: ready.url,
    passportUrl: ready.url,
    userUrl: ready.userUrl,
    pace: { callsPerSecond: 0 },
    logger: createLogger('info', sink).child({ component: 'aliyun' }),
  });
  const session = client.session({ accountKey: ready.userId, refreshToken: ready.refreshToken, ...generateDevice() }, { onRefreshToken: () => undefined });
  const driveId = await session.targetDriveId();

  let next = 0;
  const one = (i: number): Promise<unknown> =>
    i % 2 === 0 ? session.listFiles(driveId, 'root') : client.getShareInfo(ready.shareId);
  async function run(total: number): Promise<void> {
    next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) await one(next++);
      }),
    );
  }

  await run(500); // warm-up: JIT, sockets, tokens
  const rounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    const before = process.cpuUsage();
    const wall = performance.now();
    await run(calls);
    const used = process.cpuUsage(before);
    const us = (used.user + used.system) / calls;
    rounds.push(us);
    process.stdout.write(
      `round ${round + 1}: ${us.toFixed(0)} µs CPU per call (user ${(used.user / calls).toFixed(0)}, system ${(used.system / calls).toFixed(0)}), ${((performance.now() - wall) / 1000).toFixed(1)} s wall\n`,
    );
  }
  rounds.sort((a, b) => a - b);
  process.stdout.write(`median ${rounds[1]?.toFixed(0)} µs CPU per call over ${calls} calls, ${inFlight} in flight, ${latencyMs} ms latency\n`);
  child.disconnect();
}
