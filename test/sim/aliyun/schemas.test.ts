/** Every answer parses with the shared wire schemas the client validates with. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  asyncTaskSchema,
  batchResponseSchema,
  checkAvailableResponseSchema,
  createSessionResponseSchema,
  createWithFoldersResponseSchema,
  errorBodySchema,
  extractCodeResponseSchema,
  fileItemSchema,
  fileListResponseSchema,
  qrBizExtSchema,
  qrGenerateResponseSchema,
  qrQueryResponseSchema,
  shareInfoSchema,
  shareLinkListResponseSchema,
  shareLinkSchema,
  shareMsgResponseSchema,
  shareTokenResponseSchema,
  tokenResponseSchema,
  userInfoSchema,
} from '../../../src/api/schemas.js';
import { startAliyunSimulator, type AliyunSimulator } from '../../../src/sim/aliyun/index.js';
import { call, copyBatch, shareToken, signIn } from './helpers.js';

let sim: AliyunSimulator;
beforeAll(async () => {
  sim = await startAliyunSimulator();
});
afterAll(async () => {
  await sim.close();
});

function parses(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

it('account, files, share, copy, share-link and QR answers match src/api/schemas.ts', async () => {
  const alice = sim.addAccount({ nickName: 'Alice' });
  const token = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: alice.refreshToken });
  parses(tokenResponseSchema, token.body);
  alice.refreshToken = token.body['refresh_token'] as string;
  const s = await signIn(sim, alice);
  const drive = alice.driveIds.resource as string;
  parses(userInfoSchema, (await call(sim, '/v2/user/get', {}, s.headers())).body);
  parses(createSessionResponseSchema, (await call(sim, '/users/v1/users/device/create_session', { deviceName: 'a', modelName: 'b', pubKey: s.pubKeyHex }, s.headers())).body);

  const folder = await call(sim, '/adrive/v2/file/createWithFolders', { drive_id: drive, parent_file_id: 'root', name: 'Saves', type: 'folder', check_name_mode: 'refuse' }, s.headers());
  parses(createWithFoldersResponseSchema, folder.body);
  parses(fileListResponseSchema, (await call(sim, '/adrive/v3/file/list', { drive_id: drive, parent_file_id: 'root' }, s.headers())).body);
  parses(fileItemSchema, (await call(sim, '/v2/file/get_by_path', { drive_id: drive, file_path: '/Saves' }, s.headers())).body);
  parses(fileListResponseSchema, (await call(sim, '/adrive/v3/file/search', { drive_id: drive, query: 'name match "Sa"' }, s.headers())).body);

  const { shareId } = sim.catalogue.folder;
  parses(shareInfoSchema, (await call(sim, '/adrive/v2/share_link/get_share_by_anonymous', { share_id: shareId })).body);
  parses(shareInfoSchema, (await call(sim, `/adrive/v3/share_link/get_share_by_anonymous?share_id=${shareId}`, {})).body);
  parses(shareTokenResponseSchema, (await call(sim, '/v2/share_link/get_share_token', { share_id: shareId, share_pwd: '' })).body);
  const st = await shareToken(sim, shareId);
  const listed = await call<{ items: Array<{ file_id: string }> }>(sim, '/adrive/v2/file/list_by_share', { share_id: shareId, parent_file_id: 'root' }, { 'x-share-token': st });
  parses(fileListResponseSchema, listed.body);
  const batch = await call<{ responses: Array<{ body: { async_task_id: string } }> }>(sim, '/adrive/v4/batch', copyBatch(shareId, [listed.body.items[0]?.file_id as string], drive), s.headers(st));
  parses(batchResponseSchema, batch.body);
  parses(asyncTaskSchema, (await call(sim, '/v2/async_task/get', { async_task_id: batch.body.responses[0]?.body.async_task_id }, s.headers())).body);

  const [file] = sim.addFiles(alice.userId, [{ name: 'a.mp4' }]);
  const created = await call(sim, '/adrive/v2/share_link/create', { drive_id: drive, file_id_list: [file!.fileId], share_pwd: 'ab12' }, s.headers());
  parses(shareLinkSchema, created.body);
  parses(shareLinkListResponseSchema, (await call(sim, '/adrive/v3/share_link/list', { creator: alice.userId }, s.headers())).body);
  parses(shareMsgResponseSchema, (await call(sim, '/adrive/v2/share_link/get_share_msg', { share_id: created.body['share_id'] }, s.headers())).body);
  parses(checkAvailableResponseSchema, (await call(sim, '/adrive/v2/share_link/check_available', { drive_file_list: [{ drive_id: drive, file_id: file!.fileId }] }, s.headers())).body);
  parses(extractCodeResponseSchema, (await call(sim, '/adrive/v2/share_link/extract_code', { content: 'nothing here' }, s.headers())).body);
  parses(errorBodySchema, (await call(sim, '/v2/share_link/get_share_token', { share_id: sim.catalogue.expired.shareId, share_pwd: '' })).body);

  const gen = await call<{ content: { data: { t: number; ck: string } } }>(sim, '/newlogin/qrcode/generate.do?appName=aliyun_drive&fromSite=52&appEntrance=web', undefined, {}, 'GET');
  parses(qrGenerateResponseSchema, gen.body);
  sim.qr.script(['CONFIRMED'], alice);
  const confirmed = await call<{ content: { data: { t: number; ck: string } } }>(sim, '/newlogin/qrcode/generate.do?appName=aliyun_drive&fromSite=52&appEntrance=web', undefined, {}, 'GET');
  const res = await fetch(`${sim.url}/newlogin/qrcode/query.do?appName=aliyun_drive&fromSite=52`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: String(confirmed.body.content.data.t), ck: confirmed.body.content.data.ck }).toString(),
  });
  const query = (await res.json()) as { content: { data: { bizExt: string } } };
  parses(qrQueryResponseSchema, query);
  parses(qrBizExtSchema, JSON.parse(Buffer.from(query.content.data.bizExt, 'base64').toString('utf8')));
});
