/**
 * The client against the real simulator (src/sim/aliyun) over HTTP: the user-visible flows
 * end to end — log in, open shares, save them, manage links — and the failure paths.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateDevice,
  isDriveFull,
  isReloginNeeded,
  isShareGone,
  isTooManyDevices,
  isWrongPassword,
  type AccountSession,
  type AliyunClient,
  type AliyunClientOptions,
  type AsyncTask,
  type SessionHooks,
} from '../../src/api/index.js';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../src/sim/aliyun/index.js';
import { clientFor } from './upstream.js';

let sim: AliyunSimulator;
let account: SimAccount;
let stored: string[];

beforeEach(async () => {
  sim = await startAliyunSimulator({ port: 0, asyncTaskPolls: 1 });
  account = sim.addAccount({ nickName: '测试用户' });
  stored = [];
});

afterEach(async () => {
  await sim.close();
});

const hooks = (extra: Partial<SessionHooks> = {}): SessionHooks => ({ onRefreshToken: (token) => void stored.push(token), ...extra });

function sessionFor(options: Partial<AliyunClientOptions> = {}, who: SimAccount = account): { client: AliyunClient; session: AccountSession } {
  const client = clientFor(sim.url, { userUrl: sim.userUrl, ...options });
  const session = client.session({ accountKey: who.userId, refreshToken: who.refreshToken, ...generateDevice() }, hooks());
  return { client, session };
}

async function waitForTask(session: AccountSession, asyncTaskId: string): Promise<AsyncTask> {
  for (let poll = 0; poll < 50; poll++) {
    const task = await session.getAsyncTask(asyncTaskId);
    if (task.state !== 'Running') return task;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('task never finished');
}

describe('saving shares into the drive', () => {
  it('saves a nested folder share into /Saves/<name> and it shows up in the drive', async () => {
    const { client, session } = sessionFor();
    const share = sim.catalogue.folder;
    const info = await client.getShareInfo(share.shareId);
    expect(info.share_name).toBe(share.name);
    const top = await session.listShareFiles(share.shareId, share.password);
    expect(top.map((item) => item.name)).toEqual(['地球脉动 Planet Earth']);

    const driveId = await session.targetDriveId();
    expect(driveId).toBe(account.driveIds.resource);
    const folderId = await session.ensureFolderPath(driveId, `/Saves/${share.name}`);
    expect(await session.ensureFolderPath(driveId, `/Saves/${share.name}`)).toBe(folderId);

    const results = await session.copyAll({ shareId: share.shareId, password: share.password, toDriveId: driveId, toParentFileId: folderId, fileIds: top.map((item) => item.file_id) });
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result?.status).toBe('accepted');
    expect((await waitForTask(session, result?.asyncTaskId ?? '')).state).toBe('Succeed');

    const saved = await session.listAllFiles(driveId, folderId);
    expect(saved.map((item) => item.name)).toEqual(['地球脉动 Planet Earth']);
    expect(sim.tree(account.userId)[`/Saves/${share.name}/地球脉动 Planet Earth/Season 1`]).toBe(8);
    expect(sim.countCopiesOf(share.shareId, account.userId)).toBe(1);
  });

  it('saves a 250-file share in three batches with a result for every file', async () => {
    const { session } = sessionFor();
    const share = sim.catalogue.many;
    const files = await session.listShareFiles(share.shareId, share.password);
    expect(files).toHaveLength(250);
    sim.resetStats();
    const sizes: number[] = [];
    const results = await session.copyAll({
      shareId: share.shareId,
      toDriveId: await session.targetDriveId(),
      toParentFileId: 'root',
      fileIds: files.map((file) => file.file_id),
      onBatch: ({ results: batch }) => void sizes.push(batch.length),
    });
    expect(sizes).toEqual([100, 100, 50]);
    expect(results.every((item) => item.status === 'copied' && item.newFileId)).toBe(true);
    expect(sim.stats().byPath['/adrive/v4/batch']).toBe(3);
    expect(sim.countCopiesOf(share.shareId, account.userId)).toBe(250);
    expect(sim.findByName(account.userId, 'wallpaper-250.jpg')).toHaveLength(1);
  });

  it('copies a single file with the single-copy form', async () => {
    const { session } = sessionFor();
    const share = sim.catalogue.singleFile;
    const [file] = await session.listShareFiles(share.shareId);
    const result = await session.copyOne({ shareId: share.shareId, toDriveId: await session.targetDriveId(), toParentFileId: 'root', fileId: file?.file_id ?? '' });
    expect(result.status).toBe('copied');
    expect(sim.findByName(account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);
  });

  it('a full drive fails the items, each one telling why', async () => {
    const { session } = sessionFor();
    sim.setQuota(account.userId, 5 * 1024 * 1024);
    const share = sim.catalogue.many;
    const files = (await session.listShareFiles(share.shareId)).slice(0, 5);
    const results = await session.copyBatch({ shareId: share.shareId, toDriveId: await session.targetDriveId(), toParentFileId: 'root', fileIds: files.map((file) => file.file_id) });
    expect(results.filter((item) => item.status === 'copied')).toHaveLength(2); // 2 MiB each
    const failed = results.filter((item) => item.status === 'failed');
    expect(failed).toHaveLength(3);
    expect(failed.every((item) => isDriveFull(item.error))).toBe(true);
  });
});

describe('opening shares that cannot be saved', () => {
  it('gone shares and wrong passwords are told apart', async () => {
    const { client } = sessionFor();
    for (const gone of [sim.catalogue.cancelled, sim.catalogue.expired, sim.catalogue.forbidden, sim.catalogue.notFound]) {
      const err = await client.getShareInfo(gone.shareId).then(() => undefined, (e: unknown) => e);
      expect(isShareGone(err), gone.name).toBe(true);
    }
    const locked = sim.catalogue.password;
    expect(isWrongPassword(await client.listShareFiles(locked.shareId, '').catch((e: unknown) => e))).toBe(true);
    expect(isWrongPassword(await client.listShareFiles(locked.shareId, 'zz99').catch((e: unknown) => e))).toBe(true);
    expect(await client.listShareFiles(locked.shareId, locked.password)).toHaveLength(1);
  });

  it('an expired share token is fetched again', async () => {
    const { client } = sessionFor();
    const share = sim.catalogue.bigFolder;
    const [folder] = await client.listShareFiles(share.shareId);
    sim.advanceTime(3 * 3600_000); // past the 2 h share token (and access token)
    const inside = await client.listShareFiles(share.shareId, '', folder?.file_id);
    expect(inside).toHaveLength(1000);
    expect(sim.stats().byPath['/v2/share_link/get_share_token']).toBe(2);
  });
});

describe('accounts', () => {
  it('QR login: NEW → SCANED → CONFIRMED gives a refresh token that logs in', async () => {
    const client = clientFor(sim.url);
    sim.qr.script(['NEW', 'SCANED', 'CONFIRMED'], account);
    const code = await client.qrGenerate();
    expect(code.codeContent).toMatch(/^https?:\/\//);
    const statuses = [];
    let refreshToken: string | undefined;
    while (!refreshToken) {
      const result = await client.qrQuery(code);
      statuses.push(result.status);
      refreshToken = result.refreshToken;
    }
    expect(statuses).toEqual(['NEW', 'SCANED', 'CONFIRMED']);
    const session = client.session({ accountKey: 'qr', refreshToken, ...generateDevice() }, hooks());
    expect((await session.refresh()).user_id).toBe(account.userId);
    expect((await session.getUser()).nick_name).toBe('测试用户');
  });

  it('rotates refresh tokens, stores each one, and the old one is dead afterwards', async () => {
    const { session } = sessionFor();
    await session.getUser();
    await session.refresh();
    expect(stored).toHaveLength(2);
    let relogin = 0;
    const stale = clientFor(sim.url).session({ accountKey: 'stale', refreshToken: account.refreshToken, ...generateDevice() }, hooks({ onReloginNeeded: () => void relogin++ }));
    const err = await stale.getUser().catch((e: unknown) => e);
    expect(isReloginNeeded(err)).toBe(true);
    expect(relogin).toBe(1);
    // The stored (latest) token still works.
    const fresh = clientFor(sim.url).session({ accountKey: 'fresh', refreshToken: stored[1] ?? '', ...generateDevice() }, hooks());
    await expect(fresh.getUser()).resolves.toMatchObject({ user_id: account.userId });
  });

  it('ten calls after the access token expired on the server make one refresh', async () => {
    const { session } = sessionFor();
    const driveId = await session.targetDriveId();
    sim.advanceTime(3 * 3600_000);
    sim.resetStats();
    await Promise.all(Array.from({ length: 10 }, () => session.listFiles(driveId, 'root')));
    expect(sim.stats().byPath['/v2/account/token']).toBe(1);
  });

  it('an expired device session is created again and the call replayed', async () => {
    const { session } = sessionFor();
    const driveId = await session.targetDriveId();
    sim.expireDeviceSessions(account.userId);
    sim.resetStats();
    await session.listFiles(driveId, 'root');
    expect(sim.stats().byPath['/users/v1/users/device/create_session']).toBe(1);
  });

  it('too many devices and an offline device are reported, not retried forever', async () => {
    sim.setKnobs({ maxDevices: 0 });
    expect(isTooManyDevices(await sessionFor().session.getUser().catch((e: unknown) => e))).toBe(true);
    sim.setKnobs({ maxDevices: 10, userDeviceOffline: true });
    const secondLogin = { ...account, refreshToken: sim.issueRefreshToken(account.userId) };
    sim.resetStats();
    await expect(sessionFor({}, secondLogin).session.getUser()).rejects.toMatchObject({ code: 'UserDeviceOffline', status: 401 });
    expect(sim.stats().byPath['/v2/user/get']).toBe(2); // create_session once more, one replay, then give up
  });
});

describe('faults', () => {
  it('waits out a 429 for its x-retry-after and retries a plain-text Bad Gateway', async () => {
    const { client } = sessionFor();
    const path = '/adrive/v2/share_link/get_share_by_anonymous';
    sim.failNext(path, { status: 429, retryAfterMs: 300 });
    const started = performance.now();
    await client.getShareInfo(sim.catalogue.folder.shareId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    sim.failNext(path, { status: 502 }, 2);
    await expect(client.getShareInfo(sim.catalogue.folder.shareId)).resolves.toMatchObject({ share_name: sim.catalogue.folder.name });
    expect(sim.stats().byStatus['502']).toBe(2);
  });

  it('a copy batch answered 5xx after it took effect is not sent again', async () => {
    const { session } = sessionFor();
    const share = sim.catalogue.many;
    const files = (await session.listShareFiles(share.shareId)).slice(0, 3);
    sim.failNext('/adrive/v4/batch', { status: 500, afterEffect: true });
    const err = await session.copyBatch({ shareId: share.shareId, toDriveId: await session.targetDriveId(), toParentFileId: 'root', fileIds: files.map((file) => file.file_id) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500, retryable: true });
    expect(sim.countCopiesOf(share.shareId, account.userId)).toBe(3); // once, not twice
  });
});

describe('share links', () => {
  it('create, list, read, update, cancel — and the text it makes opens the share', async () => {
    const { session } = sessionFor();
    const driveId = await session.targetDriveId();
    const [file] = sim.addFiles(account.userId, [{ name: 'notes.pdf', size: 1024 }]);
    expect(await session.checkAvailable(driveId, [file?.fileId ?? ''])).toEqual([]);
    const link = await session.createShareLink({ driveId, fileIds: [file?.fileId ?? ''], password: 'ab12' });
    expect(link.share_url).toContain(link.share_id);
    expect((await session.listAllShareLinks()).map((entry) => entry.share_id)).toContain(link.share_id);
    const msg = await session.getShareMsg(link.share_id);
    expect(await session.extractCode(msg.full_share_msg)).toEqual({ shareId: link.share_id, password: 'ab12' });
    const updated = await session.updateShareLink({ shareId: link.share_id, name: 'renamed' });
    expect(updated.share_name).toBe('renamed');
    await session.cancelShareLink(link.share_id);
    const err = await sessionFor().client.getShareInfo(link.share_id).catch((e: unknown) => e);
    expect(isShareGone(err)).toBe(true);
  });
});

describe('renaming a file (/v3/file/update)', () => {
  it('renames in place; a taken name is refused with AlreadyExist.File and both files stay as they were', async () => {
    const { session } = sessionFor();
    const driveId = await session.targetDriveId();
    const folderId = await session.ensureFolderPath(driveId, '/改名');
    const share = sim.addShare({ name: '改名', files: [{ name: 'a 第1集.mkv', size: 10 }, { name: 'S01E02.mkv', size: 10 }] });
    const files = await session.listShareFiles(share.shareId, '');
    await session.copyBatch({ shareId: share.shareId, password: '', toDriveId: driveId, toParentFileId: folderId, fileIds: files.map((f) => f.file_id) });
    const [first, second] = (await session.listAllFiles(driveId, folderId)).sort((a, b) => a.name.localeCompare(b.name));
    const answer = await session.renameFile(driveId, first!.file_id, 'S01E01.mkv');
    expect(answer).toMatchObject({ file_id: first!.file_id, name: 'S01E01.mkv', type: 'file' });
    const refused = await session.renameFile(driveId, second!.file_id, 'S01E01.mkv').catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 409, code: 'AlreadyExist.File' });
    expect((await session.listAllFiles(driveId, folderId)).map((f) => f.name).sort()).toEqual(['S01E01.mkv', 'S01E02.mkv']);
  });
});
