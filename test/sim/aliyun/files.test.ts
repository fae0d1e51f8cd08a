import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../../src/sim/aliyun/index.js';
import { call, signIn, type Session } from './helpers.js';

type Listing = { items: Array<{ name: string; file_id: string; type: string }>; next_marker: string };

let sim: AliyunSimulator;
let alice: SimAccount;
let s: Session;
let drive: string;

beforeEach(async () => {
  sim = await startAliyunSimulator({ catalogue: false });
  alice = sim.addAccount({ nickName: 'Alice' });
  s = await signIn(sim, alice);
  drive = alice.driveIds.resource as string;
});
afterEach(async () => {
  await sim.close();
});

describe('own files', () => {
  it('lists a folder in marker pages on both list paths', async () => {
    sim.addFiles(alice.userId, Array.from({ length: 7 }, (_, i) => ({ name: `f${i}.txt`, size: 1 })));
    for (const path of ['/adrive/v3/file/list', '/adrive/v2/file/list']) {
      const seen: string[] = [];
      let marker = '';
      do {
        const page = await call<Listing>(sim, path, { drive_id: drive, parent_file_id: 'root', limit: 3, marker, order_by: 'name', order_direction: 'DESC' }, s.headers());
        seen.push(...page.body.items.map((i) => i.name));
        marker = page.body.next_marker;
      } while (marker);
      expect(seen).toEqual(['f6.txt', 'f5.txt', 'f4.txt', 'f3.txt', 'f2.txt', 'f1.txt', 'f0.txt']);
    }
  });

  it('finds a file by path, and 404s a missing one', async () => {
    sim.addFiles(alice.userId, [{ name: 'Saves', children: [{ name: 'Movies', children: [{ name: 'a.mp4' }] }] }]);
    const found = await call(sim, '/v2/file/get_by_path', { drive_id: drive, file_path: '/Saves/Movies/a.mp4' }, s.headers());
    expect(found.body).toMatchObject({ name: 'a.mp4', type: 'file', drive_id: drive });
    const got = await call(sim, '/v2/file/get', { drive_id: drive, file_id: found.body['file_id'] }, s.headers());
    expect(got.body['name']).toBe('a.mp4');
    const missing = await call(sim, '/v2/file/get_by_path', { drive_id: drive, file_path: '/Saves/nope' }, s.headers());
    expect(missing.status).toBe(404);
    expect(missing.body['code']).toBe('NotFound.File');
  });

  it('createWithFolders: refuse answers the existing folder, auto_rename makes name(1), slashes make the path', async () => {
    const make = (name: string, mode: string) =>
      call(sim, '/adrive/v2/file/createWithFolders', { drive_id: drive, parent_file_id: 'root', name, type: 'folder', check_name_mode: mode }, s.headers());
    const first = await make('Saves', 'refuse');
    expect(first.body).toMatchObject({ file_name: 'Saves', type: 'folder' });
    expect(first.body['file_id']).toMatch(/^[0-9a-f]{40}$/);
    const again = await make('Saves', 'refuse');
    expect(again.body).toMatchObject({ file_id: first.body['file_id'], exist: true });
    const renamed = await make('Saves', 'auto_rename');
    expect(renamed.body['file_name']).toBe('Saves(1)');
    const nested = await make('Saves/2024/六月', 'refuse');
    expect(sim.tree(alice.userId)).toHaveProperty(['/Saves/2024/六月']);
    expect(sim.findByName(alice.userId, 'Saves')).toHaveLength(1);
    expect(nested.body['file_name']).toBe('六月');
  });

  it('searches with `name match "x"` and combined clauses', async () => {
    sim.addFiles(alice.userId, [{ name: 'Saves', children: [{ name: 'Planet Earth', children: [] }, { name: 'planet.txt' }] }, { name: 'other.mp4' }]);
    const search = (query: string) => call<Listing>(sim, '/adrive/v3/file/search', { drive_id: drive, query, limit: 100 }, s.headers());
    expect((await search('name match "planet"')).body.items.map((i) => i.name).sort()).toEqual(['Planet Earth', 'planet.txt']);
    expect((await search('name match "planet" and type = "folder"')).body.items.map((i) => i.name)).toEqual(['Planet Earth']);
    expect((await search('name = ')).body).toMatchObject({ code: 'InvalidParameter.Query' });
  });

  it('another user\'s drive is 403 ForbiddenNoPermission.File', async () => {
    const bob = sim.addAccount({ nickName: 'Bob' });
    const answer = await call(sim, '/adrive/v3/file/list', { drive_id: bob.driveIds.resource, parent_file_id: 'root' }, s.headers());
    expect(answer.status).toBe(403);
    expect(answer.body['code']).toBe('ForbiddenNoPermission.File');
  });
});
