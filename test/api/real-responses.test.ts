/**
 * Contract: every answer in fixtures/aliyun-real-responses.json (copied from
 * shared/aliyun-real-responses.json — real answers captured by public clients, nulls included)
 * goes through the client and leads to the right behaviour: nulls read as absent, a dead refresh
 * token asks for a new login, a batch item's quota error is "drive full".
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateDevice,
  isDriveFull,
  isRateLimited,
  isReloginNeeded,
  isShareGone,
  isShareTokenInvalid,
  isDeviceSessionLost,
  isAccessTokenExpired,
  taskPhase,
  type AliyunClient,
  type AliyunError,
} from '../../src/api/index.js';
import { itemResult } from '../../src/jobs/copy-results.js';
import { DRIVE_FULL_CODE } from '../../src/jobs/save-failure.js';
import { aliyunError, clientFor, startUpstream, type Upstream } from './upstream.js';

interface Sample {
  endpoint: string;
  body: Record<string, any>;
}
const samples = (JSON.parse(readFileSync(new URL('./fixtures/aliyun-real-responses.json', import.meta.url), 'utf8')) as { samples: Sample[] }).samples;
const all = (prefix: string): Sample[] => samples.filter((sample) => sample.endpoint.startsWith(prefix));
const one = (prefix: string): Record<string, any> => {
  const found = all(prefix)[0];
  if (!found) throw new Error(`no sample ${prefix}`);
  return found.body;
};

let upstream: Upstream;
let client: AliyunClient;
let relogins: number;

beforeEach(async () => {
  upstream = await startUpstream();
  client = clientFor(upstream.url);
  relogins = 0;
});
afterEach(async () => {
  await upstream.close();
});

/** A session whose token answer is `token` (rotating nothing else) and whose device session answers as captured. */
function realSession(token: Record<string, any> = one('account/token')) {
  upstream.route('/v2/account/token', () => ({ json: token }));
  upstream.route('/users/v1/users/device/create_session', () => ({ json: one('users/v1/users/device/create_session') }));
  return client.session(
    { accountKey: 'real', refreshToken: 'r0', ...generateDevice() },
    { onRefreshToken: () => undefined, onReloginNeeded: () => void relogins++ },
  );
}

describe('accounts', () => {
  it.each(all('account/token'))('a token answer ($source) logs in; its default drive is where saves go without a user host', async ({ body }) => {
    const session = realSession(body);
    upstream.route('/v2/user/get', () => aliyunError(404, 'NotFound', 'no user host here'));
    expect((await session.refresh()).user_id).toBe(body['user_id']);
    expect(await session.targetDriveId()).toBe(body['default_drive_id']);
  });

  it('create_session answering {code:null, message:null} is a device session, not a broken answer', async () => {
    const session = realSession();
    upstream.route('/adrive/v3/file/list', () => ({ json: one('file list page') }));
    const page = await session.listFiles('9600002', 'root');
    expect(page.items[0]?.name).toBe('来自分享');
    expect(upstream.calls('/users/v1/users/device/create_session')).toHaveLength(1);
  });

  it('the user host names the resource drive, and saves go there', async () => {
    const session = realSession();
    upstream.route('/v2/user/get', () => ({ json: one('v2/user/get on user.aliyundrive.com') }));
    expect(await session.driveIds()).toEqual({ default: '111111', resource: '222222', backup: '111111' });
    expect(await session.targetDriveId()).toBe('222222');
  });

  it.each([
    ['v2/user/get on api.aliyundrive.com', '9600002'],
    ['v2/user/get on api.alipan.com after mid-2025', '9600002'],
  ])('%s: no resource drive named, the default drive is used', async (endpoint, expected) => {
    const session = realSession();
    upstream.route('/v2/user/get', () => ({ json: one(endpoint) }));
    expect(await session.targetDriveId()).toBe(expected);
  });

  it('a dead refresh token (requestId: null) asks for a new login', async () => {
    upstream.route('/v2/account/token', () => ({ status: 400, json: one('error body: InvalidParameter.RefreshToken') }));
    const session = client.session({ accountKey: 'dead', refreshToken: 'r0', ...generateDevice() }, { onRefreshToken: () => undefined, onReloginNeeded: () => void relogins++ });
    const err = (await session.refresh().catch((e: unknown) => e)) as AliyunError;
    expect(isReloginNeeded(err)).toBe(true);
    expect(err.requestId).toBeUndefined();
    expect(relogins).toBe(1);
  });

  it('RefreshTokenExpired asks for a new login too', async () => {
    upstream.route('/v2/account/token', () => ({ status: 400, json: { code: 'RefreshTokenExpired', message: 'refresh token expired', requestId: null } }));
    const session = client.session({ accountKey: 'dead', refreshToken: 'r0', ...generateDevice() }, { onRefreshToken: () => undefined, onReloginNeeded: () => void relogins++ });
    expect(isReloginNeeded(await session.refresh().catch((e: unknown) => e))).toBe(true);
    expect(relogins).toBe(1);
  });
});

