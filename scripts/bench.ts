/**
 * `npm run bench`: end-to-end performance of the bot against the Aliyun simulator and the Bot
 * API fake, for each queue driver, printed as Markdown. See `npm run bench -- --help`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { parseBenchArgs, USAGE, type BenchArgs } from './bench/args.js';
import { cleanupAll, cleanupOnSignals } from './bench/cleanup.js';
import { BotDidNotStartError } from './bench/rig.js';
import { benchExtractor, type ExtractorResult } from './bench/extractor.js';
import { benchFollows, followsTable, type FollowsBenchResult } from './bench/follows.js';
import { describeMachine, loadAverage } from './bench/machine.js';
import { isReachable, withDatabase } from './bench/redis.js';
import { renderReport, type DriverReport } from './bench/report.js';
import {
  lightScenario,
  memoryScenario,
  paceScenario,
  fairnessScenario,
  telegramLimitsScenario,
  throughputScenario,
  workersScenario,
  type Driver,
  type RigBase,
} from './bench/scenarios.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function progress(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

/** The bot's own default for WORKER_CONCURRENCY (from its config schema, not a copy of it). */
function defaultConcurrency(): number {
  return loadConfig({ BOT_TOKEN: `1:${'x'.repeat(35)}` }).WORKER_CONCURRENCY;
}

/** Set when the bot cannot start at all; the remaining scenarios are skipped. */
let botBroken: BotDidNotStartError | undefined;

