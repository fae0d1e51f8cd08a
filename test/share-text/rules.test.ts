/**
 * One test per parser rule, so that breaking the rule fails a test (issue #17: a mutation
 * run found these unpinned). Each names the rule it pins.
 */
import { describe, expect, it } from 'vitest';
import { extractShareLinks, type MessageEntity } from '../../src/share-text.js';
import { normalizeWidth, stripInvisible } from '../../src/share-text/normalize.js';

const A = 'Xr3vBq9LmZt';
const B = 'k2PqL8sWnYc';
const C = 'H7dJx4TqRbe';
const link = (id: string): string => `https://www.alipan.com/s/${id}`;
const BAIDU = 'https://pan.baidu.com/s/1abcDEFghiJKLmnoPQRstu';

/** [shareId, password] pairs, the part of the result these rules decide. */
function pairs(text: string, entities?: MessageEntity[], buttons?: string[]): [string, string | undefined][] {
  return extractShareLinks(text, entities, buttons).map((r) => [r.shareId, r.password]);
}

function entityOver(text: string, visible: string, url: string, nth = 0): MessageEntity {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(visible, offset + 1);
  if (offset < 0) throw new Error(`"${visible}" not in test text`);
  return { type: 'text_link', offset, length: visible.length, url };
}

describe('words that are not passwords', () => {
  it.each(['none', 'None', 'NULL', 'free', 'empty', 'nothing'])('"提取码: %s" gives no password', (word) => {
    expect(pairs(`${link(A)} 提取码: ${word}`)).toEqual([[A, undefined]]);
    // Not even as the single far-away code of the message.
    expect(pairs(`${link(A)}\n简介\n主演\n\n提取码: ${word}`)).toEqual([[A, undefined]]);
  });

  it('a label followed by a URL does not make "https" a password', () => {
    expect(pairs(`提取码：${link(A)}`)).toEqual([[A, undefined]]);
    expect(pairs(`密码 http://www.alipan.com/s/${A}`)).toEqual([[A, undefined]]);
  });

  it('a code list stops at a word that is not a password', () => {
    expect(pairs(`${link(A)}\n${link(B)}\n提取码分别为：ab12、none`)).toEqual([[A, undefined], [B, 'ab12']]);
  });

  it('a value that goes on as a domain or an address is not a password', () => {
    expect(pairs(`${link(A)}\n密码：mail.example.com`)).toEqual([[A, undefined]]);
    expect(pairs(`${link(A)}\n密码：mail@example.com`)).toEqual([[A, undefined]]);
  });

  it('archive passwords are not share codes', () => {
    for (const label of ['解压密码', '压缩密码', 'zip password', 'unzip pwd', 'rar 密码']) {
      expect(pairs(`${link(A)}\n${label}: 1234`), label).toEqual([[A, undefined]]);
    }
  });

  it('a label inside a URL belongs to that URL', () => {
    expect(pairs(`https://t.me/some_channel?password=ab12\n${link(A)}`)).toEqual([[A, undefined]]);
  });

  it('an English label without ":" takes only a 4-character code; "code" is never a far-away fallback', () => {
    expect(pairs(`${link(A)} pwd ab12`)).toEqual([[A, 'ab12']]);
    expect(pairs(`${link(A)} password abcdef`)).toEqual([[A, undefined]]);
    expect(pairs(`${link(A)} password: abcdef`)).toEqual([[A, 'abcdef']]);
    expect(pairs(`${link(A)}\n\n简介\n\n主演\n\ncode: ab12`)).toEqual([[A, undefined]]);
    expect(pairs(`${link(A)}\n\n简介\n\n主演\n\n提取码: ab12`)).toEqual([[A, 'ab12']]);
  });
});

