/**
 * The benchmark scenarios. Each starts its own rig (fresh bot process, fresh fakes), so one
 * scenario's queue or memory never colours the next.
 */
import { DEFAULT_PACE } from '../../src/api/pace.js';
import { runBatch, sendBatch, finishBatch, type BatchResult, type PlannedSave } from './batch.js';
import { callDelta, splitOneTime, sumCounts, total, type Counts } from './calls.js';
import { idleProcessRss, importCode, prebuild } from './child.js';
import { Rig, type BenchUser, type RigOptions } from './rig.js';
import { criticalCalls, criticalRoundTrips, makeShare, SHARE_KINDS, type ShareKind } from './shares.js';
import { chatOutcomeRate, pacedSaveRate, ratePerSecond } from './stats.js';

/** The simulator's default number of `Running` answers before an async copy ends. */
export const ASYNC_TASK_POLLS = 2;
/** Time for an account's token bucket to refill (4 calls/s, burst 8) between phases of saves. */
const REFILL_MS = 2_500;

export type Driver = 'embedded' | 'bullmq';

/** What every scenario of one driver shares. */
export interface RigBase {
  repoRoot: string;
  driver: Driver;
  latencyMs: number;
  redisUrl?: string;
  workerConcurrency?: number;
  keepTemp: boolean;
  logLevel: string;
  nodeArgs?: string;
  /** Per batch of saves. */
  timeoutMs: number;
  /** Pause between the light-load phases (default 2.5 s: the burst of 8 calls refilled). */
  refillMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rigOptions(base: RigBase, label: string, extra: Partial<RigOptions> = {}): RigOptions {
  return {
    repoRoot: base.repoRoot,
    latencyMs: base.latencyMs,
    label: `${base.driver}-${label}`,
    keepTemp: base.keepTemp,
    logLevel: base.logLevel,
    ...(base.nodeArgs ? { nodeArgs: base.nodeArgs } : {}),
    ...(base.driver === 'bullmq' && base.redisUrl ? { redisUrl: base.redisUrl } : {}),
    ...(base.workerConcurrency ? { workerConcurrency: base.workerConcurrency } : {}),
    ...extra,
  };
}

async function withRig<T>(options: RigOptions, body: (rig: Rig) => Promise<T>): Promise<T> {
  const rig = await Rig.start(options);
  let failed = true;
  try {
    const result = await body(rig);
    failed = false;
    return result;
  } finally {
    await rig.close(failed);
  }
}

/** Logs users in and returns them with the calls the logins made. */
async function login(rig: Rig, count: number, timeoutMs: number): Promise<{ users: BenchUser[]; calls: Counts }> {
  const before = rig.stats();
  const users = await rig.loginUsers(count, timeoutMs);
  await sleep(rig.options.latencyMs * 2 + 100);
  return { users, calls: callDelta(rig.stats(), before).byPath };
}

function plan(rig: Rig, users: BenchUser[], kind: ShareKind, perUser: number, tag: string): PlannedSave[] {
  const out: PlannedSave[] = [];
  // Round-robin over users, as messages from many people arrive interleaved.
  for (let round = 0; round < perUser; round++) {
    users.forEach((user, i) => out.push({ user, share: makeShare(rig.sim, kind, `${tag}-${kind}-u${i}-r${round}`) }));
  }
  return out;
}

// ───────────────────────────── light load ─────────────────────────────

export interface LightPhase {
  /** `burst`: file shares, every user's message at the same instant; `fresh-process`: the bot's first saves; `first-file`: other accounts' first, in a warm bot. */
  kind: ShareKind | 'first-file' | 'burst' | 'fresh-process';
  /** The answers the save waits for one after another (see criticalRoundTrips), at the simulator's latency. */
  criticalMs: number;
  /** The floor's calls one after another: the critical path as issue #20 counted it (3 × 20 ms for a file). */
  callsInRowMs: number;
  result: BatchResult;
}

export interface LightResult {
  users: number;
  /** Time between two users' messages in every phase but the burst. */
  spacingMs: number;
  phases: LightPhase[];
  /** Calls per account made once: login, device session, target folder. */
  oneTimePerAccount: Counts;
}

/**
 * U users each send one share, `spacingMs` apart (people do not type in the same millisecond):
 * first a file share — the first saves of the freshly started bot, which pay once for compiling
 * the save's code paths, opening connections and the GC after the logins (not counted in the
 * steady numbers) — then one of each kind, then a burst: a file share from every user at the same
 * instant. Last, U other users, logged in at the start, save their first file share: the first
 * save of a cold account in a bot that has served others, as a new user meets it. A pause
 * between phases keeps the per-account pace out of the numbers.
 */
export async function lightScenario(base: RigBase, users: number, spacingMs: number): Promise<LightResult> {
  return withRig(rigOptions(base, 'light'), async (rig) => {
    const logged = await login(rig, users * 2, base.timeoutMs);
    const [regulars, newcomers] = [logged.users.slice(0, users), logged.users.slice(users)];
    const phases: LightPhase[] = [];
    // Everything a login calls happens once per account.
    let oneTime: Counts = { ...logged.calls };
    const kinds: Array<LightPhase['kind']> = ['fresh-process', ...SHARE_KINDS, 'burst', 'first-file'];
    for (const kind of kinds) {
      await sleep(base.refillMs ?? REFILL_MS);
      const shareKind: ShareKind = kind === 'first-file' || kind === 'burst' || kind === 'fresh-process' ? 'file' : kind;
      const spacing = kind === 'burst' ? 0 : spacingMs;
      const who = kind === 'first-file' ? newcomers : regulars;
      const result = await runBatch(rig, plan(rig, who, shareKind, 1, `light-${kind}`), base.timeoutMs, spacing);
      oneTime = sumCounts(oneTime, result.oneTime);
      phases.push({
        kind,
        criticalMs: criticalRoundTrips(shareKind, ASYNC_TASK_POLLS) * base.latencyMs,
        callsInRowMs: criticalCalls(shareKind, ASYNC_TASK_POLLS) * base.latencyMs,
        result,
      });
    }
    const perAccount = Object.fromEntries(Object.entries(oneTime).map(([k, v]) => [k, v / (users * 2)]));
    return { users, spacingMs, phases, oneTimePerAccount: perAccount };
  });
}

// ───────────────────────────── throughput ─────────────────────────────

export interface ThroughputResult {
  users: number;
  sharesPerUser: number;
  concurrency: number | undefined;
  result: BatchResult;
  /** The simulator's latency per Aliyun call. */
  callLatencyMs: number;
  memory: ThroughputMemory;
  /**
   * The copies themselves: first message → the last save's last Aliyun call. Outcomes come
   * later, at the pace Telegram allows a bot (~30 messages/s, 1/s per private chat after 3).
   */
  copies: { spanMs: number; perSecond: number };
}

/** Resident memory while the throughput batch ran, sampled every 50 ms (bytes). */
export interface ThroughputMemory {
  /** Started with `npm start` (so the tree holds npm and its shell), or node directly. */
  viaNpm: boolean;
  /** Highest sum of VmRSS over the bot's process tree, and the processes in it. */
  treePeak: number;
  treeProcesses: number;
  /** Highest tree memory with the pages its processes share counted once (see treeMemoryOf). */
  treeSharedOncePeak: number;
  /** The bot's node process: highest VmRSS sampled, and its VmHWM (peak over its whole life). */
  botPeak: number;
  botHwm: number;
  /** Before the batch, after the logins. */
  botIdle: number;
  treeIdle: number;
  treeSharedOnceIdle: number;
}

/** Samples the bot's memory until `stop` is called; resolves with the peaks. */
function sampleMemory(rig: Rig): { stop: () => Promise<Omit<ThroughputMemory, 'viaNpm' | 'botIdle' | 'treeIdle' | 'treeSharedOnceIdle'>> } {
  let treePeak = 0;
  let treeProcesses = 0;
  let treeSharedOncePeak = 0;
  let botPeak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const [tree, bot] = await Promise.all([rig.botTreeMemory(), rig.botMemory()]);
      if (tree.rss > treePeak) [treePeak, treeProcesses] = [tree.rss, tree.processes];
      treeSharedOncePeak = Math.max(treeSharedOncePeak, tree.sharedOnce);
      botPeak = Math.max(botPeak, bot?.rss ?? 0);
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const hwm = (await rig.botMemory())?.peak ?? Number.NaN;
      return { treePeak, treeProcesses, treeSharedOncePeak, botPeak, botHwm: hwm };
    },
  };
}

