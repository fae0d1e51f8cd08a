/**
 * The /share panels stay within one Telegram message (4,096 characters of text, valid HTML)
 * however many items are picked and however long their names, paths and Aliyun's share text.
 */
import { describe, expect, it } from 'vitest';
import { renderBrowser } from '../../src/bot/share-links/browser-view.js';
import { t as st } from '../../src/bot/i18n/index.js';
import { fitShareText, pickedText, renderOptions, renderRefusals } from '../../src/bot/share-links/options-view.js';
import type { DriveItem } from '../../src/bot/share-links/share-ops.js';
import { parseHtml } from '../../src/sim/telegram/html.js';

const LIMIT = 4096;

/** 200-character names with HTML-hostile characters, each distinct from the start. */
const items = (count: number): DriveItem[] =>
  Array.from({ length: count }, (_, i) => ({
    fileId: `f${i}`,
    name: `${String(i).padStart(3, '0')} <Tom & Jerry> ${'长'.repeat(200)}`.slice(0, 200),
    type: i % 5 === 0 ? 'folder' : 'file',
    driveId: '100',
  }));

/** What the user would see: parsed as Telegram parses HTML (throws on invalid markup). */
function shown(html: string): string {
  const text = parseHtml(html).text;
  expect(text.length).toBeLessThanOrEqual(LIMIT);
  return text;
}

describe('/share panels fit one message', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`the "picked" panel for 200 long-named items (${lang})`, () => {
      const html = pickedText(lang, items(200));
      expect(html.length).toBeLessThanOrEqual(LIMIT);
      const text = shown(html);
      expect(text).toContain('「000 <Tom & Jerry>');
      expect(text).toContain(lang === 'en' ? '… and 185 more' : '另外 185 项');
    });

    it(`the refusals panel for 200 refused long-named items (${lang})`, () => {
      const view = renderRefusals(lang, items(200).map((item) => ({ item, reason: 'type' as const })), 3);
      expect(view.text.length).toBeLessThanOrEqual(LIMIT);
      expect(shown(view.text)).toContain(lang === 'en' ? '… and 185 more' : '另外 185 项');
    });
  }

  it('a few picked items are all named, without "more"', () => {
    const text = shown(pickedText('en', items(3)));
    expect(text.match(/「/g)).toHaveLength(3);
    expect(text).not.toContain('more');
  });

  it('the options panel and the browser with a path 20 long folders deep', () => {
    expect(shown(renderOptions('en', items(200), { days: 7, password: 'ab12' }).text)).toContain('and 199 more');
    const path = `/${Array.from({ length: 20 }, (_, i) => `${i}-${'x'.repeat(250)}`).join('/')}/Season 1`;
    const browser = renderBrowser('en', { location: { kind: 'folder', path }, items: items(8), pickedIds: new Set(), hasPrev: true, hasNext: true, canGoUp: true });
    const text = shown(browser.text);
    expect(text.split('\n')[0]).toMatch(/^📂 …/);
    expect(text.split('\n')[0]!.length).toBeLessThan(80);
    expect(text.split('\n')[0]).toMatch(/^📂 …\/?x*\/Season 1$/);
  });

  it('a wrong path in /share is named shortened', () => {
    const text = shown(st('en', 'pathNotFound', { path: `/${'a&b/'.repeat(1100)}end.txt` }));
    expect(text).toMatch(/…[^\n]*end\.txt/);
  });

  it("Aliyun's share text: kept whole when it fits, else the name is cut and the URL and password stay", () => {
    const url = 'https://www.alipan.com/s/AbCdEfGhIjK';
    const short = `「report.pdf」${url} 提取码: ab12\n点击链接保存。`;
    expect(fitShareText(short, url)).toBe(short);

    const long = `「${'<&>'.repeat(3000)}」${url} 提取码: ab12\n点击链接保存。`;
    const fitted = fitShareText(long, url);
    const html = st('en', 'created', { expiry: '7 days', text: fitted });
    expect(html.length).toBeLessThanOrEqual(LIMIT);
    expect(shown(html)).toContain(`…${url} 提取码: ab12`);

    const noUrl = 'x&'.repeat(5000);
    expect(shown(st('en', 'created', { expiry: '7 days', text: fitShareText(noUrl, url) }))).toMatch(/…$/);
  });
});
