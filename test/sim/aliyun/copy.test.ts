import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../../src/sim/aliyun/index.js';
import { call, copyBatch, shareToken, signIn, type Session } from './helpers.js';

type Item = { id: string; status: number; body: Record<string, unknown> };
type Task = { state: string; total_process: number; consumed_process: number; failed_process: number; message: string };

let sim: AliyunSimulator;
let alice: SimAccount;
let session: Session;
let drive: string;

beforeEach(async () => {
  sim = await startAliyunSimulator({ asyncTaskPolls: 2 });
  alice = sim.addAccount({ nickName: 'Alice' });
  session = await signIn(sim, alice);
  drive = alice.driveIds.resource as string;
});
afterEach(async () => {
  await sim.close();
});

async function topIds(shareId: string, token: string): Promise<string[]> {
  const page = await call<{ items: Array<{ file_id: string }> }>(
    sim, '/adrive/v2/file/list_by_share', { share_id: shareId, parent_file_id: 'root', limit: 200 }, { 'x-share-token': token });
  return page.body.items.map((i) => i.file_id);
}

async function batch(shareId: string, token: string, fileIds: string[], opts: { parent?: string; autoRename?: boolean } = {}) {
  return call<{ responses: Item[] }>(sim, '/adrive/v4/batch', copyBatch(shareId, fileIds, drive, opts.parent, opts.autoRename ?? true), session.headers(token));
}

const poll = (taskId: string) => call<Task>(sim, '/v2/async_task/get', { async_task_id: taskId }, session.headers());

describe('batch copy', () => {
  it('copies a small file at once (201) and a folder as an async task (202)', async () => {
    const single = sim.catalogue.singleFile.shareId;
    const token = await shareToken(sim, single);
    const [fileId] = await topIds(single, token);
    const one = await batch(single, token, [fileId as string]);
    expect(one.status).toBe(200);
    expect(one.body.responses).toEqual([{ id: '0', status: 201, body: { domain_id: 'bj29', drive_id: drive, file_id: expect.stringMatching(/^[0-9a-f]{40}$/) } }]);
    expect(sim.findByName(alice.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);

    const folderShare = sim.catalogue.folder.shareId;
    const folderToken = await shareToken(sim, folderShare);
    const [folderId] = await topIds(folderShare, folderToken);
    const two = await batch(folderShare, folderToken, [folderId as string]);
    const item = two.body.responses[0];
    expect(item?.status).toBe(202);
    expect(item?.body['async_task_id']).toMatch(/^[0-9a-f-]{36}$/);
    // The top folder exists from the start; its content arrives with the polls.
    expect(sim.tree(alice.userId)['/地球脉动 Planet Earth']).toBe(0);
  });

  it('answers a failing item with its own 4xx while the batch is 200', async () => {
    const single = sim.catalogue.singleFile.shareId;
    const token = await shareToken(sim, single);
    const [fileId] = await topIds(single, token);
    const answer = await batch(single, token, [fileId as string, 'f'.repeat(40)]);
    expect(answer.status).toBe(200);
    expect(answer.body.responses[0]?.status).toBe(201);
    expect(answer.body.responses[1]).toMatchObject({ id: '1', status: 404, body: { code: 'NotFound.File' } });
  });

  it('refuses more than 100 sub-requests with 400 InvalidParameter', async () => {
    const many = sim.catalogue.many.shareId;
    const token = await shareToken(sim, many);
    const ids = await topIds(many, token);
    expect(ids).toHaveLength(200);
    const tooMany = await batch(many, token, ids.slice(0, 101));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: 'InvalidParameter' });
    const hundred = await batch(many, token, ids.slice(0, 100));
    expect(hundred.body.responses.filter((r) => r.status === 201)).toHaveLength(100);
  });

  it('needs the share token on the outer request', async () => {
    const single = sim.catalogue.singleFile.shareId;
    const token = await shareToken(sim, single);
    const [fileId] = await topIds(single, token);
    const answer = await call(sim, '/adrive/v2/batch', copyBatch(single, [fileId as string], drive), session.headers());
    expect(answer.status).toBe(401);
    expect(answer.body['code']).toBe('ShareLinkTokenInvalid');
  });
});

