/** One follow's settings (🔍 from /follows): its filters and rename rule, with buttons to change them. */
import { InlineKeyboard } from 'grammy';
import { filtersOf, renameRuleOf, type FollowRow } from '../../db/follows.repo.js';
import { filterText, hasFilters } from '../../jobs/follow/filters.js';
import { EPISODE_PRESET } from '../../jobs/follow/rename-rule.js';
import { shortName } from '../format.js';
import { t, type Lang } from '../i18n/index.js';

/** Callback data: `fs:<action>:<follow id>:<page of /follows to go back to>`. */
export const FOLLOW_SETTINGS_PATTERN = /^fs:(filters|clearf|rename|preset|clearr|back):(\d+):(\d+)$/;

export function followSettings(lang: Lang, row: FollowRow, page: number): { text: string; markup: InlineKeyboard } {
  const filters = filtersOf(row);
  const rule = renameRuleOf(row);
  const text = [
    t(lang, 'followSettings.title', { name: shortName(row.shareName || row.shareId, 60) }),
    '',
    t(lang, 'followSettings.filters', { filters: hasFilters(filters) ? filterText(filters) : t(lang, 'followSettings.none') }),
    t(lang, 'followSettings.rename', { rule: rule ? `${rule.pattern} → ${rule.template}` : t(lang, 'followSettings.none') }),
    '',
    t(lang, 'followSettings.skippedNote'),
  ].join('\n');
  const data = (action: string) => `fs:${action}:${row.id}:${page}`;
  const markup = new InlineKeyboard().text(t(lang, 'followSettings.btn.filters'), data('filters'));
  if (hasFilters(filters)) markup.text(t(lang, 'followSettings.btn.clear'), data('clearf'));
  markup.row().text(t(lang, 'followSettings.btn.rename'), data('rename'));
  if (rule?.template !== EPISODE_PRESET.template) markup.text(`📺 ${EPISODE_PRESET.template}`, data('preset'));
  if (rule) markup.text(t(lang, 'followSettings.btn.clear'), data('clearr'));
  markup.row().text(t(lang, 'followSettings.btn.back'), data('back'));
  return { text, markup };
}
