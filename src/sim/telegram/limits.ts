/**
 * Telegram's own flood limits, as an option of the fake: past them a call is answered
 * `429 Too Many Requests: retry after N` with `parameters.retry_after`, as Telegram does.
 * Only calls that post or change a message count (send*, copy*, forward*, edit*), as on Telegram;
 * a refused call costs nothing. Each limit is a token bucket: a burst, then a steady rate.
 */

/** The limits; every field is optional when given to the fake. */
export interface TelegramLimits {
  /** Messages per second across all chats (Telegram: about 30). */
  botPerSecond: number;
  /** Messages a private chat takes at once (3), then `privatePerSecond` (1). */
  privateBurst: number;
  privatePerSecond: number;
  /** Messages a group (or channel) takes at once, then `groupPerMinute` per minute (20). */
  groupBurst: number;
  groupPerMinute: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = { botPerSecond: 30, privateBurst: 3, privatePerSecond: 1, groupBurst: 20, groupPerMinute: 20 };

/** Methods that post or change a message: the ones Telegram's limits count. */
export function countsTowardLimits(method: string): boolean {
  return /^(send|copy|forward|edit)/i.test(method) && !/^sendchataction$/i.test(method);
}

class Bucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Ms until a token is there (0: now). */
  waitMs(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    this.at = now;
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perMs;
  }

  take(): void {
    this.tokens -= 1;
  }
}

/** Decides, call by call, whether Telegram would refuse it. */
export class FloodLimiter {
  private readonly limits: TelegramLimits;
  private readonly bot: Bucket;
  private readonly chats = new Map<string, Bucket>();

  constructor(
    limits: Partial<TelegramLimits>,
    private readonly now: () => number,
  ) {
    this.limits = { ...TELEGRAM_LIMITS, ...limits };
    this.bot = new Bucket(this.limits.botPerSecond, this.limits.botPerSecond / 1000, now());
  }

  /** `retry_after` in whole seconds when the call is over a limit; otherwise counts it and returns undefined. */
  take(method: string, chatId: unknown): number | undefined {
    if (!countsTowardLimits(method)) return undefined;
    const now = this.now();
    const chat = this.chatBucket(chatId, now);
    const wait = Math.max(this.bot.waitMs(now), chat?.waitMs(now) ?? 0);
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    this.bot.take();
    chat?.take();
    return undefined;
  }

  private chatBucket(chatId: unknown, now: number): Bucket | undefined {
    if (typeof chatId !== 'number' && typeof chatId !== 'string') return undefined;
    const key = String(chatId);
    let bucket = this.chats.get(key);
    if (!bucket) {
      const isPrivate = typeof chatId === 'number' ? chatId > 0 : /^\d+$/.test(chatId);
      bucket = isPrivate
        ? new Bucket(this.limits.privateBurst, this.limits.privatePerSecond / 1000, now)
        : new Bucket(this.limits.groupBurst, this.limits.groupPerMinute / 60_000, now);
      this.chats.set(key, bucket);
    }
    return bucket;
  }
}
