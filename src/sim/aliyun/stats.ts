/** Call counters per endpoint, per account and per answer status. */

export interface SimStats {
  total: number;
  byPath: Record<string, number>;
  /** Keyed by user id ("anonymous" for calls without a known access token). */
  byAccount: Record<string, number>;
  byStatus: Record<string, number>;
  injected: { rateLimited: number; serverErrors: number; scripted: number };
}

export class StatsRecorder {
  private byPath = new Map<string, number>();
  private byAccount = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private total = 0;

  record(path: string, account: string, status: number): void {
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

  reset(): void {
    this.total = 0;
    this.byPath.clear();
    this.byAccount.clear();
    this.byStatus.clear();
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
