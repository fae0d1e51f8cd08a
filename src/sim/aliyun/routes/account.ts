/** Accounts: refresh-token rotation, user info with drive ids, device sessions. */
import { hexToBytes } from '@noble/hashes/utils.js';
import {
  createSessionRequestSchema,
  tokenRequestSchema,
  type CreateSessionResponse,
  type TokenResponse,
  type UserInfo,
} from '../../../api/schemas.js';
import { verifyDeviceSignature } from '../auth.js';
import { simErrors } from '../errors.js';
import { ok, parseBody, type Route, type RouteContext } from '../route.js';
import type { Account, World } from '../state.js';

/** The token answer: a fresh access token and the refresh token that replaces the old one. */
export function tokenResponseFor(world: World, account: Account, refreshToken: string): TokenResponse {
  const { accessToken, expiresIn, expiresAtMs } = world.auth.issueAccessToken(account.userId);
  return {
    default_sbox_drive_id: '',
    role: 'user',
    user_name: account.userName,
    need_link: false,
    expire_time: world.clock.iso(expiresAtMs),
    pin_setup: true,
    need_rp_verify: false,
    avatar: '',
    user_data: {},
    token_type: 'Bearer',
    access_token: accessToken,
    default_drive_id: account.driveIds.default,
    domain_id: 'bj29',
    refresh_token: refreshToken,
    is_first_login: false,
    user_id: account.userId,
    nick_name: account.nickName,
    exist_link: [],
    state: '',
    expires_in: expiresIn,
    status: 'enabled',
    device_id: account.webDeviceId,
  };
}

function refreshToken(ctx: RouteContext) {
  const body = parseBody(tokenRequestSchema, ctx.body);
  const { userId, refreshToken: next } = ctx.world.auth.rotateRefreshToken(body.refresh_token);
  return ok(tokenResponseFor(ctx.world, ctx.world.account(userId), next));
}

function getUser(ctx: RouteContext) {
  const account = ctx.user();
  const info: UserInfo = {
    domain_id: 'bj29',
    user_id: account.userId,
    avatar: '',
    created_at: Date.parse(account.createdAt),
    updated_at: Date.parse(account.createdAt),
    email: '',
    nick_name: account.nickName,
    phone: account.userName,
    role: 'user',
    status: 'enabled',
    user_name: account.userName,
    description: '',
    default_drive_id: account.driveIds.default,
    ...(account.driveIds.resource ? { resource_drive_id: account.driveIds.resource } : {}),
    ...(account.driveIds.backup ? { backup_drive_id: account.driveIds.backup } : {}),
    user_data: {},
    deny_change_password_by_self: false,
    need_change_password_next_login: false,
    permission: null,
    creator: '',
    last_login_time: ctx.world.clock.now(),
  };
  return ok(info);
}

/**
 * Registers the request's public key for (user, x-device-id). The headers must already be
 * signed with the matching private key; one device too many answers `result:false`.
 */
function createSession(ctx: RouteContext) {
  const account = ctx.tokenUser();
  const body = parseBody(createSessionRequestSchema, ctx.body);
  const deviceId = ctx.header('x-device-id');
  const signature = ctx.header('x-signature');
  if (!deviceId) throw simErrors.badRequest('x-device-id header is required');
  const pubKey = hexToBytes(body.pubKey);
  if (!signature || !verifyDeviceSignature(signature, pubKey, deviceId, account.userId)) {
    throw simErrors.deviceSignatureInvalid();
  }
  const auth = ctx.world.auth;
  if (!auth.hasDevice(account.userId, deviceId) && auth.deviceCount(account.userId) >= ctx.world.knobs.maxDevices) {
    const refused: CreateSessionResponse = { result: false, success: false, code: 'DeviceSessionLimit', message: 'too many devices' };
    return ok(refused);
  }
  auth.registerDevice(account.userId, deviceId, pubKey);
  const answer: CreateSessionResponse = { result: true, success: true };
  return ok(answer);
}

/** Renews an existing session: same signature rules, the session's clock restarts. */
function renewSession(ctx: RouteContext) {
  const account = ctx.tokenUser();
  const deviceId = ctx.header('x-device-id');
  if (!deviceId || !ctx.world.auth.hasDevice(account.userId, deviceId)) throw simErrors.deviceNotFound();
  const key = ctx.world.auth.devicePubKey(account.userId, deviceId);
  const signature = ctx.header('x-signature') ?? '';
  if (!key || !verifyDeviceSignature(signature, key, deviceId, account.userId)) throw simErrors.deviceSignatureInvalid();
  ctx.world.auth.registerDevice(account.userId, deviceId, key);
  const answer: CreateSessionResponse = { result: true, success: true };
  return ok(answer);
}

export const accountRoutes: Route[] = [
  { method: 'POST', path: '/v2/account/token', handle: refreshToken },
  { method: 'POST', path: '/v2/user/get', handle: getUser },
  { method: 'POST', path: '/users/v1/users/device/create_session', handle: createSession },
  { method: 'POST', path: '/users/v1/users/device/renew_session', handle: renewSession },
];
