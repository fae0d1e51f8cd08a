/**
 * Realistic 4096-character channel posts for timing the share-text extractor: Chinese prose,
 * emoji, hashtags, several Aliyun links with 提取码 lines (some full-width, some folder links,
 * some only behind a text_link entity), and links of other drives with their own passwords.
 */
import type { MessageEntity } from '../../src/share-text.js';
import { SeededRandom } from '../../src/sim/seeded-random.js';

/** Telegram's longest message text. */
export const MAX_MESSAGE_LENGTH = 4096;

export interface Post {
  text: string;
  entities: MessageEntity[];
}

/** The simulators' seeded generator, so every run times the same posts. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

const ID_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const PROSE = [
  '🎬 简介：一部关于沙漠星球的史诗电影，演员阵容强大，画面震撼，值得一看。',
  '📺 更新至第12集，4K 杜比视界，内封简繁字幕，每周五晚更新。',
  '🎵 无损音乐合集 FLAC 24bit，华语流行 2000-2024 精选，共 800 首。',
  '📚 电子书合集：EPUB/MOBI/AZW3 三种格式，Kindle 直接可读。',
  '⚠️ 资源来自网络，仅供学习交流，请于下载后 24 小时内删除。',
  '❤️ 觉得不错就点个赞，转发给需要的朋友，感谢支持！',
  'Season 3 is out: 1080p WEB-DL, English + 中文 subtitles, 10 episodes.',
  '🏷 #电影 #4K #纪录片 #动漫 #阿里云盘 #资源分享',
  '频道：@example_channel   群组：@example_group   投稿：@example_bot',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function chars(rand: () => number, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** One link block: an Aliyun share (several forms) or another drive's link. */
function linkBlock(rand: () => number, index: number): { text: string; hiddenUrl?: string } {
  const id = chars(rand, ID_CHARS, 11);
  const pwd = chars(rand, 'abcdefghijkmnpqrstuvwxyz23456789', 4);
  const name = `${pick(rand, ['沙丘', '三体', '流浪地球', 'Oppenheimer', '繁花', '漫长的季节'])}${index + 1}`;
  switch (Math.floor(rand() * 7)) {
    case 0:
      return { text: `「${name}.mkv」https://www.alipan.com/s/${id} 提取码: ${pwd}\n点击链接保存，或者复制本段内容，打开「阿里云盘」APP ，无需下载极速在线查看，视频原画倍速播放。` };
    case 1:
      return { text: `📁 ${name}\n🔗 链接：https://www.aliyundrive.com/s/${id}/folder/${chars(rand, '0123456789abcdef', 40)}\n🔑 密码：${pwd}` };
    case 2:
      return { text: `📁 ${name} 👉 ${toFullWidth(`alipan.com/s/${id}`)} 提取码：${pwd}` };
    case 3:
      // Only an entity knows where this one leads.
      return { text: `📁 ${name} 👉 点击保存 提取码: ${pwd}`, hiddenUrl: `https://www.alipan.com/s/${id}` };
    case 4:
      return { text: `夸克网盘：https://pan.quark.cn/s/${chars(rand, '0123456789abcdef', 12)} 提取码：${pwd}` };
    case 5:
      return { text: `百度网盘：https://pan.baidu.com/s/1${chars(rand, ID_CHARS, 22)}?pwd=${pwd} 提取码: ${pwd}` };
    default:
      return { text: `${name} www.alipan.com/s/${id}?pwd=${pwd}` };
  }
}

/** A post of exactly {@link MAX_MESSAGE_LENGTH} UTF-16 units (cut at the end like a long post). */
export function makePost(rand: () => number): Post {
  const entities: MessageEntity[] = [];
  let text = '';
  const links = 3 + Math.floor(rand() * 8);
  for (let i = 0; text.length < MAX_MESSAGE_LENGTH; i++) {
    const useLink = i < links * 4 && i % 4 === 1;
    if (useLink) {
      const block = linkBlock(rand, i);
      if (block.hiddenUrl) {
        const visible = '点击保存';
        const offset = text.length + block.text.indexOf(visible);
        if (offset + visible.length <= MAX_MESSAGE_LENGTH) entities.push({ type: 'text_link', offset, length: visible.length, url: block.hiddenUrl });
      }
      text += `${block.text}\n\n`;
    } else {
      text += `${pick(rand, PROSE)}\n`;
    }
  }
  return { text: text.slice(0, MAX_MESSAGE_LENGTH), entities };
}

/** `count` posts from a fixed seed. */
export function makePosts(count: number, seed = 42): Post[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => makePost(rand));
}
