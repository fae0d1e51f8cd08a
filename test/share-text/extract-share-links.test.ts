import { describe, expect, it } from 'vitest';
import { extractShareLinks, type MessageEntity, type ShareRef } from '../../src/share-text.js';

const ID1 = 'Xr3vBq9LmZt';
const ID2 = 'k2PqL8sWnYc';
const ID3 = 'H7dJx4TqRbe';
const FOLDER = '64f1c2a9b3e7d8f0a1b2c3d4e5f60718293a4b5c';
const FOLDER2 = '0a9b8c7d6e5f40312a3b4c5d6e7f8091a2b3c4d5';

function share(shareId: string, password?: string, folderId?: string): ShareRef {
  return {
    shareId,
    ...(password !== undefined ? { password } : {}),
    ...(folderId !== undefined ? { folderId } : {}),
    url: `https://www.alipan.com/s/${shareId}${folderId !== undefined ? `/folder/${folderId}` : ''}`,
  };
}

/** An entity over the n-th occurrence of `visible` in `text` (offsets are UTF-16 indices, like Telegram's). */
function linkOver(text: string, visible: string, url: string, nth = 0): MessageEntity {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(visible, offset + 1);
  if (offset < 0) throw new Error(`"${visible}" not in test text`);
  return { type: 'text_link', offset, length: visible.length, url };
}

function urlEntity(text: string, visible: string): MessageEntity {
  const offset = text.indexOf(visible);
  if (offset < 0) throw new Error(`"${visible}" not in test text`);
  return { type: 'url', offset, length: visible.length };
}

interface Case {
  name: string;
  text: string;
  entities?: MessageEntity[];
  buttons?: string[];
  expected: ShareRef[];
}

const TAIL = '\n点击链接保存，或者复制本段内容，打开「阿里云盘」APP ，无需下载极速在线查看，视频原画倍速播放。';
const stickerPost = '🔥🔥 新片速递 🔥🔥\n📁 资源一 👉 点击保存 提取码: aa11\n📁 资源二 👉 点击保存 提取码: bb22\n🏷 #电影 #4K';
const hiddenLinkPost = '【沙丘2】4K 杜比视界\n\n提取码: ab12\n\n👉 点击保存';
const longPost = `${'🎬 简介：一部关于沙漠星球的史诗电影，演员阵容强大，画面震撼。\n'.repeat(120)}`.slice(0, 4000);

