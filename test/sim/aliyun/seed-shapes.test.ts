/**
 * For each request captured in shared/seed-share-api.md, the simulator's answer carries every
 * key of the seed's response (fixtures below are the seed's key sets, written out by hand).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../../src/sim/aliyun/index.js';
import { call, shareToken, signIn, type Session } from './helpers.js';

const SEED = {
  shareLink: [
    'popularity', 'share_id', 'share_msg', 'share_name', 'description', 'expiration', 'expired', 'share_pwd', 'share_url',
    'creator', 'drive_id', 'file_id', 'file_id_list', 'preview_count', 'save_count', 'download_count', 'status', 'created_at',
    'updated_at', 'first_file', 'current_sync_status', 'next_sync_status', 'full_share_msg', 'popularity_str', 'display_name',
  ],
  createExtra: ['is_photo_collection', 'sync_to_homepage'],
  firstFile: [
    'trashed', 'category', 'content_hash', 'content_hash_name', 'content_type', 'crc64_hash', 'created_at', 'domain_id',
    'download_url', 'drive_id', 'encrypt_mode', 'file_extension', 'file_id', 'hidden', 'mime_type', 'name', 'parent_file_id',
    'punish_flag', 'size', 'starred', 'status', 'type', 'updated_at', 'upload_id', 'url', 'user_meta',
  ],
  imageExtra: ['image_media_metadata', 'labels', 'thumbnail'],
  shareList: ['items', 'next_marker'],
  shareMsg: ['full_share_msg', 'share_url'],
  checkAvailable: ['invalid_items'],
  extractCode: ['code', 'message', 'data', 'resultCode'],
  extractCodeData: ['share_id', 'share_pwd'],
  anonymous: [
    'creator_id', 'creator_name', 'creator_phone', 'expiration', 'updated_at', 'vip', 'avatar', 'share_name', 'file_count',
    'allow_subscribe', 'is_creator_followable', 'is_following_creator', 'display_name', 'file_infos',
  ],
  fileInfo: ['type', 'file_id', 'file_name'],
  shareToken: ['share_token', 'expire_time', 'expires_in'],
  downloadUrl: ['download_url', 'url', 'thumbnail'],
  videoPreview: ['share_id', 'file_id', 'video_preview_play_info'],
  videoPlayInfo: ['category', 'meta', 'live_transcoding_task_list'],
  videoMeta: ['duration', 'width', 'height', 'live_transcoding_meta'],
  videoTask: ['template_id', 'template_name', 'status', 'stage', 'url', 'preview_url', 'keep_original_resolution'],
  copy: ['domain_id', 'drive_id', 'file_id', 'async_task_id'],
  taskRunning: ['async_task_id', 'state', 'message', 'total_process', 'consumed_process', 'punished_file_count'],
  taskSucceed: ['async_task_id', 'state', 'total_process', 'consumed_process', 'punished_file_count'],
} as const;

function expectKeys(value: unknown, keys: readonly string[]): void {
  expect(typeof value).toBe('object');
  const missing = keys.filter((k) => !(k in (value as object)));
  expect(missing).toEqual([]);
}

let sim: AliyunSimulator;
let alice: SimAccount;
let s: Session;
let shareId: string;
let gifId: string;

beforeAll(async () => {
  sim = await startAliyunSimulator({ shareDownloadUrlAllowed: true });
  alice = sim.addAccount({ nickName: 'Alice' });
  s = await signIn(sim, alice);
  const [gif] = sim.addFiles(alice.userId, [{ name: '返回.gif', size: 58391 }]);
  gifId = gif!.fileId;
  const created = await call(sim, '/adrive/v2/share_link/create', { drive_id: alice.driveIds.resource, file_id_list: [gifId], expiration: new Date(Date.now() + 3600_000).toISOString() }, s.headers());
  shareId = created.body['share_id'] as string;
});
afterAll(async () => {
  await sim.close();
});

const api = (path: string, body: unknown, extra: Record<string, string> = {}) => call(sim, path, body, { ...s.headers(), ...extra });

describe('answers carry the seed\'s keys', () => {
  it('share_link/list, get, update, create', async () => {
    const list = await api('/adrive/v3/share_link/list', { category: 'file,album', order_direction: 'DESC', order_by: 'created_at', creator: alice.userId, limit: 100 });
    expectKeys(list.body, SEED.shareList);
    const item = (list.body['items'] as unknown[])[0] as Record<string, unknown>;
    expectKeys(item, SEED.shareLink);
    expectKeys(item['first_file'], [...SEED.firstFile, ...SEED.imageExtra]);
    const got = await api('/adrive/v2/share_link/get', { share_id: shareId });
    expectKeys(got.body, SEED.shareLink);
    const updated = await api('/adrive/v2/share_link/update', { share_id: shareId, expiration: new Date(Date.now() + 7200_000).toISOString() });
    expectKeys(updated.body, SEED.shareLink);
    const [exe] = sim.addFiles(alice.userId, [{ name: 'dotull_x86.exe', size: 50449456 }]);
    const created = await api('/adrive/v2/share_link/create', { drive_id: alice.driveIds.resource, file_id_list: [exe!.fileId], expiration: new Date(Date.now() + 3600_000).toISOString() });
    expectKeys(created.body, [...SEED.shareLink, ...SEED.createExtra]);
    expectKeys(created.body['first_file'], SEED.firstFile);
  });

  it('get_share_msg, check_available, extract_code, cancel', async () => {
    expectKeys((await api('/adrive/v2/share_link/get_share_msg', { share_id: shareId })).body, SEED.shareMsg);
    const [qrc] = sim.addFiles(alice.userId, [{ name: '赵希予 - 克莱因蓝 - 186 - 克莱因蓝_qm.qrc', size: 3979 }]);
    const check = await api('/adrive/v2/share_link/check_available', { drive_file_list: [{ drive_id: alice.driveIds.resource, file_id: qrc!.fileId }] });
    expectKeys(check.body, SEED.checkAvailable);
    expectKeys((check.body['invalid_items'] as unknown[])[0], SEED.firstFile);
    const extract = await api('/adrive/v2/share_link/extract_code', {
      content: '「The.Battle.at.L...获取更多免费资源.mkv」https://www.aliyundrive.com/s/9Q00000000L 提取码: f259\n点击链接保存，或者复制本段内容，打开「阿里云盘」APP ，无需下载极速在线查看，视频原画倍速播放。',
    });
    expectKeys(extract.body, SEED.extractCode);
    expectKeys(extract.body['data'], SEED.extractCodeData);
    const [spare] = sim.addFiles(alice.userId, [{ name: 'spare.mp4' }]);
    const spareShare = await api('/adrive/v2/share_link/create', { drive_id: alice.driveIds.resource, file_id_list: [spare!.fileId] });
    const cancel = await api('/adrive/v2/share_link/cancel', { share_id: spareShare.body['share_id'] });
    expect(cancel.status).toBe(200);
    expect(cancel.text).toBe('');
  });

  it('get_share_by_anonymous, get_share_token, download url, video preview, subscription', async () => {
    const folderShare = sim.catalogue.folder.shareId;
    const info = await call(sim, '/adrive/v2/share_link/get_share_by_anonymous', { share_id: folderShare });
    expectKeys(info.body, SEED.anonymous);
    expectKeys((info.body['file_infos'] as unknown[])[0], SEED.fileInfo);
    const tokenAnswer = await call(sim, '/v2/share_link/get_share_token', { share_id: folderShare, share_pwd: '' });
    expectKeys(tokenAnswer.body, SEED.shareToken);

    const video = sim.catalogue.singleFile.shareId;
    const token = await shareToken(sim, video);
    const listed = await call(sim, '/adrive/v2/file/list_by_share', { share_id: video, parent_file_id: 'root' }, { 'x-share-token': token });
    const fileId = ((listed.body['items'] as Array<{ file_id: string }>)[0] as { file_id: string }).file_id;
    const url = await api('/v2/file/get_share_link_download_url', { drive_id: '9600002', share_id: video, file_id: fileId, expire_sec: 600 }, { 'x-share-token': token });
    expectKeys(url.body, SEED.downloadUrl);
    const preview = await api('/v2/file/get_share_link_video_preview_play_info', { share_id: video, drive_id: '9600002', file_id: fileId, category: 'live_transcoding', template_id: '', get_preview_url: true }, { 'x-share-token': token });
    expectKeys(preview.body, SEED.videoPreview);
    const play = preview.body['video_preview_play_info'] as Record<string, unknown>;
    expectKeys(play, SEED.videoPlayInfo);
    expectKeys(play['meta'], SEED.videoMeta);
    expectKeys((play['live_transcoding_task_list'] as unknown[])[0], SEED.videoTask);
    const seen = await api('/adrive/v1/share_link/subscription/update', { share_id: video, update_last_seen: true });
    expect(seen.body).toEqual({});
  });

  it('file/copy and async_task/get (Running, then Succeed)', async () => {
    const folderShare = sim.catalogue.folder.shareId;
    const token = await shareToken(sim, folderShare);
    const listed = await call(sim, '/adrive/v2/file/list_by_share', { share_id: folderShare, parent_file_id: 'root' }, { 'x-share-token': token });
    const fileId = ((listed.body['items'] as Array<{ file_id: string }>)[0] as { file_id: string }).file_id;
    const copy = await api('/adrive/v1/file/copy', { body: { auto_rename: true, addition_data: { umidtoken: 'EmdLeXVL' }, to_drive_id: alice.driveIds.resource, to_parent_file_id: 'root', share_id: folderShare, file_id: fileId } }, { 'x-share-token': token });
    expectKeys(copy.body, SEED.copy);
    const taskId = copy.body['async_task_id'];
    const running = await api('/v2/async_task/get', { async_task_id: taskId });
    expect(running.body['state']).toBe('Running');
    expectKeys(running.body, SEED.taskRunning);
    let done = running;
    while (done.body['state'] === 'Running') done = await api('/v2/async_task/get', { async_task_id: taskId });
    expect(done.body['state']).toBe('Succeed');
    expectKeys(done.body, SEED.taskSucceed);
  });
});
