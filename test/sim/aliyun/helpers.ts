/**
 * Test helpers that speak to the simulator over plain HTTP (fetch), independently of the
 * project's client: a JSON caller, and a signed-in session with its own secp256k1 device key.
 */
import { randomUUID } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { AliyunSimulator, SimAccount } from '../../../src/sim/aliyun/index.js';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** POSTs JSON (or GETs when `method` says so) and returns status, parsed body and headers. */
export async function call<T = Record<string, unknown>>(
  sim: Pick<AliyunSimulator, 'url'>,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<Answer<T>> {
  const res = await fetch(sim.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  let parsed: unknown = {};
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}

/** hex(r‖s) + "01" over SHA-256 of the device message, as real web clients sign. */
export function deviceSignature(secretKey: Uint8Array, deviceId: string, userId: string): string {
  const digest = sha256(utf8ToBytes(`5dde4e1bdf9e4966b387ba58f4b3fdc3:${deviceId}:${userId}:0`));
  return bytesToHex(secp256k1.sign(digest, secretKey, { prehash: false })) + '01';
}

export interface Session {
  userId: string;
  accessToken: string;
  refreshToken: string;
  deviceId: string;
  secretKey: Uint8Array;
  pubKeyHex: string;
  /** Authorization + device headers (+ x-share-token when given). */
  headers(shareToken?: string): Record<string, string>;
}

/** Exchanges the account's refresh token and registers a fresh device session. */
export async function signIn(sim: AliyunSimulator, account: SimAccount, opts: { register?: boolean } = {}): Promise<Session> {
  const token = await call<{ access_token: string; refresh_token: string; user_id: string }>(sim, '/v2/account/token', {
    grant_type: 'refresh_token',
    refresh_token: account.refreshToken,
  });
  if (token.status !== 200) throw new Error(`token exchange failed: ${token.text}`);
  account.refreshToken = token.body.refresh_token;
  const secretKey = secp256k1.utils.randomSecretKey();
  const session: Session = {
    userId: token.body.user_id,
    accessToken: token.body.access_token,
    refreshToken: token.body.refresh_token,
    deviceId: randomUUID(),
    secretKey,
    pubKeyHex: bytesToHex(secp256k1.getPublicKey(secretKey, false)),
    headers(shareToken) {
      return {
        authorization: `Bearer ${this.accessToken}`,
        'x-device-id': this.deviceId,
        'x-signature': deviceSignature(this.secretKey, this.deviceId, this.userId),
        ...(shareToken ? { 'x-share-token': shareToken } : {}),
      };
    },
  };
  if (opts.register !== false) {
    const created = await call<{ result: boolean }>(
      sim,
      '/users/v1/users/device/create_session',
      { deviceName: 'Chrome浏览器', modelName: 'Linux网页版', pubKey: session.pubKeyHex },
      session.headers(),
    );
    if (!created.body.result) throw new Error(`create_session failed: ${created.text}`);
  }
  return session;
}

/** A share token for a share (with its password, if any). */
export async function shareToken(sim: AliyunSimulator, shareId: string, password = ''): Promise<string> {
  const answer = await call<{ share_token: string }>(sim, '/v2/share_link/get_share_token', { share_id: shareId, share_pwd: password });
  if (answer.status !== 200) throw new Error(`share token failed: ${answer.text}`);
  return answer.body.share_token;
}

/** A batch of copy requests of `fileIds` from a share into a folder. */
export function copyBatch(shareId: string, fileIds: string[], toDriveId: string, toParent = 'root', autoRename = true) {
  return {
    resource: 'file',
    requests: fileIds.map((fileId, i) => ({
      id: String(i),
      method: 'POST',
      url: '/file/copy',
      headers: { 'Content-Type': 'application/json' },
      body: { share_id: shareId, file_id: fileId, to_drive_id: toDriveId, to_parent_file_id: toParent, auto_rename: autoRename },
    })),
  };
}

/** Lists a whole folder of a share, following next_marker; returns the names seen and the page count. */
export async function listAllInShare(sim: AliyunSimulator, shareId: string, token: string, parent = 'root', limit = 100) {
  const names: string[] = [];
  let marker = '';
  let pages = 0;
  do {
    const page = await call<{ items: Array<{ name: string }>; next_marker: string }>(
      sim,
      '/adrive/v2/file/list_by_share',
      { share_id: shareId, parent_file_id: parent, limit, order_by: 'name', order_direction: 'ASC', marker },
      { 'x-share-token': token },
    );
    if (page.status !== 200) throw new Error(`list failed: ${page.text}`);
    names.push(...page.body.items.map((i) => i.name));
    marker = page.body.next_marker;
    pages++;
  } while (marker !== '');
  return { names, pages };
}
