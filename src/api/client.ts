/**
 * The Aliyun Drive client: anonymous share calls and QR login, and one cached
 * {@link AccountSession} per linked account.
 */
import { DEFAULT_PACE, type PaceOptions } from './pace.js';
import { qrGenerate, qrQuery, type QrCode, type QrQueryResult } from './qr.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import type { FileItem, FileListResponse, ShareInfo } from './schemas.js';
import { AccountSession, type AccountCredentials, type SessionHooks } from './session.js';
import {
  fetchAllShareFiles,
  fetchShareFilesPage,
  fetchShareInfo,
  fetchShareInfoV3,
  fetchShareToken,
  withShareToken,
  type SharePageOptions,
  type ShareTokenSource,
} from './share.js';
import { ShareTokenCache } from './share-token-cache.js';
import { silentLogger, type ApiLogger } from './logger.js';
import { Transport, type Caller, type HostUrls } from './transport.js';

/** Client options; only the host URLs are required. */
export interface AliyunClientOptions extends HostUrls {
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Timeout of a copy batch, which can take long (default 60 s, as public clients give it). */
  batchTimeoutMs?: number;
  /** Retries for 5xx/timeouts/network errors (default 5). */
  retries?: number;
  /** First backoff (default 500 ms), doubled per retry up to `maxDelayMs` (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Total time one call may wait out 429s before throwing (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** Per-account pace (default 4 calls/s, burst 8; `callsPerSecond: 0` = unpaced). */
  pace?: Partial<PaceOptions>;
  /** Refresh access tokens this long before expiry (default 5 min). */
  refreshAheadMs?: number;
  /**
   * After a rejected refresh token, how long to keep looking in the store for the token another
   * process is rotating right now (default 2 s) before the account is called dead.
   */
  rotationGraceMs?: number;
  /** Renew share tokens this long before expiry (default 5 min). */
  shareTokenMarginMs?: number;
  /**
   * A cached session not asked for in this long is forgotten (default 2 h, an access token's
   * lifetime: by then its next call refreshes anyway; the new session also opens a device session
   * and reads the user, 2 calls more), so the cache holds the accounts in use, not every account
   * that ever saved (≈ 2–5 KB each).
   */
  sessionIdleMs?: number;
  userAgent?: string;
  logger?: ApiLogger;
}

/** Talks to Aliyun Drive. One per process. */
export class AliyunClient {
  private readonly transport: Transport;
  private readonly shareTokens: ShareTokenCache;
  /** Each account's session, and when it was last asked for (idle ones are forgotten). */
  private readonly sessions = new Map<string, { session: AccountSession; soughtAt: number }>();
  private readonly sessionIdleMs: number;
  private lastIdleSweepAt = Date.now();
  private readonly pace: PaceOptions;
  private readonly refreshAheadMs: number;
  private readonly rotationGraceMs: number;
  private readonly logger: ApiLogger;
  /** Anonymous calls: retried, not paced. */
  private readonly anonymous: Caller;

  constructor(options: AliyunClientOptions) {
    this.logger = options.logger ?? silentLogger;
    this.transport = new Transport({
      apiUrl: options.apiUrl,
      authUrl: options.authUrl,
      passportUrl: options.passportUrl,
      userUrl: options.userUrl,
      timeoutMs: options.timeoutMs ?? 15_000,
      slowTimeoutMs: options.batchTimeoutMs ?? 60_000,
      userAgent: options.userAgent,
      logger: this.logger,
      retry: {
        retries: options.retries ?? DEFAULT_RETRY_POLICY.retries,
        baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
        maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
        maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? DEFAULT_RETRY_POLICY.maxRateLimitWaitMs,
      },
    });
    this.shareTokens = new ShareTokenCache(options.shareTokenMarginMs ?? 5 * 60_000);
    this.pace = { ...DEFAULT_PACE, ...options.pace };
    this.refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
    this.rotationGraceMs = options.rotationGraceMs ?? 2_000;
    this.sessionIdleMs = options.sessionIdleMs ?? 2 * 60 * 60_000;
    this.anonymous = (spec) => this.transport.call(spec);
  }

  private shareTokenSource(shareId: string, password: string): ShareTokenSource {
    return this.shareTokens.source(shareId, password, () => fetchShareToken(this.anonymous, shareId, password));
  }

  /** Share info (v2): name, file count, top-level items. Does not check the password. */
  getShareInfo(shareId: string): Promise<ShareInfo> {
    return fetchShareInfo(this.anonymous, shareId);
  }