const cases: Case[] = [
  // --- the app's own messages
  { name: 'canonical server message with password', text: `「沙丘2.mkv」https://www.alipan.com/s/${ID1} 提取码: ab12${TAIL}`, expected: [share(ID1, 'ab12')] },
  { name: 'canonical message without password (old domain)', text: `「返回.gif」https://www.aliyundrive.com/s/${ID1}${TAIL}`, expected: [share(ID1)] },
  { name: 'album share message', text: `相簿分享「fff」https://www.aliyundrive.com/s/${ID1} 提取码: ni5u\n点击链接保存，或者复制本段内容，打开「阿里云盘」APP，使用相册备份节省手机空间。`, expected: [share(ID1, 'ni5u')] },
  { name: 'canonical message with a long truncated name', text: `「The.Battle.at.L...获取更多免费资源.mkv」https://www.aliyundrive.com/s/${ID1} 提取码: f259${TAIL}`, expected: [share(ID1, 'f259')] },

  // --- URL forms
  { name: 'bare alipan.com without scheme or www', text: `看这个 alipan.com/s/${ID1}`, expected: [share(ID1)] },
  { name: 'www.aliyundrive.com without scheme', text: `www.aliyundrive.com/s/${ID1} 密码 ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'http scheme', text: `http://www.alipan.com/s/${ID1}`, expected: [share(ID1)] },
  { name: 'upper-case scheme and host', text: `HTTPS://WWW.ALIPAN.COM/S/${ID1}`, expected: [share(ID1)] },
  { name: 'id ends at CJK text', text: `https://www.alipan.com/s/${ID1}提取码：ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'id ends at 」', text: `「https://www.alipan.com/s/${ID1}」`, expected: [share(ID1)] },
  { name: 'id ends at full-width parenthesis', text: `资源（https://www.alipan.com/s/${ID1}）`, expected: [share(ID1)] },
  { name: 'id ends at 】，。', text: `【https://www.alipan.com/s/${ID1}】，快存。`, expected: [share(ID1)] },
  { name: 'id ends at emoji', text: `https://www.alipan.com/s/${ID1}🔥🔥 提取码 ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'id ends at zero-width space', text: `https://www.alipan.com/s/${ID1}\u200b提取码: ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'a word joiner inside the id does not cut it (channels insert them against spam filters)', text: `alipan.com/s/${ID1.slice(0, 5)}\u2060${ID1.slice(5)}`, expected: [share(ID1)] },
  { name: 'BOM and zero-width joiner around the link', text: `\ufeff\u200dhttps://www.alipan.com/s/${ID1}\u200d`, expected: [share(ID1)] },
  { name: 'whitespace around the id', text: `https://www.alipan.com/s/ ${ID1}  提取码: ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'zero-width between /s/ and the id', text: `https://www.alipan.com/s/\u200b${ID1}`, expected: [share(ID1)] },
  { name: 'id of 7 characters is not a share', text: `https://www.alipan.com/s/AbCdEfG`, expected: [] },
  { name: 'id of 15 characters is not a share', text: `https://www.alipan.com/s/AbCdEfGhIjKlMnO`, expected: [] },
  { name: 'id continued by -x is not trusted', text: `https://www.alipan.com/s/${ID1}-abc`, expected: [] },
  { name: 'look-alike host is ignored', text: `https://evilalipan.com/s/${ID1}`, expected: [] },
  { name: 'folder link', text: `https://www.alipan.com/s/${ID1}/folder/${FOLDER}`, expected: [share(ID1, undefined, FOLDER)] },
  { name: 'folder link with pwd in the query', text: `https://www.alipan.com/s/${ID1}/folder/${FOLDER}?pwd=ab12`, expected: [share(ID1, 'ab12', FOLDER)] },
  { name: 'upper-case folder id is normalised', text: `https://www.alipan.com/s/${ID1}/folder/${FOLDER.toUpperCase()}`, expected: [share(ID1, undefined, FOLDER)] },
  { name: 'truncated folder id falls back to the whole share', text: `https://www.alipan.com/s/${ID1}/folder/64f1c2a9`, expected: [share(ID1)] },
  { name: 'query noise and fragment', text: `https://www.alipan.com/s/${ID1}?spm=a2c4g.11186623&pwd=ab12#x`, expected: [share(ID1, 'ab12')] },
  { name: 'HTML-escaped ampersand in query', text: `https://www.alipan.com/s/${ID1}?from=tg&amp;pwd=ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'fragment without password', text: `https://www.alipan.com/s/${ID1}#/list`, expected: [share(ID1)] },

  // --- password labels and placement
  { name: '提取码 with full-width colon', text: `https://www.alipan.com/s/${ID1} 提取码：ab12`, expected: [share(ID1, 'ab12')] },
  { name: '密码 with colon', text: `https://www.alipan.com/s/${ID1} 密码:ab12`, expected: [share(ID1, 'ab12')] },
  { name: '访问码 with space', text: `https://www.alipan.com/s/${ID1} 访问码 ab12`, expected: [share(ID1, 'ab12')] },
  { name: '提取密码', text: `https://www.alipan.com/s/${ID1} 提取密码 ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'traditional 提取碼', text: `https://www.alipan.com/s/${ID1} 提取碼：ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'pwd= in text', text: `https://www.alipan.com/s/${ID1} pwd=ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'Password: with capitals', text: `https://www.alipan.com/s/${ID1}\nPassword: AB12`, expected: [share(ID1, 'AB12')] },
  { name: 'CODE label is case-insensitive', text: `https://www.alipan.com/s/${ID1} CODE: ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'label glued to the value', text: `https://www.alipan.com/s/${ID1} 提取码ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'password on the next line', text: `链接: https://www.alipan.com/s/${ID1}\n提取码: ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'password on the next line after blank lines', text: `链接: https://www.alipan.com/s/${ID1}\n\n\n提取码: ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'password before the link on its line', text: `提取码: ab12 链接: https://www.alipan.com/s/${ID1}`, expected: [share(ID1, 'ab12')] },
  { name: 'password on the line before the link', text: `提取码: ab12\n链接: https://www.alipan.com/s/${ID1}`, expected: [share(ID1, 'ab12')] },
  { name: 'full-width password', text: `https://www.alipan.com/s/${ID1} 提取码：ＡＢ１２`, expected: [share(ID1, 'AB12')] },
  { name: 'full-width link and password', text: `链接：ａｌｉｐａｎ．ｃｏｍ／ｓ／${ID1.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} 提取码：ａｂ１２`, expected: [share(ID1, 'ab12')] },
  { name: 'six-character password after an explicit label', text: `https://www.alipan.com/s/${ID1} 提取码: abcdef`, expected: [share(ID1, 'abcdef')] },
  { name: 'six characters after a bare English word are not a password', text: `https://www.alipan.com/s/${ID1} code abcdef`, expected: [share(ID1)] },
  { name: 'no password given (提取码: 无)', text: `https://www.alipan.com/s/${ID1} 提取码: 无`, expected: [share(ID1)] },
  { name: 'archive password is not the share password', text: `https://www.alipan.com/s/${ID1}\n解压密码: 1234`, expected: [share(ID1)] },
  {
    name: 'a share id that happens to end in "7Z" is no archive name (found by fast-check)',
    text: 'https://www.alipan.com/s/AAAAAA7Z 提取码AAAA',
    expected: [share('AAAAAA7Z', 'AAAA')],
  },
  { name: 'markdown bold label and code value', text: `🔗 https://www.alipan.com/s/${ID1}\n🔑 **提取码**：\`ab12\``, expected: [share(ID1, 'ab12')] },
  { name: 'CRLF line endings', text: `https://www.alipan.com/s/${ID1}\r\n提取码: ab12\r\n`, expected: [share(ID1, 'ab12')] },
  { name: 'single far-away password is used when it is the only one', text: `https://www.alipan.com/s/${ID1}\n简介：一部电影\n主演：某某\n类型：科幻\n提取码: ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'far-away "code:" is not used as a fallback', text: `https://www.alipan.com/s/${ID1}\n简介：一部电影\n主演：某某\n类型：科幻\ncode: ab12`, expected: [share(ID1)] },

  // --- several links
  { name: 'two links each with its own password after it', text: `A: https://www.alipan.com/s/${ID1} 提取码: aa11\nB: https://www.alipan.com/s/${ID2} 提取码: bb22`, expected: [share(ID1, 'aa11'), share(ID2, 'bb22')] },
  { name: 'two links each with its password before it', text: `提取码: aa11 链接: https://www.alipan.com/s/${ID1}\n提取码: bb22 链接: https://www.alipan.com/s/${ID2}`, expected: [share(ID1, 'aa11'), share(ID2, 'bb22')] },
  { name: 'two links with passwords on the next lines', text: `https://www.alipan.com/s/${ID1}\n提取码: aa11\nhttps://www.alipan.com/s/${ID2}\n提取码: bb22`, expected: [share(ID1, 'aa11'), share(ID2, 'bb22')] },
  { name: "second link without password does not borrow the first one's", text: `https://www.alipan.com/s/${ID1} 提取码: aa11\nhttps://www.alipan.com/s/${ID2}`, expected: [share(ID1, 'aa11'), share(ID2)] },
  { name: 'password between links on the line after A belongs to A', text: `https://www.alipan.com/s/${ID1}\n提取码: aa11\nhttps://www.alipan.com/s/${ID2}`, expected: [share(ID1, 'aa11'), share(ID2)] },
  { name: 'password before B on its line is B\'s even right after A', text: `https://www.alipan.com/s/${ID1}\n提取码: bb22 链接: https://www.alipan.com/s/${ID2}`, expected: [share(ID1), share(ID2, 'bb22')] },
  { name: 'password before B on its line goes to B when A has one', text: `https://www.alipan.com/s/${ID1}?pwd=aa11\n提取码: bb22 https://www.alipan.com/s/${ID2}`, expected: [share(ID1, 'aa11'), share(ID2, 'bb22')] },
  { name: 'three links on one line with inline passwords', text: `1️⃣ alipan.com/s/${ID1} 密码aa11 2️⃣ alipan.com/s/${ID2} 密码bb22 3️⃣ alipan.com/s/${ID3}`, expected: [share(ID1, 'aa11'), share(ID2, 'bb22'), share(ID3)] },
  { name: 'two links and one far password: no guessing', text: `https://www.alipan.com/s/${ID1}\nhttps://www.alipan.com/s/${ID2}\n简介\n更多\n提取码: ab12`, expected: [share(ID1), share(ID2)] },

  // --- other drives
  { name: "Baidu's password does not go to the Aliyun link", text: `百度: https://pan.baidu.com/s/1abcDEFghiJKL 提取码: xyzw\n阿里: https://www.alipan.com/s/${ID1}`, expected: [share(ID1)] },
  { name: "Quark's password on the next line stays with Quark", text: `夸克：https://pan.quark.cn/s/8f3a2b1c0d9e\n提取码：xyzw\n阿里：https://www.alipan.com/s/${ID1} 提取码：ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'bare 115 link with password query and an Aliyun link', text: `115: 115cdn.com/s/swhy0ab3?password=x1y2\n阿里: alipan.com/s/${ID1}`, expected: [share(ID1)] },
  { name: '百度提取码 on its own line is not Aliyun\'s', text: `阿里: https://www.alipan.com/s/${ID1}\n\n\n\n百度提取码: xyzw`, expected: [share(ID1)] },
  { name: 'mixed drive list, Aliyun last with its own password', text: `📦 百度网盘：https://pan.baidu.com/s/1abcDEFghiJKL?pwd=xyzw\n📦 123盘：https://www.123pan.com/s/abcd-efgh 提取码:1234\n📦 迅雷：https://pan.xunlei.com/s/VNabcdefgh 提取码：qwer\n📦 阿里：https://www.alipan.com/s/${ID1} 提取码：ab12`, expected: [share(ID1, 'ab12')] },
  { name: 'only other drives: nothing', text: `https://pan.baidu.com/s/1abcDEFghiJKL 提取码: xyzw\nhttps://cloud.189.cn/t/abcdEFGH 访问码: 1234\nhttps://drive.uc.cn/s/abcdef1234 https://wwi.lanzoux.com/iAbc123 密码:6x6x`, expected: [] },

  // --- duplicates
  { name: 'same link twice is one result', text: `https://www.alipan.com/s/${ID1}\n再发一次 https://www.alipan.com/s/${ID1}`, expected: [share(ID1)] },
  { name: 'duplicate carrying the password keeps it at the first position', text: `https://www.alipan.com/s/${ID1}\nhttps://www.alipan.com/s/${ID2} 提取码: bb22\n备用 https://www.aliyundrive.com/s/${ID1}?pwd=aa11`, expected: [share(ID1, 'aa11'), share(ID2, 'bb22')] },
  { name: 'root and folder of one share: both, sharing the password', text: `全部: https://www.alipan.com/s/${ID1} 提取码: ab12\n第一季: https://www.alipan.com/s/${ID1}/folder/${FOLDER}\n第二季: https://www.alipan.com/s/${ID1}/folder/${FOLDER2}`, expected: [share(ID1, 'ab12'), share(ID1, 'ab12', FOLDER), share(ID1, 'ab12', FOLDER2)] },

  // --- channel posts, markdown, HTML
  { name: 'channel post with emoji and markdown link', text: `🎬 **名称**：沙丘2\n🔗 **链接**：[点击获取](https://www.alipan.com/s/${ID1})\n🔑 **提取码**：\`ab12\`\n🏷 #科幻 #电影`, expected: [share(ID1, 'ab12')] },
  { name: 'HTML anchor with code element', text: `<a href="https://www.alipan.com/s/${ID1}">点击保存</a> 提取码: <code>ab12</code>`, expected: [share(ID1, 'ab12')] },
  { name: 'HTML anchor with single quotes and attributes', text: `<p><a target='_blank' href='https://www.aliyundrive.com/s/${ID1}?pwd=ab12'>阿里云盘</a></p>`, expected: [share(ID1, 'ab12')] },
  { name: 'markdown link with pwd in the URL', text: `[阿里云盘](https://www.alipan.com/s/${ID1}?pwd=ab12)`, expected: [share(ID1, 'ab12')] },
  { name: 'link at the end of a 4000-character post', text: `${longPost}\nhttps://www.alipan.com/s/${ID1} 提取码: ab12`, expected: [share(ID1, 'ab12')] },

  // --- Telegram entities and buttons
  {
    name: 'text_link entity on 「点击保存」 with the password in the text',
    text: '「沙丘2」点击保存 提取码: ab12',
    entities: [linkOver('「沙丘2」点击保存 提取码: ab12', '点击保存', `https://www.alipan.com/s/${ID1}`)],
    expected: [share(ID1, 'ab12')],
  },
  {
    name: 'hidden link two lines below the password',
    text: hiddenLinkPost,
    entities: [linkOver(hiddenLinkPost, '点击保存', `https://www.alipan.com/s/${ID1}`)],
    expected: [share(ID1, 'ab12')],
  },
  {
    name: 'two hidden links after emoji (UTF-16 offsets) each with its own password',
    text: stickerPost,
    entities: [
      linkOver(stickerPost, '点击保存', `https://www.alipan.com/s/${ID1}`, 0),
      linkOver(stickerPost, '点击保存', `https://www.alipan.com/s/${ID2}`, 1),
      { type: 'hashtag', offset: stickerPost.indexOf('#电影'), length: 3 },
    ],
    expected: [share(ID1, 'aa11'), share(ID2, 'bb22')],
  },
  {
    name: 'text_link to a folder with pwd in the URL',
    text: '第一季 点击保存',
    entities: [linkOver('第一季 点击保存', '点击保存', `https://www.aliyundrive.com/s/${ID1}/folder/${FOLDER}?pwd=ab12`)],
    expected: [share(ID1, 'ab12', FOLDER)],
  },
  {
    name: 'url entity over the visible link',
    text: `链接 https://www.alipan.com/s/${ID1} 密码 ab12`,
    entities: [urlEntity(`链接 https://www.alipan.com/s/${ID1} 密码 ab12`, `https://www.alipan.com/s/${ID1}`)],
    expected: [share(ID1, 'ab12')],
  },
  {
    name: 'photo caption with caption_entities',
    text: '📷 海报\n👉 阿里云盘\n提取码：ab12',
    entities: [
      { type: 'bold', offset: 0, length: 5 },
      linkOver('📷 海报\n👉 阿里云盘\n提取码：ab12', '阿里云盘', `https://www.alipan.com/s/${ID1}`),
    ],
    expected: [share(ID1, 'ab12')],
  },
  {
    name: 'text_link to Baidu is ignored',
    text: `百度 点击 阿里 https://www.alipan.com/s/${ID1}`,
    entities: [linkOver(`百度 点击 阿里 https://www.alipan.com/s/${ID1}`, '点击', 'https://pan.baidu.com/s/1abcDEFghiJKL?pwd=xyzw')],
    expected: [share(ID1)],
  },
  {
    name: 'entities with broken offsets do not hide the text link',
    text: `https://www.alipan.com/s/${ID1}`,
    entities: [{ type: 'url', offset: 9999, length: -3 }, { type: 'text_link', offset: Number.NaN, length: 4 }],
    expected: [share(ID1)],
  },
  { name: 'forwarded post: button URL and the single password in the text', text: '【沙丘2】\n提取码：ab12', buttons: [`https://www.alipan.com/s/${ID1}`], expected: [share(ID1, 'ab12')] },
  { name: 'button URL with two unclaimed passwords: no guessing', text: '提取码：aa11\n\n说明\n\n访问码：bb22', buttons: [`https://www.alipan.com/s/${ID1}`], expected: [share(ID1)] },
  { name: 'button URL with pwd in the query', text: '点下面按钮保存', buttons: ['https://t.me/somechannel', `https://www.aliyundrive.com/s/${ID1}?pwd=ab12`], expected: [share(ID1, 'ab12')] },
  { name: 'button duplicating the text link comes once, in text position', text: `https://www.alipan.com/s/${ID2}\nhttps://www.alipan.com/s/${ID1} 提取码: ab12`, buttons: [`https://www.alipan.com/s/${ID1}`], expected: [share(ID2), share(ID1, 'ab12')] },
  { name: 'percent-encoded redirect in a button', text: '', buttons: [`https://t.me/iv?url=https%3A%2F%2Fwww.alipan.com%2Fs%2F${ID1}&rhash=abc`], expected: [share(ID1)] },

  // --- not shares
  { name: 'fast-transfer link is not a share', text: `快传: https://www.aliyundrive.com/t/AbCdEf123456 提取码: ab12`, expected: [] },
  { name: 'ordinary message', text: '今晚一起看电影吗？阿里云盘的会员快到期了。', expected: [] },
  { name: 'path fragments without a host', text: 'see /s/ and /t/ and alipan.com/x/AbCdEfGhIjK', expected: [] },
  { name: 'empty text', text: '', expected: [] },
];

describe('extractShareLinks: realistic messages', () => {
  it('has a broad table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(FOLDER).toMatch(/^[0-9a-f]{40}$/);
    expect(FOLDER2).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each(cases)('$name', ({ text, entities, buttons, expected }) => {
    expect(extractShareLinks(text, entities, buttons)).toEqual(expected);
  });
});