describe('async copy task', () => {
  it('runs for the configured polls with growing consumed_process, then Succeed with the whole tree', async () => {
    const share = sim.catalogue.folder.shareId;
    const token = await shareToken(sim, share);
    const [folderId] = await topIds(share, token);
    const taskId = (await batch(share, token, [folderId as string])).body.responses[0]?.body['async_task_id'] as string;

    const first = await poll(taskId);
    const second = await poll(taskId);
    const third = await poll(taskId);
    expect(first.body.state).toBe('Running');
    expect(second.body.state).toBe('Running');
    // Files only: 8 + 8 episodes, 3 subtitles, README, cover — not the 4 folders around them.
    expect(first.body.total_process).toBe(21);
    expect(second.body.total_process).toBe(21);
    expect(first.body.consumed_process).toBeGreaterThan(0);
    expect(second.body.consumed_process).toBeGreaterThan(first.body.consumed_process);
    expect(second.body.consumed_process).toBeLessThan(21);
    expect(third.body).toMatchObject({ state: 'Succeed', total_process: 21, consumed_process: 21, failed_process: 0 });

    const tree = sim.tree(alice.userId);
    expect(tree['/地球脉动 Planet Earth/Season 1']).toBe(8);
    expect(tree['/地球脉动 Planet Earth/Season 2']).toBe(8);
    expect(tree['/地球脉动 Planet Earth/字幕']).toBe(3);
    expect(tree['/地球脉动 Planet Earth']).toBe(2);
    expect(sim.countCopiesOf(share, alice.userId)).toBe(1);
  });

  it('reports PartialSucceed with ErrQuotaExhausted when the drive fills midway, keeping what fitted', async () => {
    sim.setQuota(drive, 1000 * 1024 * 1024); // room for three 300 MiB episodes
    const share = sim.catalogue.folder.shareId;
    const token = await shareToken(sim, share);
    const [folderId] = await topIds(share, token);
    const taskId = (await batch(share, token, [folderId as string])).body.responses[0]?.body['async_task_id'] as string;
    let task = await poll(taskId);
    while (task.body.state === 'Running') task = await poll(taskId);
    expect(task.body.state).toBe('PartialSucceed');
    expect(task.body.message).toContain('ErrQuotaExhausted');
    // Every file was tried; the 3 that fitted are the only files in the drive.
    expect(task.body).toMatchObject({ total_process: 21, consumed_process: 21, failed_process: 18 });
    expect(sim.files(alice.userId).filter((f) => f.type === 'file')).toHaveLength(3);
    expect(sim.tree(alice.userId)['/地球脉动 Planet Earth/Season 1']).toBe(3);
    expect(sim.usage(drive).usedBytes).toBeLessThanOrEqual(1000 * 1024 * 1024);
  });

  it('a folder removed from the share midway fails through its files: failed_process counts them, not the folder', async () => {
    const share = sim.catalogue.folder.shareId;
    const token = await shareToken(sim, share);
    const [folderId] = await topIds(share, token);
    const taskId = (await batch(share, token, [folderId as string])).body.responses[0]?.body['async_task_id'] as string;
    expect((await poll(taskId)).body.state).toBe('Running');
    const season2 = sim.findByName(sim.catalogue.ownerUserId, 'Season 2');
    expect(season2).toHaveLength(1);
    sim.removeFile(sim.catalogue.ownerUserId, season2[0]?.fileId as string);
    let task = await poll(taskId);
    while (task.body.state === 'Running') task = await poll(taskId);
    expect(task.body).toMatchObject({ state: 'PartialSucceed', total_process: 21, consumed_process: 21, failed_process: 8 });
    expect(sim.files(alice.userId).filter((f) => f.type === 'file')).toHaveLength(13);
    expect(sim.tree(alice.userId)['/地球脉动 Planet Earth/Season 2']).toBeUndefined();
  });

  it('fails a task whose source vanished', async () => {
    const share = sim.catalogue.folder.shareId;
    const token = await shareToken(sim, share);
    const [folderId] = await topIds(share, token);
    const taskId = (await batch(share, token, [folderId as string])).body.responses[0]?.body['async_task_id'] as string;
    sim.setShareState(share, 'cancelled');
    const task = await poll(taskId);
    expect(task.body.state).toBe('Failed');
  });
});

