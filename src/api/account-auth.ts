/**
 * One account's identity on the wire: access-token refresh with refresh-token rotation
 * persisted before use (single-flight), the device session (create_session and its replays),
 * and the account's pace.
 */
import { publicKeyHex, signDevice, DEVICE_MODEL, DEVICE_NAME } from './device.js';
import {
  AliyunError,
  isAccessTokenExpired,
  isAmbiguousFailure,
  isDeviceRefused,
  isDeviceSessionLost,
  isReloginNeeded,
} from './errors.js';
import { childLogger, type ApiLogger } from './logger.js';
import { TokenBucket } from './pace.js';
import { backoffDelay, sleep } from './retry.js';
import { createSessionResponseSchema, tokenResponseSchema, type TokenResponse } from './schemas.js';
import type { CallSpec, Caller } from './transport.js';
import type { AccountAuthContext, AccountCredentials, SessionHooks } from './account-types.js';

export type { AccountAuthContext, AccountCredentials, SessionHooks } from './account-types.js';

/** Stored tokens tried after a rejection, before the account is called dead. */
const MAX_ADOPTED_TOKENS = 3;
/** Between two reads of the store while another process may be storing a rotated token. */
const ROTATION_POLL_MS = 100;

interface AccessState {
  token: string;
  renewAt: number;
}

/**
 * Who an account is on the wire: its tokens, its device session and its pace. Performs
 * logged-in calls (refreshing and re-registering as needed) and paced anonymous ones.
 */
export class AccountAuth {
  accountKey: string;
  private refreshToken: string;
  private readonly initialRefreshToken: string;
  private knownUserId: string | undefined;
  private tokenDriveId: string | undefined;
  private access: AccessState | undefined;
  private refreshing: Promise<TokenResponse> | undefined;
  private deviceReady = false;
  private deviceGeneration = 0;
  private creatingDevice: Promise<void> | undefined;
  private deadError: AliyunError | undefined;
  private readonly bucket: TokenBucket;
  log: ApiLogger;
  private signature: { userId: string; value: string } | undefined;
  private device: { deviceId: string; privateKeyHex: string };

  constructor(
    private readonly creds: AccountCredentials,
    private readonly hooks: SessionHooks,
    private readonly ctx: AccountAuthContext,
  ) {
    this.accountKey = creds.accountKey;
    this.refreshToken = creds.refreshToken;
    this.initialRefreshToken = creds.refreshToken;
    this.knownUserId = creds.userId;
    this.device = { deviceId: creds.deviceId, privateKeyHex: creds.privateKeyHex };
    this.bucket = new TokenBucket(ctx.pace);
    this.log = childLogger(ctx.logger, { account: creds.accountKey });
  }

  /** Files the account under another key: later log lines name it. */
  rename(accountKey: string): void {
    this.accountKey = accountKey;
    this.log = childLogger(this.ctx.logger, { account: accountKey });
  }

  /** The account's user id: known after the first exchange (or from the stored credentials). */
  get userId(): string | undefined {
    return this.knownUserId;
  }

  /** The `default_drive_id` of the latest token answer, if it named one. */
  get tokenDefaultDriveId(): string | undefined {
    return this.tokenDriveId;
  }

  /** True once the refresh token was found dead. */
  get isDead(): boolean {
    return this.deadError !== undefined;
  }

  /**
   * Signs as another device from now on (a /login learns only from the token answer which Aliyun
   * user it is, and so which stored device to reuse); its session is made on the next call.
   */
  useDevice(device: { deviceId: string; privateKeyHex: string }): void {
    if (device.deviceId === this.device.deviceId && device.privateKeyHex === this.device.privateKeyHex) return;
    this.device = { ...device };
    this.signature = undefined;
    this.deviceGeneration += 1;
    this.deviceReady = false;
  }

  /** Whether `creds` describe this session (same device, and a refresh token of its chain). */
  matches(creds: AccountCredentials): boolean {
    return (
      creds.deviceId === this.device.deviceId &&
      creds.privateKeyHex === this.device.privateKeyHex &&
      (creds.refreshToken === this.refreshToken || creds.refreshToken === this.initialRefreshToken)
    );
  }

  // ---- access token --------------------------------------------------------------------------

