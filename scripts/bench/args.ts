/** Command-line flags of `npm run bench`, with full and `--quick` defaults. */
import { parseArgs } from 'node:util';

export interface BenchArgs {
  quick: boolean;
  latencyMs: number;
  scenarios: Set<string>;
  drivers: Set<string>;
  lightUsers: number;
  lightSpacingMs: number;
  users: number;
  sharesPerUser: number;
  memorySaves: number;
  memoryUsers: number;
  slowLatencyMs: number;
  paceSaves: number;
  paceCallsPerSecond: number;
  fairFlood: number;
  fairOther: number;
  tgUsers: number;
  workersUsers: number;
  workersSharesPerUser: number;
  workersLatencyMs: number;
  concurrency: number | undefined;
  timeoutMs: number;
  extractorCalls: number;
  follows: number;
  followShares: number;
  followRounds: number;
  redisUrl: string;
  redisDb: number;
  keepTemp: boolean;
  botLogLevel: string;
  botNodeArgs: string | undefined;
  out: string | undefined;
  help: boolean;
}

export const ALL_SCENARIOS = ['light', 'throughput', 'memory', 'pace', 'fairness', 'telegram-limits', 'workers', 'extractor', 'follows'] as const;

export const USAGE = `npm run bench -- [flags]

Starts the Aliyun simulator and the Bot API fake, runs the bot as a child process against them
and prints a Markdown report. Exit code 1 only on errors (a stalled scenario, a crashed bot);
missed targets are marked in the table.

  --quick                  small sizes (~30 s per driver)
  --latency <ms>           simulated Aliyun latency per call (default 20)
  --only <list>            scenarios: ${ALL_SCENARIOS.join(',')} (default all)
  --drivers <list>         embedded,bullmq (default both; bullmq only when Redis answers)
  --light-users <n>        light load: users, one share each at a time (default 10)
  --light-spacing <ms>     light load: time between two users' messages (default 50; the burst row sends all at once)
  --users <n>              throughput: users (default 100)
  --shares-per-user <n>    throughput: file shares per user (default 5)
  --memory-saves <n>       memory: saves queued while the workers are slow (default 500)
  --memory-users <n>       memory: users sending them (default 100)
  --slow-latency <ms>      memory: Aliyun latency while the queue fills (default 3000)
  --pace-saves <n>         pace: file shares one account sends at once (default 30)
  --pace-cps <n>           pace: ALIYUN_CALLS_PER_SECOND (default 4)
  --fair-flood <n>         fairness: file shares one account sends at once (default 60)
  --fair-other <n>         fairness: file shares another user sends meanwhile, 1 s apart (default 10)
  --tg-users <n>           Telegram's limits: users pasting one share at once (default 300)
  --workers-users <n>      BullMQ 1 vs 2 processes: users (default 100)
  --workers-shares <n>     … file shares per user (default 5)
  --workers-latency <ms>   … Aliyun latency per call (default 100: job slots, not CPU, are the limit)
  --concurrency <n>        WORKER_CONCURRENCY for the bot (default: the bot's own default)
  --timeout <s>            per batch of saves before the scenario counts as stalled (default 180)
  --extractor-calls <n>    share-text extractor timings (default 5000)
  --follows <n>            follows: follows checked each round, in process (default 1000)
  --follow-shares <n>      … over this many distinct shares (default 200)
  --follow-rounds <n>      … check rounds (default 5)
  --redis-url <url>        default $REDIS_URL or redis://127.0.0.1:6379
  --redis-db <n>           database index the bench owns and flushes (default 13)
  --keep-temp              keep DATA_DIRs and child logs (their paths are printed)
  --bot-log-level <level>  LOG_LEVEL of the bot and worker processes (default warn)
  --bot-node-args=<s>   extra node flags for them, e.g. --bot-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"
  --out <file>             also write the report to this file
`;

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

