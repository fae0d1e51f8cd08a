import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator } from '../../../src/sim/aliyun/index.js';
import { call, listAllInShare, shareToken } from './helpers.js';

let sim: AliyunSimulator;
beforeAll(async () => {
  sim = await startAliyunSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('share info', () => {
  it('v2 lists the top-level items without checking the password', async () => {
    const { shareId } = sim.catalogue.password;
    const info = await call(sim, '/adrive/v2/share_link/get_share_by_anonymous', { share_id: shareId });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ share_name: '考研资料 2024', display_name: '考研资料 2024', file_count: 1, expiration: '' });
    expect(info.body['file_infos']).toEqual([expect.objectContaining({ type: 'folder', file_name: '考研资料 2024' })]);
    expect(info.body).not.toHaveProperty('has_pwd');
  });

  it('v3 takes share_id from the query and adds share_title and has_pwd', async () => {
    const { shareId } = sim.catalogue.password;
    const info = await call(sim, `/adrive/v3/share_link/get_share_by_anonymous?share_id=${shareId}`, { share_id: shareId });
    expect(info.body).toMatchObject({ share_title: '考研资料 2024', has_pwd: true });
    const open = await call(sim, `/adrive/v3/share_link/get_share_by_anonymous?share_id=${sim.catalogue.singleFile.shareId}`, {});
    expect(open.body['has_pwd']).toBe(false);
  });

  it.each([
    ['cancelled', 400, 'ShareLink.Cancelled'],
    ['expired', 400, 'ShareLink.Expired'],
    ['forbidden', 400, 'ShareLink.Forbidden'],
    ['notFound', 404, 'NotFound.ShareLink'],
  ] as const)('a %s share answers %i %s, with a Chinese display_message', async (key, status, code) => {
    const { shareId } = sim.catalogue[key];
    for (const path of ['/adrive/v2/share_link/get_share_by_anonymous', '/v2/share_link/get_share_token']) {
      const answer = await call(sim, path, { share_id: shareId, share_pwd: '' });
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ code, resultCode: code });
      expect(answer.body['display_message']).toMatch(/[\u4e00-\u9fff]/);
      expect(typeof answer.body['requestId']).toBe('string');
    }
  });

  it('an id with whitespace around it is not found', async () => {
    const answer = await call(sim, '/adrive/v2/share_link/get_share_by_anonymous', { share_id: ` ${sim.catalogue.folder.shareId}` });
    expect(answer.body['code']).toBe('NotFound.ShareLink');
  });
});