describe('error bodies keep their code', () => {
  it.each(all('error body'))('$endpoint', async ({ body }) => {
    upstream.route('/adrive/v2/share_link/get_share_by_anonymous', () => ({ status: 400, json: body }));
    const err = (await client.getShareInfo('abcDEF12345').catch((e: unknown) => e)) as AliyunError;
    expect(err.code).toBe(body['code']);
    expect(err.serverMessage).toBe(body['message']);
  });

  it('classifies them as the spec says', async () => {
    const classify = async (sample: string, status: number) => {
      upstream.route('/adrive/v2/share_link/get_share_by_anonymous', () => ({ status, json: one(sample) }));
      return client.getShareInfo('abcDEF12345').catch((e: unknown) => e);
    };
    expect(isRateLimited(await classify('error body: ParamFlowException', 400))).toBe(true);
    expect(isShareGone(await classify('error body: NotFound.ShareLink', 404))).toBe(true);
    expect(isShareTokenInvalid(await classify('error body: ShareLinkTokenInvalid', 401))).toBe(true);
    expect(isDeviceSessionLost(await classify('error body: DeviceSessionSignatureInvalid', 400))).toBe(true);
    expect(isDeviceSessionLost(await classify('error body: BadRequest not found device info', 400))).toBe(true);
    expect(isAccessTokenExpired(await classify('error body: AccessTokenInvalid', 401))).toBe(true);
  }, 20_000);
});

describe('QR login', () => {
  it('generate.do gives a code to show', async () => {
    upstream.route('/newlogin/qrcode/generate.do', () => ({ json: one('newlogin/qrcode/generate.do') }));
    expect(await client.qrGenerate()).toEqual({ t: '1629444501720', ck: '16312a1540565cfd7782eb03cacc7e4a', codeContent: expect.stringContaining('qrcodeCheck.htm') });
  });

  it.each(all('newlogin/qrcode/query.do').filter((s) => !s.endpoint.endsWith('CONFIRMED')))('$endpoint is read as its status', async ({ body }) => {
    upstream.route('/newlogin/qrcode/query.do', () => ({ json: body }));
    expect((await client.qrQuery({ t: '1', ck: 'c' })).status).toBe(body['content'].data.qrCodeStatus);
  });
});

describe('saving', () => {
  it('a captured batch copy answer is a copy with its new file id', async () => {
    const session = realSession();
    upstream.route('/v2/share_link/get_share_token', () => ({ json: { share_token: 'eyJ.x.y', expire_time: null, expires_in: 7200 } }));
    upstream.route('/adrive/v4/batch', () => ({ json: one('v2/batch share copy') }));
    const [result] = await session.copyBatch({ shareId: 'abcDEF12345', toDriveId: '8699982', toParentFileId: 'root', fileIds: ['f0'] });
    expect(result).toMatchObject({ status: 'copied', newFileId: '60d9c4ca9ed2d8c38038475dab7f28bc8a6d7564' });
  });

  it('a batch item with body: null (204) is no failure', async () => {
    const session = realSession();
    upstream.route('/v2/share_link/get_share_token', () => ({ json: { share_token: 'eyJ.x.y', expires_in: 7200 } }));
    upstream.route('/adrive/v4/batch', () => ({ json: one('batch share_link/cancel item 204') }));
    const [result] = await session.copyBatch({ shareId: 'abcDEF12345', toDriveId: '1', toParentFileId: 'root', fileIds: ['f0'] });
    expect(result?.status).not.toBe('failed');
  });

  it('a batch item failing with QuotaExhausted.Drive (requestId: null) is "drive full"', async () => {
    const session = realSession();
    upstream.route('/v2/share_link/get_share_token', () => ({ json: { share_token: 'eyJ.x.y', expires_in: 7200 } }));
    upstream.route('/adrive/v4/batch', () => ({
      json: { responses: [{ id: '0', status: 400, body: { code: 'QuotaExhausted.Drive', message: 'The resource drive has exceeded the limit.', requestId: null } }] },
    }));
    const [result] = await session.copyBatch({ shareId: 'abcDEF12345', toDriveId: '1', toParentFileId: 'root', fileIds: ['f0'] });
    expect(isDriveFull(result?.error)).toBe(true);
    expect(itemResult(result!)).toMatchObject({ state: 'failed', errorCode: DRIVE_FULL_CODE });
  });

  it.each(all('async_task/get'))('$endpoint: the copy is finished', async ({ body }) => {
    const session = realSession();
    upstream.route('/v2/async_task/get', () => ({ json: body }));
    expect(taskPhase(await session.getAsyncTask('a'))).toBe('succeeded');
  });

  it('an async task in a state this version does not know is still running, not failed', async () => {
    const session = realSession();
    upstream.route('/v2/async_task/get', () => ({ json: { async_task_id: 'a', state: 'Queued', status: null } }));
    expect(taskPhase(await session.getAsyncTask('a'))).toBe('running');
    upstream.route('/v2/async_task/get', () => ({ json: { async_task_id: 'a', status: 'done' } }));
    expect(taskPhase(await session.getAsyncTask('a'))).toBe('succeeded');
  });
});

describe('own files and share listings', () => {
  it('get_by_path on /v2/file/get_by_path finds the folder', async () => {
    const session = realSession();
    upstream.route('/v2/file/get_by_path', () => ({ json: one('v2/file/get_by_path') }));
    expect(await session.getByPath('9600002', '/zip23')).toMatchObject({ file_id: '623b00000000d89ef21d4118838aed83de7575ba', type: 'folder' });
  });

  it('createWithFolders answers the existing folder', async () => {
    const session = realSession();
    upstream.route('/adrive/v2/file/createWithFolders', () => ({ json: one('createWithFolders') }));
    expect((await session.createFolder('9600002', 'root', '来自分享')).file_id).toBe('a'.repeat(40));
  });

  it('list_by_share items are listed', async () => {
    upstream.route('/v2/share_link/get_share_token', () => ({ json: { share_token: 'eyJ.x.y', expires_in: 7200 } }));
    upstream.route('/adrive/v2/file/list_by_share', () => ({ json: one('list_by_share item') }));
    const items = await client.listShareFiles('AbCdEfGh123');
    expect(items.map((item) => item.name)).toEqual(['a.mkv']);
  });
});
