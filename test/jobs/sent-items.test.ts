/**
 * Deciding whether a copy sent without an answer happened: by the name Aliyun gives a copy,
 * never claiming an older file of the same name or one already matched.
 */
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, isNameOrRenamed, matchSentItems } from '../../src/jobs/sent-items.js';

const sentAt = Date.parse('2024-05-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(sentAt + offsetMs).toISOString();

describe('finding copies that were sent without an answer', () => {
  it('knows the names auto_rename gives a copy of a file or a folder', () => {
    expect(isNameOrRenamed('movie.mp4', 'movie.mp4', 'file')).toBe(true);
    expect(isNameOrRenamed('movie(1).mp4', 'movie.mp4', 'file')).toBe(true);
    expect(isNameOrRenamed('movie(12).mp4', 'movie.mp4', 'file')).toBe(true);
    expect(isNameOrRenamed('movie.mp4(1)', 'movie.mp4', 'file')).toBe(false);
    expect(isNameOrRenamed('movie(0).mp4', 'movie.mp4', 'file')).toBe(false);
    expect(isNameOrRenamed('movie (1).mp4', 'movie.mp4', 'file')).toBe(false);
    expect(isNameOrRenamed('Season 1(1)', 'Season 1', 'folder')).toBe(true);
    expect(isNameOrRenamed('v1.0(1)', 'v1.0', 'folder')).toBe(true);
    expect(isNameOrRenamed('.env(1)', '.env', 'file')).toBe(true);
  });

  it('matches a copy made after the send, and ignores an older file of the same name', () => {
    const found = matchSentItems(
      [{ sourceFileId: 's1', sourceName: 'a.txt', sourceKind: 'file', sentAt }],
      [
        { file_id: 'old', name: 'a.txt', type: 'file', created_at: at(-CLOCK_SKEW_MS - 60_000) },
        { file_id: 'new', name: 'a(1).txt', type: 'file', created_at: at(1_000) },
      ],
      new Set(),
    );
    expect(found).toEqual(new Map([['s1', 'new']]));
  });

  it('never gives one file to two items, nor a file another item already owns', () => {
    const listing = [
      { file_id: 'f1', name: 'a.txt', type: 'file' as const, created_at: at(1_000) },
      { file_id: 'f2', name: 'a(1).txt', type: 'file' as const, created_at: at(2_000) },
    ];
    const sent = [
      { sourceFileId: 's1', sourceName: 'a.txt', sourceKind: 'file' as const, sentAt },
      { sourceFileId: 's2', sourceName: 'a.txt', sourceKind: 'file' as const, sentAt },
    ];
    expect(matchSentItems(sent, listing, new Set())).toEqual(new Map([['s1', 'f1'], ['s2', 'f2']]));
    expect(matchSentItems(sent, listing, new Set(['f1']))).toEqual(new Map([['s1', 'f2']]));
  });

  it('does not match a folder to a file of the same name, nor an item whose name is unknown', () => {
    const listing = [{ file_id: 'f1', name: 'docs', type: 'file' as const, created_at: at(0) }];
    expect(matchSentItems([{ sourceFileId: 's1', sourceName: 'docs', sourceKind: 'folder', sentAt }], listing, new Set()).size).toBe(0);
    expect(matchSentItems([{ sourceFileId: 's1', sourceName: '', sourceKind: 'file', sentAt }], listing, new Set()).size).toBe(0);
  });

  it('a renamed copy keeps both the name before the number and the extension after it', () => {
    expect(isNameOrRenamed('b(1).txt', 'a.txt', 'file')).toBe(false);
    expect(isNameOrRenamed('a(1).jpg', 'a.txt', 'file')).toBe(false);
    expect(isNameOrRenamed('movie(x1).mp4', 'movie.mp4', 'file')).toBe(false);
    expect(isNameOrRenamed('movie(1x).mp4', 'movie.mp4', 'file')).toBe(false);
  });

  it('an item whose name is unknown matches nothing, not even a file named like a renamed copy of ""', () => {
    const listing = [{ file_id: 'f1', name: '(1)', type: 'file' as const, created_at: at(0) }];
    expect(matchSentItems([{ sourceFileId: 's1', sourceName: '', sourceKind: 'file', sentAt }], listing, new Set()).size).toBe(0);
  });

  it('the oldest fitting copy wins, whatever order the folder lists them in; one made right at the clock-skew bound still fits', () => {
    const listing = [
      { file_id: 'third', name: 'x(2).txt', type: 'file' as const, created_at: at(3_000) },
      { file_id: 'first', name: 'x.txt', type: 'file' as const, created_at: at(1_000) },
      { file_id: 'second', name: 'x(1).txt', type: 'file' as const, created_at: at(2_000) },
    ];
    expect(matchSentItems([{ sourceFileId: 's1', sourceName: 'x.txt', sourceKind: 'file', sentAt }], listing, new Set())).toEqual(new Map([['s1', 'first']]));
    const atBound = [{ file_id: 'edge', name: 'y.txt', type: 'file' as const, created_at: at(-CLOCK_SKEW_MS) }];
    expect(matchSentItems([{ sourceFileId: 's2', sourceName: 'y.txt', sourceKind: 'file', sentAt }], atBound, new Set())).toEqual(new Map([['s2', 'edge']]));
  });
});