/**
 * U users each send N file shares at once; saves per second end to end, the bot's CPU per save,
 * and the memory of the tree `npm start` runs (the bot is started through npm here, as a user does).
 */
export async function throughputScenario(base: RigBase, users: number, sharesPerUser: number, label = 'throughput', extra: Partial<RigOptions> = {}): Promise<ThroughputResult> {
  // Node refuses --cpu-prof and V8 flags in NODE_OPTIONS: with --bot-node-args the bot is started directly.
  const options = rigOptions(base, label, { viaNpm: !base.nodeArgs, ...extra });
  return withRig(options, async (rig) => {
    const logged = await login(rig, users, base.timeoutMs);
    await sleep(REFILL_MS);
    const [treeIdle, botIdle] = await Promise.all([rig.botTreeMemory(), rig.botMemory()]);
    const sampler = sampleMemory(rig);
    const result = await runBatch(rig, plan(rig, logged.users, 'file', sharesPerUser, label), base.timeoutMs);
    const peaks = await sampler.stop();
    const memory = { viaNpm: options.viaNpm ?? false, botIdle: botIdle?.rss ?? Number.NaN, treeIdle: treeIdle.rss, treeSharedOnceIdle: treeIdle.sharedOnce, ...peaks };
    const lastCallAt = new Map<string, number>();
    for (const c of rig.sim.calls()) if (c.shareId) lastCallAt.set(c.shareId, Math.max(lastCallAt.get(c.shareId) ?? 0, c.at));
    const firstSent = Math.min(...result.requests.map((r) => r.sentAt));
    const copiesSpanMs = Math.max(...result.requests.map((r) => lastCallAt.get(r.shareId) ?? Number.NaN)) - firstSent;
    const copies = { spanMs: copiesSpanMs, perSecond: (result.requests.length / copiesSpanMs) * 1000 };
    return { users, sharesPerUser, concurrency: base.workerConcurrency, result, callLatencyMs: extra.latencyMs ?? base.latencyMs, memory, copies };
  });
}

