/**
 * Sends edits one at a time per status message, in the order they were asked for, keeping only
 * the latest of those still waiting — so callers need not wait for Telegram, a slow edit holds
 * up no save, and no stale progress lands after the outcome: a `final` edit (an outcome) waiting
 * to go out is never replaced by a progress edit. Each push resolves once its edit (or the later
 * one that replaced it) has been sent or has failed; it never rejects.
 */
export class StatusEditQueue {
  private readonly lanes = new Map<string, { tail: Promise<void>; waiting?: { send: () => Promise<void>; final: boolean; sent: Promise<void> } }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues an edit of the message `key`; `send` performs it. */
  push(key: string, final: boolean, send: () => Promise<void>): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve() };
      this.lanes.set(key, lane);
    }
    const waiting = lane.waiting;
    if (waiting) {
      if (final || !waiting.final) Object.assign(waiting, { send, final });
      return waiting.sent;
    }
    const current = lane;
    const entry = { send, final, sent: Promise.resolve() };
    entry.sent = current.tail.then(async () => {
      if (current.waiting === entry) current.waiting = undefined;
      try {
        await entry.send();
      } catch (error) {
        this.onError(error);
      }
    });
    current.waiting = entry;
    current.tail = entry.sent;
    void entry.sent.then(() => {
      if (this.lanes.get(key) === current && current.tail === entry.sent) this.lanes.delete(key);
    });
    return entry.sent;
  }

  /** Status messages with edits queued or in flight. */
  get size(): number {
    return this.lanes.size;
  }
}
