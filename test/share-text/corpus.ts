/**
 * A corpus of share posts as people paste them: channel posts, chat copies, forwarded
 * captions, English and Chinese, Aliyun links beside other drives' links, posts with no
 * password, fast-transfer links. Written from the shapes seen in the wild (ids and codes
 * are made up). Invisible characters are written as \u escapes so a reader can see them.
 *
 * `expected` lists the shares in order as `id`, `id:password`, or `id/folder/<hex>:password`.
 */
import type { MessageEntity } from '../../src/share-text.js';

export interface CorpusPost {
  name: string;
  text: string;
  entities?: MessageEntity[];
  buttons?: string[];
  expected: string[];
}

/** A text_link entity over the n-th occurrence of `visible` (UTF-16 offsets, as Telegram sends them). */
function textLink(text: string, visible: string, url: string, nth = 0): MessageEntity {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(visible, offset + 1);
  if (offset < 0) throw new Error(`"${visible}" not in corpus text`);
  return { type: 'text_link', offset, length: visible.length, url };
}

function withLinks(name: string, text: string, links: [visible: string, url: string, nth?: number][], expected: string[]): CorpusPost {
  return { name, text, entities: links.map(([visible, url, nth]) => textLink(text, visible, url, nth)), expected };
}

const APP_TAIL = '点击链接保存，或者复制本段内容，打开「阿里云盘」APP ，无需下载极速在线查看，视频原画倍速播放。';
const FOLDER = '6561d0b1e3a4f8c2d9e07b5a41c38f29d6e0a7b3';

