/**
 * Status messages still on their way when their save is already queued. A private save is queued
 * at once and its "⏳ queued" message sent beside it, so the save does not wait for Telegram to
 * answer; the message's id reaches the notifier through here — in this process straight from the
 * sender, in another process (or after a restart) from the save's row, which the sender writes
 * before it tells this process.
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
}

interface Expected {
  messageId: Promise<number | undefined>;
}

export interface StatusMessageSender {
  settle(messageId: number | undefined): void;
  drop(): void;
}

export class StatusMessages {
  private readonly expected = new Map<string, Expected>();
  private readonly saves: SavesRepo;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly keepMs: number;
  private readonly senderWaitMs: number;

  constructor(options: StatusMessagesOptions) {
    this.saves = options.saves;
    this.waitMs = options.waitMs ?? 5000;
    this.pollMs = options.pollMs ?? 25;
    this.keepMs = options.keepMs ?? 60_000;
    this.senderWaitMs = options.senderWaitMs ?? 60_000;
  }

  /**
   * The sender: `jobId`'s status message is being sent. Then exactly one of: `settle(id)` — sent,
   * or `settle(undefined)` — it could not be sent; `drop()` — this request queued nothing (the
   * job id was taken), so it names no message. A second sender for a job already expected (a
   * Telegram update delivered twice) changes nothing. `settle` throws when the row cannot be
   * written — after handing the id to this process's lookups.
   */
  expect(jobId: string): StatusMessageSender {
    if (this.expected.has(jobId)) return { settle: () => undefined, drop: () => undefined };
    let resolve!: (messageId: number | undefined) => void;
    const messageId = new Promise<number | undefined>((r) => (resolve = r));
    this.expected.set(jobId, { messageId });
    let done = false;
    return {
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