// ───────────────────────────── memory ─────────────────────────────

export interface MemoryResult {
  saves: number;
  /** Saves without an outcome when memory was sampled (queued or running). */
  waitingAtSample: number;
  idleRss?: number;
  /**
   * Idle processes for comparison: bare Node, plain Node importing the bundled src/app.ts (the
   * code `npm start` loads), Node + tsx importing src/app.ts from source (the dev path).
   */
  floor: { node?: number; app?: number; tsxApp?: number };
  /** Highest VmRSS sampled while the queue was full. */
  fullRss?: number;
  /** VmHWM: the process's peak resident set, over its whole life up to the sample. */
  peakRss?: number;
  /** The same saves once the simulator was fast again. */
  drained: BatchResult;
  slowLatencyMs: number;
}

/**
 * Fills the queue: the simulator turns slow so the workers barely move, users send S file
 * shares, and once every one has its "queued" status the bot's memory is sampled. Then the
 * simulator is fast again and the queue drains (every save must still succeed).
 */
export async function memoryScenario(base: RigBase, users: number, saves: number, slowLatencyMs: number): Promise<MemoryResult> {
  return withRig(rigOptions(base, 'memory'), async (rig) => {
    const logged = await login(rig, users, base.timeoutMs);
    await sleep(500);
    const idle = await rig.botMemory();
    rig.sim.setKnobs({ latencyMs: slowLatencyMs });
    const perUser = Math.ceil(saves / users);
    const planned = plan(rig, logged.users, 'file', perUser, 'memory').slice(0, saves);
    const sent = await sendBatch(rig, planned);
    await rig.waitFor(
      () => sent.requests.every((r) => r.statusMessageId !== undefined),
      base.timeoutMs,
      () => `${sent.requests.filter((r) => r.statusMessageId !== undefined).length}/${sent.requests.length} saves queued`,
      'every save to be queued',
    );
    let fullRss = 0;
    for (let i = 0; i < 20; i++) {
      fullRss = Math.max(fullRss, (await rig.botMemory())?.rss ?? 0);
      await sleep(100);
    }
    rig.tracker.poll();
    const waitingAtSample = sent.requests.filter((r) => r.finalAt === undefined).length;
    const peak = await rig.botMemory();
    rig.sim.setKnobs({ latencyMs: base.latencyMs });
    const drained = await finishBatch(rig, sent, base.timeoutMs + slowLatencyMs * 4);
    const floor = await memoryFloor(base.repoRoot);
    return {
      saves: planned.length,
      waitingAtSample,
      floor,
      ...(idle ? { idleRss: idle.rss } : {}),
      ...(fullRss > 0 ? { fullRss } : {}),
      ...(peak ? { peakRss: peak.peak } : {}),
      drained,
      slowLatencyMs,
    };
  });
}

