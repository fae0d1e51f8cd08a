/**
 * Paces the progress edits of each save's status message: at most one per `intervalMs`, the
 * message's first text ("queued", sent as the job started) counting as the first — so a save done
 * within the interval goes from "queued" straight to its outcome, one edit, no flicker. A report
 * that comes sooner waits and the latest wins. Once a save `end`s, its waiting report is dropped
 * and later ones are refused: nothing may cover the outcome.
 */
export class ProgressPacer {
  private readonly saves = new Map<string, { text: string; at: number; waiting?: { text: string; timer: NodeJS.Timeout } }>();
  private readonly ended = new Set<string>();

  constructor(private readonly intervalMs: number) {}

  /** A progress text for save `key`; `show` edits one in (now, or when the interval is over). */
  offer(key: string, text: string, show: (text: string) => Promise<void>): Promise<void> {
    if (this.ended.has(key)) return Promise.resolve();
    const now = Date.now();
    let state = this.saves.get(key);
    if (!state) {
      // A job that died without an outcome leaves its entry behind; keep the map bounded.
      if (this.saves.size > 10_000) this.saves.clear();
      state = { text: '', at: this.intervalMs > 0 ? now : Number.NEGATIVE_INFINITY };
      this.saves.set(key, state);
    }
    if (state.waiting) {
      state.waiting.text = text;
      return Promise.resolve();
    }
    if (text === state.text) return Promise.resolve();
    const current = state;
    const showNow = (shown: string) => {
      current.text = shown;
      current.at = Date.now();
      return show(shown);
    };
    const wait = current.at + this.intervalMs - now;
    if (wait <= 0) return showNow(text);
    current.waiting = {
      text,
      timer: setTimeout(() => {
        const waiting = current.waiting;
        current.waiting = undefined;
        if (waiting && waiting.text !== current.text && !this.ended.has(key)) void showNow(waiting.text);
      }, wait).unref(),
    };
    return Promise.resolve();
  }

  /** Save `key` told its outcome. */
  end(key: string): void {
    const state = this.saves.get(key);
    if (state?.waiting) clearTimeout(state.waiting.timer);
    this.saves.delete(key);
    if (this.ended.size > 10_000) this.ended.clear();
    this.ended.add(key);
  }
}