describe('placement: the line of the link, the line below, the line above', () => {
  it('a code on the line below a link is that link\'s, link by link', () => {
    expect(pairs(`${link(A)}\n提取码: aa11\n${link(B)}\n提取码: bb22\n${link(C)}\n提取码: cc33`)).toEqual([
      [A, 'aa11'],
      [B, 'bb22'],
      [C, 'cc33'],
    ]);
  });

  it('a code on the line above a link is that link\'s, link by link', () => {
    expect(pairs(`提取码: aa11\n${link(A)}\n提取码: bb22\n${link(B)}\n提取码: cc33\n${link(C)}`)).toEqual([
      [A, 'aa11'],
      [B, 'bb22'],
      [C, 'cc33'],
    ]);
  });

  it('a code on the line below a link goes to no other link when that one has its own', () => {
    expect(pairs(`${link(A)} 提取码: aa11\n提取码: zz99\n\n简介\n\n${link(B)}`)).toEqual([[A, 'aa11'], [B, undefined]]);
  });

  it('a code two lines away from every link is only a whole-message fallback', () => {
    expect(pairs(`${link(A)}\n${link(B)} 提取码: bb22\n\n简介\n\n提取码: aa11`)).toEqual([[A, 'aa11'], [B, 'bb22']]);
    expect(pairs(`${link(A)}\n${link(B)}\n\n简介\n\n提取码: aa11`)).toEqual([[A, undefined], [B, undefined]]);
  });

  it('the same line beats the next line; a code before a link on its line is that link\'s', () => {
    expect(pairs(`${link(A)}\n提取码: bb22 链接: ${link(B)}`)).toEqual([[A, undefined], [B, 'bb22']]);
    expect(pairs(`${link(A)} 提取码: aa11 ${link(B)} 提取码: bb22`)).toEqual([[A, 'aa11'], [B, 'bb22']]);
  });

  it('a code restating the URL\'s ?pwd= on the next line goes to no later link', () => {
    expect(pairs(`${link(A)}?pwd=aa11\n提取码: aa11\n${link(B)}`)).toEqual([[A, 'aa11'], [B, undefined]]);
    expect(pairs(`${link(A)}?pwd=aa11\n提取码: bb22\n${link(B)}`)).toEqual([[A, 'aa11'], [B, 'bb22']]);
    // On A's own line too: the code right after A is A's, even with B later on the line.
    expect(pairs(`${link(A)}?pwd=aa11 提取码: aa11 ${link(B)}`)).toEqual([[A, 'aa11'], [B, undefined]]);
  });

  it('only the link\'s own code (?pwd=, "(code)") is restated: a code it took from the text is not', () => {
    expect(pairs(`${link(A)} (aa11)\n提取码: aa11\n${link(B)}`)).toEqual([[A, 'aa11'], [B, undefined]]);
    expect(pairs(`${link(A)} 提取码: aa11\n提取码: aa11\n${link(B)}`)).toEqual([[A, 'aa11'], [B, 'aa11']]);
    expect(pairs(`${link(A)}\n提取码: aa11\n提取码: aa11\n${link(B)}`)).toEqual([[A, 'aa11'], [B, 'aa11']]);
    // Another drive's code from the text, repeated above an Aliyun link, is that link's too.
    expect(pairs(`百度 ${BAIDU} 提取码: aa11\n提取码: aa11\n${link(B)}`)).toEqual([[B, 'aa11']]);
    expect(pairs(`百度 ${BAIDU}?pwd=aa11\n提取码: aa11\n${link(B)}`)).toEqual([[B, undefined]]);
  });

  it('the same code before the next link on its line is that link\'s, not a restatement', () => {
    expect(pairs(`提取码 ab12 ${link(A)}\n提取码 ab12 ${link(B)}`)).toEqual([[A, 'ab12'], [B, 'ab12']]);
    expect(pairs(`${link(A)}?pwd=ab12\n提取码 ab12 ${link(B)}`)).toEqual([[A, 'ab12'], [B, 'ab12']]);
  });

  it('a list of codes goes to the links before it, in order', () => {
    expect(pairs(`${link(A)}\n${link(B)}\n${link(C)}\n提取码分别为：aa11、bb22、cc33`)).toEqual([
      [A, 'aa11'],
      [B, 'bb22'],
      [C, 'cc33'],
    ]);
  });
});

