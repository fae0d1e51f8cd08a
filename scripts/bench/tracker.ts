/**
 * Follows the bot's Bot API calls as the Telegram fake logged them, and its Aliyun calls as the
 * simulator logged them, to time each request from the user's message to the final status text.
 * Both stamp every call when it arrives, so times do not depend on how often we look.
 */
import type { AliyunSimulator } from '../../src/sim/aliyun/index.js';
import type { CallRecord, TelegramFake } from '../../src/sim/telegram/index.js';

/** Status texts that are still moving: queued, opening, copying. Anything else is an outcome. */
const IN_PROGRESS = /^\s*(⏳|🔍|📥)/u;
/** Outcomes that mean "saved". */
const SAVED = /^\s*✅/u;

/** One share message a user sent, and what became of it. */
export interface TrackedRequest {
  chatId: number;
  /** The user's message id. */
  sourceMessageId: number;
  /** The share the message links to. */
  shareId: string;
  /** Date.now() just before the message was handed to the fake. */
  sentAt: number;
  statusMessageId?: number;
  /** When the bot's status message was sent ("queued"). */
  statusAt?: number;
  /** When the simulator got the job's first call about the share: it left the queue. */
  startedAt?: number;
  /** When the status message first showed an outcome, and that text. */
  finalAt?: number;
  finalText?: string;
}

function numberParam(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function objectParam(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      return objectParam(JSON.parse(value) as unknown);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Whether a status text is an outcome, and whether that outcome is "saved". */
export function classifyStatus(text: string): 'pending' | 'saved' | 'not-saved' {
  if (IN_PROGRESS.test(text)) return 'pending';
  return SAVED.test(text) ? 'saved' : 'not-saved';
}

export class RequestTracker {
  private readonly requests = new Map<string, TrackedRequest>();
  /** `${chat}:${statusMessageId}` → the request it reports on. */
  private readonly byStatus = new Map<string, TrackedRequest>();
  /** Share id → the request that has not been seen at the simulator yet. */
  private readonly notStarted = new Map<string, TrackedRequest>();
  private simSeen = 0;
  /** Per chat: the first outcome-looking bot text (✅/❌) — the login answer, before any save. */
  private readonly firstOutcomeInChat = new Map<number, string>();
  private seen = 0;
  /** Calls that were still in flight at the last look (long polls, slow sends). */
  private unfinished: CallRecord[] = [];
  /** Status messages that said "queued". */
  queuedCount = 0;

  constructor(
    private readonly tg: TelegramFake,
    private readonly sim: Pick<AliyunSimulator, 'calls'>,
  ) {}

  /** Starts tracking a user's message. */
  add(request: TrackedRequest): void {
    this.requests.set(`${request.chatId}:${request.sourceMessageId}`, request);
    this.notStarted.set(request.shareId, request);
  }

  all(): TrackedRequest[] {
    return [...this.requests.values()];
  }

  finished(): TrackedRequest[] {
    return this.all().filter((r) => r.finalAt !== undefined);
  }

  /** The login answer seen in a chat, if any. */
  loginAnswer(chatId: number): string | undefined {
    return this.firstOutcomeInChat.get(chatId);
  }

  /** Reads the calls logged since the last look; calls still in flight are read on a later look. */
  poll(): void {
    const calls = this.tg.calls();
    const waiting = this.unfinished;
    this.unfinished = [];
    for (const call of [...waiting, ...calls.slice(this.seen)]) {
      if (call.status === undefined) this.unfinished.push(call);
      else if (call.ok) this.read(call);
    }
    this.seen = calls.length;
    const simCalls = this.sim.calls();
    // A rig's simulator logs far fewer calls than it keeps, so the log only grows here.
    for (const call of simCalls.slice(this.simSeen)) {
      const request = call.shareId === undefined ? undefined : this.notStarted.get(call.shareId);
      if (!request || call.at < request.sentAt) continue;
      request.startedAt = call.at;
      this.notStarted.delete(call.shareId as string);
    }
    this.simSeen = simCalls.length;
  }

  private read(call: CallRecord): void {
    const method = call.method.toLowerCase();
    if (method !== 'sendmessage' && method !== 'editmessagetext') return;
    const chatId = numberParam(call.params.chat_id);
    const text = typeof call.params.text === 'string' ? call.params.text : undefined;
    if (chatId === undefined || text === undefined) return;
    if (!this.firstOutcomeInChat.has(chatId) && /^\s*(✅|❌)/u.test(text)) this.firstOutcomeInChat.set(chatId, text);

    if (method === 'sendmessage') {
      const replyTo = numberParam(objectParam(call.params.reply_parameters)?.message_id) ?? numberParam(call.params.reply_to_message_id);
      const result = objectParam(call.result);
      const messageId = numberParam(result?.message_id);
      if (replyTo === undefined || messageId === undefined) return;
      const request = this.requests.get(`${chatId}:${replyTo}`);
      if (!request || request.statusMessageId !== undefined) return;
      request.statusMessageId = messageId;
      request.statusAt = call.at;
      this.byStatus.set(`${chatId}:${messageId}`, request);
      if (/^\s*⏳/u.test(text)) this.queuedCount++;
      this.settle(request, text, call.at);
      return;
    }
    const messageId = numberParam(call.params.message_id);
    const request = messageId === undefined ? undefined : this.byStatus.get(`${chatId}:${messageId}`);
    if (request) this.settle(request, text, call.at);
  }

  private settle(request: TrackedRequest, text: string, at: number): void {
    if (request.finalAt !== undefined) return;
    if (classifyStatus(text) === 'pending') return;
    request.finalAt = at;
    request.finalText = text;
  }
}