function list(value: string | undefined, all: readonly string[], name: string): Set<string> {
  if (value === undefined) return new Set(all);
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((s) => !all.includes(s));
  if (unknown.length > 0) throw new Error(`--${name}: unknown ${unknown.join(', ')} (choose from ${all.join(', ')})`);
  return new Set(items);
}

/** Parses argv (without node and the script); throws with a readable message on bad flags. */
export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      latency: { type: 'string' },
      only: { type: 'string' },
      drivers: { type: 'string' },
      'light-users': { type: 'string' },
      'light-spacing': { type: 'string' },
      users: { type: 'string' },
      'shares-per-user': { type: 'string' },
      'memory-saves': { type: 'string' },
      'memory-users': { type: 'string' },
      'slow-latency': { type: 'string' },
      'pace-saves': { type: 'string' },
      'pace-cps': { type: 'string' },
      'fair-flood': { type: 'string' },
      'fair-other': { type: 'string' },
      'tg-users': { type: 'string' },
      'workers-users': { type: 'string' },
      'workers-shares': { type: 'string' },
      'workers-latency': { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'extractor-calls': { type: 'string' },
      follows: { type: 'string' },
      'follow-shares': { type: 'string' },
      'follow-rounds': { type: 'string' },
      'redis-url': { type: 'string' },
      'redis-db': { type: 'string' },
      'keep-temp': { type: 'boolean', default: false },
      'bot-log-level': { type: 'string' },
      'bot-node-args': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick ?? false;
  const q = (full: number, small: number) => (quick ? small : full);
  const concurrency = values.concurrency === undefined ? undefined : int(values.concurrency, 8, 'concurrency');
  return {
    quick,
    latencyMs: int(values.latency, 20, 'latency'),
    scenarios: list(values.only, ALL_SCENARIOS, 'only'),
    drivers: list(values.drivers, ['embedded', 'bullmq'], 'drivers'),
    lightUsers: int(values['light-users'], q(10, 5), 'light-users'),
    lightSpacingMs: int(values['light-spacing'], 50, 'light-spacing'),
    users: int(values.users, q(100, 20), 'users'),
    sharesPerUser: int(values['shares-per-user'], q(5, 3), 'shares-per-user'),
    memorySaves: int(values['memory-saves'], q(500, 100), 'memory-saves'),
    memoryUsers: int(values['memory-users'], q(100, 20), 'memory-users'),
    slowLatencyMs: int(values['slow-latency'], q(3000, 2000), 'slow-latency'),
    paceSaves: int(values['pace-saves'], q(30, 12), 'pace-saves'),
    paceCallsPerSecond: int(values['pace-cps'], 4, 'pace-cps'),
    fairFlood: int(values['fair-flood'], q(60, 30), 'fair-flood'),
    fairOther: int(values['fair-other'], q(10, 5), 'fair-other'),
    tgUsers: int(values['tg-users'], q(300, 30), 'tg-users'),
    workersUsers: int(values['workers-users'], q(100, 20), 'workers-users'),
    workersSharesPerUser: int(values['workers-shares'], q(5, 3), 'workers-shares'),
    workersLatencyMs: int(values['workers-latency'], 100, 'workers-latency'),
    concurrency: concurrency === 0 ? undefined : concurrency,
    timeoutMs: int(values.timeout, q(180, 60), 'timeout') * 1000,
    extractorCalls: int(values['extractor-calls'], q(5000, 1000), 'extractor-calls'),
    follows: int(values.follows, q(1000, 200), 'follows'),
    followShares: int(values['follow-shares'], q(200, 40), 'follow-shares'),
    followRounds: int(values['follow-rounds'], q(5, 3), 'follow-rounds'),
    redisUrl: values['redis-url'] ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisDb: int(values['redis-db'], 13, 'redis-db'),
    keepTemp: values['keep-temp'] ?? false,
    botLogLevel: values['bot-log-level'] ?? 'warn',
    botNodeArgs: values['bot-node-args'],
    out: values.out,
    help: values.help ?? false,
  };
}