describe('share token', () => {
  it('needs the right password: wrong or missing → InvalidResource.SharePwd', async () => {
    const { shareId, password } = sim.catalogue.password;
    expect(password).toBe('ab12');
    for (const body of [{ share_id: shareId, share_pwd: 'zz99' }, { share_id: shareId, share_pwd: '' }, { share_id: shareId }]) {
      const answer = await call(sim, '/v2/share_link/get_share_token', body);
      expect(answer.status).toBe(400);
      expect(answer.body['code']).toBe('InvalidResource.SharePwd');
    }
    const ok = await call(sim, '/v2/share_link/get_share_token', { share_id: shareId, share_pwd: 'ab12' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ expires_in: 7200 });
    expect(ok.body['share_token']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('expires after its TTL (401 ShareLinkTokenInvalid); a token of another share gives 403', async () => {
    const token = await shareToken(sim, sim.catalogue.folder.shareId);
    const list = (t: string, shareId = sim.catalogue.folder.shareId) =>
      call(sim, '/adrive/v2/file/list_by_share', { share_id: shareId, parent_file_id: 'root' }, { 'x-share-token': t });
    expect((await list(token)).status).toBe(200);
    const foreign = await list(token, sim.catalogue.many.shareId);
    expect(foreign.status).toBe(403);
    expect(foreign.body['code']).toBe('ForbiddenNoPermission.File');
    expect((await list('not-a-token')).body['code']).toBe('ShareLinkTokenInvalid');
    sim.advanceTime(7201_000);
    const expired = await list(token);
    expect(expired.status).toBe(401);
    expect(expired.body['code']).toBe('ShareLinkTokenInvalid');
  });
});

describe('listing inside a share', () => {
  it('pages the 250 top-level items 100 at a time with next_marker', async () => {
    const { shareId } = sim.catalogue.many;
    const token = await shareToken(sim, shareId);
    const { names, pages } = await listAllInShare(sim, shareId, token, 'root', 100);
    expect(pages).toBe(3);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
    expect(names[0]).toBe('wallpaper-001.jpg');
  });

  it('pages a 1000-file folder 200 at a time; more than 200 is refused', async () => {
    const { shareId } = sim.catalogue.bigFolder;
    const token = await shareToken(sim, shareId);
    const top = await call<{ items: Array<{ file_id: string; type: string; parent_file_id: string }> }>(
      sim, '/adrive/v3/file/list', { share_id: shareId, parent_file_id: 'root' }, { 'x-share-token': token });
    const folder = top.body.items[0];
    expect(folder).toMatchObject({ type: 'folder', parent_file_id: 'root' });
    expect(folder?.file_id).toMatch(/^[0-9a-f]{40}$/);
    const { names, pages } = await listAllInShare(sim, shareId, token, folder?.file_id, 200);
    expect(pages).toBe(5);
    expect(new Set(names).size).toBe(1000);
    const tooMany = await call(sim, '/adrive/v2/file/list_by_share', { share_id: shareId, parent_file_id: 'root', limit: 201 }, { 'x-share-token': token });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body['code']).toBe('InvalidParameter.Limit');
  });

  it('items carry the file shape (share_id, size, extension, category) and HTML-ish names verbatim', async () => {
    const { shareId, name } = sim.catalogue.htmlName;
    expect(name).toContain('<b>x</b>');
    const token = await shareToken(sim, shareId);
    const page = await call<{ items: Array<Record<string, unknown>> }>(
      sim, '/adrive/v2/file/list_by_share', { share_id: shareId, parent_file_id: 'root', order_by: 'name', order_direction: 'ASC' }, { 'x-share-token': token });
    const names = page.body.items.map((i) => i['name']);
    expect(names).toContain('<i>第1集</i>.mp4');
    expect(names).toContain('a*b_c[1]`code`.txt');
    const video = page.body.items.find((i) => i['name'] === '<i>第1集</i>.mp4');
    expect(video).toMatchObject({ share_id: shareId, type: 'file', file_extension: 'mp4', category: 'video', size: 50 * 1024 * 1024 });
  });

  it('refuses a folder id from outside the share', async () => {
    const token = await shareToken(sim, sim.catalogue.folder.shareId);
    const other = await shareToken(sim, sim.catalogue.bigFolder.shareId);
    const top = await call<{ items: Array<{ file_id: string }> }>(
      sim, '/adrive/v2/file/list_by_share', { share_id: sim.catalogue.bigFolder.shareId, parent_file_id: 'root' }, { 'x-share-token': other });
    const answer = await call(sim, '/adrive/v2/file/list_by_share', { share_id: sim.catalogue.folder.shareId, parent_file_id: top.body.items[0]?.file_id }, { 'x-share-token': token });
    expect(answer.status).toBe(403);
  });

  it('a share cancelled after its token was issued answers ShareLink.Cancelled', async () => {
    const added = sim.addShare({ name: 'soon gone', files: [{ name: 'a.txt', size: 10 }] });
    const token = await shareToken(sim, added.shareId);
    sim.setShareState(added.shareId, 'cancelled');
    const answer = await call(sim, '/adrive/v2/file/list_by_share', { share_id: added.shareId, parent_file_id: 'root' }, { 'x-share-token': token });
    expect(answer.body['code']).toBe('ShareLink.Cancelled');
  });
});
