import { describe, expect, it } from 'vitest';
import type { ShareEntry } from '../../src/jobs/follow/share-tree.js';
import { PickTree } from '../../src/bot/pick/pick-model.js';
import { renderPickList } from '../../src/bot/pick/pick-view.js';

const file = (name: string, dir = '', size = 100): ShareEntry => ({ fileId: `f-${name}`, name, kind: 'file', dir, size });
const folder = (name: string, dir = ''): ShareEntry => ({ fileId: `d-${name}`, name, kind: 'folder', dir, size: 0 });

// 0 A/  1 top.txt  2 A/a1  3 A/B/  4 A/B/b1  5 A/B/b2
const tree = new PickTree([folder('A'), file('top.txt'), file('a1', 'A'), folder('B', 'A'), file('b1', 'A/B', 10), file('b2', 'A/B', 20)]);

describe('the /pick tree', () => {
  it('sums folders from everything inside', () => {
    expect(tree.totalOf(0)).toEqual({ files: 3, bytes: 130 });
    expect(tree.totalOf(3)).toEqual({ files: 2, bytes: 30 });
  });

  it('a ticked folder stands for its inside; ticking it drops ticks inside', () => {
    let ticked = tree.toggle(new Set(), 4);
    ticked = tree.toggle(ticked, 0);
    expect([...ticked]).toEqual([0]);
    expect(tree.isTicked(ticked, 5)).toBe(true);
    expect(tree.tickedTotal(ticked)).toEqual({ files: 3, bytes: 130 });
  });

  it('unticking deep inside a ticked folder ticks the rest of each folder on the way', () => {
    const ticked = tree.toggle(new Set([0]), 5);
    expect([...ticked].sort()).toEqual([2, 4]);
    expect(tree.selection(ticked)).toEqual({ fileIds: ['f-a1', 'f-b1'], fileDirs: { 'f-a1': 'A', 'f-b1': 'A/B' } });
  });

  it('all on a page ticks it, and again unticks it', () => {
    const page = tree.childrenOf(3);
    const all = tree.togglePage(new Set(), page);
    expect([...all].sort()).toEqual([4, 5]);
    expect([...tree.togglePage(all, page)]).toEqual([]);
  });

  it('every button fits the 64 bytes Telegram allows of callback data, whatever the names', () => {
    const many = new PickTree(Array.from({ length: 9999 }, (_, i) => file(`${'名'.repeat(80)}${i}`)));
    const view = renderPickList('zh', { id: 'AbCdEfGh', shareName: '名'.repeat(200), tree: many, ticked: new Set([9998]), folder: -1, page: 999 });
    const data = view.keyboard.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
    expect(data).toContain('pk:AbCdEfGh:t9998');
    for (const d of data) expect(Buffer.byteLength(d ?? '')).toBeLessThanOrEqual(64);
  });
});
