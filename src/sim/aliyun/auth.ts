/**
 * Tokens (refresh with rotation, access, share) and device sessions with secp256k1 signature
 * checks — everything that decides who a request is.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { simErrors } from './errors.js';
import type { IdFactory, SimClock } from './ids.js';
import type { SimKnobs } from './knobs.js';

/** The fixed app id the web client signs with. */
const SIGNATURE_APP_ID = '5dde4e1bdf9e4966b387ba58f4b3fdc3';

export interface DeviceSession {
  pubKey: Uint8Array;
  createdAtMs: number;
  /** The last `x-signature` that verified: nonce 0 makes it the same on every call, so verify once. */
  verifiedSignature?: string;
}

export interface ShareGrant {
  shareId: string;
  expiresAtMs: number;
}

/** Does `signatureHex` (hex(r‖s) + recovery byte) sign the device message with `pubKey`? */
export function verifyDeviceSignature(signatureHex: string, pubKey: Uint8Array, deviceId: string, userId: string): boolean {
  if (!/^[0-9a-fA-F]{128}0[01]$/.test(signatureHex)) return false;
  const digest = sha256(utf8ToBytes(`${SIGNATURE_APP_ID}:${deviceId}:${userId}:0`));
  try {
    // The digest is what is signed: no second hashing; high-S signatures from other libraries pass.
    return secp256k1.verify(hexToBytes(signatureHex.slice(0, 128)), digest, pubKey, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

export class AuthStore {
  private readonly refreshTokens = new Map<string, string>(); // token → userId
  private readonly accessTokens = new Map<string, { userId: string; expiresAtMs: number }>();
  private readonly shareTokens = new Map<string, ShareGrant>();
  /** `${userId}:${deviceId}` → session; devices stay registered after their session expires. */
  private readonly devices = new Map<string, DeviceSession>();

  constructor(
    private readonly ids: IdFactory,
    private readonly clock: SimClock,
    private readonly knobs: () => SimKnobs,
  ) {}

  /** A new refresh token for a user (a new login; other logins keep theirs). */
  issueRefreshToken(userId: string): string {
    const token = this.ids.hex(32);
    this.refreshTokens.set(token, userId);
    return token;
  }

  /** Rotation: the old token dies the moment the new one is issued. Unknown → `InvalidParameter.RefreshToken`. */
  rotateRefreshToken(token: string): { userId: string; refreshToken: string } {
    const userId = this.refreshTokens.get(token);
    if (userId === undefined) throw simErrors.refreshTokenInvalid();
    this.refreshTokens.delete(token);
    return { userId, refreshToken: this.issueRefreshToken(userId) };
  }

  issueAccessToken(userId: string): { accessToken: string; expiresIn: number; expiresAtMs: number } {
    const expiresIn = this.knobs().accessTokenTtlSec;
    const now = this.clock.now();
    const expiresAtMs = now + expiresIn * 1000;
    const accessToken = this.ids.jwt({ userId, customType: 'access_token', iat: Math.floor(now / 1000), exp: Math.floor(expiresAtMs / 1000) });
    this.accessTokens.set(accessToken, { userId, expiresAtMs });
    return { accessToken, expiresIn, expiresAtMs };
  }

  /** Who an `Authorization` header belongs to, even if expired (for per-account counters). */
  peekUser(authorization: string | undefined): string | undefined {
    return this.accessTokens.get(bearer(authorization))?.userId;
  }

  /** The user of a live access token, or 401 `AccessTokenInvalid`. */
  userOf(authorization: string | undefined): string {
    const entry = this.accessTokens.get(bearer(authorization));
    if (!entry || entry.expiresAtMs <= this.clock.now()) throw simErrors.accessTokenInvalid();
    return entry.userId;
  }

  issueShareToken(shareId: string, creatorId: string): { shareToken: string; expiresIn: number; expiresAtMs: number } {
    const expiresIn = this.knobs().shareTokenTtlSec;
    const now = this.clock.now();
    const expiresAtMs = now + expiresIn * 1000;
    const custom = JSON.stringify({ domain_id: 'bj29', share_id: shareId, creator: creatorId, user_id: 'anonymous' });
    const shareToken = this.ids.jwt({ customJson: custom, customType: 'share_link', iat: Math.floor(now / 1000), exp: Math.floor(expiresAtMs / 1000) });
    this.shareTokens.set(shareToken, { shareId, expiresAtMs });
    return { shareToken, expiresIn, expiresAtMs };
  }

  /** The share an `x-share-token` opens; unknown or expired → 401 `ShareLinkTokenInvalid`. */
  shareGrantOf(token: string | undefined): ShareGrant {
    const grant = token ? this.shareTokens.get(token) : undefined;
    if (!grant || grant.expiresAtMs <= this.clock.now()) throw simErrors.shareTokenInvalid();
    return grant;
  }

  deviceCount(userId: string): number {
    let n = 0;
    for (const key of this.devices.keys()) if (key.startsWith(`${userId}:`)) n++;
    return n;
  }

  hasDevice(userId: string, deviceId: string): boolean {
    return this.devices.has(`${userId}:${deviceId}`);
  }

  devicePubKey(userId: string, deviceId: string): Uint8Array | undefined {
    return this.devices.get(`${userId}:${deviceId}`)?.pubKey;
  }

  /** Registers (or renews) the device's public key; the session's clock starts now. */
  registerDevice(userId: string, deviceId: string, pubKey: Uint8Array): void {
    this.devices.set(`${userId}:${deviceId}`, { pubKey, createdAtMs: this.clock.now() });
  }

  /** Makes every device session of a user (or of all users) too old to verify. */
  expireDeviceSessions(userId?: string): void {
    for (const [key, session] of this.devices) {
      if (userId === undefined || key.startsWith(`${userId}:`)) session.createdAtMs = -Infinity;
    }
  }

  /**
   * The device check of every logged-in call: a registered session for (user, x-device-id),
   * younger than its TTL, whose key verifies `x-signature`.
   */
  checkDevice(userId: string, deviceId: string | undefined, signature: string | undefined): void {
    if (this.knobs().userDeviceOffline) throw simErrors.userDeviceOffline();
    const session = deviceId ? this.devices.get(`${userId}:${deviceId}`) : undefined;
    if (!session || !deviceId) throw simErrors.deviceNotFound();
    if (this.clock.now() - session.createdAtMs > this.knobs().deviceSessionTtlSec * 1000) {
      throw simErrors.deviceSignatureInvalid();
    }
    if (!signature) throw simErrors.deviceSignatureInvalid();
    if (session.verifiedSignature === signature) return;
    if (!verifyDeviceSignature(signature, session.pubKey, deviceId, userId)) throw simErrors.deviceSignatureInvalid();
    session.verifiedSignature = signature;
  }
}

function bearer(authorization: string | undefined): string {
  return (authorization ?? '').replace(/^Bearer\s+/i, '').trim();
}
