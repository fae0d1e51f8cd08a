/** The follow checks' notices as Telegram messages (src/jobs/follow knows nothing of Telegram). */
import type { Api } from 'grammy';
import type { FollowRow } from '../../db/follows.repo.js';
import type { FollowNotifier } from '../../jobs/follow/check.js';
import type { Logger } from '../../logger.js';
import { shortName } from '../format.js';
import { DEFAULT_LANG, t } from '../i18n/index.js';

/** Names listed in one notice; the rest are counted. */
const MAX_NAMES = 20;

function nameOf(follow: FollowRow): string {
  return shortName(follow.shareName || follow.shareId);
}

/** `api` may be a getter: the bot's Api exists only once the bot is built. */
export function createFollowNotifier(api: Api | (() => Api), logger: Pick<Logger, 'warn'>): FollowNotifier {
  const apiNow = () => (typeof api === 'function' ? api() : api);
  const send = async (chatId: number, text: string) => {
    await apiNow().sendMessage(chatId, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  };
  return {
    async found(follow, news) {
      const lang = follow.lang ?? DEFAULT_LANG;
      const listed = news.names.slice(0, MAX_NAMES).map((name) => shortName(name, 60));
      const more = news.names.length - listed.length;
      const names = listed.join(', ') + (more > 0 ? ` (+${more})` : '');
      const kept = (news.notRenamed ?? []).slice(0, MAX_NAMES).map((item) => t(lang, 'follow.notRenamed', { name: shortName(item.name, 60), wanted: shortName(item.wanted, 60) }));
      await send(follow.chatId, [t(lang, 'follow.found', { name: nameOf(follow), names, path: news.path }), ...kept].join('\n'));
    },
    async stopped(follow, reason) {
      const lang = follow.lang ?? DEFAULT_LANG;
      await send(follow.chatId, t(lang, `follow.stopped.${reason}`, { name: nameOf(follow) })).catch((err: unknown) => {
        logger.warn({ err, follow_id: follow.id }, 'could not tell a paused follow');
      });
    },
  };
}
