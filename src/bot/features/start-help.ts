import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { DEFAULT_SAVE_FOLDER } from '../folder-path.js';
import { replyInGroup } from '../groups/admin-check.js';
import { groupHelpText } from '../groups/menu.js';
import { t } from '../i18n/index.js';

/** A made-up share id for the example in /help (11 characters, like real ones). */
const EXAMPLE_SHARE_ID = 'AbCdEfGh123';

/**
 * /start and /help: what the bot does, how to log in, an example share, the commands. In a
 * group, the group's own commands instead (the private ones are of no use there).
 */
export const startHelpFeature = new Composer<BotContext>();

startHelpFeature.command(['start', 'help'], async (ctx) => {
  if (ctx.chat.type === 'group' || ctx.chat.type === 'supergroup') return replyInGroup(ctx, groupHelpText(ctx.lang));
  await ctx.reply(t(ctx.lang, 'help', { exampleId: EXAMPLE_SHARE_ID, defaultFolder: DEFAULT_SAVE_FOLDER }), {
    link_preview_options: { is_disabled: true },
  });
});
