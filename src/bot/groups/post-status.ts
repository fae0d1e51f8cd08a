/**
 * Pure: the compact status message of a group post — one line per link, rebuilt from the
 * post's saves whenever one of them moves, so several links (and several workers) share one
 * message without overwriting each other's news.
 */
import type { SaveState } from '../../db/schema/saves.js';
import { IN_PROGRESS_KIND, type SaveOutcome, type SaveProgress } from '../../jobs/save-outcome.js';
import { failureReason, fitMessage, MAX_MESSAGE_LENGTH, shortName } from '../format.js';
import { escapeHtml } from '../html.js';
import { raw, t, type Lang } from '../i18n/index.js';

/** One link of a post, as its `saves` row (or the job's latest news) says. */
export interface PostLine {
  shareId: string;
  shareName: string | null;
  state: SaveState;
  /** A failure's kind; a partial's reason (`drive_full`, `some_failed`). */
  failureKind: string | null;
  /** Progress while running; copied files when partial. */
  done: number;
  total: number | null;
  targetPath: string | null;
  /**
   * A duplicate turned away because the first save still runs. From the outcome; a line rebuilt
   * from its row knows it by `failureKind` {@link IN_PROGRESS_KIND}.
   */
  inProgress?: boolean;
  /** A `some_failed` partial's failed items and the first of their names. Known from the outcome only. */
  failed?: { items: number; names: string[] };
}

/** The line after a progress report. */
export function withProgress(line: PostLine, progress: SaveProgress): PostLine {
  if (progress.stage === 'opening') return { ...line, state: 'running', total: null };
  // Group saves do not wait (their askers cannot choose from a shared status); shown as opening.
  if (progress.stage === 'waiting') return { ...line, state: 'running', shareName: progress.shareName, total: null };
  return { ...line, state: 'running', shareName: progress.shareName, done: progress.done, total: progress.total };
}

/** The line after the outcome. */
export function withOutcome(line: PostLine, outcome: SaveOutcome): PostLine {
  switch (outcome.kind) {
    case 'saved':
      return { ...line, state: 'saved', shareName: outcome.shareName, targetPath: outcome.targetPath, failureKind: null };
    case 'duplicate':
      return {
        ...line,
        state: 'duplicate',
        shareName: outcome.shareName,
        targetPath: outcome.targetPath,
        failureKind: outcome.inProgress ? IN_PROGRESS_KIND : null,
        inProgress: outcome.inProgress === true,
      };
    case 'partial':
      return {
        ...line,
        state: 'partial',
        shareName: outcome.shareName,
        targetPath: outcome.targetPath,
        done: outcome.copied,
        total: outcome.total,
        failureKind: outcome.reason,
        ...(outcome.reason === 'some_failed' ? { failed: { items: outcome.failedItems, names: outcome.failedNames } } : {}),
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
      return t(lang, 'line.queued', { shareId: line.shareId });
    case 'running':
      return line.total !== null && line.shareName
        ? t(lang, 'line.copying', { name, done: line.done, total: line.total })
        : t(lang, 'line.opening', { shareId: line.shareId });
    case 'saved':
      return t(lang, 'line.saved', { name, path });
    case 'duplicate':
      return t(lang, isInProgress(line) ? 'line.inProgress' : 'line.duplicate', { name, path });
    case 'partial': {
      const counts = { name, path, copied: line.done, total: line.total ?? line.done };
      if (line.failureKind !== 'some_failed') return t(lang, 'line.partial', counts);
      return t(lang, 'line.someFailed', { ...counts, failed: raw(failedText(lang, line.failed)) });
    }
    case 'failed': {
      const subject = line.shareName
        ? t(lang, 'subject.named', { name })
        : t(lang, 'subject.share', { shareId: line.shareId });
      // A share that wants its code is a question (🔑), not a dead end: a reply answers it.
      const key = isPasswordKind(line.failureKind) ? 'line.password' : 'line.failed';
      return t(lang, key, { subject: raw(subject), reason: failureReason(lang, line.failureKind) });
    }
  }
}

/** A duplicate whose first save was still running, as the outcome or the stored row says. */
function isInProgress(line: PostLine): boolean {
  return line.inProgress === true || line.failureKind === IN_PROGRESS_KIND;
}

/**
 * What failed in a `some_failed` partial: "2 项没能保存（「a」、「b」）" when the outcome said,
 * "部分项目没能保存" for a line rebuilt from its row (which keeps no names). HTML.
 */
function failedText(lang: Lang, failed: PostLine['failed']): string {
  if (!failed) return t(lang, 'failed.some');
  const names = failed.names.map((name) => `「${escapeHtml(shortName(name, 40))}」`);
  return t(lang, 'failed.count', {
    n: failed.items,
    names: raw(names.join(lang === 'zh' ? '、' : ', ')),
    more: Math.max(0, failed.items - names.length),
  });
}

/** Whether a failure kind asks for the share's code. */
export function isPasswordKind(kind: string | null): boolean {
  return kind === 'missing_password' || kind === 'wrong_password';
}

/**
 * How to answer the code question of these lines, if one asks: a reply to the message with the
 * code ("wrong code? …" when a code was tried already).
 */
export function passwordHint(lang: Lang, lines: readonly PostLine[]): string | undefined {
  const asking = lines.filter((line) => line.state === 'failed' && isPasswordKind(line.failureKind));
  if (asking.length === 0) return undefined;
  return t(lang, asking.some((line) => line.failureKind === 'wrong_password') ? 'group.password.retry' : 'group.password.ask');
}

/** The whole compact status message, cut to Telegram's limit; a code question says how to answer it. */
export function postStatusText(lang: Lang, lines: readonly PostLine[]): string {
  const hint = passwordHint(lang, lines);
  const text = fitMessage(lines.map((line) => postLineText(lang, line)), hint ? MAX_MESSAGE_LENGTH - hint.length - 1 : undefined);
  return hint ? `${text}\n${hint}` : text;
}

/** The line of a link that was just queued. */
export function queuedLine(shareId: string): PostLine {
  return { shareId, shareName: null, state: 'queued', failureKind: null, done: 0, total: null, targetPath: null };
}
