import { describe, expect, it } from 'vitest';
import { withPastedNames } from '../../src/bot/pasted-names.js';
import { extractShareLinks } from '../../src/share-text.js';

const named = (text: string) => withPastedNames(text, extractShareLinks(text)).map((l) => l.pastedName);

describe('withPastedNames', () => {
  it('takes 「name」 before each link on its line', () => {
    expect(named('「电影合集」https://www.alipan.com/s/AbCdEfGh123 提取码: ab12')).toEqual(['电影合集']);
    expect(named('【A】 https://www.alipan.com/s/AbCdEfGh123\n「B」 https://www.alipan.com/s/ZyXwVuTs987')).toEqual(['A', 'B']);
  });

  it('falls back to the only 「name」 of a one-link message, and gives none when unsure', () => {
    expect(named('「纪录片」\n链接：https://www.alipan.com/s/AbCdEfGh123')).toEqual(['纪录片']);
    expect(named('https://www.alipan.com/s/AbCdEfGh123')).toEqual([undefined]);
    expect(named('「A」「B」\nhttps://www.alipan.com/s/AbCdEfGh123')).toEqual([undefined]);
  });
});
