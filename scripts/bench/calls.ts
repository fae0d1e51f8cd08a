/**
 * Aliyun call accounting from the simulator's counters: per-save calls by endpoint, apart from
 * the calls an account makes once (login, device session, target folder). Pure.
 */
import type { SimStats } from '../../src/sim/aliyun/index.js';

/** Endpoints an account calls once (per process), not per save. */
export const ONE_TIME_PATHS: ReadonlySet<string> = new Set([
  '/v2/account/token',
  '/v2/user/get',
  '/users/v1/users/device/create_session',
  '/users/v1/users/device/renew_session',
  // Finding or creating the target folder; its id is remembered per account and path.
  '/adrive/v2/file/get_by_path',
  '/adrive/v2/file/createWithFolders',
]);

/** The endpoints the floor is made of; anything else per save is an extra. */
export const FLOOR_PATHS: ReadonlySet<string> = new Set([
  '/adrive/v2/share_link/get_share_by_anonymous',
  '/adrive/v3/share_link/get_share_by_anonymous',
  '/v2/share_link/get_share_token',
  '/adrive/v4/batch',
  '/adrive/v2/batch',
  '/adrive/v1/file/copy',
  '/v2/async_task/get',
]);

export type Counts = Record<string, number>;

/** What happened between two snapshots of the simulator's counters. */
export interface CallDelta {
  byPath: Counts;
  byAccount: Counts;
  /** Calls answered 429 or 5xx (retries show up as extra calls). */
  errors: number;
}

function diff(after: Counts, before: Counts): Counts {
  const out: Counts = {};
  for (const [key, value] of Object.entries(after)) {
    const d = value - (before[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}

/** Counter differences between two snapshots. */
export function callDelta(after: SimStats, before: SimStats | undefined): CallDelta {
  const empty: SimStats = { total: 0, byPath: {}, byAccount: {}, byStatus: {}, injected: { rateLimited: 0, serverErrors: 0, scripted: 0 } };
  const base = before ?? empty;
  const statuses = diff(after.byStatus, base.byStatus);
  const errors = Object.entries(statuses)
    .filter(([status]) => status === '429' || status.startsWith('5'))
    .reduce((sum, [, n]) => sum + n, 0);
  return { byPath: diff(after.byPath, base.byPath), byAccount: diff(after.byAccount, base.byAccount), errors };
}

/** Splits counts into per-save endpoints and once-per-account endpoints. */
export function splitOneTime(byPath: Counts): { perSave: Counts; oneTime: Counts } {
  const perSave: Counts = {};
  const oneTime: Counts = {};
  for (const [path, n] of Object.entries(byPath)) (ONE_TIME_PATHS.has(path) ? oneTime : perSave)[path] = n;
  return { perSave, oneTime };
}

/** Adds counts up. */
export function sumCounts(...all: Counts[]): Counts {
  const out: Counts = {};
  for (const counts of all) for (const [k, v] of Object.entries(counts)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export function total(counts: Counts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** A short endpoint name for tables: `/adrive/v2/share_link/get_share_by_anonymous` → `share_link/get_share_by_anonymous`. */
export function shortPath(path: string): string {
  return path.replace(/^\/(adrive\/)?(v\d+\/)?/, '').replace(/^users\/v1\/users\//, '');
}

/** "a 1.00, b 0.50" — counts divided by `per`, largest first (ties by name). */
export function describeCounts(counts: Counts, per: number): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || shortPath(a[0]).localeCompare(shortPath(b[0])));
  if (entries.length === 0 || !(per > 0)) return '–';
  return entries.map(([path, n]) => `${shortPath(path)} ${(n / per).toFixed(2)}`).join(', ');
}

/** Per-save endpoints outside the floor, e.g. a listing or a folder lookup per save. */
export function extras(perSave: Counts): Counts {
  return Object.fromEntries(Object.entries(perSave).filter(([path]) => !FLOOR_PATHS.has(path)));
}
