/**
 * Injected failures, so tests can watch the bot survive flood limits and a flaky Telegram:
 * the next N calls of a method (or of any method), or each call with a probability.
 */
import { SeededRandom } from '../seeded-random.js';

/** What an injected failure looks like on the wire. */
export type FailureSpec =
  /** `429 Too Many Requests: retry after X` with `parameters.retry_after`. */
  | { status: 429; retryAfter?: number }
  /** A 5xx; `html: true` answers with nginx's HTML page instead of JSON, as Telegram's edge sometimes does. */
  | { status: 500 | 502 | 503 | 504; html?: boolean; description?: string }
  /** A refusal, e.g. `{ status: 400, description: "Bad Request: message can't be deleted" }`. */
  | { status: 400 | 403; description: string }
  /** The connection is cut without an answer. */
  | { status: 'drop' };

interface CountedRule {
  spec: FailureSpec;
  remaining: number;
}

interface RandomRule {
  method: string;
  spec: FailureSpec;
  probability: number;
}

const ANY = '*';

/** Holds the failure rules and decides, call by call, whether to fail. */
export class FailureInjector {
  private readonly next = new Map<string, CountedRule[]>();
  private random: RandomRule[] = [];
  private rng: SeededRandom;

  constructor(seed = 1) {
    this.rng = new SeededRandom(seed);
  }

  /** Fails the next `count` calls of `method` (`'*'` for any method). */
  failNext(method: string, spec: FailureSpec, count = 1): void {
    const key = method.toLowerCase();
    const rules = this.next.get(key) ?? [];
    rules.push({ spec, remaining: count });
    this.next.set(key, rules);
  }

  /** Fails each call of `method` (`'*'` for any) with `probability`, from a seeded generator. */
  failRandomly(method: string, spec: FailureSpec, probability: number, seed?: number): void {
    if (seed !== undefined) this.rng = new SeededRandom(seed);
    this.random.push({ method: method.toLowerCase(), spec, probability });
  }

  /** Removes every rule. */
  clear(): void {
    this.next.clear();
    this.random = [];
  }

  /** The failure to answer this call with, if any; consumes counted rules. */
  take(method: string): FailureSpec | undefined {
    const key = method.toLowerCase();
    for (const candidate of [key, ANY]) {
      const rules = this.next.get(candidate);
      const rule = rules?.[0];
      if (rules !== undefined && rule !== undefined) {
        rule.remaining--;
        if (rule.remaining <= 0) rules.shift();
        return rule.spec;
      }
    }
    for (const rule of this.random) {
      if ((rule.method === key || rule.method === ANY) && this.rng.next() < rule.probability) return rule.spec;
    }
    return undefined;
  }
}