describe("another drive's link keeps its code", () => {
  it.each([
    ['on its line, after it', `百度 ${BAIDU} 提取码: xyzw\n阿里 ${link(A)}`],
    ['on its line, before it', `阿里 ${link(A)}\n百度 提取码: xyzw ${BAIDU}`],
    ['on the line below it', `阿里 ${link(A)}\n百度 ${BAIDU}\n提取码: xyzw`],
    ['on the line above it', `阿里 ${link(A)} 提取码: ab12\n提取码: xyzw\n百度 ${BAIDU}`],
    ['in its URL and restated below', `阿里 ${link(A)}\n百度 ${BAIDU}?pwd=xyzw\n提取码: xyzw`],
    ['labelled 百度提取码 with no link', `阿里 ${link(A)}\n\n简介\n\n百度提取码: xyzw`],
    ['labelled 百度 before the code, under the Aliyun link', `阿里 ${link(A)}\n百度：提取码 xyzw ${BAIDU}`],
  ])('%s', (_how, text) => {
    const got = pairs(text);
    expect(got.map(([id]) => id)).toEqual([A]);
    expect(got[0]?.[1]).not.toBe('xyzw');
  });

  it('a code labelled for another drive does not keep that drive\'s link from its own code', () => {
    expect(pairs(`百度：提取码 xyzw ${BAIDU}\n提取码: ab12\n${link(A)}`)).toEqual([[A, 'ab12']]);
  });

  it('a list of codes labelled for another drive gives none to an Aliyun link', () => {
    expect(pairs(`百度一 ${BAIDU}\n阿里 ${link(A)}\n百度提取码分别为：xyzw、wxyz`)).toEqual([[A, undefined]]);
  });

  it('a hidden link to another drive keeps the code below it', () => {
    const text = '阿里：点击获取\n百度：点击获取\n提取码：xyzw';
    const entities = [entityOver(text, '点击获取', link(A), 0), entityOver(text, '点击获取', BAIDU, 1)];
    expect(pairs(text, entities)).toEqual([[A, undefined]]);
  });

  it('a mixed post of several drives gives each Aliyun link only its own code', () => {
    const text = [
      `百度：${BAIDU}`,
      '提取码：bd11',
      `阿里一：${link(A)}`,
      '提取码：aa11',
      'https://pan.quark.cn/s/3f8e2d1c0b9a 提取码：qk22',
      `阿里二：${link(B)}`,
      `115：https://115cdn.com/s/swh4k2a3z9x?password=p115`,
      `阿里三：${link(C)} 提取码：cc33`,
    ].join('\n');
    expect(pairs(text)).toEqual([[A, 'aa11'], [B, undefined], [C, 'cc33']]);
  });
});

describe('entity offsets survive normalisation', () => {
  it('odd spaces are replaced one for one, never deleted', () => {
    expect(normalizeWidth('a\u3000b\u00a0c')).toBe('a b c');
    expect(normalizeWidth('提取码：ＡＢ１２')).toBe('提取码:AB12');
  });

  it('a hidden link after ideographic spaces stays on its own line', () => {
    const text = `提取码: aa11\n${'\u3000'.repeat(8)}点击保存\n提取码: bb22`;
    expect(pairs(text, [entityOver(text, '点击保存', link(A))])).toEqual([[A, 'aa11']]);
  });

  it('invisible characters are removed with a map from original offsets', () => {
    const visible = stripInvisible('a\u200bb\u200c\u200dc');
    expect(visible.text).toBe('abc');
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => visible.at(i))).toEqual([0, 1, 1, 2, 2, 2, 3]);
  });

  it('a hidden link after invisible characters stays on its own line', () => {
    const text = `提取码: aa11\n${'\u200b'.repeat(8)}点击保存\n提取码: bb22`;
    expect(pairs(text, [entityOver(text, '点击保存', link(A))])).toEqual([[A, 'aa11']]);
  });
});
