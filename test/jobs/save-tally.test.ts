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

  it('progress never counts more than a task\'s total, nor a negative copy', () => {
    const items = [folder('Docs', 'accepted', 't1')];
    expect(tallySave(items, new Map([['t1', counts(4, 9)]]))).toMatchObject({ done: 4, total: 4, copied: 4 });
    expect(tallySave(items, new Map([['t1', counts(4, 2, 3)]]))).toMatchObject({ done: 2, total: 4, copied: 0 });
  });

  it('counts items copied, whole, failed, and whether the drive filled', () => {
    const items = [
      file('a.txt', 'copied'),
      folder('Docs', 'done', 't1', 'PartialSucceed'),
      file('b.txt', 'failed', 'NotFound.File'),
      file('c.txt', 'pending'),
      file('d.txt', 'sent'),
    ];
    expect(tallySave(items, new Map())).toEqual({
      done: 3,
      total: 5,
      copied: 2,
      filesKnown: false,
      items: 5,
      itemsCopied: 2,
      itemsWhole: 1,
      itemsFailed: 1,
      driveFull: false,
    });
    expect(tallySave([file('z.txt', 'failed', DRIVE_FULL_CODE)], new Map())).toMatchObject({ driveFull: true, itemsFailed: 1, copied: 0, done: 1 });
  });
});

describe('a save where nothing made it is a failure, never "partial, 0 of N"', () => {
  it('every item failed: failed, for the first failure\'s reason, with its code', () => {
    const items = [file('a.txt', 'failed', 'NotFound.File'), file('b.txt', 'failed', 'ShareLink.Expired')];
    expect(saveOutcome(items, new Map(), context)).toEqual({ kind: 'failed', reason: 'not_found', shareName: 'Box', detail: 'NotFound.File' });
  });

  it('every item failed without a code: unknown, with no detail made up', () => {
    expect(saveOutcome([file('a.txt', 'failed')], new Map(), context)).toEqual({ kind: 'failed', reason: 'unknown', shareName: 'Box' });
  });

  it('the drive full with nothing copied: failed drive_full', () => {
    const items = [file('a.txt', 'failed', DRIVE_FULL_CODE), file('b.txt', 'pending')];
    expect(saveOutcome(items, new Map(), context)).toEqual({ kind: 'failed', reason: 'drive_full', shareName: 'Box' });
  });

  it('a folder whose copy ended on a full drive with no file in: failed drive_full', () => {
    const items = [folder('Docs', 'done', 't1', DRIVE_FULL_CODE)];
    expect(saveOutcome(items, new Map([['t1', counts(3, 3, 3)]]), context)).toEqual({ kind: 'failed', reason: 'drive_full', shareName: 'Box' });
  });

  it('a failed folder copy that got some files in before the drive filled: still no item landed, so failed', () => {
    const items = [folder('Docs', 'failed', 't1', DRIVE_FULL_CODE)];
    expect(saveOutcome(items, new Map([['t1', counts(3, 3, 1)]]), context)).toEqual({ kind: 'failed', reason: 'drive_full', shareName: 'Box' });
  });

  it('a full drive wins over other failures when something was copied', () => {
    const items = [file('a.txt', 'copied'), file('b.txt', 'failed', 'NotFound.File'), file('c.txt', 'failed', DRIVE_FULL_CODE)];
    expect(saveOutcome(items, new Map(), context)).toEqual({ kind: 'partial', ...context, reason: 'drive_full', copied: 1, total: 3, unit: 'files' });
  });
});

describe('a save where some items failed for other reasons', () => {
  it('names the first five that fell short (failed, or a folder partly copied), counts them all', () => {
    const items = [
      file('ok.txt', 'copied'),
      ...['1', '2', '3'].map((n) => file(`bad-${n}.txt`, 'failed', 'NotFound.File')),
      file('', 'failed', 'NotFound.File'),
      folder('Part', 'done', 't1', 'PartialSucceed'),
      file('bad-4.txt', 'failed', 'NotFound.File'),
      file('bad-5.txt', 'failed', 'NotFound.File'),
    ];
    expect(saveOutcome(items, new Map([['t1', counts(2, 2, 1)]]), context)).toEqual({
      kind: 'partial',
      ...context,
      reason: 'some_failed',
      // Items, since one failed file's name is unknown: only ok.txt made it whole.
      copied: 1,
      total: 8,
      unit: 'items',
      failedItems: 7,
      failedNames: ['bad-1.txt', 'bad-2.txt', 'bad-3.txt', 'Part', 'bad-4.txt'],
    });
  });

  it('a folder copied whole is no shortfall: saved', () => {
    const items = [file('a.txt', 'copied'), folder('Docs', 'done', 't1')];
    expect(saveOutcome(items, new Map([['t1', counts(2, 2)]]), context)).toEqual({ kind: 'saved', ...context, items: 2, files: 3 });
  });
});

