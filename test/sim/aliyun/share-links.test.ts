import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../../src/sim/aliyun/index.js';
import { call, shareToken, signIn, type Session } from './helpers.js';

const TAIL = '点击链接保存，或者复制本段内容，打开「阿里云盘」APP ，无需下载极速在线查看，视频原画倍速播放。';

let sim: AliyunSimulator;
let alice: SimAccount;
let s: Session;

beforeEach(async () => {
  sim = await startAliyunSimulator({ catalogue: false });
  alice = sim.addAccount({ nickName: 'Alice' });
  s = await signIn(sim, alice);
});
afterEach(async () => {
  await sim.close();
});

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function create(fileIds: string[], extra: Record<string, unknown> = {}, driveId = alice.driveIds.resource) {
  return call(sim, '/adrive/v2/share_link/create', { drive_id: driveId, file_id_list: fileIds, share_pwd: '', expiration: '', ...extra }, s.headers());
}

describe('creating share links', () => {
  it('answers the share object with the server\'s exact share text, with and without a password', async () => {
    const [movie, book] = sim.addFiles(alice.userId, [{ name: 'movie.mp4' }, { name: 'book.pdf' }]);
    const open = await create([movie!.fileId]);
    expect(open.status).toBe(200);
    const id = open.body['share_id'] as string;
    expect(id).toMatch(/^[A-Za-z0-9]{11}$/);
    expect(open.body['full_share_msg']).toBe(`「movie.mp4」https://www.alipan.com/s/${id}\n${TAIL}`);
    expect(open.body).toMatchObject({ share_url: `https://www.alipan.com/s/${id}`, share_pwd: '', creator: alice.userId, file_id_list: [movie!.fileId] });

    const locked = await create([book!.fileId], { share_pwd: 'ab12', expiration: inMinutes(60) });
    const lockedId = locked.body['share_id'] as string;
    expect(locked.body['full_share_msg']).toBe(`「book.pdf」https://www.alipan.com/s/${lockedId} 提取码: ab12\n${TAIL}`);
    // The new share really opens with its password.
    expect(await shareToken(sim, lockedId, 'ab12')).toBeTruthy();
  });

  it('refuses bad passwords, near expirations, backup-drive files and unshareable types', async () => {
    const [movie, archive] = sim.addFiles(alice.userId, [{ name: 'movie.mp4' }, { name: 'stuff.zip' }]);
    for (const pwd of ['abc', 'abcde', 'ab 1']) {
      expect((await create([movie!.fileId], { share_pwd: pwd })).body['code']).toBe('InvalidParameter.SharePwd');
    }
    expect((await create([movie!.fileId], { expiration: inMinutes(1) })).body['code']).toBe('InvalidParameter.Expiration');
    expect((await create([movie!.fileId], { expiration: 'tomorrow' })).body['code']).toBe('InvalidParameter.Expiration');
    const zip = await create([archive!.fileId]);
    expect(zip.status).toBe(403);
    expect(zip.body['code']).toBe('FileShareNotAllowed');
    const [backupFile] = sim.addFiles(alice.driveIds.backup as string, [{ name: 'photo.jpg' }]);
    const backup = await create([backupFile!.fileId], {}, alice.driveIds.backup);
    expect(backup.status).toBe(403);
    expect(backup.body['code']).toBe('FileShareNotAllowed');
  });

  it('lets an old account share from its default drive', async () => {
    const old = sim.addAccount({ nickName: 'Old', withResourceDrive: false });
    const oldSession = await signIn(sim, old);
    const [file] = sim.addFiles(old.userId, [{ name: 'a.mp4' }]);
    const answer = await call(sim, '/adrive/v2/share_link/create', { drive_id: old.driveIds.default, file_id_list: [file!.fileId] }, oldSession.headers());
    expect(answer.status).toBe(200);
  });

  it('stops at the daily limit with SharelinkCreateExceedDailyLimit', async () => {
    sim.setKnobs({ shareCreateDailyLimit: 2 });
    const [f] = sim.addFiles(alice.userId, [{ name: 'a.mp4' }]);
    expect((await create([f!.fileId])).status).toBe(200);
    expect((await create([f!.fileId])).status).toBe(200);
    const third = await create([f!.fileId]);
    expect(third.status).toBe(403);
    expect(third.body['code']).toBe('SharelinkCreateExceedDailyLimit');
    sim.advanceTime(24 * 3600_000);
    s = await signIn(sim, alice); // a day later the access token and device session are long gone
    expect((await create([f!.fileId])).status).toBe(200);
  });

  it('check_available lists exactly the files that cannot be shared', async () => {
    const [ok, lyrics] = sim.addFiles(alice.userId, [{ name: 'a.mp4' }, { name: 'song.qrc' }]);
    const answer = await call<{ invalid_items: Array<{ file_id: string }> }>(sim, '/adrive/v2/share_link/check_available', {
      drive_file_list: [ok, lyrics].map((f) => ({ drive_id: alice.driveIds.resource, file_id: f!.fileId })),
    }, s.headers());
    expect(answer.body.invalid_items.map((i) => i.file_id)).toEqual([lyrics!.fileId]);
  });
});

