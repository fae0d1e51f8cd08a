/**
 * Pure: the compact status message of a group post — one line per link, rebuilt from the
 * post's saves whenever one of them moves, so several links (and several workers) share one
 * message without overwriting each other's news.
 */
import type { SaveState } from '../../db/schema/saves.js';
import type { SaveOutcome, SaveProgress } from '../../jobs/notifier.js';
import { failureReason, fitMessage, shortName } from '../format.js';
import { raw, type Lang } from '../i18n/index.js';
import { gt } from './messages.js';

/** One link of a post, as its `saves` row (or the job's latest news) says. */
export interface PostLine {
  shareId: string;
  shareName: string | null;
  state: SaveState;
  failureKind: string | null;
  /** Progress while running; copied files when partial. */
  done: number;
  total: number | null;
  targetPath: string | null;
}

/** The line after a progress report. */
export function withProgress(line: PostLine, progress: SaveProgress): PostLine {
  if (progress.stage === 'opening') return { ...line, state: 'running', total: null };
  return { ...line, state: 'running', shareName: progress.shareName, done: progress.done, total: progress.total };
}

/** The line after the outcome. */
export function withOutcome(line: PostLine, outcome: SaveOutcome): PostLine {
  switch (outcome.kind) {
    case 'saved':
    case 'duplicate':
      return { ...line, state: outcome.kind, shareName: outcome.shareName, targetPath: outcome.targetPath, failureKind: null };
    case 'partial':
      return {
        ...line,
        state: 'partial',
        shareName: outcome.shareName,
        targetPath: outcome.targetPath,
        done: outcome.copied,
        total: outcome.total,
        failureKind: outcome.reason,
      };
    case 'failed':
      return { ...line, state: 'failed', shareName: outcome.shareName ?? line.shareName, failureKind: outcome.reason };
  }
}

/** One line of the compact status (HTML). */
export function postLineText(lang: Lang, line: PostLine): string {
  const name = line.shareName ? shortName(line.shareName, 60) : line.shareId;
  const path = line.targetPath ?? '/';
  switch (line.state) {
    case 'queued':
      return gt(lang, 'line.queued', { shareId: line.shareId });
    case 'running':
      return line.total !== null && line.shareName
        ? gt(lang, 'line.copying', { name, done: line.done, total: line.total })
        : gt(lang, 'line.opening', { shareId: line.shareId });
    case 'saved':
      return gt(lang, 'line.saved', { name, path });
    case 'duplicate':
      return gt(lang, 'line.duplicate', { name, path });
    case 'partial':
      return gt(lang, 'line.partial', { name, path, copied: line.done, total: line.total ?? line.done });
    case 'failed': {
      const subject = line.shareName
        ? gt(lang, 'subject.named', { name })
        : gt(lang, 'subject.share', { shareId: line.shareId });
      return gt(lang, 'line.failed', { subject: raw(subject), reason: failureReason(lang, line.failureKind) });
    }
  }
}

/** The whole compact status message, cut to Telegram's limit. */
export function postStatusText(lang: Lang, lines: readonly PostLine[]): string {
  return fitMessage(lines.map((line) => postLineText(lang, line)));
}

/** The line of a link that was just queued. */
export function queuedLine(shareId: string): PostLine {
  return { shareId, shareName: null, state: 'queued', failureKind: null, done: 0, total: null, targetPath: null };
}
