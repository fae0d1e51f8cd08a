import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { memberStatus, presserIsAdmin } from '../groups/admin-check.js';
import { FOLDER_CALLBACK, PANEL_CALLBACK, settingsPanel, SWITCHES, type SwitchName } from '../groups/settings-panel.js';
import { createKvRepo } from '../../db/kv.repo.js';
import { escapeHtml } from '../html.js';
import { raw, t } from '../i18n/index.js';
import { setGroupFolder } from './group-folder.js';
import { isNotModified } from '../telegram-errors.js';

/**
 * The settings panel's buttons (and those under the /bind confirmation): an admin's press flips
 * a switch and the message becomes the panel as it stands now; anyone else is told, in the
 * button's answer, that only admins can change it. Letting members /save spends the binding
 * admin's drive: in a bound group that one is theirs (or the owner's), as with /members — and so
 * is the folder, asked for by 📁 as a reply.
 */
export const groupSettingsFeature = new Composer<BotContext>();

/** Edits the pressed message into the current panel. */
async function showPanel(ctx: BotContext): Promise<void> {
  const chat = ctx.chat;
  if (!chat) return;
  const { text, keyboard } = await settingsPanel(ctx, { id: chat.id, ...('title' in chat && chat.title ? { title: chat.title } : {}) });
  await ctx.editMessageText(text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } }).catch((error: unknown) => {
    if (!isNotModified(error)) ctx.logger.warn({ err: error, chat_id: chat.id }, 'could not show the settings panel');
  });
}

const isGroup = (ctx: BotContext) => ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';

groupSettingsFeature.callbackQuery(/^gset:(autosave|quiet|members)$/, async (ctx) => {
  const chat = ctx.chat;
  if (!chat || !isGroup(ctx) || chat.type === 'private' || chat.type === 'channel') return ctx.answerCallbackQuery();
  const name = ctx.match[1] as SwitchName;
  if (!(await presserIsAdmin(ctx))) {
    ctx.logger.info({ chat_id: chat.id, user_id: ctx.from.id, switch: name }, 'settings button refused: not an admin');
    return ctx.answerCallbackQuery({ text: t(ctx.lang, 'panel.adminsOnly'), show_alert: true });
  }
  const settings = ctx.deps.chatSettings.get(chat.id);
  const binder = settings?.boundByUserId;
  if (name === 'members' && binder && binder !== ctx.from.id && (await memberStatus(ctx, chat.id, ctx.from.id)) !== 'creator') {
    return ctx.answerCallbackQuery({ text: t(ctx.lang, 'panel.binderOnly'), show_alert: true });
  }
  const { column, name: label } = SWITCHES[name];
  const wanted = settings?.[column] !== true;
  ctx.deps.chatSettings.record(chat.id, { chatType: chat.type, title: chat.title }, { [column]: wanted });
  ctx.logger.info({ chat_id: chat.id, user_id: ctx.from.id, [name]: wanted }, 'group switch changed by button');
  await ctx.answerCallbackQuery({ text: t(ctx.lang, 'panel.changed', { name: t(ctx.lang, label), state: t(ctx.lang, wanted ? 'on' : 'off') }) });
  await showPanel(ctx);
});

/** A folder question waits for its asker's reply this long. */
const FOLDER_ASK_MS = 10 * 60_000;
const folderAskKey = (chatId: number, messageId: number) => `pending:group-folder:${chatId}:${messageId}`;

/**
 * 📁: the folder needs typing, so the bot asks the presser (mentioned, so Telegram's forced reply
 * opens for them alone) to reply with the path; their reply goes the way of `/folder <path>`.
 */
groupSettingsFeature.callbackQuery(FOLDER_CALLBACK, async (ctx) => {
  const chat = ctx.chat;
  if (!chat || (chat.type !== 'group' && chat.type !== 'supergroup')) return ctx.answerCallbackQuery();
  if (!(await presserIsAdmin(ctx))) return ctx.answerCallbackQuery({ text: t(ctx.lang, 'panel.adminsOnly'), show_alert: true });
  const binder = ctx.deps.chatSettings.get(chat.id)?.boundByUserId;
  if (binder && binder !== ctx.from.id && (await memberStatus(ctx, chat.id, ctx.from.id)) !== 'creator') {
    return ctx.answerCallbackQuery({ text: t(ctx.lang, 'panel.binderOnly'), show_alert: true });
  }
  await ctx.answerCallbackQuery();
  const mention = `<a href="tg://user?id=${ctx.from.id}">${escapeHtml(ctx.from.first_name)}</a>`;
  const asked = await ctx.reply(t(ctx.lang, 'panel.folderAsk', { name: raw(mention) }), {
    reply_markup: { force_reply: true, selective: true, input_field_placeholder: '/…' },
  });
  createKvRepo(ctx.deps.db).set(folderAskKey(chat.id, asked.message_id), JSON.stringify({ userId: ctx.from.id, expiresAt: Date.now() + FOLDER_ASK_MS }));
});

groupSettingsFeature.chatType(['group', 'supergroup']).on('message:text', async (ctx, next) => {
  const question = ctx.msg.reply_to_message;
  if (!question || question.from?.id !== ctx.me.id) return next();
  const kv = createKvRepo(ctx.deps.db);
  const stored = kv.get(folderAskKey(ctx.chat.id, question.message_id));
  if (stored === undefined) return next();
  const ask = JSON.parse(stored) as { userId: number; expiresAt: number };
  if (ask.userId !== ctx.from.id || ask.expiresAt <= Date.now()) return next();
  kv.delete(folderAskKey(ctx.chat.id, question.message_id));
  await setGroupFolder(ctx, ctx.msg.text.trim());
});

groupSettingsFeature.callbackQuery(PANEL_CALLBACK, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (isGroup(ctx)) await showPanel(ctx);
});
