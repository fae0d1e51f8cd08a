import { describe, expect, it } from 'vitest';
import { callDelta, describeCounts, extras, splitOneTime } from '../../scripts/bench/calls.js';
import { classifyStatus } from '../../scripts/bench/tracker.js';
import type { SimStats } from '../../src/sim/aliyun/index.js';

function stats(byPath: Record<string, number>, byStatus: Record<string, number> = {}): SimStats {
  const total = Object.values(byPath).reduce((a, b) => a + b, 0);
  return { total, byPath, byAccount: {}, byStatus, injected: { rateLimited: 0, serverErrors: 0, scripted: 0 } };
}

describe('benchmark call accounting', () => {
  it('counts only the calls made between two snapshots, and the 429/5xx among them', () => {
    const before = stats({ '/adrive/v4/batch': 2 }, { '200': 2 });
    const after = stats({ '/adrive/v4/batch': 5, '/v2/share_link/get_share_token': 3 }, { '200': 7, '429': 1 });
    const delta = callDelta(after, before);
    expect(delta.byPath).toEqual({ '/adrive/v4/batch': 3, '/v2/share_link/get_share_token': 3 });
    expect(delta.errors).toBe(1);
  });

  it('keeps login, device session and target folder calls out of the per-save count', () => {
    const { perSave, oneTime } = splitOneTime({
      '/adrive/v2/share_link/get_share_by_anonymous': 10,
      '/v2/account/token': 10,
      '/adrive/v2/file/createWithFolders': 10,
      '/adrive/v2/file/list_by_share': 10,
    });
    expect(Object.keys(perSave).sort()).toEqual(['/adrive/v2/file/list_by_share', '/adrive/v2/share_link/get_share_by_anonymous']);
    expect(Object.keys(oneTime).sort()).toEqual(['/adrive/v2/file/createWithFolders', '/v2/account/token']);
    // A listing per save is not part of the floor: it is reported as the extra call.
    expect(extras(perSave)).toEqual({ '/adrive/v2/file/list_by_share': 10 });
    expect(describeCounts(perSave, 10)).toBe('file/list_by_share 1.00, share_link/get_share_by_anonymous 1.00');
  });
});

describe('benchmark status texts', () => {
  it('tells progress from outcomes by their leading sign', () => {
    expect(classifyStatus('⏳ Queued: <code>abc</code>')).toBe('pending');
    expect(classifyStatus('🔍 Opening share <code>abc</code>…')).toBe('pending');
    expect(classifyStatus('📥 Saving 「x」: 1/3')).toBe('pending');
    expect(classifyStatus('✅ 「x」 saved to <code>/Saves</code> (1 file)')).toBe('saved');
    expect(classifyStatus('❌ share <code>abc</code> was cancelled by its owner')).toBe('not-saved');
    expect(classifyStatus('⚠️ Only 2/3 of 「x」 saved')).toBe('not-saved');
  });
});
