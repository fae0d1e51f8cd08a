/**
 * Sends edits one at a time per status message, in the order they were asked for, keeping only
 * the latest of those still waiting — so callers need not wait for Telegram, a slow edit holds
 * up no save, and no stale progress lands after the outcome: a `final` edit (an outcome) waiting
 * to go out is never replaced by a progress edit, and a progress edit still waiting for its turn
 * at the flood gate when an outcome comes is cancelled (its `send` gets the signal). Each push
 * resolves once its edit (or the later one that replaced it) has been sent, cancelled or has
 * failed; it never rejects.
 */
import { SendCancelledError } from '../flood-gate.js';

type Send = (cancel: AbortSignal) => Promise<void>;

interface Entry {
  send: Send;
  final: boolean;
  sent: Promise<void>;
  cancel: AbortController;
}

export class StatusEditQueue {
  private readonly lanes = new Map<string, { tail: Promise<void>; waiting?: Entry; running?: Entry }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues an edit of the message `key`; `send` performs it. */
  push(key: string, final: boolean, send: Send): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve() };
      this.lanes.set(key, lane);
    }
    // Progress still waiting for its turn gives way to the outcome.
    if (final && lane.running && !lane.running.final) lane.running.cancel.abort();
    const waiting = lane.waiting;
    if (waiting) {
      if (final || !waiting.final) Object.assign(waiting, { send, final });
      return waiting.sent;
    }
    const current = lane;
    const entry: Entry = { send, final, sent: Promise.resolve(), cancel: new AbortController() };
    entry.sent = current.tail.then(async () => {
      if (current.waiting === entry) current.waiting = undefined;
      current.running = entry;
      try {
        await entry.send(entry.cancel.signal);
      } catch (error) {
        if (!(error instanceof SendCancelledError)) this.onError(error);
      } finally {
        current.running = undefined;
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
