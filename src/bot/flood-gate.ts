/**
 * Spends Telegram's message budget in order of what matters, and never gives up on a 429.
 *
 * Every call that posts or changes a message waits here for its turn: the bot-wide budget
 * (~30/s), its chat's (a burst of 3 then ~1/s in a private chat, ~20/min in a group), and any
 * `retry_after` Telegram named for that chat. Among the calls waiting, the more urgent go first:
 * replies and outcomes, then status messages, then progress edits — so under load progress waits
 * (and is cancelled when its outcome comes) while outcomes keep moving. A 429 puts the call back
 * at the head of its class until its `retry_after` is over: a call is never repeated sooner, and
 * never dropped for being refused.
 *
 * The class of a call comes with the AbortSignal grammY takes as every method's last argument
 * (`sendAs`), so call sites keep grammY's ordinary API; calls without one go first. (Not an
 * AsyncLocalStorage: on Node 20 it hooks every promise the process makes, a few percent of the
 * bot's CPU.)
 */
import type { RawApi, Transformer } from 'grammy';

/** How urgent a call is: `now` (replies, outcomes), `status` (a save's status message), `progress`. */
export type SendClass = 'now' | 'status' | 'progress';

const RANK: Record<SendClass, number> = { now: 0, status: 1, progress: 2 };

/** The limits the gate keeps to (Telegram's published ones by default). */
export interface GateLimits {
  botPerSecond: number;
  privateBurst: number;
  privatePerSecond: number;
  groupBurst: number;
  groupPerMinute: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = { botPerSecond: 30, privateBurst: 3, privatePerSecond: 1, groupBurst: 20, groupPerMinute: 20 };

/**
 * Rates are kept a little under the limits: our clock and Telegram's count from different
 * moments, and a 429 costs a whole second.
 */
const MARGIN = 0.95;

/** A call cancelled while it waited for its turn: it was never sent. */
export class SendCancelledError extends Error {
  constructor() {
    super('cancelled before it was sent');
    this.name = 'SendCancelledError';
  }
}

interface SendTag {
  sendClass: SendClass;
  cancel?: AbortSignal;
}

/** The signal type grammY's methods take (its own AbortSignal typing). */
export type ApiSignal = NonNullable<Parameters<Transformer<RawApi>>[3]>;

/** What each `sendAs` signal tells the gate. */
const signalTags = new WeakMap<object, SendTag>();
/** Signals that only name a class: nothing ever aborts them. */
const classSignals = Object.fromEntries(
  (Object.keys(RANK) as SendClass[]).map((sendClass) => {
    const signal = new AbortController().signal;
    signalTags.set(signal, { sendClass });
    return [sendClass, signal];
  }),
) as Record<SendClass, AbortSignal>;
/** The tags of the calls under way, by payload (the one object every transformer passes on). */
const payloadTags = new WeakMap<object, SendTag>();

/**
 * The signal to give a Bot API call (its last argument) so that it goes as `sendClass`; with
 * `cancel`, a call still waiting for its turn when `cancel` aborts is never sent (it rejects with
 * {@link SendCancelledError}). The gate takes the signal off the call: a call on its way to
 * Telegram is not cut off, and nothing else waits on it. A `cancel` signal keeps the class it was
 * first given.
 */
export function sendAs(sendClass: SendClass, cancel?: AbortSignal): ApiSignal {
  const signal = cancel ?? classSignals[sendClass];
  if (!signalTags.has(signal)) signalTags.set(signal, { sendClass, cancel: signal });
  return signal as unknown as ApiSignal;
}

/**
 * The outermost transformer: takes a `sendAs` signal off the call and leaves its tag for the
 * gate, so the transformers between (auto-retry) and the HTTP client never see it.
 */
export function sendTags(): Transformer<RawApi> {
  return (prev, method, payload, signal) => {
    const tag = signal && signalTags.get(signal);
    if (!tag) return prev(method, payload, signal);
    if (payload && typeof payload === 'object') payloadTags.set(payload, tag);
    return prev(method, payload, undefined);
  };
}

/**
 * Methods that post or change a message: the ones Telegram's limits count. A reaction is held the
 * same way (Telegram publishes no limit of its own for them; a 👍 is a quiet group's outcome, and
 * its 429 must be outlasted like any outcome's).
 */
export function isLimited(method: string): boolean {
  return (/^(send|copy|forward|edit)/i.test(method) && method !== 'sendChatAction') || method === 'setMessageReaction';
}

class Bucket {
  private tokens: number;
  private at = 0;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
  ) {
    this.tokens = capacity;
  }

  /** When a token is there (≤ now: at once). */
  readyAt(now: number): number {
    if (this.at === 0) this.at = now;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    this.at = now;
    return this.tokens >= 1 ? now : now + (1 - this.tokens) / this.perMs;
  }

  /** Takes a token; true when the bucket was full (its refill had stopped at the cap). */
  take(): boolean {
    const wasFull = this.full;
    this.tokens -= 1;
    return wasFull;
  }

  /**
   * Gives back the refill of `ms`: a call that took from a full bucket may have reached Telegram
   * only when its answer came, and Telegram's bucket stayed full (refilling nothing) until then.
   */
  forfeit(ms: number): void {
    this.tokens -= ms * this.perMs;
  }