let floorProbe: Promise<MemoryResult['floor']> | undefined;

/** The idle-process probes do not depend on the queue driver: measured once per run. */
function memoryFloor(repoRoot: string): Promise<MemoryResult['floor']> {
  floorProbe ??= (async () => ({
    node: await idleProcessRss(repoRoot, 'void 0', false),
    app: await idleProcessRss(repoRoot, importCode(repoRoot, prebuild(repoRoot, ['src/app.ts'])[0]!), false),
    tsxApp: await idleProcessRss(repoRoot, importCode(repoRoot, 'src/app.ts'), true),
  }))();
  return floorProbe;
}

// ───────────────────────────── per-account pace ─────────────────────────────

export interface PaceResult {
  saves: number;
  callsPerSecond: number;
  burst: number;
  /**
   * Calls per save, all paced: the job makes every call through the account's session, share
   * info and share token included (anonymous on the wire, paced per account all the same).
   */
  callsPerSave: number;
  /** Saves per second, first message → last outcome. */
  measuredRate: number;
  /** callsPerSecond / callsPerSave: the long-run bound of one account. */
  steadyBound: number;
  /** The account's pace bound for this many saves sent at once, the initial burst included. */
  boundWithBurst: number;
  /** Telegram's bound for telling one private chat this many outcomes (3, then 1/s). */
  chatBound: number;
  result: BatchResult;
}

/** One account sends N file shares at once: its token bucket sets the pace. */
export async function paceScenario(base: RigBase, saves: number, callsPerSecond: number): Promise<PaceResult> {
  return withRig(rigOptions(base, 'pace', { callsPerSecond }), async (rig) => {
    const logged = await login(rig, 1, base.timeoutMs);
    // A first save makes the account's once-only calls (device session, target folder) out of sight.
    await runBatch(rig, plan(rig, logged.users, 'file', 1, 'pace-warmup'), base.timeoutMs);
    await sleep(REFILL_MS + 500);
    const result = await runBatch(rig, plan(rig, logged.users, 'file', saves, 'pace'), base.timeoutMs);
    const callsPerSave = (total(result.perSave) + total(result.oneTime)) / saves;
    const burst = DEFAULT_PACE.burst;
    return {
      saves,
      callsPerSecond,
      burst,
      callsPerSave,
      measuredRate: result.savesPerSecond,
      steadyBound: callsPerSave > 0 ? callsPerSecond / callsPerSave : Number.NaN,
      boundWithBurst: callsPerSave > 0 ? pacedSaveRate(saves, callsPerSave, callsPerSecond, burst) : Number.NaN,
      chatBound: chatOutcomeRate(saves),
      result,
    };
  });
}

// ───────────────────────────── fairness ─────────────────────────────

export interface FairnessResult {
  floodSaves: number;
  /** The other user's saves, sent one a second while the flood is queued. */
  other: BatchResult;
  /** The flooding account's saves, end to end. */
  flood: BatchResult;
  /** Flood saves still without an outcome when the other user's last save ended. */
  floodLeft: number;
}

/**
 * One account sends F file shares at once; a second later another user starts sending one
 * share a second. The other user's latency must not depend on the flood: accounts are served
 * in turn, and a paced account waits outside the worker slots.
 */
