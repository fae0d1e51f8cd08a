/**
 * More parser rules, each one a mutation run of src/share-text* found unpinned (issue #17): how
 * an entity laid over a visible link merges with it, whose code a password beside another URL
 * is, lists of codes, blank lines, and which URLs count as another drive's share.
 */
import { describe, expect, it } from 'vitest';
import { extractFastTransferLinks, extractShareLinks, looksLikeAliyunShare, type MessageEntity } from '../../src/share-text.js';
import { isOtherShareUrl } from '../../src/share-text/links.js';
import { normalizeWidth } from '../../src/share-text/normalize.js';

const A = 'Xr3vBq9LmZt';
const B = 'k2PqL8sWnYc';
const C = 'H7dJx4TqRbe';
const link = (id: string): string => `https://www.alipan.com/s/${id}`;
const fast = (code: string): string => `https://www.alipan.com/t/${code}`;

function pairs(text: string, entities?: MessageEntity[], buttons?: string[]): [string, string | undefined][] {
  return extractShareLinks(text, entities, buttons).map((r) => [r.shareId, r.password]);
}

/** A text_link entity over the `nth` occurrence of `visible` in `text`. */
function entityOver(text: string, visible: string, url: string, nth = 0, type = 'text_link'): MessageEntity {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(visible, offset + 1);
  if (offset < 0) throw new Error(`"${visible}" not in test text`);
  return { type, offset, length: visible.length, ...(type === 'text_link' ? { url } : {}) };
}

describe('an entity laid over a visible link is the same link, not a second one', () => {
  it('a list of codes still goes one per link when the last link also carries a text_link of itself', () => {
    const text = `${link(A)}\n${link(B)}\n提取码分别为：aa11、bb22`;
    expect(pairs(text, [entityOver(text, link(B), link(B))])).toEqual([[A, 'aa11'], [B, 'bb22']]);
    // The same with a "url" entity, as Telegram marks a visible link.
    expect(pairs(text, [entityOver(text, link(B), '', 0, 'url')])).toEqual([[A, 'aa11'], [B, 'bb22']]);
  });

  it('the code in the entity\'s URL is the visible link\'s code, and a code beside it does not replace it', () => {
    const text = `${link(A)} 提取码: zz99`;
    expect(pairs(text, [entityOver(text, link(A), `${link(A)}?pwd=aa11`)])).toEqual([[A, 'aa11']]);
    expect(pairs(link(A), [entityOver(link(A), link(A), `${link(A)}?pwd=aa11`)])).toEqual([[A, 'aa11']]);
  });

  it('a hidden link written over two lines owns the code on the line after its end', () => {
    const text = `阿里云盘\n点击保存\n提取码: aa11\n${link(B)}?pwd=bb22`;
    expect(pairs(text, [entityOver(text, '阿里云盘\n点击保存', link(A))])).toEqual([[A, 'aa11'], [B, 'bb22']]);
  });

  it('entities that are not objects are skipped without losing the link', () => {
    const text = `${link(A)} 提取码: aa11`;
    const junk = [null, 5, 'text_link', { type: 'bold', offset: 0, length: 4 }] as unknown as MessageEntity[];
    expect(pairs(text, junk)).toEqual([[A, 'aa11']]);
  });
});

describe('the result', () => {
  it('has no password or folder key at all when there is none (not one set to undefined)', () => {
    expect(extractShareLinks(link(A))).toStrictEqual([{ shareId: A, url: link(A) }]);
  });

  it('a later duplicate only fills in a code the first lacked; it never replaces or clears one', () => {
    expect(pairs(`${link(A)}?pwd=aa11`, undefined, [`${link(A)}?pwd=bb22`])).toEqual([[A, 'aa11']]);
    expect(pairs(`${link(A)}?pwd=aa11`, undefined, [link(A)])).toEqual([[A, 'aa11']]);
    expect(pairs(link(A), undefined, [`${link(A)}?pwd=bb22`])).toEqual([[A, 'bb22']]);
  });

  it('a fast-transfer button is no share', () => {
    expect(extractShareLinks('看这里', undefined, [fast('Zx9Cv8Bn7M')])).toEqual([]);
  });
});

describe('fast-transfer links', () => {
  it('come in the order they appear, hidden ones included', () => {
    const text = `先看这个 后面还有 ${fast('Second22BB')}`;
    const entities = [entityOver(text, '这个', fast('First111AA'))];
    expect(extractFastTransferLinks(text, entities).map((f) => f.code)).toEqual(['First111AA', 'Second22BB']);
  });

  it('have a code of 6 to 20 characters; share ids 8 to 14', () => {
    expect(extractFastTransferLinks(`${fast('abcde')} ${fast('abcdef')}`).map((f) => f.code)).toEqual(['abcdef']);
    expect(extractFastTransferLinks(`${fast('a'.repeat(20))} ${fast('b'.repeat(21))}`).map((f) => f.code)).toEqual(['a'.repeat(20)]);
    expect(pairs(`${link('Abc1234')} ${link('Abcd1234')} ${link('Abcdefgh123456')} ${link('Abcdefgh1234567')}`).map(([id]) => id)).toEqual([
      'Abcd1234',
      'Abcdefgh123456',
    ]);
  });
});

