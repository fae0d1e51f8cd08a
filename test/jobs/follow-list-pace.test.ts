/**
 * The global pace of follow checks' anonymous listing calls, exactly, on a fake clock: two shares
 * listed at once share it, every page is one call, and no call leaves early.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileListResponse, SharePageOptions } from '../../src/api/index.js';
import { loadConfig } from '../../src/config.js';
import { createListingPace } from '../../src/jobs/follow/list-pace.js';
import { listShareTree } from '../../src/jobs/follow/share-tree.js';

const TOKEN = '123456:ABC-test-token-for-config';

/** A share listing as Aliyun pages it: `root` holds `pages` pages of one file each, then a folder `sub` with one file. */
function pagedShare(calls: Array<{ at: number; shareId: string; parent: string; marker: string }>, start: number) {
  return {
    async listShareFilesPage(shareId: string, _password = '', page: SharePageOptions = {}): Promise<FileListResponse> {
      const parent = page.parentFileId ?? 'root';
      const marker = page.marker ?? '';
      calls.push({ at: Date.now() - start, shareId, parent, marker });
      const file = (id: string) => ({ file_id: id, name: `${id}.mkv`, type: 'file' as const, size: 1 }) as FileListResponse['items'][number];
      if (parent === 'root' && marker === '') return { items: [file(`${shareId}-a`)], next_marker: 'p2' } as FileListResponse;
      if (parent === 'root') return { items: [{ file_id: `${shareId}-sub`, name: 'sub', type: 'folder' } as FileListResponse['items'][number]], next_marker: '' } as FileListResponse;
      return { items: [file(`${shareId}-b`)], next_marker: '' } as FileListResponse;
    },
  };
}

describe('the listing pace of follow checks', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets 2 calls a second through by default, every page and every share from one bucket', async () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN });
    expect(config.FOLLOW_LIST_CALLS_PER_SECOND).toBe(2);
    const start = Date.now();
    const pace = createListingPace(config.FOLLOW_LIST_CALLS_PER_SECOND, () => Date.now());
    const calls: Array<{ at: number; shareId: string; parent: string; marker: string }> = [];
    const client = pagedShare(calls, start);
    const listed = Promise.all([listShareTree(client, 'A', '', undefined, pace), listShareTree(client, 'B', '', undefined, pace)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.at)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5000);
    const [a, b] = await listed;
    // 3 calls per share (2 pages of the top, 1 of the sub-folder), one every 500 ms, none early.
    expect(calls.map((c) => c.at)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(calls.filter((c) => c.shareId === 'A').map((c) => `${c.parent}:${c.marker}`)).toEqual(['root:', 'root:p2', 'A-sub:']);
    expect(a!.map((e) => `${e.dir}/${e.name}`)).toEqual(['/A-a.mkv', '/sub', 'sub/A-b.mkv']);
    expect(b).toHaveLength(3);
  });

  it('is set by FOLLOW_LIST_CALLS_PER_SECOND; 0 turns it off', async () => {
    const start = Date.now();
    const calls: Array<{ at: number; shareId: string; parent: string; marker: string }> = [];
    const fast = createListingPace(loadConfig({ BOT_TOKEN: TOKEN, FOLLOW_LIST_CALLS_PER_SECOND: '4' }).FOLLOW_LIST_CALLS_PER_SECOND, () => Date.now());
    const listed = listShareTree(pagedShare(calls, start), 'C', '', undefined, fast);
    await vi.advanceTimersByTimeAsync(1000);
    await listed;
    expect(calls.map((c) => c.at)).toEqual([0, 250, 500]);
    const off = createListingPace(loadConfig({ BOT_TOKEN: TOKEN, FOLLOW_LIST_CALLS_PER_SECOND: '0' }).FOLLOW_LIST_CALLS_PER_SECOND, () => Date.now());
    calls.length = 0;
    await listShareTree(pagedShare(calls, start), 'D', '', undefined, off);
    expect(calls.map((c) => c.at)).toEqual([1000, 1000, 1000]);
  });
});
