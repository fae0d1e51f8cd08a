/**
 * Fault injection: deterministic (`failNext`) and random (rates from the knobs, rolled on the
 * seeded fault stream). A fault is an error reply sent instead of — or, with `afterEffect`,
 * after — the real handling (the side effect happened, the answer is lost). A {@link LostAnswer}
 * loses the real answer without an error: the connection is reset, or the answer comes too late.
 */
import type { SeededRandom } from './ids.js';
import type { SimKnobs } from './knobs.js';
import type { Reply } from './route.js';

/** An error answer (or, with `afterEffect`, an error after the real handling). */
export interface ErrorFault {
  status: number;
  /** Error code; defaults by status (429 TooManyRequests, 5xx InternalError…); 502 without one = plain `Bad Gateway`. */
  code?: string;
  message?: string;
  /** Sent as `x-retry-after` (ms). */
  retryAfterMs?: number;
  /** Sent as `Retry-After` (s). */
  retryAfterSec?: number;
  /** Run the real handler first, then answer with the fault. */
  afterEffect?: boolean;
}

/**
 * The real handling runs (the copy happens), but its answer never arrives in time: `reset` closes
 * the connection without a word; `late` holds the real answer `afterMs` (past the client's timeout).
 */
export type LostAnswer = { lose: 'reset' } | { lose: 'late'; afterMs: number };

/** Answers 200 with `answer` instead of handling the call: a changed service (nothing happens). */
export interface ChangedAnswer {
  answer: unknown;
}

export type FaultSpec = ErrorFault | LostAnswer | ChangedAnswer;

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'AccessTokenInvalid',
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** The reply a fault produces. */
export function faultReply(spec: ErrorFault): Reply {
  const headers: Record<string, string> = {};
  if (spec.retryAfterMs !== undefined) headers['x-retry-after'] = String(spec.retryAfterMs);
  if (spec.retryAfterSec !== undefined) headers['retry-after'] = String(spec.retryAfterSec);
  if (spec.status === 502 && spec.code === undefined) return { status: 502, text: 'Bad Gateway', headers };
  const code = spec.code ?? DEFAULT_CODES[spec.status] ?? 'InternalError';
  return { status: spec.status, headers, body: { code, message: spec.message ?? `${code} (injected by the simulator)` } };
}

export class FaultInjector {
  private readonly queued: Array<{ path: string; spec: FaultSpec; remaining: number }> = [];
  injected = { rateLimited: 0, serverErrors: 0, scripted: 0 };

  constructor(
    private readonly random: SeededRandom,
    private readonly knobs: () => SimKnobs,
  ) {}

  /** The next `count` calls to `path` ("*" = any path) answer with `spec`. */
  failNext(path: string, spec: FaultSpec, count = 1): void {
    this.queued.push({ path, spec, remaining: count });
  }

  clear(): void {
    this.queued.length = 0;
  }

  /** A scripted fault for this call, if one is queued (consumes it). */
  takeScripted(path: string): FaultSpec | undefined {
    const entry = this.queued.find((q) => q.remaining > 0 && (q.path === path || q.path === '*'));
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining === 0) this.queued.splice(this.queued.indexOf(entry), 1);
    this.injected.scripted++;
    return entry.spec;
  }

  /** A random 429 or 5xx for this call, per the knobs' rates. */
  rollRandom(path: string): ErrorFault | undefined {
    const knobs = this.knobs();
    if (knobs.faultPaths && !knobs.faultPaths.includes(path)) return undefined;
    if (this.random.chance(knobs.rateLimitRate)) {
      this.injected.rateLimited++;
      const retryAfterMs = knobs.retryAfterMs;
      return {
        status: 429,
        code: this.random.pick(['TooManyRequests', 'ParamFlowException']),
        message: 'Too Many Requests',
        retryAfterMs,
        // Some answers also carry the standard header, in seconds.
        ...(this.random.chance(0.5) ? { retryAfterSec: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : {}),
      };
    }
    if (this.random.chance(knobs.serverErrorRate)) {
      this.injected.serverErrors++;
      return this.random.pick<ErrorFault>([{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }]);
    }
    return undefined;
  }
}
