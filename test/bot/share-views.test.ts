/**
 * The pure parts of /share: the folder browser's buttons, the options and refusal panels,
 * passwords, and where "🔗 share it" appears.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBrowserAction, renderBrowser, type BrowserView } from '../../src/bot/share-links/browser-view.js';
import { renderOptions, renderRefusals } from '../../src/bot/share-links/options-view.js';
import { isValidSharePassword, randomSharePassword } from '../../src/bot/share-links/password.js';
import { shareItKeyboard } from '../../src/bot/share-links/share-it-button.js';
import { refusalReason, type DriveItem } from '../../src/bot/share-links/share-ops.js';

const item = (name: string, type: 'file' | 'folder' = 'file', driveId = '100'): DriveItem => ({ fileId: `id-${name}`, name, type, driveId });
const buttons = (view: { keyboard: { inline_keyboard: { text: string; callback_data?: string }[][] } }) =>
  view.keyboard.inline_keyboard.map((row) => row.map((b) => `${b.text}=${b.callback_data ?? ''}`));

describe('the folder browser', () => {
  const base: BrowserView = {
    location: { kind: 'folder', path: '/Movies' },
    items: [item('Extras', 'folder'), item('a.mkv')],
    pickedIds: new Set(['id-a.mkv']),
    hasPrev: true,
    hasNext: false,
    canGoUp: true,
  };

  it('folders open and toggle; files toggle; ◀ ⬆️ and Done carry the count', () => {
    const view = renderBrowser('en', base);
    expect(view.text).toContain('📂 <b>/Movies</b>');
    expect(view.text).toContain('1 picked');
    expect(buttons(view)).toEqual([
      ['📁 Extras=sp:o:0', '☐=sp:t:0'],
      ['✅ 📄 a.mkv=sp:t:1'],
      ['◀=sp:prev', '⬆️ Up=sp:up'],
      ['✅ Done (1)=sp:done', '✖️ Cancel=sp:cancel'],
    ]);
  });

  it('search results only toggle (their folder path is unknown) and go back to the folder', () => {
    const view = renderBrowser('en', { ...base, location: { kind: 'search', query: 'ex', total: 2, inBackup: 0 }, hasPrev: false });
    expect(view.text).toContain('Results for “ex” (2)');
    expect(buttons(view)[0]).toEqual(['☐ 📁 Extras=sp:t:0']);
    expect(buttons(view)[2]).toEqual(['↩ Back to folder=sp:up']);
  });

  it('reads its own buttons back and nothing else', () => {
    expect(parseBrowserAction('o:3')).toEqual({ kind: 'open', index: 3 });
    expect(parseBrowserAction('t:12')).toEqual({ kind: 'toggle', index: 12 });
    expect(parseBrowserAction('done')).toEqual({ kind: 'done' });
    expect(parseBrowserAction('x:1')).toBeUndefined();
    expect(parseBrowserAction('t:')).toBeUndefined();
  });
});

describe('the options and refusal panels', () => {
  it('marks the chosen expiry and "no password"', () => {
    const view = renderOptions('en', [item('a.mkv'), item('b.mkv')], { days: 30, password: '' });
    expect(view.text).toBe('🔗 Share 「a.mkv」 and 1 more\n⏰ Valid for: 30 days\n🔑 Password: none');
    expect(buttons(view)[0]).toEqual(['1 day=so:e1', '7 days=so:e7', '• 30 days=so:e30', 'Never=so:e0']);
    expect(buttons(view)[1]).toContain('• 🔓 No password=so:pnone');
  });

  it('a password is shown as code; names are escaped', () => {
    const view = renderOptions('zh', [item('<i>x</i>')], { days: 0, password: 'ab12' });
    expect(view.text).toBe('🔗 分享 「&lt;i&gt;x&lt;/i&gt;」\n⏰ 有效期：永久有效\n🔑 提取码：<code>ab12</code>');
  });

  it('names each refused item with its reason and offers the rest', () => {
    const drives = { shareDriveId: '100', backupDriveId: '200' };
    const refused = [item('app.zip'), item('Old', 'folder', '200'), item('Odd', 'folder')].map((i) => ({ item: i, reason: refusalReason(i, drives) }));
    const view = renderRefusals('en', refused, 2);
    expect(view.text).toBe(
      [
        '⚠️ These cannot be shared:',
        '• 「app.zip」: Aliyun Drive does not allow sharing this type of file',
        '• 「Old」: it is in your backup drive, and only files in the resource drive can get share links (move it there in the Aliyun Drive app)',
        '• 「Odd」: Aliyun Drive does not allow sharing it',
      ].join('\n'),
    );
    expect(buttons(view)).toEqual([['➡️ Share the other 2=sr:rest', '✖️ Cancel=sr:cancel']]);
    expect(renderRefusals('en', refused, 0).keyboard.inline_keyboard).toEqual([]);
  });
});

describe('passwords', () => {
  it('random ones are 4 letters or digits Aliyun accepts', () => {
    fc.assert(fc.property(fc.constant(null), () => isValidSharePassword(randomSharePassword())));
  });

  it('only 4 letters or digits are valid', () => {
    expect(['ab12', 'ZZZZ', '0000'].every(isValidSharePassword)).toBe(true);
    expect(['ab1', 'ab123', 'ab 1', 'ab-1', '提取码1', ''].some(isValidSharePassword)).toBe(false);
  });
});

describe('"🔗 share it" under a save outcome', () => {
  const job = { chatId: 42, requestedBy: 42, statusMessageId: 7 };
  const saved = { kind: 'saved', shareName: 'x', targetPath: '/a', items: 1 } as const;

  it('appears for saved and partial outcomes in a private chat', () => {
    expect(shareItKeyboard('en', job, saved)?.inline_keyboard).toEqual([[{ text: '🔗 Share it', callback_data: 'sh:saved:7' }]]);
    const partial = { kind: 'partial', shareName: 'x', targetPath: '/a', copied: 1, total: 2, reason: 'drive_full' } as const;
    expect(shareItKeyboard('zh', job, partial)?.inline_keyboard[0]?.[0]?.text).toBe('🔗 创建分享链接');
  });

  it('not for failures, duplicates or group chats', () => {
    expect(shareItKeyboard('en', job, { kind: 'failed', reason: 'expired' })).toBeUndefined();
    expect(shareItKeyboard('en', job, { kind: 'duplicate', shareName: 'x', targetPath: '/a', savedAt: 0 })).toBeUndefined();
    expect(shareItKeyboard('en', { ...job, chatId: -100123 }, saved)).toBeUndefined();
  });
});
