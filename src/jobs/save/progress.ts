/**
 * Progress of one save: counts to its row, reports to the notifier at most once per interval.
 * Never on the save's path: a report is told once the job's next Aliyun request is on the wire,
 * and never awaited. The notifier keeps each status message's edits in order, and the outcome
 * (which the job does await) after them.
 */
import type { AsyncTask } from '../../api/index.js';
import type { SavesRepo } from '../../db/saves.repo.js';
import type { Clock } from '../clock.js';
import type { SaveNotifier, SaveProgress } from '../save-outcome.js';
import type { SaveShareJob } from '../save-share.job.js';
import { tallySave } from '../save-tally.js';
import type { JobLog } from './context.js';

/** Default least time between two progress reports of one job. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 1000;

export class ProgressReporter {
  private lastAt = Number.NEGATIVE_INFINITY;
  /** A report waiting for the job's next request to go out. */
  private pending: { handle: NodeJS.Immediate; tell: () => void } | undefined;

  constructor(
    private readonly job: { id: string; data: SaveShareJob },
    private readonly deps: {
      saves: SavesRepo;
      notifier: SaveNotifier;
      clock: Clock;
      log: JobLog;
      intervalMs: number;
      tasks: ReadonlyMap<string, AsyncTask>;
      /** The share's title as known now. */
      shareName: () => string;
    },
  ) {}

  /**
   * Reports `progress`, or without it the copy counts (stored on the row every time); at most
   * once per interval unless `force`.
   */
  report(progress: SaveProgress | undefined, force: boolean): void {
    const { saves, clock } = this.deps;
    const now = clock.now();
    const due = force || now - this.lastAt >= this.deps.intervalMs;
    let shown = progress;
    if (!shown) {
      const tally = tallySave(saves.items(this.job.id), this.deps.tasks);
      saves.setProgress(this.job.id, tally.done, tally.total);
      if (!due) return;
      shown = { stage: 'copying', shareName: this.deps.shareName() || this.job.data.shareId, done: tally.done, total: tally.total };
    }
    if (!due) return;
    this.lastAt = now;
    const report = shown;
    this.flush();
    // Told once the job's next Aliyun request is on the wire: telling is never on the save's path.
    const handle = setImmediate(() => this.flush());
    this.pending = {
      handle,
      tell: () => {
        let sent: Promise<void>;
        try {
          sent = this.deps.notifier.progress(this.job.data, report);
        } catch (err) {
          sent = Promise.reject(err);
        }
        sent.catch((err: unknown) => this.deps.log.warn({ err }, 'progress notification failed'));
      },
    };
  }

  /** Tells the report waiting to be told, now (before the outcome, or a newer report). */
  flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearImmediate(pending.handle);
    pending.tell();
  }
}
