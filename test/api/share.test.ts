import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevice, isWrongPassword, type AccountSession, type FileItem } from '../../src/api/index.js';
import { FakeAccount } from './fake-account.js';
import { aliyunError, clientFor, startUpstream, type Recorded, type Reply, type Upstream } from './upstream.js';

const TOKEN = '/v2/share_link/get_share_token';
const LIST_SHARE = '/adrive/v2/file/list_by_share';
const SHARE_ID = '9Q00000000L';

let upstream: Upstream;
let issued: string[];
let valid: Set<string>;

const item = (index: number, parent = 'root'): FileItem => ({
  file_id: index.toString(16).padStart(40, '0'),
  name: `episode ${String(index).padStart(3, '0')}.mkv`,
  type: 'file',
  parent_file_id: parent,
  size: 1000 + index,
});

/** A folder of `count` items served in pages of the requested limit, markers being offsets. */
function pagedItems(count: number, parent = 'root') {
  return (req: Recorded): Reply => {
    const offset = Number(req.body.marker || 0);
    const limit = Number(req.body.limit);
    const items = Array.from({ length: Math.min(limit, count - offset) }, (_, index) => item(offset + index, parent));
    const next = offset + limit < count ? String(offset + limit) : '';
    return { json: { items, next_marker: next } };
  };
}

beforeEach(async () => {
  upstream = await startUpstream();
  issued = [];
  valid = new Set();
  upstream.route(TOKEN, (req) => {
    if (req.body.share_pwd !== 'f259') return aliyunError(400, 'InvalidResource.SharePwd', 'share pwd is not valid');
    const token = `eyJshare.${issued.length}.${Math.random().toString(36).slice(2)}`;
    issued.push(token);
    valid.add(token);
    return { json: { share_token: token, expire_time: new Date(Date.now() + 7_200_000).toISOString(), expires_in: 7200 } };
  });
  const list = pagedItems(450);
  upstream.route(LIST_SHARE, (req) => (valid.has(String(req.headers['x-share-token'])) ? list(req) : aliyunError(401, 'ShareLinkTokenInvalid', 'expired')));
});

afterEach(async () => {
  await upstream.close();
});

describe('opening a share', () => {
  it('lists a 450-item folder by following next_marker to the end', async () => {
    const client = clientFor(upstream.url);
    const items = await client.listShareFiles(SHARE_ID, 'f259');
    expect(items).toHaveLength(450);
    expect(new Set(items.map((entry) => entry.file_id)).size).toBe(450);
    const pages = upstream.calls(LIST_SHARE);
    expect(pages.map((page) => page.body.marker)).toEqual(['', '200', '400']);
    expect(pages[0]?.body).toEqual({ share_id: SHARE_ID, parent_file_id: 'root', limit: 200, order_by: 'name', order_direction: 'ASC', marker: '' });
  });

  it('fetches a new share token once when it goes stale mid-listing', async () => {
    const client = clientFor(upstream.url);
    let pagesServed = 0;
    const list = pagedItems(450);
    upstream.route(LIST_SHARE, (req) => {
      if (!valid.has(String(req.headers['x-share-token']))) return aliyunError(401, 'ShareLinkTokenInvalid', 'expired');
      if (++pagesServed === 2) valid.clear(); // expires right after the second page
      return list(req);
    });
    const items = await client.listShareFiles(SHARE_ID, 'f259');
    expect(items).toHaveLength(450);
    expect(issued).toHaveLength(2);
    expect(upstream.calls(LIST_SHARE).map((page) => page.body.marker)).toEqual(['', '200', '400', '400']);
  });

  it('caches the share token per share and password', async () => {
    const client = clientFor(upstream.url);
    const [a, b] = await Promise.all([client.getShareToken(SHARE_ID, 'f259'), client.getShareToken(SHARE_ID, 'f259')]);
    expect(a).toBe(b);
    expect(await client.getShareToken(SHARE_ID, 'f259')).toBe(a);
    expect(upstream.calls(TOKEN)).toHaveLength(1);
    expect(upstream.calls(TOKEN)[0]?.body).toEqual({ share_id: SHARE_ID, share_pwd: 'f259' });
  });

  it('renews a cached share token shortly before it expires', async () => {
    upstream.route(TOKEN, () => {
      const token = `eyJshare.${issued.push('x')}`;
      return { json: { share_token: token, expire_time: new Date(Date.now() + 400).toISOString(), expires_in: 0.4 } };
    });
    const client = clientFor(upstream.url);
    const first = await client.getShareToken(SHARE_ID, 'f259');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await client.getShareToken(SHARE_ID, 'f259')).not.toBe(first);
  });

  it('a wrong password is reported as such', async () => {
    const client = clientFor(upstream.url);
    const err = await client.listShareFiles(SHARE_ID, 'nope').catch((e: unknown) => e);
    expect(isWrongPassword(err)).toBe(true);
  });

  it('reads share info (v2 and v3) without a password', async () => {
    upstream.route('/adrive/v2/share_link/get_share_by_anonymous', () => ({
      json: { share_name: 'movies', file_count: 1, expiration: '', creator_name: '霸***组', file_infos: [{ type: 'folder', file_id: 'f', file_name: 'movies' }] },
    }));
    upstream.route('/adrive/v3/share_link/get_share_by_anonymous', (req) => ({
      json: { share_name: 'movies', share_title: 'movies', has_pwd: req.query.get('share_id') === SHARE_ID, file_infos: [] },
    }));
    const client = clientFor(upstream.url);
    expect(await client.getShareInfo(SHARE_ID)).toMatchObject({ share_name: 'movies', file_count: 1, creator_name: '霸***组' });
    expect(await client.getShareInfoV3(SHARE_ID)).toMatchObject({ has_pwd: true, share_title: 'movies' });
    expect(upstream.calls('/adrive/v2/share_link/get_share_by_anonymous')[0]?.body).toEqual({ share_id: SHARE_ID });
  });

  it('lists one page on request', async () => {
    const client = clientFor(upstream.url);
    const page = await client.listShareFilesPage(SHARE_ID, 'f259', { marker: '400', limit: 100 });
    expect(page.items).toHaveLength(50);
    expect(page.next_marker).toBe('');
  });
});

