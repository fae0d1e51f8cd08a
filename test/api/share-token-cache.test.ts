import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SHARE_TOKENS, ShareTokenCache } from '../../src/api/share-token-cache.js';
import type { ShareTokenResponse } from '../../src/api/schemas.js';

/** A share-token endpoint stand-in that counts its calls per share and issues numbered tokens. */
function issuer(expiresInS = 7200) {
  const calls = new Map<string, number>();
  return {
    calls: (shareId: string) => calls.get(shareId) ?? 0,
    fetcher: (shareId: string) => async (): Promise<ShareTokenResponse> => {
      const n = (calls.get(shareId) ?? 0) + 1;
      calls.set(shareId, n);
      return { share_token: `${shareId}.${n}`, expires_in: expiresInS, expire_time: new Date(Date.now() + expiresInS * 1000).toISOString() };
    },
  };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function open(cache: ShareTokenCache, tokens: ReturnType<typeof issuer>, shareId: string): Promise<string> {
  return cache.source(shareId, 'pwd', tokens.fetcher(shareId)).token();
}

describe('share token cache bounds', () => {
  it('reuses a token until shortly before it expires', async () => {
    const time = clock();
    const tokens = issuer(7200);
    const cache = new ShareTokenCache(5 * 60_000, time.now);
    expect(await open(cache, tokens, 's1')).toBe('s1.1');
    time.advance(6_800_000);
    expect(await open(cache, tokens, 's1')).toBe('s1.1');
    time.advance(200_000); // within the 5-minute margin
    expect(await open(cache, tokens, 's1')).toBe('s1.2');
  });

  it('sweeps out expired entries as new ones are stored', async () => {
    const time = clock();
    const tokens = issuer(7200);
    const cache = new ShareTokenCache(5 * 60_000, time.now);
    for (let i = 0; i < 150; i++) await open(cache, tokens, `old-${i}`);
    expect(cache.size).toBe(150);
    time.advance(7_200_000); // every old token is past its renewal time
    for (let i = 0; i < 100; i++) await open(cache, tokens, `new-${i}`);
    expect(cache.size).toBe(100);
    // A swept share simply fetches a new token.
    expect(await open(cache, tokens, 'old-0')).toBe('old-0.2');
    expect(await open(cache, tokens, 'new-99')).toBe('new-99.1');
  });

  it('never holds more than the cap: the least recently stored go first', async () => {
    const tokens = issuer();
    const cache = new ShareTokenCache(5 * 60_000, Date.now, { maxEntries: 3 });
    await open(cache, tokens, 'a');
    await open(cache, tokens, 'b');
    await open(cache, tokens, 'c');
    // `a` goes stale and is fetched again: it is now the newest entry.
    cache.source('a', 'pwd', tokens.fetcher('a')).invalidate('a.1');
    expect(await open(cache, tokens, 'a')).toBe('a.2');
    await open(cache, tokens, 'd');
    expect(cache.size).toBe(3);
    expect(await open(cache, tokens, 'a')).toBe('a.2');
    expect(await open(cache, tokens, 'c')).toBe('c.1');
    expect(await open(cache, tokens, 'd')).toBe('d.1');
    expect(tokens.calls('b')).toBe(1);
    expect(await open(cache, tokens, 'b')).toBe('b.2'); // `b` was the oldest and was dropped
  });

  it('caps at 5,000 entries by default', async () => {
    const tokens = issuer();
    const cache = new ShareTokenCache();
    for (let i = 0; i <= DEFAULT_MAX_SHARE_TOKENS; i++) await open(cache, tokens, `s${i}`);
    expect(cache.size).toBe(DEFAULT_MAX_SHARE_TOKENS);
    expect(await open(cache, tokens, 's0')).toBe('s0.2');
    expect(await open(cache, tokens, `s${DEFAULT_MAX_SHARE_TOKENS}`)).toBe(`s${DEFAULT_MAX_SHARE_TOKENS}.1`);
  });
});
