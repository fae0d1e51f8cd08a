/** /follows: a page of the user's follows, and the 🔔 button under a save outcome. */
import { InlineKeyboard } from 'grammy';
import { filtersOf, renameRuleOf, type FollowRow } from '../../db/follows.repo.js';
import { filterText, hasFilters } from '../../jobs/follow/filters.js';
import { escapeHtml } from '../html.js';
import type { SaveOutcome } from '../../jobs/save-outcome.js';
import type { SaveShareJob } from '../../jobs/save-share.job.js';
import { formatDate, shortName } from '../format.js';
import { t, type Lang } from '../i18n/index.js';

export const FOLLOWS_PAGE_SIZE = 5;

/** Callback data: `fo:<action>:<follow id>:<page>` (🔍 `settings` opens settings-view.ts) and `fo:page:<n>`; `follow:<status message id>` for 🔔. */
export const FOLLOW_ACTION_PATTERN = /^fo:(check|pause|resume|settings|delete):(\d+):(\d+)$/;
export const FOLLOW_PAGE_PATTERN = /^fo:page:(\d+)$/;
export const FOLLOW_SAVED_PATTERN = /^follow:(\d+)$/;

/**
 * A page of follows. A group's page has no 🔍: filters and renames are typed as replies in the
 * binder's private chat, where the same follows are listed.
 */
export function followsPage(
  lang: Lang,
  rows: readonly FollowRow[],
  page: number,
  total: number,
  chat: 'private' | 'group' = 'private',
): { text: string; markup: InlineKeyboard | undefined } {
  const inGroup = chat === 'group';
  if (total === 0) return { text: t(lang, inGroup ? 'followGroup.empty' : 'follows.empty'), markup: undefined };
  const first = page * FOLLOWS_PAGE_SIZE;
  const when = (at: number | null) => (at ? formatDate(at) : t(lang, 'follows.never'));
  const lines = rows.map((row, index) => {
    const line = t(lang, 'follows.line', {
      n: first + index + 1,
      name: shortName(row.shareName || row.shareId, 60),
      state: t(lang, `follows.state.${row.state}`),
      checked: when(row.lastCheckedAt),
      latest: row.lastNewName ? `${shortName(row.lastNewName, 40)} (${when(row.lastNewAt)})` : t(lang, 'follows.never'),
    });
    return line + rulesLine(row);
  });
  const markup = new InlineKeyboard();
  rows.forEach((row, index) => {
    const n = first + index + 1;
    const toggle = row.state === 'paused' ? 'resume' : 'pause';
    markup
      .text(`${n}. ${t(lang, 'follows.btn.check')}`, `fo:check:${row.id}:${page}`)
      .text(t(lang, `follows.btn.${toggle}`), `fo:${toggle}:${row.id}:${page}`);
    if (!inGroup) markup.text(t(lang, 'follows.btn.settings'), `fo:settings:${row.id}:${page}`);
    markup.text(t(lang, 'follows.btn.delete'), `fo:delete:${row.id}:${page}`).row();
  });
  const pages = Math.ceil(total / FOLLOWS_PAGE_SIZE);
  if (page > 0) markup.text(t(lang, 'follows.btn.prev'), `fo:page:${page - 1}`);
  if (page + 1 < pages) markup.text(t(lang, 'follows.btn.next'), `fo:page:${page + 1}`);
  const title = t(lang, inGroup ? 'followGroup.title' : 'follows.title', { total });
  return { text: [title, '', ...lines, ...(inGroup ? ['', t(lang, 'followGroup.settingsHint')] : [])].join('\n'), markup };
}

/** `\n   🔍 *.mkv >100MB　✏️ * → S01E{n:02}` when the follow has filters or a rename rule. */
function rulesLine(row: FollowRow): string {
  const filters = filtersOf(row);
  const rule = renameRuleOf(row);
  const parts = [
    ...(hasFilters(filters) ? [`🔍 ${escapeHtml(shortName(filterText(filters), 60))}`] : []),
    ...(rule ? [`✏️ ${escapeHtml(shortName(`${rule.pattern} → ${rule.template}`, 60))}`] : []),
  ];
  return parts.length > 0 ? `\n   ${parts.join('　')}` : '';
}

/**
 * Adds 🔔 under an outcome that put files into the drive, in a private chat, naming the save by
 * its status message; the keyboard as it was otherwise.
 */
export function withFollowButton(
  markup: InlineKeyboard | undefined,
  lang: Lang,
  job: Pick<SaveShareJob, 'chatId' | 'requestedBy' | 'statusMessageId' | 'folderId'>,
  outcome: SaveOutcome,
): InlineKeyboard | undefined {
  if (outcome.kind !== 'saved' && outcome.kind !== 'partial') return markup;
  if (job.chatId !== job.requestedBy || job.statusMessageId === undefined || job.folderId !== undefined) return markup;
  return (markup ?? new InlineKeyboard()).text(t(lang, 'follow.button'), `follow:${job.statusMessageId}`);
}
