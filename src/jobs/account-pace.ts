/**
 * Saves are grouped by account on the queue: accounts are served in turn, and an account whose
 * pace bucket is empty starts no job until it could call again. Its saves then wait in the
 * queue, not in a worker slot, so other users' saves are not queued behind them.
 */
import { accountKey, type Accounts } from '../accounts.js';
import type { GroupPace } from './queue/types.js';

/** The queue group of an account's saves: the account's session key, whose pace it follows. */
export function accountGroup(accountId: number): string {
  return accountKey(accountId);
}

/**
 * An account may run as many saves at once as its bucket holds whole tokens (at least one
 * call each), and none while the bucket is empty. The per-call pace in the client stays as the
 * safety net; this only keeps the waiting out of the worker slots.
 */
export function accountPace(accounts: Pick<Accounts, 'paceOfKey'>): GroupPace {
  return {
    allowance(group) {
      const { tokens, readyInMs } = accounts.paceOfKey(group);
      return { running: Math.max(0, Math.floor(tokens)), retryInMs: readyInMs };
    },
  };
}