export async function fairnessScenario(base: RigBase, floodSaves: number, otherSaves: number): Promise<FairnessResult> {
  return withRig(rigOptions(base, 'fairness'), async (rig) => {
    const logged = await login(rig, 2, base.timeoutMs);
    const [flooder, other] = logged.users;
    if (!flooder || !other) throw new Error('fairness: two users were not logged in');
    // Both accounts' once-only calls (device session, target folder) out of sight.
    await runBatch(rig, plan(rig, logged.users, 'file', 1, 'fair-warmup'), base.timeoutMs);
    await sleep(REFILL_MS);
    const flood = await sendBatch(rig, plan(rig, [flooder], 'file', floodSaves, 'fair-flood'));
    await sleep(1_000);
    const others = await runBatch(rig, plan(rig, [other], 'file', otherSaves, 'fair-other'), base.timeoutMs, 1_000);
    const otherDoneAt = Math.max(...others.requests.map((r) => r.finalAt ?? Number.NaN));
    const floodLeft = flood.requests.filter((r) => r.finalAt === undefined || r.finalAt > otherDoneAt).length;
    const floodDone = await finishBatch(rig, flood, base.timeoutMs);
    return { floodSaves, other: others, flood: floodDone, floodLeft };
  });
}

// ───────────────────────────── BullMQ: one vs two processes ─────────────────────────────

export interface WorkersRun {
  processes: number;
  throughput: ThroughputResult;
}

/** The same load with the bot alone, then with the bot plus one `npm run worker` process. */
export async function workersScenario(base: RigBase, users: number, sharesPerUser: number, latencyMs: number): Promise<WorkersRun[]> {
  const runs: WorkersRun[] = [];
  for (const processes of [1, 2]) {
    const throughput = await throughputScenario({ ...base, latencyMs }, users, sharesPerUser, `workers-${processes}`, { processes, latencyMs });
    runs.push({ processes, throughput });
  }
  return runs;
}

/** Saves per second a process can reach when concurrency and latency are the only limits. */
export function concurrencyBound(concurrency: number, callsPerSave: number, latencyMs: number): number {
  return ratePerSecond(concurrency, callsPerSave * latencyMs);
}

// ───────────────────────────── Telegram's limits ─────────────────────────────

export interface TelegramLimitsResult {
  users: number;
  result: BatchResult;
  /** Message → the share's last Aliyun call (the copy done), per save. */
  copyDone: number[];
  /** Saves without an outcome at the end (must be 0). */
  lost: number;
  /** 429s Telegram answered, and calls repeated before their retry_after (must be 0). */
  refused: number;
  repeatedEarly: number;
  /** One message per save at ~30 messages/s: the least time to the last outcome. */
  floorMs: number;
}

/** U users each paste one file share at the same instant, with Telegram's limits on in the fake. */
export async function telegramLimitsScenario(base: RigBase, users: number): Promise<TelegramLimitsResult> {
  return withRig(rigOptions(base, 'tg-limits', { telegramLimits: true }), async (rig) => {
    const logged = await login(rig, users, base.timeoutMs);
    await sleep(REFILL_MS);
    const callsBefore = rig.tg.calls().length;
    const result = await runBatch(rig, plan(rig, logged.users, 'file', 1, 'tg-limits'), base.timeoutMs);
    const simCalls = rig.sim.calls();
    const copyDone = result.requests.map((r) => {
      const last = Math.max(...simCalls.filter((c) => c.shareId === r.shareId).map((c) => c.at));
      return last - r.sentAt;
    });
    const calls = rig.tg.calls().slice(callsBefore);
    const identity = (c: (typeof calls)[number]) => JSON.stringify([c.method, String(c.params['chat_id']), c.params['message_id'] ?? null, c.params['text'] ?? null]);
    let repeatedEarly = 0;
    const refused = calls.filter((c) => c.status === 429);
    for (const no of refused) {
      const seconds = Number(/retry after (\d+)/.exec(no.error?.description ?? '')?.[1] ?? 0);
      repeatedEarly += calls.filter((c) => c.seq > no.seq && identity(c) === identity(no) && c.at < no.at + seconds * 1000).length;
    }
    return {
      users,
      result,
      copyDone,
      lost: result.requests.filter((r) => r.finalAt === undefined).length,
      refused: refused.length,
      repeatedEarly,
      floorMs: (users / 30) * 1000,
    };
  });
}