describe('managing share links', () => {
  it('lists newest first with marker pages, hides cancelled ones unless asked', async () => {
    const files = sim.addFiles(alice.userId, [{ name: '1.mp4' }, { name: '2.mp4' }, { name: '3.mp4' }]);
    const ids: string[] = [];
    for (const f of files) {
      ids.push((await create([f.fileId])).body['share_id'] as string);
      sim.advanceTime(1000);
    }
    const list = (body: Record<string, unknown>) =>
      call<{ items: Array<{ share_id: string; status: string }>; next_marker: string }>(sim, '/adrive/v3/share_link/list', { creator: alice.userId, category: 'file,album', order_by: 'created_at', order_direction: 'DESC', ...body }, s.headers());
    const page1 = await list({ limit: 2 });
    expect(page1.body.items.map((i) => i.share_id)).toEqual([ids[2], ids[1]]);
    const page2 = await list({ limit: 2, marker: page1.body.next_marker });
    expect(page2.body.items.map((i) => i.share_id)).toEqual([ids[0]]);
    expect(page2.body.next_marker).toBe('');

    const cancel = await call(sim, '/adrive/v2/share_link/cancel', { share_id: ids[1] }, s.headers());
    expect(cancel.status).toBe(200);
    expect(cancel.text).toBe('');
    expect((await list({})).body.items.map((i) => i.share_id)).toEqual([ids[2], ids[0]]);
    expect((await list({ include_canceled: true })).body.items).toHaveLength(3);
    const info = await call(sim, '/adrive/v2/share_link/get_share_by_anonymous', { share_id: ids[1] });
    expect(info.body['code']).toBe('ShareLink.Cancelled');
  });

  it('get, get_share_msg and update change what the share says', async () => {
    const [f] = sim.addFiles(alice.userId, [{ name: 'talk.mp4' }]);
    const id = (await create([f!.fileId])).body['share_id'] as string;
    const updated = await call(sim, '/adrive/v2/share_link/update', { share_id: id, share_pwd: 'x9y8', share_name: '讲座', description: 'd', expiration: inMinutes(30) }, s.headers());
    expect(updated.body).toMatchObject({ share_pwd: 'x9y8', share_name: '讲座', display_name: '讲座', description: 'd', expired: false });
    const got = await call(sim, '/adrive/v2/share_link/get', { share_id: id }, s.headers());
    expect(got.body['share_name']).toBe('讲座');
    const msg = await call(sim, '/adrive/v2/share_link/get_share_msg', { share_id: id }, s.headers());
    expect(msg.body).toEqual({ full_share_msg: `「讲座」https://www.alipan.com/s/${id} 提取码: x9y8\n${TAIL}`, share_url: `https://www.alipan.com/s/${id}` });
    expect((await call(sim, '/v2/share_link/get_share_token', { share_id: id, share_pwd: '' })).body['code']).toBe('InvalidResource.SharePwd');
    sim.advanceTime(31 * 60_000);
    expect((await call(sim, '/v2/share_link/get_share_token', { share_id: id, share_pwd: 'x9y8' })).body['code']).toBe('ShareLink.Expired');
  });

  it('another user cannot read or cancel my share link', async () => {
    const [f] = sim.addFiles(alice.userId, [{ name: 'a.mp4' }]);
    const id = (await create([f!.fileId])).body['share_id'] as string;
    const bob = await signIn(sim, sim.addAccount({ nickName: 'Bob' }));
    expect((await call(sim, '/adrive/v2/share_link/cancel', { share_id: id }, bob.headers())).status).toBe(403);
    expect((await call(sim, '/adrive/v2/share_link/get', { share_id: id }, bob.headers())).status).toBe(403);
  });
});

describe('extract_code and the other share calls', () => {
  it('parses only the canonical text', async () => {
    const extract = (content: string) => call(sim, '/adrive/v2/share_link/extract_code', { content }, s.headers());
    const canonical = await extract(`「The.Battle.mkv」https://www.aliyundrive.com/s/9Q00000000L 提取码: f259\n${TAIL}`);
    expect(canonical.body).toEqual({ code: '200', message: 'success', data: { share_id: '9Q00000000L', share_pwd: 'f259' }, resultCode: '200' });
    const noPwd = await extract(`「x」https://www.alipan.com/s/AbCdEfGhIjK\n${TAIL}`);
    expect(noPwd.body['data']).toEqual({ share_id: 'AbCdEfGhIjK', share_pwd: '' });
    const loose = await extract('alipan.com/s/AbCdEfGhIjK 密码：ab12');
    expect(loose.status).toBe(200);
    expect(loose.body['code']).toBe('400');
    expect(loose.body).not.toHaveProperty('data');
  });

  it('the share download URL answers 429 ParamFlowException unless the knob allows it', async () => {
    const added = sim.addShare({ name: 'clip', files: [{ name: 'clip.mp4', size: 100 }] });
    const token = await shareToken(sim, added.shareId);
    const list = await call<{ items: Array<{ file_id: string }> }>(sim, '/adrive/v2/file/list_by_share', { share_id: added.shareId, parent_file_id: 'root' }, { 'x-share-token': token });
    const fileId = list.body.items[0]?.file_id;
    const body = { share_id: added.shareId, file_id: fileId, expire_sec: 600 };
    const refused = await call(sim, '/v2/file/get_share_link_download_url', body, s.headers(token));
    expect(refused.status).toBe(429);
    expect(refused.body['code']).toBe('ParamFlowException');
    sim.setKnobs({ shareDownloadUrlAllowed: true });
    const allowed = await call(sim, '/v2/file/get_share_link_download_url', body, s.headers(token));
    expect(allowed.status).toBe(200);
    const content = await fetch(allowed.body['download_url'] as string);
    expect(await content.text()).toContain('clip.mp4');
    const preview = await call(sim, '/v2/file/get_share_link_video_preview_play_info', { ...body, category: 'live_transcoding', template_id: '', get_preview_url: true }, s.headers(token));
    expect(preview.body).toMatchObject({ share_id: added.shareId, file_id: fileId, video_preview_play_info: { category: 'live_transcoding' } });
    const seen = await call(sim, '/adrive/v1/share_link/subscription/update', { share_id: added.shareId, update_last_seen: true }, s.headers());
    expect(seen.body).toEqual({});
  });
});
