/**
 * Accounts: refresh-token rotation, user info (drive ids on the user host only), device sessions.
 * Answers follow the captured ones in shared/aliyun-real-responses.json, nulls included.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { createSessionRequestSchema, tokenRequestSchema } from '../../../api/schemas.js';
import { verifyDeviceSignature } from '../auth.js';
import { simErrors } from '../errors.js';
import { ok, parseBody, type Route, type RouteContext } from '../route.js';
import type { Account, World } from '../state.js';

/** The token answer: a fresh access token and the refresh token that replaces the old one. */
export function tokenResponseFor(world: World, account: Account, refreshToken: string): Record<string, unknown> {
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
    user_data: { back_up_config: {} },
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

/**
 * `/v2/user/get` on the API host: since mid-2025 it names no drive (alist fd411866), only who
 * the user is.
 */
function getUserOnApiHost(ctx: RouteContext) {
  const account = ctx.user();
  return ok({ user_id: account.userId, nick_name: account.nickName, user_name: account.userName, domain_id: 'bj29' });
}

/** `/v2/user/get` on the user host: the drives, with the nulls the real answer carries. */
function getUserOnUserHost(ctx: RouteContext) {
  const account = ctx.user();
  return ok({
    avatar: '',
    email: '',
    phone: account.userName,
    role: 'user',
    status: 'enabled',
    description: '',
    punishments: null,
    creator: '',
    backup_drive_id: account.driveIds.backup ?? null,
    resource_drive_id: account.driveIds.resource ?? null,
    user_id: account.userId,
    domain_id: 'bj29',
    user_name: account.userName,
    nick_name: account.nickName,
    default_drive_id: account.driveIds.default,
    sbox_drive_id: null,
    created_at: Date.parse(account.createdAt),
    updated_at: Date.parse(account.createdAt),
    user_data: {},
    punish_flag: null,
    default_location: '',
    deny_change_password_by_self: false,
    expire_at: null,
    last_login_time: ctx.world.clock.now(),
    need_change_password_next_login: false,
    phone_region: '86',
    vip_identity: 'member',
    creator_level: null,
  });
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
    return ok({ result: false, success: false, code: 'DeviceSessionLimit', message: 'too many devices' });
  }
  auth.registerDevice(account.userId, deviceId, pubKey);
  return ok(SESSION_OK);
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
  return ok(SESSION_OK);
}

/** A session made or renewed: the real answer, nulls and all. */
const SESSION_OK = { result: true, success: true, code: null, message: null };

/** The api, auth and passport hosts' account paths. */
export const accountRoutes: Route[] = [
  { method: 'POST', path: '/v2/account/token', handle: refreshToken },
  { method: 'POST', path: '/v2/user/get', handle: getUserOnApiHost },
  { method: 'POST', path: '/users/v1/users/device/create_session', handle: createSession },
  { method: 'POST', path: '/users/v1/users/device/renew_session', handle: renewSession },
];

/** The user host (its own base URL): only `/v2/user/get`. */
export const userHostRoutes: Route[] = [{ method: 'POST', path: '/v2/user/get', handle: getUserOnUserHost }];