  /** Share info (v3): adds `share_title` and `has_pwd`. */
  getShareInfoV3(shareId: string): Promise<ShareInfo> {
    return fetchShareInfoV3(this.anonymous, shareId);
  }

  /** A share token, cached per (share, password) until ~5 min before it expires. */
  getShareToken(shareId: string, password = ''): Promise<string> {
    return this.shareTokenSource(shareId, password).token();
  }

  /** One page of a share folder. */
  listShareFilesPage(shareId: string, password = '', page: SharePageOptions = {}): Promise<FileListResponse> {
    return withShareToken(this.shareTokenSource(shareId, password), (token) =>
      fetchShareFilesPage(this.anonymous, shareId, token, page),
    );
  }

  /** Every item of a share folder, following `next_marker` to the end. */
  listShareFiles(shareId: string, password = '', parentFileId = 'root'): Promise<FileItem[]> {
    return fetchAllShareFiles(this.anonymous, shareId, this.shareTokenSource(shareId, password), parentFileId);
  }

  /** A new login QR code: render `codeContent`, poll with {@link qrQuery}. */
  qrGenerate(): Promise<QrCode> {
    return qrGenerate(this.anonymous);
  }

  /** The state of a login QR code; on CONFIRMED, the refresh token. */
  qrQuery(code: Pick<QrCode, 't' | 'ck'>): Promise<QrQueryResult> {
    return qrQuery(this.anonymous, code);
  }

  /**
   * The session of a linked account, cached per `accountKey`. A new session replaces the
   * cached one when the account was found dead or `creds` name another device or token chain
   * (a fresh login); otherwise the first session's hooks stay in use.
   */
  session(creds: AccountCredentials, hooks: SessionHooks): AccountSession {
    const now = Date.now();
    this.forgetIdleSessions(now);
    const cached = this.sessions.get(creds.accountKey);
    if (cached && !cached.session.isDead && cached.session.matches(creds)) {
      cached.soughtAt = now;
      return cached.session;
    }
    const session = new AccountSession(creds, hooks, {
      transport: this.transport,
      shareTokens: this.shareTokens,
      pace: this.pace,
      refreshAheadMs: this.refreshAheadMs,
      rotationGraceMs: this.rotationGraceMs,
      logger: this.logger,
    });
    this.sessions.set(creds.accountKey, { session, soughtAt: now });
    return session;
  }

  /**
   * Files the session cached under `fromKey` under `toKey` instead, replacing whatever was cached
   * there: a /login links the account under a throw-away key and hands its warm session (access
   * token, device session, user info) to the account's key, so the first save starts warm.
   * @returns false when nothing usable was cached under `fromKey`.
   */
  moveSession(fromKey: string, toKey: string): boolean {
    const session = this.sessions.get(fromKey)?.session;
    this.sessions.delete(fromKey);
    this.sessions.delete(toKey);
    if (!session || session.isDead) return false;
    session.rename(toKey);
    this.sessions.set(toKey, { session, soughtAt: Date.now() });
    return true;
  }

  /**
   * The pace of the account cached under `accountKey`: tokens in its bucket now (`Infinity`
   * unpaced) and how long until its next call could leave. An account with no session yet has
   * a full bucket. A queue asks this so a paced account waits outside a worker slot.
   */
  paceOf(accountKey: string): { tokens: number; readyInMs: number } {
    const pace = this.sessions.get(accountKey)?.session.pace;
    if (pace) return { tokens: pace.tokensNow(), readyInMs: pace.readyInMs() };
    return { tokens: this.pace.callsPerSecond > 0 ? Math.max(1, this.pace.burst) : Number.POSITIVE_INFINITY, readyInMs: 0 };
  }

  /** Forgets a cached session (after unlinking or a new login). */
  dropSession(accountKey: string): void {
    this.sessions.delete(accountKey);
  }

  /**
   * Forgets sessions not asked for in `sessionIdleMs`, looking at most every quarter of it. A job
   * asks for its account's session when it starts, so only an account idle that long goes; its
   * next save starts a session from the stored credentials (a token refresh and a device session).
   */
  private forgetIdleSessions(now: number): void {
    if (now - this.lastIdleSweepAt < this.sessionIdleMs / 4) return;
    this.lastIdleSweepAt = now;
    for (const [accountKey, { soughtAt }] of this.sessions) {
      if (now - soughtAt >= this.sessionIdleMs) this.sessions.delete(accountKey);
    }
  }
}
