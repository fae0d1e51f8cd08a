/**
 * The pure parts of /myshares: button data that fits Telegram's 64 bytes and reads back the
 * same, the "valid / expired / cancelled" rules, and what a list page and a card show.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShareLink } from '../../src/api/index.js';
import {
  CARD_ACTIONS,
  cardData,
  listData,
  parseMySharesData,
  SHARE_SAVED_PATTERN,
  shareSavedData,
  type ShareFilter,
} from '../../src/bot/share-links/callback-data.js';
import { renderCard, timeLeft } from '../../src/bot/share-links/card-view.js';
import { renderList } from '../../src/bot/share-links/list-view.js';
import { shareStateOf, summarize, type ShareSummary } from '../../src/bot/share-links/share-summary.js';

const NOW = Date.parse('2024-05-01T04:00:00.000Z');
const DAY = 24 * 60 * 60_000;

function link(overrides: Partial<ShareLink> = {}): ShareLink {
  return {
    share_id: 'AbCdEfGh123',
    share_name: 'Movies',
    share_url: 'https://www.alipan.com/s/AbCdEfGh123',
    share_pwd: '',
    description: '',
    expiration: '',
    expired: false,
    status: 'enabled',
    preview_count: 3,
    save_count: 2,
    download_count: 1,
    created_at: '2024-04-01T04:00:00.000Z',
    ...overrides,
  } as ShareLink;
}

const buttonData = (keyboard: { inline_keyboard: { text: string; callback_data?: string }[][] }) =>
  keyboard.inline_keyboard.flat().map((b) => ({ text: b.text, data: b.callback_data }));

describe('button data', () => {
  const filters: ShareFilter[] = ['valid', 'inactive', 'all'];
  const shareIds = fc.stringMatching(/^[A-Za-z0-9_-]{8,14}$/);

  it('every card button reads back as written and fits in 64 bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CARD_ACTIONS), shareIds, fc.constantFrom(...filters), fc.integer({ min: 0, max: 9999 }), (action, shareId, filter, page) => {
        const data = cardData(action, shareId, { filter, page });
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(parseMySharesData(data)).toEqual({ kind: 'card', action, shareId, position: { filter, page } });
      }),
    );
  });

  it('list buttons read back, refresh included; anything else is not ours', () => {
    expect(parseMySharesData(listData({ filter: 'inactive', page: 3 }))).toEqual({ kind: 'list', refresh: false, position: { filter: 'inactive', page: 3 } });
    expect(parseMySharesData(listData({ filter: 'all', page: 0 }, true))).toEqual({ kind: 'list', refresh: true, position: { filter: 'all', page: 0 } });
    for (const junk of ['ms:', 'ms:zz:AbCdEfGh123:v0', 'ms:open:bad id:v0', 'ms:open:AbCdEfGh123:q1', 'again:12', 'ms:l:v']) {
      expect(parseMySharesData(junk)).toBeUndefined();
    }
  });

  it('"share it" carries the status message id', () => {
    expect(SHARE_SAVED_PATTERN.exec(shareSavedData(4711))?.[1]).toBe('4711');
  });
});

describe('share states', () => {
  it('blocked, cancelled, expired (by flag or by time) and valid', () => {
    expect(shareStateOf(link({ status: 'forbidden' }), NOW)).toBe('forbidden');
    expect(shareStateOf(link({ status: 'disabled' }), NOW)).toBe('cancelled');
    expect(shareStateOf(link({ expired: true }), NOW)).toBe('expired');
    expect(shareStateOf(link({ expiration: new Date(NOW - 1000).toISOString() }), NOW)).toBe('expired');
    expect(shareStateOf(link({ expiration: new Date(NOW + DAY).toISOString() }), NOW)).toBe('valid');
    expect(shareStateOf(link(), NOW)).toBe('valid');
  });
});

describe('a list page', () => {
  const shares: ShareSummary[] = Array.from({ length: 23 }, (_, i) =>
    summarize(link({ share_id: `Share${String(i).padStart(6, '0')}`, share_name: `Item ${i + 1}` }), NOW),
  );

  it('numbers the lines across pages and has one button per line that opens that share', () => {
    const page = renderList('en', shares, { filter: 'valid', page: 2 }, NOW);
    expect(page.text).toContain('valid (23) · page 3/3');
    expect(page.text).toContain('<b>21.</b> Item 21');
    expect(page.text).toContain('<b>23.</b> Item 23');
    const numbers = buttonData(page.keyboard).filter((b) => /^\d+$/.test(b.text));
    expect(numbers.map((b) => b.text)).toEqual(['21', '22', '23']);
    expect(numbers.map((b) => parseMySharesData(b.data!))).toEqual(
      ['Share000020', 'Share000021', 'Share000022'].map((shareId) => ({ kind: 'card', action: 'open', shareId, position: { filter: 'valid', page: 2 } })),
    );
  });

  it('a page past the end (the list shrank) shows the last one', () => {
    expect(renderList('en', shares, { filter: 'valid', page: 9 }, NOW).text).toContain('page 3/3');
  });

  it('an empty filter says so, in either language', () => {
    expect(renderList('en', shares, { filter: 'inactive', page: 0 }, NOW).text).toContain('No expired or cancelled share links here.');
    expect(renderList('zh', shares, { filter: 'inactive', page: 0 }, NOW).text).toContain('这里没有已过期或已取消的分享链接。');
  });

  it('a link that expired after it was cached moves to "expired or cancelled"', () => {
    const soon = summarize(link({ expiration: new Date(NOW + 60_000).toISOString() }), NOW);
    expect(renderList('en', [soon], { filter: 'valid', page: 0 }, NOW + 120_000).text).toContain('valid (0)');
    expect(renderList('en', [soon], { filter: 'inactive', page: 0 }, NOW + 120_000).text).toContain('⌛ expired');
  });

  it('names are shown as written, never as markup', () => {
    const page = renderList('en', [summarize(link({ share_name: '<b>x</b> & y' }), NOW)], { filter: 'all', page: 0 }, NOW);
    expect(page.text).toContain('&lt;b&gt;x&lt;/b&gt; &amp; y');
  });
});

describe('a card', () => {
  it('says how long is left, rounding a fresh "7 days" to 7 days', () => {
    expect(timeLeft('en', NOW + 7 * DAY - 50, NOW)).toBe('7 days');
    expect(timeLeft('en', NOW + 5 * 60 * 60_000, NOW)).toBe('5 hours');
    expect(timeLeft('en', NOW + 30_000, NOW)).toBe('1 min');
  });

  it('offers what the state allows', () => {
    const position = { filter: 'all' as const, page: 1 };
    const texts = (l: ShareLink) => buttonData(renderCard('en', l, position, NOW).keyboard).map((b) => b.text);
    expect(texts(link())).toEqual(['📋 Share text', '⏰ Expiry', '🔑 Password', '🗑 Cancel link', '↩ Back']);
    expect(texts(link({ expired: true }))).toEqual(['⏰ Expiry', '🔑 Password', '🗑 Cancel link', '↩ Back']);
    expect(texts(link({ status: 'forbidden' }))).toEqual(['🗑 Cancel link', '↩ Back']);
    expect(texts(link({ status: 'disabled' }))).toEqual(['↩ Back']);
    const back = buttonData(renderCard('en', link(), position, NOW).keyboard).at(-1)!;
    expect(parseMySharesData(back.data!)).toEqual({ kind: 'list', refresh: false, position });
  });

  it('shows password, expiry and counters', () => {
    const card = renderCard('en', link({ share_pwd: 'ab12', expiration: new Date(NOW + 3 * DAY).toISOString() }), { filter: 'valid', page: 0 }, NOW);
    expect(card.text).toContain('<b>Movies</b> 🔒');
    expect(card.text).toContain('🔑 Password: <code>ab12</code>');
    expect(card.text).toContain('⏰ Expires 2024-05-04 12:00 (in 3 days)');
    expect(card.text).toContain('👁 3 views · 💾 2 saves · ⬇️ 1 downloads');
  });
});