describe('whose code a password is', () => {
  it('a colon right after a link on its line does not hide the link', () => {
    expect(pairs(`${link(A)}：提取码 aa11`)).toEqual([[A, 'aa11']]);
  });

  it('the URL\'s own ?pwd= wins over a code in parentheses after it', () => {
    expect(pairs(`${link(A)}?pwd=aa11 (bb22)`)).toEqual([[A, 'aa11']]);
  });

  it('a label inside the Aliyun URL itself ("?code=") is no code', () => {
    expect(pairs(`${link(A)}?code=ab12`)).toEqual([[A, undefined]]);
  });

  it('a code before an ordinary (non-share) URL on its line is still the next line\'s link\'s', () => {
    expect(pairs(`频道 https://t.me/somechannel 提取码: aa11\n${link(A)}`)).toEqual([[A, 'aa11']]);
    expect(pairs(`提取码: aa11 频道 https://t.me/somechannel\n\n${link(B)}?pwd=bb22\n${link(A)}`)).toEqual([[B, 'bb22'], [A, undefined]]);
  });

  it('an unknown site\'s share link keeps the code beside it', () => {
    expect(pairs(`https://example.com/s/abcdef 提取码: xyzw\n${link(A)}`)).toEqual([[A, undefined]]);
  });

  it('a code written right against a link whose id ends like an archive ("…7z") is no archive password', () => {
    const id = 'Xr3vBq9Lm7z';
    expect(pairs(`${link(id)}提取码: aa11`)).toEqual([[id, 'aa11']]);
  });

  it('an archive password is one even with a URL later on its line', () => {
    expect(pairs(`${link(A)}\n解压密码: 1234 来源 https://example.com/page`)).toEqual([[A, undefined]]);
  });

  it('"无需解压" at the end of the line above does not make the code below an archive password', () => {
    expect(pairs(`${link(A)} 无需解压\n提取码: aa11`)).toEqual([[A, 'aa11']]);
  });

  it('an English label run into its value ("code2024") is no label', () => {
    expect(pairs(`${link(A)} 附 code2024 补丁`)).toEqual([[A, undefined]]);
  });

  it('a code list stops before a word that goes on as a domain', () => {
    expect(pairs(`${link(A)}\n${link(B)}\n提取码：bb22 / mail.qq.com`)).toEqual([[A, undefined], [B, 'bb22']]);
  });

  it('a link with its own ?pwd= keeps it when a list of codes is given out', () => {
    expect(pairs(`${link(A)}?pwd=aa11\n${link(B)}\n提取码分别为：xx11、bb22`)).toEqual([[A, 'aa11'], [B, 'bb22']]);
  });

  it('a code right above a link that has its own is dropped, not used as the message\'s fallback', () => {
    expect(pairs(`${link(A)}\n\n简介\n\n提取码: zz99\n${link(B)}?pwd=bb22`)).toEqual([[A, undefined], [B, 'bb22']]);
  });

  it('a code far below one link and right above the next is the next one\'s, even when it repeats the first one\'s', () => {
    expect(pairs(`${link(A)}?pwd=aa11\n\n简介\n\n提取码: aa11\n${link(B)}`)).toEqual([[A, 'aa11'], [B, 'aa11']]);
  });

  it('a code labelled for another drive right above an Aliyun link is not its', () => {
    expect(pairs(`百度提取码: xyzw\n${link(A)}`)).toEqual([[A, undefined]]);
  });

  it('blank lines between links and codes do not count', () => {
    expect(pairs(`${link(A)}\n\n提取码: aa11\n\n${link(B)}\n\n提取码: bb22`)).toEqual([[A, 'aa11'], [B, 'bb22']]);
  });

  it('a code just before a fast-transfer link on its line is not the Aliyun share\'s on the line above', () => {
    expect(pairs(`${link(A)}\n提取码: aa11 快传: ${fast('Zx9Cv8Bn7M')}`)).toEqual([[A, undefined]]);
  });
});

describe('URLs of another drive, or share-like URLs of any site', () => {
  it.each([
    ['https://pan.baidu.com', true],
    ['https://pan.baidu.com/disk/home', true],
    ['https://pan.baidu.com:443/disk/home', true],
    ['pan.baidu.com/disk/home', true],
    ['https://pan.quark.cn?entry=x', true],
    ['https://example.com/s/abcdef', true],
    ['https://example.com/share/abcdef', true],
    ['https://share.example.com/about', false],
    ['https://example.com/page?next=pan.baidu.com', false],
    ['https://pan.baidu.com.example.org/disk', false],
    ['https://t.me/somechannel', false],
  ])('%s → %s', (url, expected) => {
    expect(isOtherShareUrl(url)).toBe(expected);
  });
});

describe('widths', () => {
  it('the whole full-width ASCII block maps to ASCII, its first and last characters included', () => {
    expect(normalizeWidth('！ＡＺａｚ０９～')).toBe('!AZaz09~');
  });
});

describe('looksLikeAliyunShare', () => {
  it('is false, and does not throw, for what is not text', () => {
    expect(looksLikeAliyunShare(undefined as unknown as string)).toBe(false);
    expect(looksLikeAliyunShare(42 as unknown as string)).toBe(false);
  });
});

describe('an entity over a visible link, continued', () => {
  it('an entity without a code does not clear the visible link\'s ?pwd=', () => {
    const text = `${link(A)}?pwd=aa11`;
    expect(pairs(text, [entityOver(text, text, link(A))])).toEqual([[A, 'aa11']]);
  });

  it('a hidden link to another share laid over a visible link is a second share, not the same one', () => {
    const text = `${link(A)} 看这里`;
    expect(pairs(text, [entityOver(text, link(A), `${link(B)}?pwd=bb22`)])).toEqual([[A, undefined], [B, 'bb22']]);
    const folder = 'f'.repeat(40);
    expect(extractShareLinks(text, [entityOver(text, link(A), `${link(A)}/folder/${folder}`)]).map((r) => r.folderId)).toEqual([undefined, folder]);
  });
});
