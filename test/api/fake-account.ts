/**
 * The account side of Aliyun for client tests: refresh-token rotation, access tokens, device
 * sessions with real signature checks, on routes of an {@link Upstream}.
 */
import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { aliyunError, type Handler, type Recorded, type Reply, type Upstream } from './upstream.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
/** Access tokens look like the real ones (JWTs). */
const fakeJwt = (): string =>
  `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`;

export interface FakeAccountOptions {
  expiresIn?: number;
  /** Delay before the token endpoint answers. */
  tokenDelayMs?: number;
}

export class FakeAccount {
  readonly userId = hex(16);
  refreshToken = hex(16);
  /** Every refresh token ever issued, including the first. */
  readonly issuedRefreshTokens: string[] = [this.refreshToken];
  readonly issuedAccessTokens: string[] = [];
  private readonly validAccess = new Set<string>();
  /** deviceId → registered public key. */
  readonly devices = new Map<string, string>();
  createSessionResult = true;
  signatureFailures: string[] = [];

  constructor(
    private readonly upstream: Upstream,
    private readonly options: FakeAccountOptions = {},
  ) {
    upstream.route('/v2/account/token', (req) => this.exchange(req));
    upstream.route('/users/v1/users/device/create_session', this.authed((req) => this.createSession(req), { device: false }));
    upstream.route(
      '/v2/user/get',
      this.authed(() => ({
        json: { user_id: this.userId, nick_name: 'tester', default_drive_id: '9600001', resource_drive_id: '9600002' },
      })),
    );
  }

  get refreshCalls(): Recorded[] {
    return this.upstream.calls('/v2/account/token');
  }

  get createSessionCalls(): Recorded[] {
    return this.upstream.calls('/users/v1/users/device/create_session');
  }

  /** Every access token now answers `AccessTokenInvalid`. */
  expireAccessTokens(): void {
    this.validAccess.clear();
  }

  /** Forgets every device session. */
  forgetDevices(): void {
    this.devices.clear();
  }

  /** The token endpoint: rotates the refresh token on every exchange. */
  async exchange(req: Recorded): Promise<Reply> {
    if (this.options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.tokenDelayMs));
    if (req.body?.grant_type !== 'refresh_token' || req.body?.refresh_token !== this.refreshToken) {
      return aliyunError(400, 'InvalidParameter.RefreshToken', 'The input parameter refresh_token is not valid.');
    }
    this.refreshToken = hex(16);
    this.issuedRefreshTokens.push(this.refreshToken);
    const access = fakeJwt();
    this.issuedAccessTokens.push(access);
    this.validAccess.add(access);
    const expiresIn = this.options.expiresIn ?? 7200;
    return {
      json: {
        access_token: access,
        refresh_token: this.refreshToken,
        expires_in: expiresIn,
        token_type: 'Bearer',
        expire_time: new Date(Date.now() + expiresIn * 1000).toISOString(),
        user_id: this.userId,
        user_name: '157***610',
        nick_name: 'tester',
        default_drive_id: '9600001',
        device_id: hex(16),
      },
    };
  }

  private createSession(req: Recorded): Reply {
    if (!this.createSessionResult) return { json: { result: false, success: false } };
    this.devices.set(String(req.headers['x-device-id']), String(req.body.pubKey));
    return { json: { result: true, success: true } };
  }

  /** Whether `signatureHex` (hex(r‖s) + "01") verifies for this device and user, with nonce 0. */
  verifySignature(deviceId: string, signatureHex: string, pubKey: string): boolean {
    if (!/^[0-9a-f]{128}01$/.test(signatureHex)) return false;
    const digest = sha256(utf8ToBytes(`5dde4e1bdf9e4966b387ba58f4b3fdc3:${deviceId}:${this.userId}:0`));
    return secp256k1.verify(hexToBytes(signatureHex.slice(0, 128)), digest, hexToBytes(pubKey), { prehash: false });
  }

  /** Wraps a handler with the checks Aliyun makes on logged-in calls. */
  authed(handler: Handler, options: { device?: boolean } = {}): Handler {
    return (req) => {
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith('Bearer ') || !this.validAccess.has(auth.slice(7))) {
        return aliyunError(401, 'AccessTokenInvalid', 'AccessToken is invalid. ErrValidateTokenFailed');
      }
      const deviceId = String(req.headers['x-device-id'] ?? '');
      const signature = String(req.headers['x-signature'] ?? '');
      if (!deviceId || !signature) return aliyunError(400, 'BadRequest', 'not found device info');
      if (options.device === false) return handler(req);
      const pubKey = this.devices.get(deviceId);
      if (!pubKey) return aliyunError(400, 'BadRequest', 'not found device info');
      if (!this.verifySignature(deviceId, signature, pubKey)) {
        this.signatureFailures.push(signature);
        return aliyunError(400, 'DeviceSessionSignatureInvalid', 'the device session signature is invalid');
      }
      return handler(req);
    };
  }
}
