/**
 * Pure formatting of everything the bot shows about saves: status texts, outcomes, history
 * lines, sizes and dates. Names from Aliyun or users pass through the translator, which
 * escapes them, so `<b>x</b>` shows exactly as written.
 */
import type { CountUnit, FailureKind, SaveOutcome, SaveProgress } from '../jobs/save-outcome.js';
import type { SaveShareJob } from '../jobs/save-share.job.js';
import { shortPath } from './folder-path.js';
import { escapeHtml } from './html.js';
import { raw, t, type Lang } from './i18n/index.js';

/** Dates are shown in China time: the service and nearly all of its users live there. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/** Telegram's limit for a message text (in UTF-16 code units, close enough for our texts). */
export const MAX_MESSAGE_LENGTH = 4096;

/** Aliyun names can be up to 1024 characters; keep status lines readable. */
export function shortName(name: string, max = 80): string {
  const chars = [...name.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Midnight of `now`'s day in China time (UTC+8 all year: no daylight saving). */
export function startOfChinaDay(now: number): number {
  const offset = 8 * 60 * 60_000;
  const day = 24 * 60 * 60_000;
  return now - ((now + offset) % day);
}

/** `2024-05-01 13:45` in {@link DISPLAY_TIME_ZONE}. */
export function formatDate(epochMs: number, timeZone: string = DISPLAY_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * A date as people say it, in China time: 「今天 19:02」, 「昨天 08:15」, 「5月3日 12:00」 (this year),
 * else `2023-05-03 12:00`; "today 19:02", "yesterday 08:15", "May 3 12:00" in English.
 */
export function friendlyDate(lang: Lang, epochMs: number, now: number = Date.now()): string {
  const full = formatDate(epochMs);
  const time = full.slice(11);
  const today = startOfChinaDay(now);
  if (epochMs >= today && epochMs < today + 24 * 60 * 60_000) return t(lang, 'date.today', { time });
  if (epochMs >= today - 24 * 60 * 60_000 && epochMs < today) return t(lang, 'date.yesterday', { time });
  if (full.slice(0, 4) !== formatDate(now).slice(0, 4)) return full;
  return t(lang, 'date.thisYear', { month: Number(full.slice(5, 7)), day: Number(full.slice(8, 10)), time });
}

/** Human file size with binary units: `0 B`, `1.5 KB`, `2.3 GB`. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The first status text of a save, sent before the job is queued. */
export function queuedText(lang: Lang, shareId: string): string {
  return t(lang, 'save.queued', { shareId });
}

/** The status text while a save runs. */
export function progressText(lang: Lang, job: Pick<SaveShareJob, 'shareId'>, progress: SaveProgress): string {
  if (progress.stage === 'opening') return t(lang, 'save.opening', { shareId: job.shareId });
  if (progress.stage === 'waiting') {
    return t(lang, 'large.waiting', { name: shortName(progress.shareName), size: formatSize(progress.bytes), seconds: Math.ceil(progress.startsInMs / 1000) });
  }
  return t(lang, 'save.copying', {
    name: shortName(progress.shareName),
    done: progress.done,
    total: progress.total,
  });
}

/** "「name」" when the share's name is known, else "share <code>id</code>" — already HTML. */
function subject(lang: Lang, shareId: string, shareName: string | undefined): string {
  return shareName
    ? t(lang, 'save.subjectNamed', { name: shortName(shareName) })
    : t(lang, 'save.subjectShare', { shareId });
}

type FailureKey =
  | 'save.wrongPassword'
  | 'save.missingPassword'
  | 'save.cancelled'
  | 'save.expired'
  | 'save.forbidden'
  | 'save.notFound'
  | 'save.driveFull'
  | 'save.relogin'
  | 'save.loggedOut'
  | 'save.busy'
  | 'save.folderNotFound'
  | 'save.interrupted'
  | 'save.deviceRefused'
  | 'save.notUnderstood'
  | 'save.unknown'
  | 'save.stopped';

const FAILURE_KEYS: Record<FailureKind, FailureKey> = {
  wrong_password: 'save.wrongPassword',
  missing_password: 'save.missingPassword',
  cancelled: 'save.cancelled',
  expired: 'save.expired',
  forbidden: 'save.forbidden',
  not_found: 'save.notFound',
  drive_full: 'save.driveFull',
  relogin: 'save.relogin',
  logged_out: 'save.loggedOut',
  busy: 'save.busy',
  folder_not_found: 'save.folderNotFound',
  interrupted: 'save.interrupted',
  device_refused: 'save.deviceRefused',
  not_understood: 'save.notUnderstood',
  unknown: 'save.unknown',
  stopped: 'save.stopped',
};

/** The failure text for one kind, with a next step for the user. */
export function failureText(lang: Lang, kind: FailureKind, shareId: string, shareName?: string): string {
  const key = FAILURE_KEYS[kind] ?? 'save.unknown';
  return t(lang, key, { subject: raw(subject(lang, shareId, shareName)) });
}

/** Whether an outcome means "ask the user for the password". */
export function wantsPassword(outcome: SaveOutcome): boolean {
  return outcome.kind === 'failed' && (outcome.reason === 'wrong_password' || outcome.reason === 'missing_password');
}

/** How much of a partial save made it: "5/8 个文件", "2/3 items" (a bare "5/8" without a unit). */
function partialCount(lang: Lang, copied: number, total: number, unit: CountUnit | undefined): string {
  if (unit === undefined) return `${copied}/${total}`;
  return `${copied}/${unit === 'files' ? t(lang, 'save.files', { n: total }) : t(lang, 'save.items', { n: total })}`;
}

/** The final status text of a save. */
export function outcomeText(
  lang: Lang,
  job: Pick<SaveShareJob, 'shareId' | 'pastedName'>,
  outcome: SaveOutcome,
  timeZone: string = DISPLAY_TIME_ZONE,
): string {
  // What the user's /skip rules left out, under a saved or partial outcome.
  const skipped = 'skipped' in outcome && outcome.skipped ? `\n${t(lang, 'skip.outcome', { n: outcome.skipped })}` : '';
  switch (outcome.kind) {
    case 'saved': {
      const count =
        outcome.files !== undefined ? t(lang, 'save.files', { n: outcome.files }) : t(lang, 'save.items', { n: outcome.items });
      return t(lang, 'save.saved', { name: shortName(outcome.shareName), path: shortPath(outcome.targetPath), count: raw(count) }) + skipped;
    }
    case 'partial': {
      const partial = {
        name: shortName(outcome.shareName),
        count: partialCount(lang, outcome.copied, outcome.total, outcome.unit),
        path: shortPath(outcome.targetPath),
      };
      if (outcome.reason === 'some_failed') {
        const names = outcome.failedNames.map((name) => `「${escapeHtml(shortName(name, 40))}」`);
        return t(lang, 'outcome.someFailed', {
          ...partial,
          failed: outcome.failedItems,
          names: raw(names.join(lang === 'zh' ? '、' : ', ')),
          more: Math.max(0, outcome.failedItems - names.length),
        }) + skipped;
      }
      return t(lang, 'outcome.driveFull', partial) + skipped;
    }
    case 'duplicate':
      if (outcome.inProgress) {
        const date = formatDate(outcome.savedAt, timeZone);
        return t(lang, 'outcome.inProgress', { name: shortName(outcome.shareName), path: shortPath(outcome.targetPath), date });
      }
      return t(lang, 'save.duplicate', {
        name: shortName(outcome.shareName),
        date: formatDate(outcome.savedAt, timeZone),
        path: shortPath(outcome.targetPath),
      });
    case 'failed':
      // Aliyun's name when the share opened; else the one the user's message gave it.
      return failureText(lang, outcome.reason, job.shareId, outcome.shareName ?? job.pastedName);
  }
}

/** What the history shows for one save. */
export interface HistoryEntry {
  shareId: string;
  shareName: string | null;
  targetPath: string | null;
  state: string;
  failureKind: string | null;
  filesCopied: number;
  filesTotal: number | null;
  createdAt: number;
}

const STATE_ICONS: Record<string, string> = {
  saved: '✅',
  duplicate: '✅',
  partial: '⚠️',
  failed: '❌',
  queued: '⏳',
  running: '📥',
};

/** One history line: icon, name (escaped), date (「今天 19:02」), target path or failure reason. */
export function historyLine(lang: Lang, entry: HistoryEntry, now: number = Date.now()): string {
  const icon = STATE_ICONS[entry.state] ?? '•';
  const name = entry.shareName ? escapeHtml(shortName(entry.shareName, 40)) : `<code>${escapeHtml(entry.shareId)}</code>`;
  const date = friendlyDate(lang, entry.createdAt, now);
  let where = '';
  if (entry.state === 'failed') {
    where = failureReason(lang, entry.failureKind);
  } else if (entry.targetPath) {
    where = `→ <code>${escapeHtml(shortPath(entry.targetPath))}</code>`;
    if (entry.state === 'partial' && entry.filesTotal) where += ` (${entry.filesCopied}/${entry.filesTotal})`;
  }
  return `${icon} ${name}\n    ${date} ${where}`.trimEnd();
}

const SHORT_REASONS: Record<Lang, Record<FailureKind, string>> = {
  zh: {
    wrong_password: '提取码错误',
    missing_password: '需要提取码',
    cancelled: '分享已取消',
    expired: '分享已过期',
    forbidden: '分享被屏蔽',
    not_found: '分享不存在',
    drive_full: '网盘空间不足',
    relogin: '需要重新登录',
    logged_out: '已退出登录',
    busy: '阿里云盘繁忙',
    folder_not_found: '保存文件夹不可用',
    interrupted: '转存被中断',
    device_refused: '设备被阿里云盘拒绝',
    not_understood: '阿里云盘的回答看不懂',
    unknown: '未知错误',
    stopped: '已停止',
  },
  en: {
    wrong_password: 'wrong password',
    missing_password: 'password needed',
    cancelled: 'share cancelled',
    expired: 'share expired',
    forbidden: 'share blocked',
    not_found: 'share not found',
    drive_full: 'drive full',
    relogin: 'login expired',
    logged_out: 'logged out',
    busy: 'Aliyun busy',
    folder_not_found: 'save folder unavailable',
    interrupted: 'interrupted',
    device_refused: 'device refused by Aliyun',
    not_understood: 'Aliyun answer not understood',
    unknown: 'unknown error',
    stopped: 'stopped',
  },
};

/** A failure kind in a few words (history, stats). */
export function failureReason(lang: Lang, kind: string | null): string {
  const reasons = SHORT_REASONS[lang];
  return (kind && kind in reasons ? reasons[kind as FailureKind] : reasons.unknown) ?? reasons.unknown;
}

/** Cuts a built HTML text to Telegram's limit at a line break (never inside a tag). */
export function fitMessage(lines: string[], limit: number = MAX_MESSAGE_LENGTH): string {
  let text = '';
  for (const line of lines) {
    const next = text ? `${text}\n${line}` : line;
    if (next.length > limit) break;
    text = next;
  }
  return text;
}
