import { Composer, InlineKeyboard } from 'grammy';
import { createSkipRulesRepo, type SkipRuleRow } from '../../db/skip-rules.repo.js';
import type { BotContext } from '../context.js';
import { formatSize, shortName } from '../format.js';
import { escapeHtml } from '../html.js';
import { raw, t, type Lang } from '../i18n/index.js';

/**
 * /skip: the user's skip rules. `/skip` lists them (🗑 buttons remove one), `/skip *.url` adds a
 * name pattern, `/skip <1MB` sets the least file size, `/skip -*.url` removes, `/skip clear` clears.
 * Saves apply them (src/jobs/skip-rules.ts): a folder share is then copied item by item.
 */
export const skipFeature = new Composer<BotContext>();

const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** Pure: `<1MB`, `<500k`, `< 2 GB` → bytes; undefined for anything else. */
export function parseMinSize(text: string): number | undefined {
  const m = /^<\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(text.trim());
  if (!m) return undefined;
  const bytes = Math.round(Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase() || 'b'] ?? 1));
  return bytes > 0 ? bytes : undefined;
}

function ruleText(lang: Lang, row: Pick<SkipRuleRow, 'kind' | 'value'>): string {
  return row.kind === 'min_size' ? t(lang, 'skip.minSize', { size: formatSize(Number(row.value)) }) : row.value;
}

function listMessage(lang: Lang, rows: SkipRuleRow[]): { text: string; keyboard?: InlineKeyboard } {
  if (rows.length === 0) return { text: t(lang, 'skip.none') };
  const keyboard = new InlineKeyboard();
  for (const row of rows) keyboard.text(`🗑 ${shortName(ruleText(lang, row), 40)}`, `sk:r${row.id}`).row();
  keyboard.text(t(lang, 'skip.btnClear'), 'sk:c');
  const rules = rows.map((row) => `• <code>${escapeHtml(ruleText(lang, row))}</code>`).join('\n');
  return { text: t(lang, 'skip.list', { rules: raw(rules) }), keyboard };
}

skipFeature.chatType('private').command('skip', async (ctx) => {
  const repo = createSkipRulesRepo(ctx.deps.db);
  const userId = ctx.from.id;
  const input = ctx.match.trim();
  if (input === '') {
    const view = listMessage(ctx.lang, repo.list(userId));
    await ctx.reply(view.text, view.keyboard ? { reply_markup: view.keyboard } : {});
    return;
  }
  if (/^(clear|清除|清空)$/i.test(input)) {
    repo.clear(userId);
    await ctx.reply(t(ctx.lang, 'skip.cleared'));
    return;
  }
  const removal = /^(?:-|remove\s+|删除\s*)(.+)$/i.exec(input);
  if (removal) {
    const wanted = (removal[1] ?? '').trim();
    const row = repo.list(userId).find((r) => r.value === wanted || (r.kind === 'min_size' && parseMinSize(wanted) !== undefined));
    if (row) repo.remove(userId, row.id);
    await ctx.reply(t(ctx.lang, row ? 'skip.removed' : 'skip.invalid'));
    return;
  }
  const minBytes = input.startsWith('<') ? parseMinSize(input) : undefined;
  if (input.startsWith('<') && minBytes === undefined) {
    await ctx.reply(t(ctx.lang, 'skip.invalid'));
    return;
  }
  if (input.length > 100 || /[/\\]/.test(input)) {
    await ctx.reply(t(ctx.lang, 'skip.invalid'));
    return;
  }
  const rule = minBytes !== undefined ? { kind: 'min_size' as const, value: String(minBytes) } : { kind: 'name' as const, value: input };
  const added = repo.add(userId, rule.kind, rule.value);
  await ctx.reply(added ? t(ctx.lang, 'skip.added', { rule: ruleText(ctx.lang, rule) }) : t(ctx.lang, 'skip.exists'));
});

skipFeature.callbackQuery(/^sk:(c|r\d+)$/, async (ctx) => {
  const repo = createSkipRulesRepo(ctx.deps.db);
  const action = ctx.match[1] ?? '';
  if (action === 'c') repo.clear(ctx.from.id);
  else repo.remove(ctx.from.id, Number(action.slice(1)));
  await ctx.answerCallbackQuery({ text: t(ctx.lang, action === 'c' ? 'skip.cleared' : 'skip.removed') });
  const view = listMessage(ctx.lang, repo.list(ctx.from.id));
  await ctx.editMessageText(view.text, view.keyboard ? { reply_markup: view.keyboard } : {}).catch(() => undefined);
});
