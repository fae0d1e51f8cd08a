import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { DEFAULT_SAVE_FOLDER } from '../folder-path.js';

/** A made-up share id for the example in /help (11 characters, like real ones). */
const EXAMPLE_SHARE_ID = 'AbCdEfGh123';

/** /start and /help: what the bot does, how to log in, an example share, the commands. */
export const startHelpFeature = new Composer<BotContext>();

startHelpFeature.command(['start', 'help'], async (ctx) => {
  await ctx.reply(ctx.t('help', { exampleId: EXAMPLE_SHARE_ID, defaultFolder: DEFAULT_SAVE_FOLDER }), {
    link_preview_options: { is_disabled: true },
  });
});
