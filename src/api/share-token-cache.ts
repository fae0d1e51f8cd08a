/**
 * Share tokens cached per (share id, password) until shortly before they expire, with one
 * fetch in flight per key.
 */
import type { ShareTokenResponse } from './schemas.js';
import type { ShareTokenSource } from './share.js';

interface Entry {
  token: string;
  /** Local clock time after which we fetch a new one. */
  renewAt: number;
}

/** The cache; `marginMs` is how long before expiry a token is renewed (default 5 min). */
export class ShareTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly marginMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A source for one (share, password) that fetches with `fetcher` when needed. */
  source(shareId: string, password: string, fetcher: () => Promise<ShareTokenResponse>): ShareTokenSource {
    const key = `${shareId}\u0000${password}`;
    return {
      token: () => this.get(key, fetcher),
      invalidate: (token) => {
        if (this.entries.get(key)?.token === token) this.entries.delete(key);
      },
    };
  }

  private get(key: string, fetcher: () => Promise<ShareTokenResponse>): Promise<string> {
    const cached = this.entries.get(key);
    if (cached && this.now() < cached.renewAt) return Promise.resolve(cached.token);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const fetching = fetcher()
      .then((answer) => {
        const lifetimeMs = answer.expires_in * 1000;
        // Short-lived tokens (tests, odd answers) are renewed at half-life rather than never used.
        const margin = Math.min(this.marginMs, lifetimeMs / 2);
        this.entries.set(key, { token: answer.share_token, renewAt: this.now() + lifetimeMs - margin });
        return answer.share_token;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetching);
    return fetching;
  }
}
