import { Composer } from 'grammy';
import { FAILURE_KINDS } from '../../jobs/save-outcome.js';
import type { BotContext } from '../context.js';
import { failureReason, startOfChinaDay } from '../format.js';
import { t } from '../i18n/index.js';

/**
 * /stats for operators (ADMIN_USER_IDS), in the private chat only: users, linked accounts, queue
 * depth, today's saves and failures by kind. Everyone else, and any group or channel, gets what
 * an unknown command gets, as if it did not exist.
 */
export const statsFeature = new Composer<BotContext>();

statsFeature.chatType('private').command('stats', async (ctx, next) => {
  if (!ctx.from || !ctx.deps.config.ADMIN_USER_IDS.has(ctx.from.id)) return next();
  const { accounts, chatSettings, saves, queue } = ctx.deps;
  const users = chatSettings.countPrivateChats();
  const linked = accounts.countLinked();
  const counts = await queue.counts();
  const today = saves.stats(startOfChinaDay(Date.now()));
  const state = (name: keyof typeof today.byState) => today.byState[name] ?? 0;

  const lines = [
    t(ctx.lang, 'stats.title'),
    t(ctx.lang, 'stats.users', { n: users }),
    t(ctx.lang, 'stats.accounts', { n: linked }),
    t(ctx.lang, 'stats.queue', { waiting: counts.waiting, active: counts.active, delayed: counts.delayed, failed: counts.failed }),
    t(ctx.lang, 'stats.today', { saved: state('saved'), partial: state('partial'), duplicate: state('duplicate'), failed: state('failed') }),
  ];
  const failures = Object.entries(today.failuresByKind).sort((a, b) => b[1] - a[1]);
  if (failures.length === 0) {
    lines.push(t(ctx.lang, 'stats.noFailures'));
  } else {
    lines.push(t(ctx.lang, 'stats.failuresTitle'));
    for (const [kind, n] of failures) {
      const known = (FAILURE_KINDS as readonly string[]).includes(kind);
      lines.push(`• ${failureReason(ctx.lang, known ? kind : 'unknown')} (<code>${known ? kind : 'unknown'}</code>): ${n}`);
    }
  }
  await ctx.reply(lines.join('\n'));
});
