/**
 * Outcomes beyond the core dictionary: a partial save (its count says files or items), items
 * that failed for other reasons, a save still running.
 */
import type { SameShape } from './index.js';

type P<T> = (params: T) => string;
type CountParams = { name: string; count: string; path: string };
type NamesParams = CountParams & { failed: number; names: string; more: number };

export const zh = {
  'outcome.driveFull': ((p) =>
    `⚠️ 「${p.name}」只保存了 ${p.count} 到 <code>${p.path}</code>：网盘空间不足。清理空间后点「🔁 重试」。`) as P<CountParams>,
  'outcome.someFailed': ((p) =>
    `⚠️ 「${p.name}」只保存了 ${p.count} 到 <code>${p.path}</code>：${p.failed} 项没能保存${p.names ? `（${p.names}${p.more > 0 ? '等' : ''}）` : ''}。`) as P<NamesParams>,
  'outcome.inProgress': ((p) => `⏳ 「${p.name}」正在保存到 <code>${p.path}</code>（${p.date} 开始），这次不会重复保存。`) as P<{
    name: string;
    path: string;
    date: string;
  }>,
};

export const en: SameShape<typeof zh> = {
  'outcome.driveFull': ((p) =>
    `⚠️ Only ${p.count} of 「${p.name}」 saved to <code>${p.path}</code>: your drive is full. Free some space, then tap 🔁 Retry.`) as P<CountParams>,
  'outcome.someFailed': ((p) =>
    `⚠️ Only ${p.count} of 「${p.name}」 saved to <code>${p.path}</code>: ${p.failed} item${p.failed === 1 ? '' : 's'} could not be saved${p.names ? ` (${p.names}${p.more > 0 ? ` and ${p.more} more` : ''})` : ''}.`) as P<NamesParams>,
  'outcome.inProgress': ((p) => `⏳ 「${p.name}」 is being saved to <code>${p.path}</code> already (since ${p.date}); nothing is copied twice.`) as P<{
    name: string;
    path: string;
    date: string;
  }>,
};
