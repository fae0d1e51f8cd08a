/**
 * Status messages still on their way when their save is already queued. A private save is queued
 * at once and its "⏳ queued" message sent beside it, so the save does not wait for Telegram to
 * answer; the message's id reaches the notifier through here — in this process straight from the
 * sender, in another process (or after a restart) from the save's row, which the sender writes
 * before it tells this process.
 *
 * A quick save costs one message, not two: the sender shows the status only once the save has
 * run for `showAfterMs` (`sendAfter`), and an outcome that comes first (`forOutcome`) cancels it
 * (even while it waits for its turn at the flood gate) — the outcome is then the first message.
 */
import type { SavesRepo as FullSavesRepo } from '../../db/saves.repo.js';

type SavesRepo = Pick<FullSavesRepo, 'get' | 'setStatusMessage'>;

export interface StatusMessagesOptions {
  saves: SavesRepo;
  /** How long a lookup waits for a row to name its status message (default 5 s), then gives up. */
  waitMs?: number;
  /** Between two reads of the row (default 25 ms). */
  pollMs?: number;
  /** How long a lookup waits for a sender in this process (default 60 s: Telegram's 429 waits are long). */
  senderWaitMs?: number;
  /** How long a sent id stays in memory for lookups in this process (default 60 s); the row has it after. */
  keepMs?: number;
  /** How long a save runs before its status message is sent (default 1 s; 0: at once). */
  showAfterMs?: number;
}

interface Expected {
  messageId: Promise<number | undefined>;
  /** The outcome came: a status message not yet sent never will be. */
  outcomeCame: boolean;
  /** Cancels a status message still waiting to be sent. */
  readonly cancel: AbortController;
}

export interface StatusMessageSender {
  settle(messageId: number | undefined): void;
  drop(): void;
  /**
   * Sends the status message (`send`, which resolves to its id) once the save has run for
   * `showAfterMs`, unless its outcome came first; then settles. `send` is given a signal that
   * aborts when the outcome comes; `onError` hears a failure to record the id.
   */
  sendAfter(send: (cancel: AbortSignal) => Promise<number | undefined>, onError: (error: unknown) => void, afterMs?: number): void;
}

export class StatusMessages {
  private readonly expected = new Map<string, Expected>();
  private readonly saves: SavesRepo;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly keepMs: number;
  private readonly senderWaitMs: number;
  private readonly showAfterMs: number;

  constructor(options: StatusMessagesOptions) {
    this.saves = options.saves;
    this.waitMs = options.waitMs ?? 5000;
    this.pollMs = options.pollMs ?? 25;
    this.keepMs = options.keepMs ?? 60_000;
    this.senderWaitMs = options.senderWaitMs ?? 60_000;
    this.showAfterMs = options.showAfterMs ?? 1000;
  }

  /**
   * The sender: `jobId`'s status message is being sent. Then exactly one of: `settle(id)` — sent,
   * or `settle(undefined)` — it could not be sent; `drop()` — this request queued nothing (the
   * job id was taken), so it names no message. A second sender for a job already expected (a
   * Telegram update delivered twice) changes nothing. `settle` throws when the row cannot be
   * written — after handing the id to this process's lookups.
   */
  expect(jobId: string): StatusMessageSender {
    if (this.expected.has(jobId)) return { settle: () => undefined, drop: () => undefined, sendAfter: () => undefined };
    let resolve!: (messageId: number | undefined) => void;
    const messageId = new Promise<number | undefined>((r) => (resolve = r));
    const expected: Expected = { messageId, outcomeCame: false, cancel: new AbortController() };
    this.expected.set(jobId, expected);
    let done = false;
    const sender: StatusMessageSender = {
      sendAfter: (send, onError, afterMs = this.showAfterMs) => {
        const settle = (id: number | undefined) => {
          try {
            sender.settle(id);
          } catch (error) {
            onError(error);
          }
        };
        let started = false;
        const go = () => {
          started = true;
          if (expected.outcomeCame) return settle(undefined);
          send(expected.cancel.signal).then(settle, () => settle(undefined));
        };
        if (afterMs <= 0) return go();
        const timer = setTimeout(go, afterMs);
        // The outcome came first: no status message at all.
        expected.cancel.signal.addEventListener('abort', () => {
          if (started) return; // `send` has the signal: it settles either way
          clearTimeout(timer);
          settle(undefined);
        });
      },
      settle: (id) => {
        if (done) return;
        done = true;
        try {
          // The row first: a worker in another process reads it.
          if (id !== undefined) this.saves.setStatusMessage(jobId, id);
        } finally {
          // Whatever happened to the row, nobody here waits forever.
          resolve(id);
          setTimeout(() => this.expected.delete(jobId), this.keepMs).unref();
        }
      },
      drop: () => {
        if (done) return;
        done = true;
        this.expected.delete(jobId);
        resolve(undefined);
      },
    };
    return sender;
  }

  /**
   * The notifier, about to tell `jobId`'s outcome: a status message not sent yet is not sent at
   * all. @returns the id of the one that was sent (as `lookup`).
   */
  forOutcome(jobId: string): Promise<number | undefined> {
    const expected = this.expected.get(jobId);
    if (expected) {
      expected.outcomeCame = true;
      expected.cancel.abort();
    }
    return this.lookup(jobId);
  }

  /**
   * The notifier told `jobId`'s outcome as the first message (`messageId`): the row names it as the
   * save's message, as it would a status message (history, stop), unless one is named already.
   */
  recordOutcomeMessage(jobId: string, messageId: number): void {
    this.saves.setStatusMessage(jobId, messageId);
  }

  /** The notifier: the id of `jobId`'s status message, once known; `undefined` if none came in time. */
  async lookup(jobId: string): Promise<number | undefined> {
    const expected = this.expected.get(jobId);
    if (expected) return this.boundedWait(expected.messageId);
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const row = this.saves.get(jobId);
      if (row?.statusMessageId != null) return row.statusMessageId;
      // No row: the save was never queued here (or is long gone); nobody will name a message.
      if (!row || Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      const late = this.expected.get(jobId);
      if (late) return this.boundedWait(late.messageId);
    }
  }

  /** Telegram may hold a message back (429s); past `senderWaitMs` the outcome goes out without it. */
  private async boundedWait(messageId: Promise<number | undefined>): Promise<number | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.senderWaitMs);
      timer.unref();
    });
    try {
      return await Promise.race([messageId, giveUp]);
    } finally {
      clearTimeout(timer);
    }
  }
}