async function scenario<T>(report: DriverReport, name: string, run: () => Promise<T>): Promise<T | undefined> {
  if (botBroken) {
    report.errors.push({ scenario: name, message: `skipped: ${botBroken.message}` });
    return undefined;
  }
  const started = Date.now();
  progress(`[${report.driver}] ${name}…`);
  try {
    const result = await run();
    progress(`[${report.driver}] ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`[${report.driver}] ${name} FAILED: ${message}`);
    if (error instanceof BotDidNotStartError) {
      process.stderr.write(`${error.output}\n`);
      botBroken = error;
    }
    report.errors.push({ scenario: name, message });
    return undefined;
  } finally {
    // Anything a failed scenario left running (children, servers) goes now.
    await cleanupAll();
  }
}

async function benchDriver(driver: Driver, args: BenchArgs, redisUrl: string | undefined): Promise<DriverReport> {
  const concurrency = args.concurrency ?? defaultConcurrency();
  const base: RigBase = {
    repoRoot,
    driver,
    latencyMs: args.latencyMs,
    ...(redisUrl ? { redisUrl } : {}),
    ...(args.concurrency ? { workerConcurrency: args.concurrency } : {}),
    keepTemp: args.keepTemp,
    logLevel: args.botLogLevel,
    ...(args.botNodeArgs ? { nodeArgs: args.botNodeArgs } : {}),
    timeoutMs: args.timeoutMs,
    // Small runs make few calls per account; 1.5 s refills what a phase spends.
    ...(args.quick ? { refillMs: 1_500 } : {}),
  };
  const report: DriverReport = { driver, latencyMs: args.latencyMs, concurrency, errors: [] };
  const want = (name: string) => args.scenarios.has(name);
  if (want('light')) {
    const light = await scenario(report, `light load (${args.lightUsers} users × 1 share of each kind)`, () => lightScenario(base, args.lightUsers, args.lightSpacingMs));
    if (light) report.light = light;
  }
  if (want('throughput')) {
    const throughput = await scenario(report, `throughput (${args.users} users × ${args.sharesPerUser} file shares)`, () =>
      throughputScenario(base, args.users, args.sharesPerUser),
    );
    if (throughput) report.throughput = throughput;
  }
  if (want('memory')) {
    const memory = await scenario(report, `memory (${args.memorySaves} queued saves)`, () =>
      memoryScenario(base, args.memoryUsers, args.memorySaves, args.slowLatencyMs),
    );
    if (memory) report.memory = memory;
  }
  if (want('pace')) {
    const pace = await scenario(report, `pace (1 account × ${args.paceSaves} file shares at ${args.paceCallsPerSecond} calls/s)`, () =>
      paceScenario(base, args.paceSaves, args.paceCallsPerSecond),
    );
    if (pace) report.pace = pace;
  }
  if (want('fairness')) {
    const fairness = await scenario(report, `fairness (1 account × ${args.fairFlood} file shares, another user's saves meanwhile)`, () =>
      fairnessScenario(base, args.fairFlood, args.fairOther),
    );
    if (fairness) report.fairness = fairness;
  }
  if (want('telegram-limits')) {
    const limits = await scenario(report, `Telegram's limits (${args.tgUsers} users paste at once)`, () => telegramLimitsScenario(base, args.tgUsers));
    if (limits) report.telegramLimits = limits;
  }
  if (want('workers') && driver === 'bullmq') {
    const workers = await scenario(report, `BullMQ 1 vs 2 worker processes (${args.workersUsers} users × ${args.workersSharesPerUser} file shares)`, () =>
      workersScenario(base, args.workersUsers, args.workersSharesPerUser, args.workersLatencyMs),
    );
    if (workers) report.workers = workers;
  }
  return report;
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  cleanupOnSignals();
  const started = Date.now();
  const loadBefore = loadAverage();
  const drivers: DriverReport[] = [];
  const skippedDrivers: string[] = [];
  const driverScenarios = ['light', 'throughput', 'memory', 'pace', 'fairness', 'telegram-limits', 'workers'].some((s) => args.scenarios.has(s));

  if (driverScenarios && args.drivers.has('embedded')) drivers.push(await benchDriver('embedded', args, undefined));
  if (driverScenarios && args.drivers.has('bullmq')) {
    const redisUrl = withDatabase(args.redisUrl, args.redisDb);
    if (await isReachable(redisUrl)) drivers.push(await benchDriver('bullmq', args, redisUrl));
    else {
      skippedDrivers.push(`BullMQ skipped: no Redis answered at ${args.redisUrl} (start one, or set REDIS_URL / --redis-url).`);
      progress(skippedDrivers.at(-1) ?? '');
    }
  }

  let follows: FollowsBenchResult | undefined;
  if (args.scenarios.has('follows')) {
    progress(`follows (${args.follows} follows over ${args.followShares} shares, ${args.followRounds} rounds)…`);
    follows = await benchFollows(
      { follows: args.follows, shares: args.followShares, rounds: args.followRounds, accounts: 50, concurrency: 4, listCallsPerSecond: loadConfig({ BOT_TOKEN: `1:${'x'.repeat(35)}` }).FOLLOW_LIST_CALLS_PER_SECOND },
      progress,
    );
  }

  let extractor: ExtractorResult | undefined;
  if (args.scenarios.has('extractor')) {
    progress(`share-text extractor (${args.extractorCalls} calls)…`);
    extractor = benchExtractor(args.extractorCalls);
  }

  const markdown = renderReport({
    machine: describeMachine(),
    load: { before: loadBefore, after: loadAverage() },
    quick: args.quick,
    latencyMs: args.latencyMs,
    drivers,
    skippedDrivers,
    ...(extractor ? { extractor } : {}),
    ...(follows ? { follows: followsTable(follows) } : {}),
    durationMs: Date.now() - started,
  });
  process.stdout.write(markdown);
  if (args.out) writeFileSync(args.out, markdown);
  const failures = drivers.flatMap((d) => d.errors.map((e) => `[${d.driver}] ${e.scenario}: ${e.message}`));
  if (failures.length > 0) {
    process.stderr.write(`\n${failures.length} scenario(s) failed:\n${failures.join('\n\n')}\n`);
    return 1;
  }
  return 0;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await cleanupAll();
    process.exit(1);
  });