describe("the user's own files and share links", () => {
  let account: FakeAccount;
  let session: AccountSession;
  const folders = new Map<string, { file_id: string; parent: string; name: string }>();

  beforeEach(() => {
    account = new FakeAccount(upstream);
    session = clientFor(upstream.url).session({ accountKey: 'a', refreshToken: account.refreshToken, ...generateDevice() }, { onRefreshToken: () => undefined });
    folders.clear();
    const pathOf = (id: string): string => {
      const folder = [...folders.values()].find((entry) => entry.file_id === id);
      return folder ? `${pathOf(folder.parent)}/${folder.name}` : '';
    };
    upstream.route('/v2/file/get_by_path', account.authed((req) => {
      const found = [...folders.values()].find((folder) => pathOf(folder.file_id) === req.body.file_path);
      return found
        ? { json: { file_id: found.file_id, name: found.name, type: 'folder', parent_file_id: found.parent, drive_id: req.body.drive_id } }
        : aliyunError(404, 'NotFound.File', 'The resource file cannot be found. file not exist');
    }));
    upstream.route('/adrive/v2/file/createWithFolders', account.authed((req) => {
      const key = `${req.body.parent_file_id}/${req.body.name}`;
      const existing = folders.get(key);
      if (existing) return { json: { file_id: existing.file_id, drive_id: req.body.drive_id, type: 'folder', exist: true } };
      const folder = { file_id: `folder${folders.size}`.padEnd(40, '0'), parent: req.body.parent_file_id, name: req.body.name };
      folders.set(key, folder);
      return { status: 201, json: { file_id: folder.file_id, drive_id: req.body.drive_id, type: 'folder', parent_file_id: folder.parent } };
    }));
  });

  it('ensureFolderPath creates only the missing folders and finds existing ones', async () => {
    const id = await session.ensureFolderPath('9600002', '/Saves/2024/');
    const creates = upstream.calls('/adrive/v2/file/createWithFolders');
    expect(creates.map((create) => [create.body.parent_file_id, create.body.name, create.body.check_name_mode, create.body.type])).toEqual([
      ['root', 'Saves', 'refuse', 'folder'],
      [folders.get('root/Saves')?.file_id, '2024', 'refuse', 'folder'],
    ]);
    expect(await session.ensureFolderPath('9600002', 'Saves/2024')).toBe(id);
    expect(upstream.calls('/adrive/v2/file/createWithFolders')).toHaveLength(2); // found by path
    expect(await session.ensureFolderPath('9600002', '/')).toBe('root');
  });

  it('getByPath answers null for a missing path', async () => {
    expect(await session.getByPath('9600002', '/nowhere')).toBeNull();
    expect(upstream.calls('/v2/file/get_by_path')[0]?.body).toEqual({ drive_id: '9600002', file_path: '/nowhere' });
  });

  it('lists every own file and share link across pages', async () => {
    upstream.route('/adrive/v3/file/list', account.authed(pagedItems(330, 'p')));
    const all = await session.listAllFiles('9600002', 'p');
    expect(all).toHaveLength(330);
    expect(upstream.calls('/adrive/v3/file/list').map((call) => [call.body.drive_id, call.body.parent_file_id, call.body.marker])).toEqual([
      ['9600002', 'p', ''],
      ['9600002', 'p', '200'],
    ]);

    upstream.route('/adrive/v3/share_link/list', account.authed((req) => {
      const offset = Number(req.body.marker || 0);
      const items = Array.from({ length: offset === 0 ? 100 : 20 }, (_, index) => ({
        share_id: `share${offset + index}`,
        share_url: `https://www.alipan.com/s/share${offset + index}`,
        created_at: '2024-01-01T00:00:00.000Z',
      }));
      return { json: { items, next_marker: offset === 0 ? '100' : '' } };
    }));
    const links = await session.listAllShareLinks();
    expect(links).toHaveLength(120);
    const [first] = upstream.calls('/adrive/v3/share_link/list');
    expect(first?.body).toEqual({ creator: account.userId, include_canceled: false, category: 'file,album', order_by: 'created_at', order_direction: 'DESC', limit: 100, marker: '' });
  });

  it('searches by name with quotes escaped', async () => {
    upstream.route('/adrive/v3/file/search', account.authed(() => ({ json: { items: [item(1)], next_marker: '' } })));
    const found = await session.searchFiles('9600002', 'say "hi" \\ bye');
    expect(found).toHaveLength(1);
    expect(upstream.calls('/adrive/v3/file/search')[0]?.body).toEqual({ drive_id: '9600002', query: 'name match "say \\"hi\\" \\\\ bye"', limit: 100 });
  });
});