  /**
   * Exchanges the refresh token now (one exchange in flight per account). The rotated refresh
   * token is handed to `onRefreshToken` and awaited before the new access token is used.
   */
  refresh(): Promise<TokenResponse> {
    if (this.deadError) return Promise.reject(this.deadError);
    this.refreshing ??= this.exchangeRefreshToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async exchangeRefreshToken(): Promise<TokenResponse> {
    const tried = new Set<string>();
    const policy = this.ctx.transport.retryPolicy;
    let ambiguousRetries = 0;
    let answer: TokenResponse;
    for (;;) {
      const used = this.refreshToken;
      tried.add(used);
      try {
        answer = await this.ctx.transport.call(
          {
            host: 'auth',
            path: 'v2/account/token',
            body: { grant_type: 'refresh_token', refresh_token: used },
            schema: tokenResponseSchema,
            // Not resent by the transport: after a timeout or 5xx Aliyun may have rotated the
            // token (the answer lost), so the store is read again before the next try (below).
            idempotent: false,
          },
          this.paceStep,
          this.log,
        );
        break;
      } catch (err) {
        if (isAmbiguousFailure(err) && ambiguousRetries < policy.retries) {
          ambiguousRetries += 1;
          const delayMs = Math.min(err.retryAfterMs ?? backoffDelay(ambiguousRetries, policy), policy.maxDelayMs);
          this.log.warn({ code: err.code, status: err.status, delayMs, attempt: ambiguousRetries }, 'token exchange failed; will read the store and try again');
          await sleep(delayMs);
          await this.adoptStoredToken(used);
          continue;
        }
        // A timeout or 5xx says nothing about the token: only Aliyun's "dead token" does.
        if (!isReloginNeeded(err)) throw err;
        // Rotated by another process sharing the account? Its token is in the store by now.
        const stored = tried.size <= MAX_ADOPTED_TOKENS ? await this.storedTokenBesides(tried) : undefined;
        if (stored) {
          this.log.info({}, 'refresh token was rotated elsewhere; using the stored one');
          this.refreshToken = stored;
          continue;
        }
        await this.die(err as AliyunError);
        throw err;
      }
    }
    // The old refresh token may already be dead: keep the new one even if storing it fails,
    // so the next attempt (which calls the hook again) still holds a live token.
    this.refreshToken = answer.refresh_token;
    await this.hooks.onRefreshToken(answer.refresh_token, answer);
    const lifetimeMs = answer.expires_in * 1000;
    this.knownUserId = answer.user_id || this.knownUserId;
    this.tokenDriveId = answer.default_drive_id || this.tokenDriveId;
    this.access = {
      token: answer.access_token,
      renewAt: Date.now() + lifetimeMs - Math.min(this.ctx.refreshAheadMs, lifetimeMs / 2),
    };
    this.log.info({ expiresInS: answer.expires_in }, 'access token refreshed');
    return answer;
  }

  /**
   * After an exchange whose outcome is unknown: the token in the store, if another process
   * stored a different one meanwhile (ours may be dead now); otherwise ours is tried again.
   */
  private async adoptStoredToken(used: string): Promise<void> {
    const stored = await this.hooks.loadRefreshToken?.();
    if (stored && stored !== used) {
      this.log.info({}, 'refresh token changed in the store meanwhile; using the stored one');
      this.refreshToken = stored;
    }
  }

  /**
   * A stored refresh token not tried yet. Another process may have rotated the token a moment
   * ago and not stored the new one yet (its answer is still on the way), so the store is read
   * again for a short while before the account is called dead.
   */
  private async storedTokenBesides(tried: ReadonlySet<string>): Promise<string | undefined> {
    const load = this.hooks.loadRefreshToken;
    if (!load) return undefined;
    const deadline = Date.now() + this.ctx.rotationGraceMs;
    for (;;) {
      const stored = await load();
      if (stored && !tried.has(stored)) return stored;
      if (!stored || Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, ROTATION_POLL_MS));
    }
  }

  private async die(err: AliyunError): Promise<void> {
    if (this.deadError) return;
    this.deadError = err;
    this.access = undefined;
    this.log.warn({ code: err.code }, 'refresh token is dead; the user must log in again');
    await this.hooks.onReloginNeeded?.();
  }

