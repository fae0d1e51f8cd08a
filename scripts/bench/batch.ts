/** Sending a batch of share messages through a rig and measuring what came back. */
import { loadavg } from 'node:os';
import type { SimStats } from '../../src/sim/aliyun/index.js';
import { callDelta, splitOneTime, type Counts } from './calls.js';
import type { BenchUser, Rig } from './rig.js';
import type { BenchShare } from './shares.js';
import { distribution, ratePerSecond, type Distribution } from './stats.js';
import { classifyStatus, type TrackedRequest } from './tracker.js';

export interface PlannedSave {
  user: BenchUser;
  share: BenchShare;
}

export interface BatchResult {
  saves: number;
  /** Outcomes other than expected (✅ for live shares, not-✅ for dead links). */
  unexpected: number;
  unexpectedSample?: string;
  /** ms from the user's message to the final status text. */
  latency: Distribution;
  /**
   * Where the time goes: message → the job's first Aliyun call (Telegram delivery, the handler,
   * waiting in the queue), first call → outcome (the job itself); and message → "queued" status
   * message (sent beside the job, so off its path).
   */
  stages: { toStatus: Distribution; toJob: Distribution; inJob: Distribution };
  /** First message sent → last outcome. */
  spanMs: number;
  savesPerSecond: number;
  /** Aliyun calls during the batch, per-save endpoints and once-per-account endpoints. */
  perSave: Counts;
  oneTime: Counts;
  /** Calls by simulator account (user id, or "anonymous"). */
  byAccount: Counts;
  /** Share of one core each process used between the first message and the last outcome (0.95 = 95 %). */
  cpu: Record<string, number>;
  /** The span (ms) those CPU shares are measured over. */
  cpuSpanMs: number;
  /** The machine's 1-minute load average when the batch ended. */
  loadAverage: number;
  /** 429/5xx answers seen (there should be none: no faults are injected). */
  errors: number;
  requests: TrackedRequest[];
}

/** What sending returns before the outcomes are in. */
export interface SentBatch {
  plan: PlannedSave[];
  requests: TrackedRequest[];
  before: SimStats;
  cpuBefore: Record<string, number>;
}

/** Sends the planned messages: all at once (as fast as the fake takes them), or `spacingMs` apart. */
export async function sendBatch(rig: Rig, plan: PlannedSave[], spacingMs = 0): Promise<SentBatch> {
  const cpuBefore = await rig.cpuTimes();
  const before = rig.stats();
  const requests: TrackedRequest[] = [];
  for (const [i, p] of plan.entries()) {
    if (spacingMs > 0 && i > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
    requests.push(rig.send(p.user, p.share.text, p.share.shareId));
  }
  return { plan, requests, before, cpuBefore };
}

/**
 * Waits for every outcome, lets trailing calls land, and measures. Throws the rig's stall
 * error (with the count of finished saves) when `timeoutMs` passes first.
 */
export async function finishBatch(rig: Rig, sent: SentBatch, timeoutMs: number): Promise<BatchResult> {
  await rig.waitForOutcomes(sent.requests, timeoutMs, 'saves');
  const cpuAfter = await rig.cpuTimes();
  const cpuSpanMs = Date.now() - Math.min(...sent.requests.map((r) => r.sentAt));
  const cpu = Object.fromEntries(
    Object.entries(cpuAfter).map(([name, used]) => [name, (used - (sent.cpuBefore[name] ?? used)) / cpuSpanMs]),
  );
  // Calls made after the final edit (none expected) still count against the save.
  await new Promise((resolve) => setTimeout(resolve, rig.options.latencyMs * 2 + 150));
  const delta = callDelta(rig.stats(), sent.before);
  const { perSave, oneTime } = splitOneTime(delta.byPath);
  let unexpected = 0;
  let unexpectedSample: string | undefined;
  sent.requests.forEach((request, i) => {
    const want = sent.plan[i]?.share.expected;
    const got = classifyStatus(request.finalText ?? '');
    if ((want === 'saved') !== (got === 'saved')) {
      unexpected++;
      unexpectedSample ??= `${sent.plan[i]?.share.kind} share: ${request.finalText}`;
    }
  });
  const latencies = sent.requests.map((r) => (r.finalAt ?? Number.NaN) - r.sentAt);
  const span = (from: (r: TrackedRequest) => number | undefined, to: (r: TrackedRequest) => number | undefined) =>
    distribution(sent.requests.map((r) => (to(r) ?? Number.NaN) - (from(r) ?? Number.NaN)).filter(Number.isFinite));
  const firstSent = Math.min(...sent.requests.map((r) => r.sentAt));
  const lastFinal = Math.max(...sent.requests.map((r) => r.finalAt ?? Number.NaN));
  return {
    saves: sent.requests.length,
    unexpected,
    ...(unexpectedSample !== undefined ? { unexpectedSample } : {}),
    latency: distribution(latencies),
    stages: {
      toStatus: span((r) => r.sentAt, (r) => r.statusAt),
      toJob: span((r) => r.sentAt, (r) => r.startedAt),
      inJob: span((r) => r.startedAt, (r) => r.finalAt),
    },
    spanMs: lastFinal - firstSent,
    savesPerSecond: ratePerSecond(sent.requests.length, lastFinal - firstSent),
    perSave,
    oneTime,
    byAccount: delta.byAccount,
    cpu,
    cpuSpanMs,
    loadAverage: loadavg()[0] ?? 0,
    errors: delta.errors,
    requests: sent.requests,
  };
}

/** Sends and measures in one go. */
export async function runBatch(rig: Rig, plan: PlannedSave[], timeoutMs: number, spacingMs = 0): Promise<BatchResult> {
  return finishBatch(rig, await sendBatch(rig, plan, spacingMs), timeoutMs);
}
