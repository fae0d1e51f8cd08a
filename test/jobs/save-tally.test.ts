/**
 * What a save's outcome counts: files wherever they are known (a file copied at once, an async
 * copy that reported its counts), top-level items where they are not (a folder whose task said
 * nothing, as the real service may) — never the two mixed under one word.
 */
import { describe, expect, it } from 'vitest';
import { DRIVE_FULL_CODE } from '../../src/jobs/save-failure.js';
import { saveOutcome, tallySave } from '../../src/jobs/save-tally.js';

type State = 'pending' | 'sent' | 'copied' | 'accepted' | 'done' | 'failed';
const context = { shareName: 'Box', targetPath: '/Saves' };

function file(name: string, state: State, errorCode: string | null = null) {
  return { sourceName: name, sourceKind: 'file' as const, state, asyncTaskId: null, errorCode };
}
function folder(name: string, state: State, asyncTaskId: string | null, errorCode: string | null = null) {
  return { sourceName: name, sourceKind: 'folder' as const, state, asyncTaskId, errorCode };
}
const counts = (total: number, consumed: number, failed = 0) => ({ total_process: total, consumed_process: consumed, failed_process: failed });

describe('what a save outcome counts', () => {
  it('a file copied at once is one file; a folder counts the files its task reported', () => {
    const items = [file('a.txt', 'copied'), folder('Docs', 'done', 't1')];
    expect(saveOutcome(items, new Map([['t1', counts(5, 5)]]), context)).toEqual({ kind: 'saved', ...context, items: 2, files: 6 });
    expect(saveOutcome([file('movie.mkv', 'copied')], new Map(), context)).toEqual({ kind: 'saved', ...context, items: 1, files: 1 });
  });

  it('a folder whose task reported no counts is saved as an item, with no file count made up', () => {
    const items = [file('a.txt', 'copied'), folder('Docs', 'done', 't1')];
    const outcome = saveOutcome(items, new Map([['t1', counts(0, 0)]]), context);
    expect(outcome).toEqual({ kind: 'saved', ...context, items: 2 });
  });

  it('a chosen id whose listing entry was never read is not taken for a file', () => {
    // The plan guesses 'file' for it; only the listing (which gives the name) would tell.
    expect(saveOutcome([file('', 'copied')], new Map(), context)).toEqual({ kind: 'saved', ...context, items: 1 });
  });

  it('a drive that filled midway says how many files made it when every count is known', () => {
    const items = [file('a.txt', 'copied'), folder('Docs', 'done', 't1', DRIVE_FULL_CODE), file('z.txt', 'failed', DRIVE_FULL_CODE)];
    expect(saveOutcome(items, new Map([['t1', counts(8, 8, 5)]]), context)).toEqual({
      kind: 'partial',
      ...context,
      reason: 'drive_full',
      copied: 4,
      total: 10,
      unit: 'files',
    });
  });

  it('…and how many whole items made it when a folder\'s files are unknown', () => {
    const items = [file('a.txt', 'copied'), folder('Docs', 'done', 't1', DRIVE_FULL_CODE), file('z.txt', 'pending')];
    expect(saveOutcome(items, new Map([['t1', counts(0, 0)]]), context)).toEqual({
      kind: 'partial',
      ...context,
      reason: 'drive_full',
      copied: 1,
      total: 3,
      unit: 'items',
    });
  });

  it('progress counts a folder as 1 until its task reports its files, then the files', () => {
    const items = [file('a.txt', 'copied'), folder('Docs', 'accepted', 't1')];
    expect(tallySave(items, new Map())).toMatchObject({ done: 1, total: 2, filesKnown: false });
    expect(tallySave(items, new Map([['t1', counts(4, 2)]]))).toMatchObject({ done: 3, total: 5, filesKnown: true });
  });
});
