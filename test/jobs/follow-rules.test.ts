/** The follow's pure rules: name filters, sizes, the episode number and the rename template. */
import { describe, expect, it } from 'vitest';
import { filterText, formatSize, parseFilterText, parseSize, passesFilters, type FollowFilters } from '../../src/jobs/follow/filters.js';
import { EPISODE_PRESET, episodeNumber, parseRenameText, renamed } from '../../src/jobs/follow/rename-rule.js';

const MB = 1024 ** 2;

describe('follow filters', () => {
  const parsed = (text: string): FollowFilters => {
    const result = parseFilterText(text);
    if (!result.ok) throw new Error(`refused: ${result.bad}`);
    return result.filters;
  };

  it('reads includes, excludes and a minimum size from one message', () => {
    expect(parsed('*.mkv, *.MP4  -*广告* !*sample*\n>100MB')).toEqual({ include: ['*.mkv', '*.MP4'], exclude: ['*广告*', '*sample*'], minSize: 100 * MB });
    expect(parsed('min:1.5g').minSize).toBe(Math.round(1.5 * 1024 ** 3));
    expect(parseFilterText('>lots')).toEqual({ ok: false, bad: '>lots' });
    expect(parseFilterText('-')).toEqual({ ok: false, bad: '-' });
  });

  it('matches whole names, case-insensitively, with * and ?', () => {
    const f = parsed('*.mkv -*广告* >100MB');
    expect(passesFilters({ name: 'S01E01.MKV', size: 700 * MB }, f)).toBe(true);
    expect(passesFilters({ name: 'S01E01.mkv.txt', size: 700 * MB }, f)).toBe(false);
    expect(passesFilters({ name: '【广告】必看.mkv', size: 700 * MB }, f)).toBe(false);
    expect(passesFilters({ name: 'S01E02.mkv', size: 99 * MB }, f)).toBe(false);
    expect(passesFilters({ name: 'E1.mp4', size: 1 }, parsed('E?.mp4'))).toBe(true);
    expect(passesFilters({ name: 'E10.mp4', size: 1 }, parsed('E?.mp4'))).toBe(false);
    // Regex characters in a name are literal.
    expect(passesFilters({ name: 'a+b (1).mkv', size: 1 }, parsed('a+b*(1).mkv'))).toBe(true);
    expect(passesFilters({ name: 'ab (1).mkv', size: 1 }, parsed('a+b*(1).mkv'))).toBe(false);
    // A pattern with a slash matches the path inside the share.
    expect(passesFilters({ name: 'x.mkv', size: 1, relPath: '剧/SP/x.mkv' }, parsed('-*/SP/*'))).toBe(false);
    expect(passesFilters({ name: 'x.mkv', size: 1, relPath: '剧/x.mkv' }, parsed('-*/SP/*'))).toBe(true);
  });

  it('writes filters back as the text that sets them', () => {
    const f = parsed('*.mkv -*广告* >100MB');
    expect(filterText(f)).toBe('*.mkv -*广告* >100MB');
    expect(parsed(filterText(f))).toEqual(f);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(formatSize(1536 * MB)).toBe('1.5 GB');
  });
});

describe('the episode number in a name', () => {
  it.each([
    ['Show.S01E05.1080p.WEB-DL.x264.mkv', 5],
    ['Show S2 E12 2160p.mkv', 12],
    ['庆余年 第23集.mp4', 23],
    ['庆余年第2季 第3话.mp4', 3],
    ['[字幕组] 剧名 [07][1080p].mkv', 7],
    ['【高清】剧名【08】.mp4', 8],
    ['剧名 - 09 [1080p].mkv', 9],
    ['Show.EP110.2024.mp4', 110],
    ['剧名.2024.13.1080p.mp4', 13],
    ['海贼王 1089.mp4', 1089],
  ])('%s → %i', (name, n) => {
    expect(episodeNumber(name)).toBe(n);
  });

  it('finds none where there is none', () => {
    expect(episodeNumber('花絮.mp4')).toBeUndefined();
    expect(episodeNumber('Making of 1080p.mkv')).toBeUndefined();
  });
});

describe('the rename rule', () => {
  it('the preset names episodes S01E{n:02} and keeps the extension', () => {
    expect(renamed('庆余年 第3集.mp4', EPISODE_PRESET)).toBe('S01E03.mp4');
    expect(renamed('Show.E112.mkv', EPISODE_PRESET)).toBe('S01E112.mkv');
    // No number: the name stays.
    expect(renamed('花絮.mp4', EPISODE_PRESET)).toBeUndefined();
    // Already so named: nothing to do.
    expect(renamed('S01E03.mp4', EPISODE_PRESET)).toBeUndefined();
  });

  it('applies only to names matching its pattern; {name} and {ext} are the parts of the name', () => {
    const rule = { pattern: '*.mkv', template: '剧名 - {name}.{ext}' };
    expect(renamed('E01.mkv', rule)).toBe('剧名 - E01.mkv');
    expect(renamed('E01.mp4', rule)).toBeUndefined();
    expect(renamed('E01.mkv', { pattern: '*', template: 'a/b{n}' })).toBe('a_b1.mkv');
  });

  it('reads "pattern → template" or a bare template, and refuses unknown fields', () => {
    expect(parseRenameText('*.mkv → S02E{n:02}')).toEqual({ ok: true, rule: { pattern: '*.mkv', template: 'S02E{n:02}' } });
    expect(parseRenameText('*.mp4 -> Ep{n}')).toEqual({ ok: true, rule: { pattern: '*.mp4', template: 'Ep{n}' } });
    expect(parseRenameText('S01E{n:02}')).toEqual({ ok: true, rule: { pattern: '*', template: 'S01E{n:02}' } });
    expect(parseRenameText('S01E{N}')).toEqual({ ok: false, bad: '{N}' });
    expect(parseRenameText('a → b → c').ok).toBe(false);
  });
});