  /** Spends what is left (Telegram said no: what we thought we had, we have not). */
  empty(): void {
    this.tokens = Math.min(this.tokens, 0);
  }

  get full(): boolean {
    return this.tokens >= this.capacity;
  }
}

interface ChatGate {
  bucket: Bucket;
  /** Telegram's last `retry_after` for this chat ends then. */
  blockedUntil: number;
}

interface Ticket {
  rank: number;
  seq: number;
  chat: ChatGate;
  go(fromFull: { bot: boolean; chat: boolean }): void;
}

/** The transformer; one per `Api` (its budget is the bot's). */
export function floodGate(options: Partial<GateLimits> = {}): Transformer<RawApi> {
  const limits = { ...DEFAULT_GATE_LIMITS, ...options };
  const bot = new Bucket(limits.botPerSecond, (limits.botPerSecond * MARGIN) / 1000);
  const chats = new Map<string, ChatGate>();
  /** Waiting calls, most urgent first, then oldest first. */
  const waiting: Ticket[] = [];
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;

  function chatGate(chatId: unknown): ChatGate {
    const key = String(chatId);
    let gate = chats.get(key);
    if (!gate) {
      if (chats.size > 10_000) {
        // Forget chats with nothing to remember (a full budget and no wait).
        const now = Date.now();
        for (const [k, g] of chats) if (g.blockedUntil <= now && g.bucket.full) chats.delete(k);
      }
      const isPrivate = typeof chatId === 'number' ? chatId > 0 : /^\d+$/.test(key);
      gate = {
        bucket: isPrivate
          ? new Bucket(limits.privateBurst, (limits.privatePerSecond * MARGIN) / 1000)
          : new Bucket(limits.groupBurst, (limits.groupPerMinute * MARGIN) / 60_000),
        blockedUntil: 0,
      };
      chats.set(key, gate);
    }
    return gate;
  }

  function enqueue(ticket: Ticket): void {
    // Binary search for the place after every ticket that goes before it.
    let lo = 0;
    let hi = waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = waiting[mid]!;
      if (other.rank < ticket.rank || (other.rank === ticket.rank && other.seq < ticket.seq)) lo = mid + 1;
      else hi = mid;
    }
    waiting.splice(lo, 0, ticket);
    pump();
  }

  function wakeAt(at: number): void {
    if (timer !== undefined && timerAt <= at) return;
    if (timer !== undefined) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      pump();
    }, Math.max(1, Math.ceil(at - Date.now())));
  }

  /** Sends every waiting call whose turn it is, most urgent first. */
  function pump(): void {
    const now = Date.now();
    let next = Infinity;
    for (let i = 0; i < waiting.length; ) {
      const botReady = bot.readyAt(now);
      if (botReady > now) {
        next = Math.min(next, botReady);
        break;
      }
      const ticket = waiting[i]!;
      const chatReady = Math.max(ticket.chat.blockedUntil, ticket.chat.bucket.readyAt(now));
      if (chatReady > now) {
        next = Math.min(next, chatReady);
        i++;
        continue;
      }
      const fromFull = { bot: bot.take(), chat: ticket.chat.bucket.take() };
      waiting.splice(i, 1);
      ticket.go(fromFull);
    }
    if (next !== Infinity) wakeAt(next);
  }

  return (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (!isLimited(method) || chatId === undefined) return prev(method, payload, signal);
    // The tag `sendTags` left, or (an Api without it) the signal's own.
    const signalTag = signal && signalTags.get(signal);
    if (signalTag) signal = undefined;
    const { sendClass, cancel } = (payload && typeof payload === 'object' && payloadTags.get(payload)) || signalTag || { sendClass: 'now' as const };
    if (cancel?.aborted) return Promise.reject(new SendCancelledError());
    return new Promise((resolve, reject) => {
      const ticket: Ticket = {
        rank: RANK[sendClass],
        seq: seq++,
        chat: chatGate(chatId),
        go: (fromFull) => {
          cancel?.removeEventListener('abort', onCancel);
          const sentAt = Date.now();
          prev(method, payload, signal).then((answer) => {
            const flight = Date.now() - sentAt;
            if (fromFull.bot) bot.forfeit(flight);
            if (fromFull.chat) ticket.chat.bucket.forfeit(flight);
            const retryAfter = answer.ok ? undefined : answer.parameters?.retry_after;
            if (retryAfter === undefined) return resolve(answer);
            // Back at the head of its class, after Telegram's wait.
            ticket.chat.blockedUntil = Math.max(ticket.chat.blockedUntil, Date.now() + retryAfter * 1000);
            ticket.chat.bucket.empty();
            cancel?.addEventListener('abort', onCancel, { once: true });
            enqueue(ticket);
          }, reject);
        },
      };
      function onCancel(): void {
        const at = waiting.indexOf(ticket);
        if (at < 0) return;
        waiting.splice(at, 1);
        reject(new SendCancelledError());
      }
      cancel?.addEventListener('abort', onCancel, { once: true });
      enqueue(ticket);
    });
  };
}
