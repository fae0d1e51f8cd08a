import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyInGroup } from '../groups/admin-check.js';
import { settingsPanel } from '../groups/settings-panel.js';

/**
 * /status in a group, for everyone: the settings panel — whose drive (the account's nickname,
 * never a token), the folder, the switches (as buttons admins press) and the last hour's saves.
 */
export const groupStatusFeature = new Composer<BotContext>();

groupStatusFeature.chatType(['group', 'supergroup']).command('status', async (ctx) => {
  const { text, keyboard } = await settingsPanel(ctx, ctx.chat);
  await replyInGroup(ctx, text, { reply_markup: keyboard });
});
