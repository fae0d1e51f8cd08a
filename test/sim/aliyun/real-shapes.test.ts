/**
 * Contract: per endpoint, the simulator answers in the shape of the real service's answer in
 * shared/aliyun-real-responses.json (copied to test/api/fixtures/): every key the sample has,
 * `null` where the sample has `null`, and the same value types — checked all the way down.
 * A simulator derived from the client's own schemas would drop the nulls and extra fields the
 * client does not read; this keeps it honest.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../../src/sim/aliyun/index.js';
import { call, copyBatch, shareToken, signIn, type Session } from './helpers.js';

interface Sample {
  endpoint: string;
  body: unknown;
}
const samples = (
  JSON.parse(readFileSync(new URL('../../api/fixtures/aliyun-real-responses.json', import.meta.url), 'utf8')) as { samples: Sample[] }
).samples;

function sample(endpoint: string): unknown {
  const found = samples.find((s) => s.endpoint === endpoint);
  if (!found) throw new Error(`no sample "${endpoint}"`);
  return found.body;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Where `actual` differs from the shape of `expected`: a missing key, a value not `null` where
 * the sample's is, or another type. Arrays compare their first elements.
 */
function shapeDifferences(expected: unknown, actual: unknown, path = '$'): string[] {
  const want = typeName(expected);
  const got = typeName(actual);
  if (want !== got) return [`${path}: ${want} in the sample, ${got} in the simulator`];
  if (want === 'array') {
    const [first] = expected as unknown[];
    const [mine] = actual as unknown[];
    if (first === undefined) return [];
    if (mine === undefined) return [`${path}: the sample's list has items, the simulator's none`];
    return shapeDifferences(first, mine, `${path}[0]`);
  }
  if (want !== 'object') return [];
  const theirs = expected as Record<string, unknown>;
  const ours = actual as Record<string, unknown>;
  return Object.keys(theirs).flatMap((key) =>
    key in ours ? shapeDifferences(theirs[key], ours[key], `${path}.${key}`) : [`${path}.${key}: missing in the simulator`],
  );
}

function expectShapeOf(endpoint: string, actual: unknown): void {
  expect(shapeDifferences(sample(endpoint), actual), endpoint).toEqual([]);
}

let sim: AliyunSimulator;
let alice: SimAccount;
let s: Session;

beforeAll(async () => {
  sim = await startAliyunSimulator({ asyncTaskPolls: 0 });
  alice = sim.addAccount({ nickName: 'Alice' });
  s = await signIn(sim, alice);
});
afterAll(async () => {
  await sim.close();
});

const api = (path: string, body: unknown, extra: Record<string, string> = {}) => call(sim, path, body, { ...s.headers(), ...extra });

describe('the simulator answers in the real shapes', () => {
  it('account/token (refresh)', async () => {
    const bob = sim.addAccount({ nickName: 'Bob' });
    const answer = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: bob.refreshToken });
    expectShapeOf('account/token (refresh)', answer.body);
  });

  it('a dead refresh token: the auth host\'s error, requestId null', async () => {
    const answer = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: 'dead-token-000' });
    expect(answer.status).toBe(400);
    expectShapeOf('error body: InvalidParameter.RefreshToken via auth host', answer.body);
    expect(answer.body['code']).toBe('InvalidParameter.RefreshToken');
  });

  it('v2/user/get on both hosts', async () => {
    expectShapeOf('v2/user/get on api.alipan.com after mid-2025', (await api('/v2/user/get', {})).body);
    const onUserHost = await call({ url: sim.userUrl }, '/v2/user/get', {}, s.headers());
    expectShapeOf('v2/user/get on user.aliyundrive.com', onUserHost.body);
  });

  it('device create_session and renew_session', async () => {
    const created = await api('/users/v1/users/device/create_session', { deviceName: 'Chrome浏览器', modelName: 'Windows网页版', pubKey: s.pubKeyHex });
    expectShapeOf('users/v1/users/device/create_session', created.body);
    expectShapeOf('users/v1/users/device/renew_session', (await api('/users/v1/users/device/renew_session', {})).body);
  });

  it('files: get_by_path, a list page, createWithFolders', async () => {
    const made = await api('/adrive/v2/file/createWithFolders', { drive_id: alice.driveIds.resource, parent_file_id: 'root', name: '来自分享', type: 'folder', check_name_mode: 'refuse' });
    expect(made.status).toBe(201);
    // The sample is the answer for a folder that was there already.
    const again = await api('/adrive/v2/file/createWithFolders', { drive_id: alice.driveIds.resource, parent_file_id: 'root', name: '来自分享', type: 'folder', check_name_mode: 'refuse' });
    expectShapeOf('createWithFolders', again.body);
    expect(again.body['exist']).toBe(true);
    expectShapeOf('v2/file/get_by_path', (await api('/v2/file/get_by_path', { drive_id: alice.driveIds.resource, file_path: '/来自分享' })).body);
    expectShapeOf('file list page', (await api('/adrive/v2/file/list', { drive_id: alice.driveIds.resource, parent_file_id: 'root' })).body);
  });

  it('a share: list_by_share, batch copy, async_task/get', async () => {
    const folderShare = sim.catalogue.folder.shareId;
    const token = await shareToken(sim, folderShare);
    const videoShare = sim.catalogue.singleFile.shareId;
    const videoToken = await shareToken(sim, videoShare);
    const listed = await call(sim, '/adrive/v2/file/list_by_share', { share_id: videoShare, parent_file_id: 'root' }, { 'x-share-token': videoToken });
    expectShapeOf('list_by_share item', listed.body);

    const file = (listed.body['items'] as Array<{ file_id: string }>)[0]?.file_id ?? '';
    const copied = await api('/adrive/v4/batch', copyBatch(videoShare, [file], alice.driveIds.resource ?? ''), { 'x-share-token': videoToken });
    expectShapeOf('v2/batch share copy', copied.body);

    const top = await call(sim, '/adrive/v2/file/list_by_share', { share_id: folderShare, parent_file_id: 'root' }, { 'x-share-token': token });
    const folder = (top.body['items'] as Array<{ file_id: string }>)[0]?.file_id ?? '';
    const accepted = await api('/adrive/v4/batch', copyBatch(folderShare, [folder], alice.driveIds.resource ?? ''), { 'x-share-token': token });
    const taskId = ((accepted.body['responses'] as Array<{ body: { async_task_id: string } }>)[0]?.body.async_task_id) ?? '';
    expect(taskId).not.toBe('');
    const task = await api('/v2/async_task/get', { async_task_id: taskId });
    expectShapeOf('async_task/get', task.body);
    expect(task.body['status']).toBe(task.body['state']);
  });
});
