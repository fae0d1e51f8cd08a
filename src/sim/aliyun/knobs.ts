/** Behaviour knobs of the simulator: all can be given at start and changed live with `setKnobs`. */

export interface SimKnobs {
  /** Added delay per call, in ms. */
  latencyMs: number;
  /** Up to this much extra random delay per call, in ms. */
  latencyJitterMs: number;
  /** Probability that a call answers 429 (`TooManyRequests` or `ParamFlowException`). */
  rateLimitRate: number;
  /** Probability that a call answers 5xx (some as a plain-text `Bad Gateway`). */
  serverErrorRate: number;
  /** `x-retry-after` (ms) carried by random 429s. */
  retryAfterMs: number;
  /** Paths the random faults apply to; `null` = every known path. */
  faultPaths: string[] | null;
  accessTokenTtlSec: number;
  shareTokenTtlSec: number;
  /** A device session stops verifying after this long (the client must create_session again). */
  deviceSessionTtlSec: number;
  /** Registered devices an account may have; create_session for one more answers `result:false`. */
  maxDevices: number;
  /** When true, every logged-in call answers 401 `UserDeviceOffline`, even after create_session. */
  userDeviceOffline: boolean;
  /** How many polls of an async copy answer `Running` before it finishes. */
  asyncTaskPolls: number;
  /** Files larger than this are copied asynchronously (202), like folders. */
  asyncCopyThresholdBytes: number;
  /** Share links one account may create per (UTC) day before `SharelinkCreateExceedDailyLimit`. */
  shareCreateDailyLimit: number;
  /** `get_share_link_download_url` answers 429 `ParamFlowException` unless this is true (as the real one since 2024). */
  shareDownloadUrlAllowed: boolean;
  /** File extensions that cannot be shared (`FileShareNotAllowed`, listed by check_available). */
  unshareableExtensions: string[];
}

export const defaultKnobs: SimKnobs = {
  latencyMs: 0,
  latencyJitterMs: 0,
  rateLimitRate: 0,
  serverErrorRate: 0,
  retryAfterMs: 300,
  faultPaths: null,
  accessTokenTtlSec: 7200,
  shareTokenTtlSec: 7200,
  deviceSessionTtlSec: 30 * 60,
  maxDevices: 10,
  userDeviceOffline: false,
  asyncTaskPolls: 2,
  asyncCopyThresholdBytes: 100 * 1024 * 1024,
  shareCreateDailyLimit: 100,
  shareDownloadUrlAllowed: false,
  // The seed's check_available lists a `.qrc` file as not shareable; archives were refused for years.
  unshareableExtensions: ['qrc', 'zip', 'rar', '7z'],
};
