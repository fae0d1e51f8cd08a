/**
 * Every request captured in the seed (../shared/seed-share-api.md, extracted verbatim into
 * fixtures/seed-share-api.json): the client must send at least the seed's keys (with the seed's
 * values where they come from the caller), and must accept the seed's real answers.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevice, type AccountSession, type AliyunClient } from '../../src/api/index.js';
import { FakeAccount } from './fake-account.js';
import { clientFor, startUpstream, type Upstream } from './upstream.js';

interface SeedCall {
  title: string;
  path: string;
  request: Record<string, unknown>;
  responses: Array<unknown>;
}

const seed = JSON.parse(readFileSync(new URL('./fixtures/seed-share-api.json', import.meta.url), 'utf8')) as { calls: SeedCall[] };

/** Keys whose seed value depends on who is logged in, or that only a browser can produce. */
const ACCOUNT_DEPENDENT = new Set(['creator']);
/** `addition_data.umidtoken` is a browser anti-bot fingerprint we do not have; Aliyun accepts copies without it. */
const BROWSER_ONLY = new Set(['addition_data']);

/** Methods that answer nothing (the seed answers `{}` or an empty 200). */
const VOID_RESULTS = new Set(['/adrive/v2/share_link/cancel', '/adrive/v1/share_link/subscription/update']);

let upstream: Upstream;
let client: AliyunClient;
let session: AccountSession;

beforeAll(async () => {
  upstream = await startUpstream();
  const account = new FakeAccount(upstream);
  for (const call of seed.calls) {
    let answered = 0;
    const handler = () => {
      const response = call.responses[Math.min(answered++, call.responses.length - 1)];
      return response === null ? { status: 200 } : { json: response };
    };
    const anonymous = call.path.includes('get_share_by_anonymous') || call.path.includes('get_share_token');
    upstream.route(call.path, anonymous ? handler : account.authed(handler));
  }
  client = clientFor(upstream.url);
  session = client.session({ accountKey: 'seed', refreshToken: account.refreshToken, ...generateDevice() }, { onRefreshToken: () => undefined });
});

afterAll(async () => {
  await upstream.close();
});

function req(path: string): Record<string, any> {
  const call = seed.calls.find((entry) => entry.path === path);
  if (!call) throw new Error(`no seed call for ${path}`);
  return call.request;
}

/** Runs the client method that makes the seed's request, returning its result. */
const invocations: Record<string, () => Promise<unknown>> = {
  '/adrive/v3/share_link/list': () => session.listShareLinks(),
  '/adrive/v2/share_link/get': () => session.getShareLink(req('/adrive/v2/share_link/get').share_id),
  '/adrive/v2/share_link/get_share_msg': () => session.getShareMsg(req('/adrive/v2/share_link/get_share_msg').share_id),
  '/adrive/v2/share_link/update': () => {
    const r = req('/adrive/v2/share_link/update');
    return session.updateShareLink({ shareId: r.share_id, expiration: r.expiration });
  },
  '/adrive/v2/share_link/cancel': () => session.cancelShareLink(req('/adrive/v2/share_link/cancel').share_id),
  '/adrive/v2/share_link/create': () => {
    const r = req('/adrive/v2/share_link/create');
    return session.createShareLink({ driveId: r.drive_id, fileIds: r.file_id_list, expiration: r.expiration });
  },
  '/adrive/v2/share_link/check_available': () => {
    const [entry] = req('/adrive/v2/share_link/check_available').drive_file_list;
    return session.checkAvailable(entry.drive_id, [entry.file_id]);
  },
  '/adrive/v2/share_link/extract_code': () => session.extractCode(req('/adrive/v2/share_link/extract_code').content),
  '/adrive/v2/share_link/get_share_by_anonymous': () => client.getShareInfo(req('/adrive/v2/share_link/get_share_by_anonymous').share_id),
  '/v2/share_link/get_share_token': () => {
    const r = req('/v2/share_link/get_share_token');
    return client.getShareToken(r.share_id, r.share_pwd);
  },
  '/v2/file/get_share_link_download_url': () => {
    const r = req('/v2/file/get_share_link_download_url');
    return session.getShareDownloadUrl({ shareId: r.share_id, fileId: r.file_id, driveId: r.drive_id, expireSec: r.expire_sec });
  },
  '/v2/file/get_share_link_video_preview_play_info': () => {
    const r = req('/v2/file/get_share_link_video_preview_play_info');
    return session.getShareVideoPreview({ shareId: r.share_id, fileId: r.file_id, driveId: r.drive_id });
  },
  '/adrive/v1/share_link/subscription/update': () => session.subscriptionUpdate(req('/adrive/v1/share_link/subscription/update').share_id),
  '/adrive/v1/file/copy': () => {
    const r = req('/adrive/v1/file/copy').body;
    return session.copyOne({ shareId: r.share_id, toDriveId: r.to_drive_id, toParentFileId: r.to_parent_file_id, fileId: r.file_id });
  },
  '/v2/async_task/get': () => session.getAsyncTask(req('/v2/async_task/get').async_task_id),
};

/** Asserts `sent` carries every key of `expected` (recursively), with equal values for caller-given ones. */
function expectCarries(sent: unknown, expected: unknown, where: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(sent), where).toBe(true);
    expected.forEach((entry, index) => expectCarries((sent as unknown[])[index], entry, `${where}[${index}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) {
      if (BROWSER_ONLY.has(key)) continue;
      expect(sent, where).toHaveProperty([key]);
      if (!ACCOUNT_DEPENDENT.has(key)) expectCarries((sent as Record<string, unknown>)[key], value, `${where}.${key}`);
    }
    return;
  }
  expect(sent, where).toEqual(expected);
}

describe('requests as captured in the seed', () => {
  it('the fixture covers every seed request, and the test covers every fixture entry', () => {
    expect(seed.calls.map((call) => call.path).sort()).toEqual(Object.keys(invocations).sort());
  });

  for (const call of seed.calls) {
    it(`${call.title}: ${call.path}`, async () => {
      const before = upstream.calls(call.path).length;
      const result = await invocations[call.path]?.();
      const sent = upstream.calls(call.path)[before];
      expect(sent, 'the request was made').toBeDefined();
      expect(sent?.method).toBe('POST');
      expectCarries(sent?.body, call.request, call.path);
      if (!VOID_RESULTS.has(call.path)) expect(result).toBeDefined();
    });
  }

  it('reads the seed answers into the values callers use', async () => {
    expect(await session.extractCode('whatever')).toEqual({ shareId: '9Q00000000L', password: 'f259' });
    const links = await session.listShareLinks();
    expect(links.items.map((link) => link.display_name)).toEqual(['testali.alimc', '相簿 ∙ fff']);
    expect(links.items[1]?.album?.name).toBe('fff');
    expect(await session.copyOne({ shareId: 'ob7csMtYs9S', toDriveId: '9600002', toParentFileId: 'root', fileId: 'x' })).toMatchObject({
      status: 'accepted',
      asyncTaskId: '9fcb1e1d-0000-0000-b30d-387e04dcafcb',
    });
    expect((await session.getAsyncTask('9fcb1e1d-0000-0000-b30d-387e04dcafcb')).state).toBe('Succeed');
    expect((await session.checkAvailable('9600002', ['x']))[0]?.name).toContain('克莱因蓝');
  });
});
