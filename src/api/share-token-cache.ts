/**
 * Share tokens cached per (share id, password) until shortly before they expire, with one
 * fetch in flight per key. Bounded: expired entries are swept out as new ones arrive, and past
 * a size cap the oldest entries go, so a long-running bot does not keep every share it opened.
 */
import type { ShareTokenResponse } from './schemas.js';
import type { ShareTokenSource } from './share.js';

interface Entry {
  token: string;
  /** Local clock time after which we fetch a new one. */
  renewAt: number;
}

/** Size bounds of a {@link ShareTokenCache}. */
export interface ShareTokenCacheLimits {
  /** The most entries kept; the least recently stored go first (default 5,000). */
  maxEntries?: number;
  /** Expired entries are swept out once per this many stores (default 100). */
  sweepEvery?: number;
}

/** Default of {@link ShareTokenCacheLimits.maxEntries}. */
export const DEFAULT_MAX_SHARE_TOKENS = 5_000;
const DEFAULT_SWEEP_EVERY = 100;

/** The cache; `marginMs` is how long before expiry a token is renewed (default 5 min). */
export class ShareTokenCache {
  /** In insertion order, which {@link store} keeps equal to "least recently stored first". */
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly maxEntries: number;
  private readonly sweepEvery: number;
  private storesSinceSweep = 0;

  constructor(
    private readonly marginMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
    limits: ShareTokenCacheLimits = {},
  ) {
    this.maxEntries = Math.max(1, limits.maxEntries ?? DEFAULT_MAX_SHARE_TOKENS);
    this.sweepEvery = Math.max(1, limits.sweepEvery ?? DEFAULT_SWEEP_EVERY);
  }

  /** How many tokens are cached (expired ones not yet swept included). */
  get size(): number {
    return this.entries.size;
  }

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
        this.store(key, { token: answer.share_token, renewAt: this.now() + lifetimeMs - margin });
        return answer.share_token;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetching);
    return fetching;
  }

  private store(key: string, entry: Entry): void {
    // Deleting first moves the key to the end: the map stays ordered by time of storing.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.storesSinceSweep += 1;
    if (this.storesSinceSweep >= this.sweepEvery) {
      this.storesSinceSweep = 0;
      const now = this.now();
      // An entry past `renewAt` is never handed out again (get fetches anew), so it is dead weight.
      for (const [staleKey, { renewAt }] of this.entries) if (now >= renewAt) this.entries.delete(staleKey);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
