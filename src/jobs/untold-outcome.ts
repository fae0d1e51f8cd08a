/**
 * The outcome a save remembers until it has been told (`saves.untold_outcome`): the job as queued
 * and how it ended, so a restart tells it exactly as it would have been told — same words, same
 * language, same buttons, into the same status message.
 */
import type { SaveOutcome } from './save-outcome.js';
import type { SaveShareJob } from './save-share.job.js';

export interface UntoldOutcome {
  job: SaveShareJob;
  outcome: SaveOutcome;
}

export function encodeUntold(job: SaveShareJob, outcome: SaveOutcome): string {
  // The password stays out: the outcome's buttons never need it again (a retry asks the row's job).
  const { password: _password, ...rest } = job;
  return JSON.stringify({ job: rest, outcome } satisfies UntoldOutcome);
}

/** @returns undefined for text that is not an outcome (a row written by another version). */
export function decodeUntold(text: string): UntoldOutcome | undefined {
  try {
    const value = JSON.parse(text) as Partial<UntoldOutcome> | null;
    if (!value || typeof value.job?.chatId !== 'number' || typeof value.outcome?.kind !== 'string') return undefined;
    return value as UntoldOutcome;
  } catch {
    return undefined;
  }
}
