/** Call counters per endpoint, per account and per answer status, and a log of the latest calls. */

export interface SimStats {
  total: number;
  byPath: Record<string, number>;
  /** Keyed by user id ("anonymous" for calls without a known access token). */
  byAccount: Record<string, number>;
  byStatus: Record<string, number>;
  injected: { rateLimited: number; serverErrors: number; scripted: number };
}

/** One call as it arrived. */
export interface SimCall {
  /** Date.now() when the request arrived (before the simulated latency). */
  at: number;
  path: string;
  /** The `share_id` the request named, if any. */
  shareId?: string;
  status: number;
}

/** Calls kept in the log (the oldest are dropped). */
const CALL_LOG_SIZE = 100_000;

export class StatsRecorder {
  private log: SimCall[] = [];
  private byPath = new Map<string, number>();
  private byAccount = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private total = 0;

  record(call: SimCall, account: string): void {
    const { path, status } = call;
    if (this.log.length >= CALL_LOG_SIZE) this.log.splice(0, CALL_LOG_SIZE / 10);
    this.log.push(call);
    this.total++;
    bump(this.byPath, path);
    bump(this.byAccount, account);
    bump(this.byStatus, String(status));
  }

  snapshot(injected: SimStats['injected']): SimStats {
    return {
      total: this.total,
      byPath: Object.fromEntries(this.byPath),
      byAccount: Object.fromEntries(this.byAccount),
      byStatus: Object.fromEntries(this.byStatus),
      injected: { ...injected },
    };
  }

  /** The logged calls, oldest first. */
  calls(): SimCall[] {
    return [...this.log];
  }

  reset(): void {
    this.log = [];
    this.total = 0;
    this.byPath.clear();
    this.byAccount.clear();
    this.byStatus.clear();
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
