import { describe, expect, it } from 'vitest';
import { FAILURE_KINDS } from '../../src/jobs/save-outcome.js';
import {
  formatDate,
  formatSize,
  historyLine,
  outcomeText,
  progressText,
  startOfChinaDay,
  wantsPassword,
} from '../../src/bot/format.js';
import { en } from '../../src/bot/i18n/en.js';
import { t } from '../../src/bot/i18n/index.js';
import { zh } from '../../src/bot/i18n/zh.js';

const job = { shareId: 'AbCdEfGh123' };

describe('status texts', () => {
  it('shows a very long save folder by its end, so the outcome always fits a message', () => {
    const longPath = `/${Array.from({ length: 19 }, (_, i) => `第${i}层文件夹名字`).join('/')}/最后`;
    const text = outcomeText('zh', job, { kind: 'saved', shareName: '合集', targetPath: longPath, items: 1, files: 2 });
    expect(text).toContain('…/');
    expect(text).toContain('/最后');
    expect(text.length).toBeLessThan(200);
  });

  it('a share called <b>x</b> is shown as written, not as bold', () => {
    const text = outcomeText('en', job, { kind: 'saved', shareName: '<b>x</b>', targetPath: '/a&b', items: 1, files: 3 });
    expect(text).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(text).toContain('/a&amp;b');
    expect(text).toContain('3 files');
    expect(text).not.toContain('<b>x');
  });

  it('markdown-looking names are left alone (we speak HTML)', () => {
    expect(progressText('zh', job, { stage: 'copying', shareName: '*_[x](y)', done: 2, total: 5 })).toBe(
      '📥 正在保存「*_[x](y)」：2/5',
    );
  });

  it('every failure kind has words in both languages, with a next step', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const reason of FAILURE_KINDS) {
        const text = outcomeText(lang, job, { kind: 'failed', reason, shareName: 'Movies' });
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toContain('undefined');
      }
    }
    expect(outcomeText('en', job, { kind: 'failed', reason: 'relogin' })).toContain('/login');
    expect(outcomeText('en', job, { kind: 'failed', reason: 'missing_password' })).toContain('4-character');
    expect(outcomeText('en', job, { kind: 'failed', reason: 'not_found' })).toContain('<code>AbCdEfGh123</code>');
  });

  it('a partial save says how much made it, in files or in items as counted', () => {
    const base = { kind: 'partial', shareName: 'Big', targetPath: '/Saves', copied: 3, total: 10, reason: 'drive_full' } as const;
    const files = outcomeText('en', job, { ...base, unit: 'files' });
    expect(files).toBe(
      '⚠️ Only 3/10 files of 「Big」 saved to <code>/Saves</code>: your drive is full. Free some space, then tap 🔁 Retry.',
    );
    expect(outcomeText('zh', job, { ...base, unit: 'files' })).toContain('只保存了 3/10 个文件 到 <code>/Saves</code>：网盘空间不足');
    expect(outcomeText('en', job, { ...base, copied: 1, total: 3, unit: 'items' })).toContain('Only 1/3 items of 「Big」');
    expect(outcomeText('zh', job, { ...base, copied: 1, total: 3, unit: 'items' })).toContain('只保存了 1/3 项 到');
    const someFailed = { ...base, reason: 'some_failed' as const, copied: 4, total: 6, failedItems: 2, failedNames: ['gone.txt', 'Extras'] };
    expect(outcomeText('zh', job, { ...someFailed, unit: 'files' })).toBe(
      '⚠️ 「Big」只保存了 4/6 个文件 到 <code>/Saves</code>：2 项没能保存（「gone.txt」、「Extras」）。',
    );
    expect(outcomeText('en', job, { ...someFailed, unit: 'files' })).toContain('Only 4/6 files of 「Big」 saved to <code>/Saves</code>: 2 items could not be saved');
  });

  it('a save of one file says "1 file"; a count of items says items', () => {
    expect(outcomeText('en', job, { kind: 'saved', shareName: 'a.mkv', targetPath: '/S', items: 1, files: 1 })).toBe(
      '✅ 「a.mkv」 saved to <code>/S</code> (1 file)',
    );
    expect(outcomeText('zh', job, { kind: 'saved', shareName: '来自分享', targetPath: '/S', items: 4, files: 21 })).toContain('（21 个文件）');
    expect(outcomeText('zh', job, { kind: 'saved', shareName: 'Box', targetPath: '/S', items: 2 })).toContain('（2 项）');
  });

  it('password outcomes are recognised', () => {
    expect(wantsPassword({ kind: 'failed', reason: 'wrong_password' })).toBe(true);
    expect(wantsPassword({ kind: 'failed', reason: 'expired' })).toBe(false);
  });
});

describe('history, sizes, dates', () => {
  it('history lines carry icon, escaped name, date and path', () => {
    const line = historyLine('en', {
      shareId: 's1',
      shareName: 'a<b>',
      targetPath: '/来自分享',
      state: 'saved',
      failureKind: null,
      filesCopied: 2,
      filesTotal: 2,
      createdAt: Date.UTC(2024, 4, 1, 5, 45),
    });
    expect(line).toBe('✅ a&lt;b&gt;\n    2024-05-01 13:45 → <code>/来自分享</code>');
    const failed = historyLine('zh', { shareId: 's1', shareName: null, targetPath: '/x', state: 'failed', failureKind: 'expired', filesCopied: 0, filesTotal: null, createdAt: 0 });
    expect(failed).toMatch(/^❌ <code>s1<\/code>\n {4}1970-01-01 08:00 分享已过期$/);
  });

  it('sizes and the start of the day in China', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(5 * 1024 ** 3)).toBe('5.0 GB');
    expect(formatDate(startOfChinaDay(Date.UTC(2024, 0, 1, 20, 0)))).toBe('2024-01-02 00:00');
  });
});

describe('dictionaries', () => {
  it('zh and en have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('parameters are escaped unless raw', () => {
    expect(t('en', 'folder.set', { path: '</code><b>' })).toBe('📁 From now on saving into: <code>&lt;/code&gt;&lt;b&gt;</code>');
  });
});