export const corpus: CorpusPost[] = [
  // --- the app's own share messages, pasted as is
  { name: 'app message with code', text: `「奥本海默.2023.2160p.mkv」https://www.alipan.com/s/6eiXjmR8YbT 提取码: k3m9\n${APP_TAIL}`, expected: ['6eiXjmR8YbT:k3m9'] },
  { name: 'app message without code (old domain)', text: `「周杰伦 无损合集」https://www.aliyundrive.com/s/cwHWmZMCHen\n${APP_TAIL}`, expected: ['cwHWmZMCHen'] },
  { name: 'app message, folder share', text: `我用阿里云盘分享了「纪录片」，你可以不限速下载🚀\n复制这段内容打开「阿里云盘」App 即可获取\n链接：https://www.alipan.com/s/nJ7e5yz7Uvy\n提取码：w8t2`, expected: ['nJ7e5yz7Uvy:w8t2'] },
  { name: 'app album message', text: `相簿分享「2024 旅行」https://www.aliyundrive.com/s/NFtaQ5FtWVi 提取码: 9xq4\n点击链接保存，或者复制本段内容，打开「阿里云盘」APP，使用相册备份节省手机空间。`, expected: ['NFtaQ5FtWVi:9xq4'] },

  // --- channel posts
  {
    name: 'channel post with emoji lines',
    text: `🎬 名称：流浪地球2 (2023) 4K HDR\n📝 简介：太阳即将毁灭，人类在地球表面建造出巨大的推进器……\n\n🔗 链接：https://www.alipan.com/s/YnXHGva5kum\n🔑 提取码：b7n2\n📁 大小：58.3G\n🏷 标签：#科幻 #国产 #4K\n\n📢 频道：@example_movies`,
    expected: ['YnXHGva5kum:b7n2'],
  },
  {
    name: 'channel post, markdown bold labels and code value',
    text: `**资源名称**：繁花 全30集\n**链接**：https://www.alipan.com/s/sT2AEazE5Qx\n**提取码**：\`hu4k\`\n**来自**：@example_tv`,
    expected: ['sT2AEazE5Qx:hu4k'],
  },
  {
    name: 'channel post, code in square brackets',
    text: `📺 漫长的季节 (2023) 全12集\n👉 https://www.alipan.com/s/xk4GkyF9idC\n【提取码：5rtm】\n#国剧 #悬疑`,
    expected: ['xk4GkyF9idC:5rtm'],
  },
  {
    name: 'episode list, one link and code per line',
    text: `📺 三体 (2023) 更新中\nEP01 https://www.alipan.com/s/SsNi79ew7Mk 提取码 a1b2\nEP02 https://www.alipan.com/s/UmP79VWQX33 提取码 c3d4\nEP03 https://www.alipan.com/s/pmQGVmq3udN 提取码 e5f6\nEP04 https://www.alipan.com/s/ULeSMLorN4w 提取码 g7h8`,
    expected: ['SsNi79ew7Mk:a1b2', 'UmP79VWQX33:c3d4', 'pmQGVmq3udN:e5f6', 'ULeSMLorN4w:g7h8'],
  },
  {
    name: 'codes written before the links',
    text: `上部：提取码 qw12 链接 https://www.alipan.com/s/2uoTJUYYxX9\n下部：提取码 er34 链接 https://www.alipan.com/s/QLZ92f4oBqT`,
    expected: ['2uoTJUYYxX9:qw12', 'QLZ92f4oBqT:er34'],
  },
  {
    name: 'code on the line above the link',
    text: `【4K修复】霸王别姬\n提取码：m2n8\n链接：https://www.alipan.com/s/wLdM4VSf2Us`,
    expected: ['wLdM4VSf2Us:m2n8'],
  },
  {
    name: 'folder link with pwd in the query',
    text: `第二季在这个文件夹里 👉 https://www.alipan.com/s/ji2wXmpW6dD/folder/${FOLDER}?pwd=t5y7`,
    expected: [`ji2wXmpW6dD/folder/${FOLDER}:t5y7`],
  },
  { name: 'full-width link and code', text: `链接：ａｌｉｐａｎ．ｃｏｍ／ｓ／ｓＫａｆｊ６２２Ｋｏ２　提取码：ｐ９ｑ８`, expected: ['sKafj622Ko2:p9q8'] },
  {
    name: 'long post, link at the very end',
    text: `${'📖 剧情：故事发生在上世纪九十年代的上海，阿宝在时代浪潮中白手起家，成为商界传奇。'.repeat(40)}\n\n⬇️ 下载\nhttps://www.alipan.com/s/HAD4cwQJPh9 提取码: z3x4`,
    expected: ['HAD4cwQJPh9:z3x4'],
  },
  {
    name: 'HTML copy from a web page',
    text: `<p>阿里云盘：<a href="https://www.alipan.com/s/nWjP2fftxHt" target="_blank">https://www.alipan.com/s/nWjP2fftxHt</a> 提取码：<strong>v6b7</strong></p>`,
    expected: ['nWjP2fftxHt:v6b7'],
  },
  {
    name: 'markdown link with the code on the next line',
    text: `[📁 点我获取 宫崎骏全集](https://www.alipan.com/s/MVPKrPXCBGu)\n🔑 密码: 4kq9`,
    expected: ['MVPKrPXCBGu:4kq9'],
  },
  {
    name: 'traditional Chinese labels',
    text: `【資源】進擊的巨人 完結篇\n連結：https://www.alipan.com/s/8ykYqWESmNA\n提取碼：7hjk`,
    expected: ['8ykYqWESmNA:7hjk'],
  },
  {
    name: 'ideographic spaces as padding',
    text: `电影　　https://www.alipan.com/s/LuXfYRqZLXB　　提取码　9b8v`,
    expected: ['LuXfYRqZLXB:9b8v'],
  },

  // --- what channels do against spam filters: invisible characters
  { name: 'zero-width space inside the id', text: `🔗 https://www.alipan.com/s/nrKM\u200bCmSZ2ek\n🔑 提取码：d4f5`, expected: ['nrKMCmSZ2ek:d4f5'] },
  { name: 'word joiner and ZWNJ inside the id', text: `资源地址：alipan.com/s/7gB\u2060Fpar\u200cxkSs 提取码: r5t6`, expected: ['7gBFparxkSs:r5t6'] },
  { name: 'zero-width characters inside the label', text: `https://www.alipan.com/s/TQW4JhkNcS5\n提\u200b取\u200b码\u200b：7u8i`, expected: ['TQW4JhkNcS5:7u8i'] },
  { name: 'BOM after the colon', text: `链接：https://www.alipan.com/s/JX5bE8YtrvM\n提取码：\ufeffo9p0`, expected: ['JX5bE8YtrvM:o9p0'] },
  { name: 'zero-width joiner inside the host', text: `https://www.ali\u200dpan.com/s/2QAGeaWg3h9 密码: a2s3`, expected: ['2QAGeaWg3h9:a2s3'] },
  { name: 'zero-width inside the code', text: `https://www.aliyundrive.com/s/JbB3NaXPZxH 提取码: q1\u200bw2`, expected: ['JbB3NaXPZxH:q1w2'] },
  { name: 'invisible characters everywhere', text: `\ufeff🎞 https://\u200bwww.alipan.com/\u200bs/\u200bynPr\u200bWaFeax9\u200b\n\u2060提取码\u2060:\u2060 e3r4\u200d`, expected: ['ynPrWaFeax9:e3r4'] },

  // --- copied from narrow columns
  { name: 'line break right after /s/', text: `链接：https://www.alipan.com/s/\ntvVnKdaB4YP\n提取码：t6y7`, expected: ['tvVnKdaB4YP:t6y7'] },
  { name: 'line break after /s/ with CRLF', text: `https://www.aliyundrive.com/s/\r\nsa7LtvJkSKg 提取码: u8i9`, expected: ['sa7LtvJkSKg:u8i9'] },

  // --- other labels
  { name: '分享码', text: `https://www.alipan.com/s/eF2inLxu2US 分享码：3edc`, expected: ['eF2inLxu2US:3edc'] },
  { name: '访问码', text: `资源：https://www.alipan.com/s/wSzjSF8ZMrE\n访问码：4rfv`, expected: ['wSzjSF8ZMrE:4rfv'] },
  { name: 'bracketed label, code in backticks', text: `📦 https://www.alipan.com/s/nBKJhAUSahd\n[分享码] \`5b8p\``, expected: ['nBKJhAUSahd:5b8p'] },
  { name: 'bare code in parentheses after the URL', text: `阿里云盘 https://www.alipan.com/s/xj5FiAoZTkL (9ou7)`, expected: ['xj5FiAoZTkL:9ou7'] },
  { name: 'bare code in full-width parentheses', text: `下载：https://www.alipan.com/s/mD8MTALEBL5（6yhn）`, expected: ['mD8MTALEBL5:6yhn'] },
  { name: 'code in parentheses with its label', text: `https://www.alipan.com/s/r2Dq9b37FER（提取码：7ujm）`, expected: ['r2Dq9b37FER:7ujm'] },
  { name: '提取码为', text: `给你 https://www.alipan.com/s/U6UnpYbbBDH 提取码为 8ik9`, expected: ['U6UnpYbbBDH:8ik9'] },

  // --- several links, one line of codes
  { name: 'two links, codes 分别为 in order', text: `上集：https://www.alipan.com/s/JAZhEFQ7BJH\n下集：https://www.alipan.com/s/fHLutXgQ35V\n提取码分别为：ab12、cd34`, expected: ['JAZhEFQ7BJH:ab12', 'fHLutXgQ35V:cd34'] },
  { name: 'three links, codes 分别是 separated by spaces', text: `1. https://www.alipan.com/s/jfxXFRcDuyK\n2. https://www.alipan.com/s/6eiXjmR8YbT\n3. https://www.alipan.com/s/cwHWmZMCHen\n密码分别是 x1y2 z3w4 v5u6`, expected: ['jfxXFRcDuyK:x1y2', '6eiXjmR8YbT:z3w4', 'cwHWmZMCHen:v5u6'] },
  { name: 'two links, codes separated by a slash', text: `https://www.alipan.com/s/nJ7e5yz7Uvy\nhttps://www.alipan.com/s/NFtaQ5FtWVi\n提取码：k9j8 / h7g6`, expected: ['nJ7e5yz7Uvy:k9j8', 'NFtaQ5FtWVi:h7g6'] },

  // --- other drives beside Aliyun
  {
    name: 'Baidu link with its code on the next line after the Aliyun link',
    text: `阿里云盘：https://www.alipan.com/s/YnXHGva5kum\n百度网盘：https://pan.baidu.com/s/1aBcDeFgHiJkLmNoPqRsTu\n提取码：bd12`,
    expected: ['YnXHGva5kum'],
  },
  {
    name: 'Baidu share message pasted after an Aliyun link',
    text: `阿里：https://www.alipan.com/s/sT2AEazE5Qx\n\n通过百度网盘分享的文件：电影合集\n链接：https://pan.baidu.com/s/1xYzAbCdEfGhIjKlMnOpQr?pwd=u7u7 \n提取码：u7u7 \n--来自百度网盘超级会员V5的分享`,
    expected: ['sT2AEazE5Qx'],
  },
  {
    name: 'Baidu first, Aliyun second, each with its code after it',
    text: `百度：https://pan.baidu.com/s/1QwErTyUiOpAsDfGhJkLzX 提取码：bd34\n阿里：https://www.alipan.com/s/xk4GkyF9idC 提取码：al56`,
    expected: ['xk4GkyF9idC:al56'],
  },
  {
    name: 'Quark and Aliyun, codes on their own lines',
    text: `夸克网盘：https://pan.quark.cn/s/3f8e2d1c0b9a\n提取码：qk78\n阿里云盘：https://www.alipan.com/s/SsNi79ew7Mk\n提取码：al90`,
    expected: ['SsNi79ew7Mk:al90'],
  },
  {
    name: '115 link with its password query and an Aliyun link without code',
    text: `115：https://115cdn.com/s/swh4k2a3z9x?password=p115#\n阿里：https://www.alipan.com/s/UmP79VWQX33`,
    expected: ['UmP79VWQX33'],
  },
  {
    name: '123 pan with code, Aliyun with code',
    text: `123云盘：https://www.123pan.com/s/AbCd-EfGh1 提取码:1234\n阿里云盘：https://www.alipan.com/s/pmQGVmq3udN 提取码:al12`,
    expected: ['pmQGVmq3udN:al12'],
  },
  {
    name: '189 cloud with 访问码 in parentheses, Aliyun without code',
    text: `天翼云盘：https://cloud.189.cn/t/aAbBcCdDeEfF（访问码：ty34）\n阿里云盘：https://www.alipan.com/s/ULeSMLorN4w`,
    expected: ['ULeSMLorN4w'],
  },
  {
    name: 'four drives in a list, Aliyun third',
    text: `📦 百度：https://pan.baidu.com/s/1ZxCvBnMaSdFgHjKlQwErT?pwd=bd99\n📦 夸克：https://pan.quark.cn/s/9a8b7c6d5e4f\n📦 阿里：https://www.alipan.com/s/2uoTJUYYxX9\n📦 迅雷：https://pan.xunlei.com/s/VNqWeRtYuIoP 提取码：xl11`,
    expected: ['2uoTJUYYxX9'],
  },
  {
    name: 'only other drives',
    text: `百度：https://pan.baidu.com/s/1ZxCvBnMaSdFgHjKlQwErT 提取码：bd99\n夸克：https://pan.quark.cn/s/9a8b7c6d5e4f`,
    expected: [],
  },
  {
    name: 'Baidu code labelled 百度提取码 on its own line',
    text: `阿里：https://www.alipan.com/s/QLZ92f4oBqT\n百度：链接在评论区\n百度提取码：bd00`,
    expected: ['QLZ92f4oBqT'],
  },

  // --- no password
  { name: '提取码: 无', text: `https://www.alipan.com/s/wLdM4VSf2Us 提取码: 无`, expected: ['wLdM4VSf2Us'] },
  { name: '提取码: none', text: `https://www.alipan.com/s/ji2wXmpW6dD\n提取码: none`, expected: ['ji2wXmpW6dD'] },
  { name: 'no code needed', text: `免提取码，直接保存：https://www.alipan.com/s/sKafj622Ko2`, expected: ['sKafj622Ko2'] },
  { name: 'archive password is not the share code', text: `https://www.alipan.com/s/HAD4cwQJPh9\n解压密码：1234`, expected: ['HAD4cwQJPh9'] },

  // --- English
  { name: 'English post with Link/Password lines', text: `The Bear S03 1080p\nLink: https://www.alipan.com/s/nWjP2fftxHt\nPassword: r4e3`, expected: ['nWjP2fftxHt:r4e3'] },
  { name: 'English chat with pwd', text: `here u go alipan.com/s/MVPKrPXCBGu pwd: 2w3e`, expected: ['MVPKrPXCBGu:2w3e'] },
  { name: 'English, no password', text: `Mirror on Aliyun Drive: https://www.aliyundrive.com/s/8ykYqWESmNA (no password needed)`, expected: ['8ykYqWESmNA'] },
  { name: 'English, code label', text: `Aliyun: https://www.alipan.com/s/LuXfYRqZLXB code: 8u7y`, expected: ['LuXfYRqZLXB:8u7y'] },

  // --- chat copies
  { name: 'chat copy, link and code glued', text: `兄弟这个 https://www.alipan.com/s/nrKMCmSZ2ek提取码：6t5r 赶紧存`, expected: ['nrKMCmSZ2ek:6t5r'] },
  { name: 'chat copy, bare domain', text: `aliyundrive.com/s/7gBFparxkSs 密码 9o8i`, expected: ['7gBFparxkSs:9o8i'] },
  { name: 'chat copy, link sent twice', text: `https://www.alipan.com/s/TQW4JhkNcS5\n刚才那个 https://www.alipan.com/s/TQW4JhkNcS5 提取码 1q2w`, expected: ['TQW4JhkNcS5:1q2w'] },
  { name: 'ordinary chat, no link', text: `阿里云盘今天又抽风了，转存一直失败，有人遇到吗？`, expected: [] },

  // --- fast transfer
  { name: 'fast-transfer link only', text: `我用阿里云盘快传给你发了「test.zip」，点击链接即可保存 https://www.alipan.com/t/Xk9mQ2wErT4y`, expected: [] },
  {
    name: 'fast-transfer beside a share',
    text: `快传：https://www.aliyundrive.com/t/Pl0oKi9uJy\n分享：https://www.alipan.com/s/JX5bE8YtrvM 提取码：h6g5`,
    expected: ['JX5bE8YtrvM:h6g5'],
  },

  // --- Telegram entities and buttons
  withLinks('hidden link with the code on the same line', `🎬 沙丘2 👉 点击保存 提取码: 3f4g`, [['点击保存', 'https://www.alipan.com/s/2QAGeaWg3h9']], ['2QAGeaWg3h9:3f4g']),
  withLinks(
    'two hidden links with codes, emoji before them',
    `🔥 合集 🔥\n📁 上 👉 点此保存 提取码: 1a2b\n📁 下 👉 点此保存 提取码: 3c4d`,
    [['点此保存', 'https://www.alipan.com/s/JbB3NaXPZxH', 0], ['点此保存', 'https://www.alipan.com/s/ynPrWaFeax9', 1]],
    ['JbB3NaXPZxH:1a2b', 'ynPrWaFeax9:3c4d'],
  ),
  withLinks(
    'hidden Aliyun and hidden Baidu links, Baidu code below',
    `阿里云盘：点击获取\n百度网盘：点击获取\n提取码：bd77`,
    [['点击获取', 'https://www.alipan.com/s/tvVnKdaB4YP', 0], ['点击获取', 'https://pan.baidu.com/s/1QaZwSxEdCrFvTgByHnUjM', 1]],
    ['tvVnKdaB4YP'],
  ),
  withLinks(
    'hidden link after invisible characters',
    `\u200b\u200b📺 全集\u200b 点我保存\u200b 提取码：\u200b5g6h`,
    [['点我保存', 'https://www.alipan.com/s/sa7LtvJkSKg']],
    ['sa7LtvJkSKg:5g6h'],
  ),
  { name: 'forwarded post with a button', text: `【沙丘2】4K 杜比视界\n提取码：7j8k`, buttons: ['https://www.alipan.com/s/eF2inLxu2US'], expected: ['eF2inLxu2US:7j8k'] },

  // --- far-away passwords
  { name: 'single code far below the only link', text: `https://www.alipan.com/s/wSzjSF8ZMrE\n导演：维伦纽瓦\n主演：甜茶 / 赞达亚\n类型：科幻\n提取码：0p9o`, expected: ['wSzjSF8ZMrE:0p9o'] },
  { name: 'two links and one far code: no guessing', text: `上：https://www.alipan.com/s/nBKJhAUSahd\n下：https://www.alipan.com/s/xj5FiAoZTkL\n\n简介：……\n\n提取码：5t6y`, expected: ['nBKJhAUSahd', 'xj5FiAoZTkL'] },
  { name: 'link with pwd query restated in the text', text: `https://www.alipan.com/s/mD8MTALEBL5?pwd=z9x8\n提取码：z9x8`, expected: ['mD8MTALEBL5:z9x8'] },
  // --- more shapes seen in chats and forwards
  { name: 'sentence with 是 and a full stop', text: `地址是alipan.com/s/U6UnpYbbBDH。密码是3kd9。`, expected: ['U6UnpYbbBDH:3kd9'] },
  { name: 'link in angle brackets', text: `阿里云盘 <https://www.alipan.com/s/JAZhEFQ7BJH> 提取码 2m3n`, expected: ['JAZhEFQ7BJH:2m3n'] },
  { name: 'full-width query', text: `https://www.alipan.com/s/fHLutXgQ35V？pwd＝8j7h`, expected: ['fHLutXgQ35V:8j7h'] },
  { name: 'space before the colon', text: `链接 : https://www.alipan.com/s/jfxXFRcDuyK\n提取码 : 5tg6`, expected: ['jfxXFRcDuyK:5tg6'] },
  { name: 'code in 【】 after the label', text: `https://www.alipan.com/s/nrKMCmSZ2ek 密码:【4rt5】`, expected: ['nrKMCmSZ2ek:4rt5'] },
  { name: 'code then a note in parentheses', text: `阿里：https://www.alipan.com/s/7gBFparxkSs\n提取码：w2e3（复制整段打开阿里云盘）`, expected: ['7gBFparxkSs:w2e3'] },
  { name: 'codes 分别是 joined by 和', text: `https://www.alipan.com/s/TQW4JhkNcS5\nhttps://www.alipan.com/s/JX5bE8YtrvM\n提取码分别是 a1s2 和 d3f4`, expected: ['TQW4JhkNcS5:a1s2', 'JX5bE8YtrvM:d3f4'] },
  { name: 'quoted lines from a markdown copy', text: `> 🎬 奥本海默\n> https://www.alipan.com/s/2QAGeaWg3h9\n> 提取码: 6yu7`, expected: ['2QAGeaWg3h9:6yu7'] },
  { name: 'year in parentheses after the link, code below', text: `沙丘2 https://www.alipan.com/s/JbB3NaXPZxH (2024)\n提取码：9ij8`, expected: ['JbB3NaXPZxH:9ij8'] },
  { name: 'Aliyun and Quark links on one line, codes after each', text: `阿里 https://www.alipan.com/s/ynPrWaFeax9 提取码 1z2x 夸克 https://pan.quark.cn/s/4e5d6c7b8a9f 提取码 3c4v`, expected: ['ynPrWaFeax9:1z2x'] },
  { name: '115 code line then the Aliyun link with its own', text: `115网盘：https://115.com/s/swh4k2a3z9x\n访问码：1o1o\n阿里云盘：https://www.alipan.com/s/tvVnKdaB4YP\n访问码：a1i2`, expected: ['tvVnKdaB4YP:a1i2'] },
  { name: 'emoji key label', text: `📥 https://www.alipan.com/s/sa7LtvJkSKg\n🔑 密码 ：h8j9`, expected: ['sa7LtvJkSKg:h8j9'] },
];
