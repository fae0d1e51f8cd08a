/** What an account's session is built from, how it talks back to the app, and what it needs from its client. */
import type { ApiLogger } from './logger.js';
import type { PaceOptions } from './pace.js';
import type { TokenResponse } from './schemas.js';
import type { Transport } from './transport.js';

/** What the app stores per linked account. */
export interface AccountCredentials {
  /** The app's key for the account (cache key for sessions). */
  accountKey: string;
  refreshToken: string;
  deviceId: string;
  privateKeyHex: string;
  userId?: string;
}

/** How a session talks back to the app. */
export interface SessionHooks {
  /** Store the rotated refresh token; awaited before the new access token is used. */
  onRefreshToken(newRefreshToken: string, token: TokenResponse): Promise<void> | void;
  /** The refresh token is dead; the user must log in again. */
  onReloginNeeded?(): Promise<void> | void;
  /**
   * The refresh token as stored now. Another process (a second worker, the bot) may have
   * rotated it: Aliyun then rejects ours, and a different stored token is adopted and tried
   * before the account is called dead. Undefined when nothing is stored (the account is gone).
   */
  loadRefreshToken?(): Promise<string | undefined> | string | undefined;
}

/** What an account's auth needs from its client. */
export interface AccountAuthContext {
  transport: Transport;
  pace: PaceOptions;
  /** Refresh this long before the access token expires (capped at half its lifetime). */
  refreshAheadMs: number;
  /** How long a rejected refresh waits for another process to store the token it rotated. */
  rotationGraceMs: number;
  logger: ApiLogger;
}
