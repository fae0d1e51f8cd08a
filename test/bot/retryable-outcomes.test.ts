import { describe, expect, it } from 'vitest';
import { isRetryable } from '../../src/bot/saving/stop-retry.js';
import type { FailureKind } from '../../src/jobs/save-outcome.js';

const failed = (reason: FailureKind) => ({ kind: 'failed' as const, reason });

describe('which outcomes get a 🔁 retry button', () => {
  it('failures another run may mend: busy, unknown, a full drive, stopped, interrupted, a refused device', () => {
    for (const reason of ['busy', 'unknown', 'drive_full', 'stopped', 'interrupted', 'device_refused'] as const) {
      expect(isRetryable(failed(reason)), reason).toBe(true);
    }
  });

  it('a partial save can be finished', () => {
    expect(isRetryable({ kind: 'partial', shareName: 's', targetPath: '/p', copied: 1, total: 3, reason: 'drive_full' })).toBe(true);
  });

  it('dead links, wrong passwords and a login to renew are not retried by a button', () => {
    for (const reason of ['cancelled', 'expired', 'not_found', 'wrong_password', 'relogin'] as const) {
      expect(isRetryable(failed(reason)), reason).toBe(false);
    }
    expect(isRetryable({ kind: 'saved', shareName: 's', targetPath: '/p', items: 1 })).toBe(false);
  });
});
