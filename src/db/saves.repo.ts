import type { AppDatabase } from './index.js';
import { preparedFor } from './statement-cache.js';
import { createCopyLedger } from './saves/copy-ledger.js';
import { createSaveHistory } from './saves/history.js';
import { createSaveLifecycle } from './saves/lifecycle.js';
import { createUntoldOutcomes } from './saves/untold-outcomes.js';

export { COPY_ITEMS_KEEP_MS, type CopyItemRow, type ItemResult, type PlannedItem } from './saves/copy-ledger.js';
export { type UntoldRow } from './saves/untold-outcomes.js';
export { type SaveHistoryEntry, type SaveStats } from './saves/history.js';
export {
  FINAL_SAVE_STATES,
  IN_FLIGHT_STALE_MS,
  isFinalSaveState,
  type InFlightClaim,
  type NewSave,
  type SaveDrive,
  type SaveFinish,
  type SaveRow,
} from './saves/lifecycle.js';

/**
 * Saves repository: the history rows (`saves`, see saves/lifecycle.ts and saves/history.ts) and
 * the exactly-once copy record (`save_copy_items`, saves/copy-ledger.ts). Synchronous
 * (better-sqlite3); every multi-row change is one transaction. Built once per database (it holds
 * only prepared queries): every queued save asks for it, and building it prepares a dozen.
 */
export function createSavesRepo(db: AppDatabase): SavesRepo {
  return preparedFor(db, buildSavesRepo);
}

function buildSavesRepo(db: AppDatabase) {
  return { ...createSaveLifecycle(db), ...createCopyLedger(db), ...createSaveHistory(db), ...createUntoldOutcomes(db) };
}

export type SavesRepo = ReturnType<typeof buildSavesRepo>;
