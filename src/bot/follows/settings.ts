/**
 * 🔍 on a follow in /follows: its settings screen. Filters and the rename rule are asked for in
 * chat (a force-reply question; the reply to it is read), cleared with a button; the episode
 * preset is one tap.
 */
import { Composer } from 'grammy';
import type { FollowRow } from '../../db/follows.repo.js';
import { NO_FILTERS, parseFilterText } from '../../jobs/follow/filters.js';
import { EPISODE_PRESET, parseRenameText } from '../../jobs/follow/rename-rule.js';
import type { BotContext } from '../context.js';
import { shortName } from '../format.js';
import { t } from '../i18n/index.js';
import { plainText } from '../share-links/failures.js';
import { followEditWaits } from './edit-wait.js';
import { showFollows } from './list.js';
import { followSettings, FOLLOW_SETTINGS_PATTERN } from './settings-view.js';

export const followSettingsFeature = new Composer<BotContext>();

function ownFollow(ctx: BotContext, id: number): FollowRow | undefined {
  const row = ctx.deps.follows.get(id);
  return row && row.telegramUserId === ctx.from?.id ? row : undefined;
}

/** Edits the current message into the follow's settings. */
export async function showFollowSettings(ctx: BotContext, row: FollowRow, page: number): Promise<void> {
  const { text, markup } = followSettings(ctx.lang, row, page);
  await ctx.editMessageText(text, { reply_markup: markup, link_preview_options: { is_disabled: true } }).catch(() => undefined);
}

followSettingsFeature.callbackQuery(FOLLOW_SETTINGS_PATTERN, async (ctx) => {
  const { deps, lang } = ctx;
  const [, action, id, pageText] = ctx.match;
  const page = Number(pageText);
  const row = ownFollow(ctx, Number(id));
  if (!row || !ctx.chat) {
    await ctx.answerCallbackQuery({ text: plainText(t(lang, 'follows.gone')), show_alert: true });
    return showFollows(ctx, page, true);
  }
  if (action === 'back') {
    await ctx.answerCallbackQuery();
    return showFollows(ctx, page, true);
  }
  if (action === 'filters' || action === 'rename') {
    await ctx.answerCallbackQuery();
    const name = shortName(row.shareName || row.shareId, 60);
    const question = action === 'filters' ? t(lang, 'followSettings.askFilters', { name }) : t(lang, 'followSettings.askRename', { name });
    const placeholder = action === 'filters' ? '*.mkv -*sample* >100MB' : `*.mkv → ${EPISODE_PRESET.template}`;
    const prompt = await ctx.reply(question, { reply_markup: { force_reply: true, input_field_placeholder: placeholder } });
    followEditWaits(deps.db).set(ctx.chat.id, ctx.from.id, { followId: row.id, field: action, promptMessageId: prompt.message_id });
    return;
  }
  if (action === 'clearf') deps.follows.setFilters(row, NO_FILTERS);
  else if (action === 'preset') deps.follows.setRenameRule(row, EPISODE_PRESET);
  else deps.follows.setRenameRule(row, null);
  await ctx.answerCallbackQuery({ text: t(lang, 'followSettings.saved') });
  await showFollowSettings(ctx, deps.follows.get(row.id) ?? row, page);
});

/** The reply to a 🔍 / ✏️ question: the new filters or rename rule. */
followSettingsFeature.chatType('private').on('message:text', async (ctx, next) => {
  const { deps, lang } = ctx;
  const waits = followEditWaits(deps.db);
  const wait = waits.get(ctx.chat.id, ctx.from.id);
  if (!wait || ctx.msg.reply_to_message?.message_id !== wait.promptMessageId) return next();
  const row = ownFollow(ctx, wait.followId);
  if (!row) {
    waits.delete(ctx.chat.id, ctx.from.id);
    return void (await ctx.reply(t(lang, 'follows.gone')));
  }
  const text = ctx.msg.text;
  if (wait.field === 'filters') {
    const parsed = parseFilterText(text);
    if (!parsed.ok) return void (await ctx.reply(t(lang, 'followSettings.badFilters', { bad: parsed.bad })));
    deps.follows.setFilters(row, parsed.filters);
  } else {
    const parsed = parseRenameText(text);
    if (!parsed.ok) return void (await ctx.reply(t(lang, 'followSettings.badRename', { bad: parsed.bad })));
    deps.follows.setRenameRule(row, parsed.rule);
  }
  waits.delete(ctx.chat.id, ctx.from.id);
  const { text: view, markup } = followSettings(lang, deps.follows.get(row.id) ?? row, 0);
  await ctx.reply(`${t(lang, 'followSettings.saved')}\n\n${view}`, { reply_markup: markup, link_preview_options: { is_disabled: true } });
});