  /** A live access token, refreshed when missing or close to expiry. */
  async accessToken(): Promise<string> {
    if (this.deadError) throw this.deadError;
    if (this.access && Date.now() < this.access.renewAt) return this.access.token;
    return (await this.refresh()).access_token;
  }

  /** After the server rejected `rejected`: refresh unless someone already did. */
  private async refreshAfterRejection(rejected: string): Promise<void> {
    if (this.access && this.access.token !== rejected) return;
    await this.refresh();
  }

  // ---- device session ------------------------------------------------------------------------

  private deviceHeaders(accessToken: string): Record<string, string> {
    const userId = this.knownUserId ?? '';
    if (this.signature?.userId !== userId) {
      this.signature = { userId, value: signDevice(this.device.privateKeyHex, this.device.deviceId, userId) };
    }
    return {
      Authorization: `Bearer ${accessToken}`,
      'x-device-id': this.device.deviceId,
      'x-signature': this.signature.value,
    };
  }

  private ensureDevice(): Promise<void> {
    if (this.deviceReady) return Promise.resolve();
    this.creatingDevice ??= this.createDeviceSession().finally(() => {
      this.creatingDevice = undefined;
    });
    return this.creatingDevice;
  }

  private async createDeviceSession(): Promise<void> {
    const send = async (tokenReplayed = false): Promise<boolean> => {
      const token = await this.accessToken();
      try {
        const answer = await this.ctx.transport.call(
          {
            path: 'users/v1/users/device/create_session',
            headers: this.deviceHeaders(token),
            body: { deviceName: DEVICE_NAME, modelName: DEVICE_MODEL, pubKey: publicKeyHex(this.device.privateKeyHex) },
            schema: createSessionResponseSchema,
          },
          this.paceStep,
          this.log,
        );
        // `result` is the answer; an answer without it (only `success`, or neither) is taken at its word.
        return answer.result ?? answer.success ?? true;
      } catch (err) {
        if (!isAccessTokenExpired(err) || tokenReplayed) throw err;
        await this.refreshAfterRejection(token);
        return send(true);
      }
    };
    if (!(await send())) {
      throw new AliyunError({
        status: 200,
        code: 'TooManyDevices',
        message: 'Aliyun refused a new device session: too many devices are logged in to this account',
        endpoint: 'users/v1/users/device/create_session',
        retryable: false,
      });
    }
    this.deviceReady = true;
    this.log.debug({}, 'device session created');
  }

  private deviceLost(generation: number): void {
    if (this.deviceGeneration !== generation) return;
    this.deviceGeneration += 1;
    this.deviceReady = false;
  }

  // ---- callers -------------------------------------------------------------------------------

  private readonly paceStep = (): Promise<void> => this.bucket.take();

  /** The account's pace bucket, read-only: how many calls it could send now. */
  get pace(): Pick<TokenBucket, 'tokensNow' | 'readyInMs'> {
    return this.bucket;
  }

  /** A logged-in call: refreshes on an expired token and renews the device session, then replays. */
  readonly call: Caller = async <T>(spec: CallSpec<T>): Promise<T> => {
    let tokenReplayed = false;
    let deviceReplayed = false;
    let offlineReplayed = false;
    for (;;) {
      await this.ensureDevice();
      const generation = this.deviceGeneration;
      const token = await this.accessToken();
      try {
        return await this.ctx.transport.call(
          { ...spec, headers: { ...spec.headers, ...this.deviceHeaders(token) } },
          this.paceStep,
          this.log,
        );
      } catch (err) {
        if (isAccessTokenExpired(err) && !tokenReplayed) {
          tokenReplayed = true;
          await this.refreshAfterRejection(token);
        } else if (isDeviceSessionLost(err) && !deviceReplayed) {
          deviceReplayed = true;
          this.deviceLost(generation);
        } else if (isDeviceRefused(err) && !offlineReplayed) {
          // Once: if it repeats, the account has too many devices (or refuses this one) and the user must act.
          offlineReplayed = true;
          this.deviceLost(generation);
        } else {
          throw err;
        }
      }
    }
  };

  /** An anonymous call paced through this account. */
  readonly anonymousCall: Caller = <T>(spec: CallSpec<T>): Promise<T> => this.ctx.transport.call(spec, this.paceStep, this.log);
}