describe('names and quota', () => {
  it('auto_rename makes name(1), name(2); without it a second copy is 409 AlreadyExist.File', async () => {
    const added = sim.addShare({ name: 'docs', files: [{ name: 'notes', children: [{ name: 'a.txt', size: 10 }] }, { name: 'b.txt', size: 10 }] });
    const token = await shareToken(sim, added.shareId);
    const ids = await topIds(added.shareId, token);
    expect(ids).toHaveLength(2);
    for (let i = 0; i < 3; i++) await batch(added.shareId, token, ids);
    const names = sim.files(alice.userId).filter((f) => f.parentId === 'root').map((f) => f.name).sort();
    expect(names).toEqual(['b(1).txt', 'b(2).txt', 'b.txt', 'notes', 'notes(1)', 'notes(2)']);
    const refused = await batch(added.shareId, token, [ids[0] as string], { autoRename: false });
    expect(refused.body.responses[0]).toMatchObject({ status: 409, body: { code: 'AlreadyExist.File' } });
  });

  it('a file that does not fit is QuotaExhausted.Drive; a folder whose first file cannot fit too', async () => {
    sim.setQuota(drive, 10 * 1024 * 1024);
    const single = sim.catalogue.singleFile.shareId;
    const token = await shareToken(sim, single);
    const [fileId] = await topIds(single, token);
    const answer = await batch(single, token, [fileId as string]);
    expect(answer.body.responses[0]).toMatchObject({ status: 400, body: { code: 'QuotaExhausted.Drive', message: expect.stringContaining('The resource drive has exceeded the limit') } });
    const folderShare = sim.catalogue.folder.shareId;
    const folderToken = await shareToken(sim, folderShare);
    const [folderId] = await topIds(folderShare, folderToken);
    const folder = await batch(folderShare, folderToken, [folderId as string]);
    expect(folder.body.responses[0]).toMatchObject({ status: 409, body: { code: 'QuotaExhausted.Drive' } });
    expect(sim.files(alice.userId)).toHaveLength(0);
  });

  it('copying into another user\'s drive is 403 ForbiddenNoPermission.File', async () => {
    const bob = sim.addAccount({ nickName: 'Bob' });
    const single = sim.catalogue.singleFile.shareId;
    const token = await shareToken(sim, single);
    const [fileId] = await topIds(single, token);
    const answer = await call<{ responses: Item[] }>(sim, '/adrive/v4/batch', copyBatch(single, [fileId as string], bob.driveIds.resource as string), session.headers(token));
    expect(answer.body.responses[0]).toMatchObject({ status: 403, body: { code: 'ForbiddenNoPermission.File' } });
  });
});

describe('single copy form', () => {
  it('accepts the seed\'s "body"-wrapped request and counts the save', async () => {
    const share = sim.catalogue.folder.shareId;
    const token = await shareToken(sim, share);
    const [folderId] = await topIds(share, token);
    const answer = await call(sim, '/adrive/v1/file/copy', {
      body: { auto_rename: true, addition_data: { umidtoken: 'x' }, to_drive_id: drive, to_parent_file_id: 'root', share_id: share, file_id: folderId },
    }, session.headers(token));
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ domain_id: 'bj29', drive_id: drive, async_task_id: expect.any(String) });
    expect(sim.countCopiesOf(share)).toBe(1);
    sim.settleTasks();
    expect(sim.files(alice.userId).filter((f) => f.type === 'file')).toHaveLength(21);
  });
});
