/**
 * `createBot(deps)`: the whole middleware order, written once.
 *
 *   bounded chat backlog → sequentialize (per chat) → deps + logger → error boundary → access filter → i18n →
 *   conversations (persistent) → features → unhandled
 *
 * Adding a feature = one `Composer` file under `features/` plus one line in FEATURES below
 * (and a menu line in commands.ts if it has a command). Conversations register with
 * `createConversation` inside their feature file; the plugin is already installed here.
 */
// First: every handler registered below builds its branches once (see the module).
import './grammy-patches.js';
import { conversations } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { chatBacklog, chatKey } from './middleware/chat-backlog.js';
import { Bot, type BotConfig, type Composer } from 'grammy';
import { createKvStorage } from '../db/kv.repo.js';
import { configureApi, type ApiRetryOptions } from './api-config.js';
import { createTelegramFetch } from './telegram-fetch.js';
import type { BotContext, BotDeps, ConversationContext } from './context.js';
import { cancelFeature } from './features/cancel.js';
import { channelFeature } from './features/channel.js';
import { channelPickFeature } from './features/channel-pick.js';
import { folderFeature } from './features/folder.js';
import { folderButtonsFeature } from './features/folder-buttons.js';
import { followFeature } from './features/follow.js';
import { groupAutosaveFeature } from './features/group-autosave.js';
import { groupBindFeature } from './features/group-bind.js';
import { groupFolderFeature } from './features/group-folder.js';
import { groupMemberUpdatesFeature } from './features/group-member-updates.js';
import { groupSaveFeature } from './features/group-save.js';
import { groupSettingsFeature } from './features/group-settings.js';
import { groupStatusFeature } from './features/group-status.js';
import { groupSwitchesFeature } from './features/group-switches.js';
import { groupWelcomeFeature } from './features/group-welcome.js';
import { historyFeature } from './features/history.js';
import { languageFeature } from './features/language.js';
import { loginFeature } from './features/login.js';
import { logoutFeature } from './features/logout.js';
import { mySharesFeature } from './features/myshares.js';
import { passwordReplyFeature } from './features/password-reply.js';
import { pickFeature } from './features/pick.js';
import { skipFeature } from './features/skip.js';
import { saveShareFeature } from './features/save-share.js';
import { shareFeature } from './features/share.js';
import { startHelpFeature } from './features/start-help.js';
import { statsFeature } from './features/stats.js';
import { stopRetryFeature } from './features/stop-retry.js';
import { myStatusFeature } from './features/my-status.js';
import { wrongChatFeature } from './features/wrong-chat.js';
import { unhandledFeature } from './features/unhandled.js';
import { privateUnbindFeature } from './features/unbind-private.js';
import { t } from './i18n/index.js';
import { accessFilter } from './middleware/access.filter.js';
import { attachDeps } from './middleware/attach-deps.js';
import { i18n } from './middleware/i18n.js';

/**
 * Features in the order they see an update. Commands first; then the catch-all message
 * handlers: a share link wins over a password answer, and "unhandled" is always last.
 */
const FEATURES: Composer<BotContext>[] = [
  startHelpFeature,
  loginFeature,
  cancelFeature,
  logoutFeature,
  folderFeature,
  folderButtonsFeature,
  historyFeature,
  stopRetryFeature,
  myStatusFeature,
  wrongChatFeature,
  languageFeature,
  statsFeature,
  mySharesFeature,
  shareFeature,
  followFeature,
  pickFeature,
  skipFeature,
  // Later features (conversations such as /myshares, group commands) go here.
  // Groups and channels: member-status updates, commands, then posts (private handlers ignore groups).
  groupMemberUpdatesFeature,
  groupWelcomeFeature,
  groupBindFeature,
  privateUnbindFeature,
  groupSwitchesFeature,
  groupStatusFeature,
  groupSettingsFeature,
  groupFolderFeature,
  groupSaveFeature,
  channelFeature,
  channelPickFeature,
  groupAutosaveFeature,
  saveShareFeature,
  passwordReplyFeature,
];

export interface CreateBotOptions {
  /** Extra grammY options (e.g. `botInfo`); the token and API root come from `deps.config`. */
  botConfig?: BotConfig<BotContext>;
  retry?: ApiRetryOptions;
}

/** Builds the bot. Does not start it (see src/app.ts). */
export function createBot(deps: BotDeps, options: CreateBotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(deps.config.BOT_TOKEN, {
    ...options.botConfig,
    client: { apiRoot: deps.config.TELEGRAM_API_ROOT, fetch: createTelegramFetch(), ...options.botConfig?.client },
  });
  configureApi(bot.api, options.retry);

  // One update per chat at a time, whether the runner or concurrent webhook requests deliver them;
  // a chat's backlog is bounded so its flood cannot hold every runner slot.
  bot.use(chatBacklog());
  bot.use(sequentialize(chatKey));
  bot.use(attachDeps(deps));

  const guarded = bot.errorBoundary(async (error) => {
    const ctx = error.ctx;
    ctx.logger.error({ err: error.error }, 'update handler failed');
    if (ctx.chat?.type === 'private' && (ctx.message || ctx.callbackQuery)) {
      await ctx.reply(t(ctx.lang, 'error.generic')).catch(() => undefined);
    }
  });
  guarded.use(accessFilter);
  guarded.use(i18n);
  guarded.use(
    conversations<BotContext, ConversationContext>({
      storage: {
        type: 'key',
        version: 1,
        adapter: createKvStorage(deps.db, { prefix: 'conversation:' }),
        getStorageKey: (ctx) => ctx.chatId?.toString(),
      },
    }),
  );
  for (const feature of FEATURES) guarded.use(feature);
  guarded.use(unhandledFeature);

  // The last line of defence: errors outside the boundary (or inside it) are logged, never fatal.
  bot.catch((error) => {
    deps.logger.error({ err: error.error, update_id: error.ctx.update.update_id }, 'unhandled bot error');
  });
  return bot;
}
