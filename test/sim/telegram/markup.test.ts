import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectEntities, formatText, parseHtml, parseMarkdownLegacy, parseMarkdownV2 } from '../../../src/sim/telegram/index.js';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeV2 = (s: string): string => s.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, '\\$&');

describe('HTML parse mode', () => {
  it('renders what the user sees: tags stripped, entities decoded, formatting as entities', () => {
    const parsed = parseHtml('<b>Saved</b> &lt;3 files&gt; to <a href="https://www.alipan.com/drive?a=1&b=2">/Saves</a> &#128512;');
    expect(parsed.text).toBe('Saved <3 files> to /Saves 😀');
    expect(parsed.entities).toEqual([
      { type: 'bold', offset: 0, length: 5 },
      { type: 'text_link', offset: 19, length: 6, url: 'https://www.alipan.com/drive?a=1&b=2' },
    ]);
  });

  it('rejects an unclosed tag the way Telegram does', () => {
    expect(() => parseHtml('<b>unclosed')).toThrow('Can\'t find end tag corresponding to start tag "b"');
  });

  it('rejects an unescaped user name that looks like a tag, with its byte offset', () => {
    // "文件 " is 7 bytes in UTF-8.
    expect(() => parseHtml('文件 <Ann>')).toThrow('Unsupported start tag "ann" at byte offset 7');
  });

  it('rejects a bare ampersand but accepts the escaped one', () => {
    expect(() => parseHtml('Tom & Jerry')).toThrow(/Unsupported HTML entity at byte offset 4/);
    expect(parseHtml('Tom &amp; Jerry').text).toBe('Tom & Jerry');
  });

  it('reports mismatched end tags', () => {
    expect(() => parseHtml('<b>x</i>')).toThrow('Unmatched end tag at byte offset 4, expected "</b>", found "</i>"');
    expect(() => parseHtml('x</b>')).toThrow('Unexpected end tag at byte offset 1');
  });

  it('knows the whole supported tag set, spoilers, code languages and quotes', () => {
    const parsed = parseHtml(
      '<strong>a</strong><em>b</em><ins>c</ins><del>d</del><tg-spoiler>e</tg-spoiler><span class="tg-spoiler">f</span>' +
        '<pre><code class="language-ts">g</code></pre><blockquote expandable>h</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    );
    expect(parsed.text).toBe('abcdefgh👍');
    expect(parsed.entities.map((e) => e.type)).toEqual([
      'bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'spoiler', 'pre', 'expandable_blockquote', 'custom_emoji',
    ]);
    expect(parsed.entities[6]).toEqual({ type: 'pre', offset: 6, length: 1, language: 'ts' });
    expect(() => parseHtml('<span>x</span>')).toThrow('Tag "span" must have class "tg-spoiler"');
    expect(() => parseHtml('a<br/>b')).toThrow('Unsupported start tag "br/"');
  });

  it('parses back any text escaped with the three HTML escapes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => parseHtml(escapeHtml(s)).text === s));
  });
});

describe('MarkdownV2 parse mode', () => {
  it('demands reserved characters be escaped outside entities', () => {
    expect(() => parseMarkdownV2('Version 1.0')).toThrow("Character '.' is reserved and must be escaped with the preceding '\\'");
    expect(() => parseMarkdownV2('file (1)')).toThrow("Character '(' is reserved");
    expect(parseMarkdownV2('Version 1\\.0').text).toBe('Version 1.0');
  });

  it('renders entities and leaves code contents alone', () => {
    const parsed = parseMarkdownV2('*b* _i_ __u__ ~s~ ||sp|| `a.b(c)` [link](https://t.me/x\\)y)');
    expect(parsed.text).toBe('b i u s sp a.b(c) link');
    expect(parsed.entities).toEqual([
      { type: 'bold', offset: 0, length: 1 },
      { type: 'italic', offset: 2, length: 1 },
      { type: 'underline', offset: 4, length: 1 },
      { type: 'strikethrough', offset: 6, length: 1 },
      { type: 'spoiler', offset: 8, length: 2 },
      { type: 'code', offset: 11, length: 6 },
      { type: 'text_link', offset: 18, length: 4, url: 'https://t.me/x)y' },
    ]);
  });

  it('reports an entity that never ends, at its byte offset', () => {
    expect(() => parseMarkdownV2('文 *bold')).toThrow("Can't find end of Bold entity at byte offset 4");
    expect(() => parseMarkdownV2('```\ncode')).toThrow("Can't find end of Pre entity at byte offset 0");
  });

  it('parses pre blocks with a language and block quotes', () => {
    const parsed = parseMarkdownV2('```ts\nlet x = 1;```\n>quoted\n>lines\nafter');
    expect(parsed.text).toBe('let x = 1;\nquoted\nlines\nafter');
    expect(parsed.entities).toEqual([
      { type: 'pre', offset: 0, length: 10, language: 'ts' },
      { type: 'blockquote', offset: 11, length: 12 },
    ]);
  });

  it('parses back any text escaped with the MarkdownV2 escapes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => parseMarkdownV2(escapeV2(s)).text === s));
  });
});

describe('legacy Markdown', () => {
  it('renders bold, italic, code and links', () => {
    const parsed = parseMarkdownLegacy('*b* _i_ `c.d` [t](t.me/x)');
    expect(parsed.text).toBe('b i c.d t');
    expect(parsed.entities.map((e) => e.type)).toEqual(['bold', 'italic', 'code', 'text_link']);
    expect(() => parseMarkdownLegacy('a *b')).toThrow("Can't find end of the entity starting at byte offset 2");
  });
});

describe('automatic entities', () => {
  it('finds share links, commands, mentions and e-mails like Telegram', () => {
    const text = '/save@AliyunShareBot 「电影」https://www.alipan.com/s/AbCd123 提取码: x1y2 via @someone, mail me@example.com or alipan.com/s/Zz9.';
    const found = detectEntities(text).map((e) => [e.type, text.slice(e.offset, e.offset + e.length)]);
    expect(found).toEqual([
      ['bot_command', '/save@AliyunShareBot'],
      ['url', 'https://www.alipan.com/s/AbCd123'],
      ['mention', '@someone'],
      ['email', 'me@example.com'],
      ['url', 'alipan.com/s/Zz9'],
    ]);
  });

  it('finds nothing inside code or links the sender formatted', () => {
    const out = formatText('<code>https://a.com</code> <a href="https://b.com">https://c.com</a>', 'HTML', undefined);
    expect(out.entities.map((e) => e.type)).toEqual(['code', 'text_link']);
  });

  it('trims surrounding whitespace like the server, moving entities along', () => {
    const out = formatText('\n  <b>hi</b> there \n', 'HTML', undefined);
    expect(out).toEqual({ text: 'hi there', entities: [{ type: 'bold', offset: 0, length: 2 }] });
  });
});

describe('automatic entities next to Chinese text', () => {
  it('finds links and e-mails glued to Chinese, but no command inside a word', () => {
    const text = '链接：https://www.alipan.com/s/AbC 提取码：x1y2 邮箱me@example.com 路径/abc';
    const found = detectEntities(text).map((e) => [e.type, text.slice(e.offset, e.offset + e.length)]);
    expect(found).toEqual([
      ['url', 'https://www.alipan.com/s/AbC'],
      ['email', 'me@example.com'],
    ]);
  });

  it('keeps a backslash before a non-ASCII character in MarkdownV2', () => {
    expect(parseMarkdownV2('C:\\文件').text).toBe('C:\\文件');
  });
});
