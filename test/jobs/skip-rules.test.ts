import { describe, expect, it } from 'vitest';
import type { ShareEntry } from '../../src/jobs/follow/share-tree.js';
import { globToRegExp, hasSkipRules, keptBySkipRules } from '../../src/jobs/skip-rules.js';

const file = (name: string, dir = '', size = 1000): ShareEntry => ({ fileId: `id:${dir}/${name}`, name, kind: 'file', dir, size });
const folder = (name: string, dir = ''): ShareEntry => ({ fileId: `id:${dir}/${name}`, name, kind: 'folder', dir, size: 0 });

describe('skip rules', () => {
  it('globs match whole names, case-insensitively, with * and ? and nothing else special', () => {
    expect(globToRegExp('*.url').test('访问.URL')).toBe(true);
    expect(globToRegExp('*.url').test('a.url.txt')).toBe(false);
    expect(globToRegExp('*广告*').test('【广告】看这里.mp4')).toBe(true);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('(1).txt').test('(1).txt')).toBe(true);
    expect(globToRegExp('(1).txt').test('1.txt')).toBe(false);
  });

  it('no rule is no rule', () => {
    expect(hasSkipRules(undefined)).toBe(false);
    expect(hasSkipRules({ patterns: [] })).toBe(false);
    expect(hasSkipRules({ patterns: [], minBytes: 1 })).toBe(true);
  });

  it('folders with nothing skipped stay whole; the others are copied item by item at their path', () => {
    const entries = [folder('S'), file('readme.url'), file('a.mkv', 'S'), folder('Ads', 'S'), folder('Sub', 'S'), file('x.mp4', 'S/Ads'), file('y.mp4', 'S/Ads'), file('z.srt', 'S/Sub', 10)];
    const { items, skipped } = keptBySkipRules(entries, { patterns: ['*.url', 'Ads'] });
    expect(skipped).toBe(3);
    expect(items.map((i) => `${i.dir}|${i.name}|${i.kind}`)).toEqual(['S|a.mkv|file', 'S|Sub|folder']);
    const small = keptBySkipRules(entries, { patterns: [], minBytes: 100 });
    expect(small.skipped).toBe(1);
    // Sub held only the small file: nothing of it is left (an empty folder is not made).
    expect(small.items.map((i) => `${i.dir}|${i.name}`)).toEqual(['S|a.mkv', 'S|Ads', '|readme.url']);
  });

  it('a /folder/ link keeps only that folder, placed under its own name', () => {
    const entries = [folder('S'), folder('Ep', 'S'), file('1.mp4', 'S/Ep'), file('ad.url', 'S/Ep'), file('other.mkv')];
    const { items, skipped } = keptBySkipRules(entries, { patterns: ['*.url'] }, 'id:S/Ep');
    expect(skipped).toBe(1);
    expect(items.map((i) => `${i.dir}|${i.name}`)).toEqual(['Ep|1.mp4']);
  });
});
