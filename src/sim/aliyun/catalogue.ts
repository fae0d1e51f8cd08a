/**
 * The built-in demo shares, created at start by a publisher account. Ids are stable for a given
 * seed (they are made first, from the seeded stream).
 */
import type { TreeSpec } from './drive.js';
import type { ShareState, World } from './state.js';
import { fullShareMsgOf, shareUrlOf } from './wire.js';

export interface CatalogueEntry {
  shareId: string;
  name: string;
  /** "" when the share has none. */
  password: string;
  state: ShareState | 'missing';
  url: string;
  /** The server's canonical share text, as people paste it. */
  text: string;
}

export interface Catalogue {
  /** The publisher account that owns every catalogue share. */
  ownerUserId: string;
  /** One 64 MiB video: copied at once (201). */
  singleFile: CatalogueEntry;
  /** A nested folder of 21 files: copied as an async task (202). */
  folder: CatalogueEntry;
  /** A folder protected by the password `ab12`. */
  password: CatalogueEntry;
  cancelled: CatalogueEntry;
  expired: CatalogueEntry;
  forbidden: CatalogueEntry;
  /** 250 top-level files (several list pages; more than two batches). */
  many: CatalogueEntry;
  /** One folder with 1000 files inside. */
  bigFolder: CatalogueEntry;
  /** CJK and HTML/Markdown-ish names, for escaping tests. */
  htmlName: CatalogueEntry;
  /** A well-formed share id that does not exist (`NotFound.ShareLink`). */
  notFound: CatalogueEntry;
}

const MiB = 1024 * 1024;

function numbered(count: number, name: (i: number) => string, size: number): TreeSpec {
  return Array.from({ length: count }, (_, i) => ({ name: name(i + 1), size }));
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const episodes = (season: number): TreeSpec =>
  numbered(8, (i) => `Planet.Earth.S${pad(season, 2)}E${pad(i, 2)}.1080p.mkv`, 300 * MiB);

/** Builds the catalogue into `world`. */
export function buildCatalogue(world: World): Catalogue {
  const owner = world.addAccount({ nickName: '资源分享君', quotaBytes: Number.MAX_SAFE_INTEGER });
  const entry = (name: string, files: TreeSpec, opts: { password?: string; state?: ShareState } = {}): CatalogueEntry => {
    const share = world.shareTree(owner, { name, files, password: opts.password, container: true });
    const state = opts.state ?? 'ok';
    if (state !== 'ok') world.setShareState(share.shareId, state);
    return { shareId: share.shareId, name, password: share.password, state, url: shareUrlOf(share), text: fullShareMsgOf(share) };
  };

  const catalogue: Catalogue = {
    ownerUserId: owner.userId,
    singleFile: entry('Big.Buck.Bunny.2008.1080p.mp4', [{ name: 'Big.Buck.Bunny.2008.1080p.mp4', size: 64 * MiB }]),
    folder: entry('地球脉动 Planet Earth', [
      {
        name: '地球脉动 Planet Earth',
        children: [
          { name: 'Season 1', children: episodes(1) },
          { name: 'Season 2', children: episodes(2) },
          { name: '字幕', children: numbered(3, (i) => `Planet.Earth.S01E0${i}.chs.srt`, 40 * 1024) },
          { name: 'README.txt', size: 2 * 1024 },
          { name: 'cover.jpg', size: 800 * 1024 },
        ],
      },
    ]),
    password: entry('考研资料 2024', [{ name: '考研资料 2024', children: numbered(5, (i) => `真题 ${2019 + i}.pdf`, 12 * MiB) }], { password: 'ab12' }),
    cancelled: entry('已取消的分享.mp4', [{ name: '已取消的分享.mp4', size: 20 * MiB }], { state: 'cancelled' }),
    expired: entry('过期的电影.mkv', [{ name: '过期的电影.mkv', size: 20 * MiB }], { state: 'expired' }),
    forbidden: entry('违规内容.mp4', [{ name: '违规内容.mp4', size: 20 * MiB }], { state: 'forbidden' }),
    many: entry('壁纸合集 250张', numbered(250, (i) => `wallpaper-${pad(i, 3)}.jpg`, 2 * MiB)),
    bigFolder: entry('相册备份 1000', [{ name: 'photos-1000', children: numbered(1000, (i) => `IMG_${pad(i, 4)}.jpg`, MiB) }]),
    htmlName: entry('<b>x</b> *_[动漫] & "合集"_*', [
      { name: '<i>第1集</i>.mp4', size: 50 * MiB },
      { name: 'a*b_c[1]`code`.txt', size: 1024 },
      { name: '文件 & <tag> 名.pdf', size: 3 * MiB },
    ]),
    notFound: missingEntry(world),
  };
  return catalogue;
}

function missingEntry(world: World): CatalogueEntry {
  const shareId = world.ids.shareId();
  const url = `https://www.alipan.com/s/${shareId}`;
  const text = `「不存在的分享」${url}\n点击链接保存，或者复制本段内容，打开「阿里云盘」APP ，无需下载极速在线查看，视频原画倍速播放。`;
  return { shareId, name: '不存在的分享', password: '', state: 'missing', url, text };
}
