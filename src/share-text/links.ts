/**
 * Link scanners for the share-text parser. All expect width-normalised text
 * (see normalize.ts) and use only linear-time regexes: no nested quantifiers
 * over overlapping classes.
 */
import { ZERO_WIDTH_CLASS } from './normalize.js';

/** An Aliyun link found in text: a share (`/s/`) or a fast-transfer link (`/t/`). */
export interface AliyunHit {
  kind: 'share' | 'fast';
  /** Share id (`/s/`) or fast-transfer code (`/t/`), `[A-Za-z0-9]` only. */
  id: string;
  folderId?: string;
  /** From `?pwd=` in the URL itself. */
  password?: string;
  start: number;
  end: number;
}

export interface Span {
  start: number;
  end: number;
}

/** A link to another drive (or an unknown share-like URL); it may own a nearby password. */
export interface OtherDriveHit extends Span {
  hasPassword: boolean;
}

export interface TextScan {
  aliyun: AliyunHit[];
  others: OtherDriveHit[];
  /** Every URL-ish span; password labels inside them belong to the URL, not the text. */
  urlSpans: Span[];
}

const SHARE_ID_MIN = 8;
const SHARE_ID_MAX = 14;
const FAST_CODE_MIN = 6;
const FAST_CODE_MAX = 20;

// Characters a URL keeps once it is pasted into chat text. Quotes, brackets and
// parentheses are left out so `<a href="…">`, `[x](…)` and （…） end the URL.
const URL_CHAR = "A-Za-z0-9\\-._~%!$&*+,;=:@/?#";

// The id is the whole [A-Za-z0-9] run after /s/; a few spaces or zero-width
// characters between /s/ and the id are tolerated (they caused NotFound.ShareLink
// in other tools when kept).
const ALIYUN_LINK = new RegExp(
  `(?<![A-Za-z0-9._@\\-])(?:https?:\\/\\/)?(?:www\\.)?(?:aliyundrive|alipan)\\.com\\/([st])\\/[ \\t${ZERO_WIDTH_CLASS}]{0,3}([A-Za-z0-9]*)`,
  'gi',
);
const FOLDER_SUFFIX = /\/folder\/([0-9a-fA-F]{40})(?![A-Za-z0-9])/y;
const URL_TAIL = new RegExp(`[/?#][${URL_CHAR}]*`, 'y');
const URL_PASSWORD = /(?:^|[?&;#/])(?:pwd|password|passcode)=([A-Za-z0-9]{4,8})(?![A-Za-z0-9])/i;
// An id followed by `-x`/`_x` is not a clean [A-Za-z0-9] id; better no result than a wrong share.
const AMBIGUOUS_ID_END = /[-_][A-Za-z0-9]/y;

const OTHER_DRIVE_HOSTS = [
  '(?:pan|yun|eyun)\\.baidu\\.com',
  'pan\\.quark\\.cn',
  '115(?:cdn)?\\.com',
  'anxia\\.com',
  '123pan\\.(?:com|cn)',
  '123(?:684|685|865|912|592)\\.com',
  'cloud\\.189\\.cn',
  'pan\\.xunlei\\.com',
  '(?:drive|fast)\\.uc\\.cn',
  'lanzou[a-z]?\\.com',
  'lanzn\\.com',
  'ilanzou\\.com',
  'share\\.weiyun\\.com',
  '(?:caiyun|yun)\\.139\\.com',
  '(?:my)?pikpak\\.com',
  'mega\\.nz',
  'feijipan\\.com',
  'wenshushu\\.cn',
  'ctfile\\.com',
  'pan\\.wo\\.cn',
].join('|');

// Other drives' links also appear without a scheme ("pan.baidu.com/s/1abc").
const OTHER_DRIVE_BARE = new RegExp(
  `(?<![A-Za-z0-9.@\\-])(?:https?:\\/\\/)?(?:[A-Za-z0-9\\-]+\\.)*(?:${OTHER_DRIVE_HOSTS})(?![A-Za-z0-9.\\-])(?:[/?#][${URL_CHAR}]*)?`,
  'gi',
);
const OTHER_DRIVE_HOST = new RegExp(`(?:^|\\.)(?:${OTHER_DRIVE_HOSTS})$`, 'i');
const ANY_URL = new RegExp(`https?:\\/\\/[${URL_CHAR}]+`, 'gi');
const SHARE_LIKE_PATH = /\/s\/|\/t\/|share/i;
const ANY_URL_PASSWORD = /[?&;#](?:pwd|password|passcode)=[A-Za-z0-9]/i;

/** Finds Aliyun share and fast-transfer links in width-normalised text. */
export function scanAliyunLinks(text: string): AliyunHit[] {
  const hits: AliyunHit[] = [];
  ALIYUN_LINK.lastIndex = 0;
  for (let m = ALIYUN_LINK.exec(text); m !== null; m = ALIYUN_LINK.exec(text)) {
    const kind = (m[1] ?? '').toLowerCase() === 's' ? 'share' : 'fast';
    const id = m[2] ?? '';
    let pos = m.index + m[0].length;
    const [min, max] = kind === 'share' ? [SHARE_ID_MIN, SHARE_ID_MAX] : [FAST_CODE_MIN, FAST_CODE_MAX];
    if (id.length < min || id.length > max) continue;
    AMBIGUOUS_ID_END.lastIndex = pos;
    if (AMBIGUOUS_ID_END.test(text)) continue;

    const hit: AliyunHit = { kind, id, start: m.index, end: pos };
    if (kind === 'share') {
      FOLDER_SUFFIX.lastIndex = pos;
      const folder = FOLDER_SUFFIX.exec(text);
      if (folder) {
        hit.folderId = (folder[1] ?? '').toLowerCase();
        pos += folder[0].length;
      }
    }
    URL_TAIL.lastIndex = pos;
    const tail = URL_TAIL.exec(text);
    if (tail) {
      pos += tail[0].length;
      const pwd = URL_PASSWORD.exec(tail[0]);
      if (pwd?.[1] !== undefined && kind === 'share') hit.password = pwd[1];
    }
    hit.end = pos;
    ALIYUN_LINK.lastIndex = pos;
    hits.push(hit);
  }
  return hits;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Scans width-normalised text for Aliyun links, links of other drives (which may
 * own passwords that must not leak to an Aliyun link) and URL spans in general.
 */
export function scanText(text: string): TextScan {
  const aliyun = scanAliyunLinks(text);
  const others: OtherDriveHit[] = [];
  const urlSpans: Span[] = aliyun.map(({ start, end }) => ({ start, end }));
  const addOther = (span: Span, raw: string): void => {
    if (aliyun.some((a) => overlaps(a, span)) || others.some((o) => overlaps(o, span))) return;
    others.push({ ...span, hasPassword: ANY_URL_PASSWORD.test(raw) });
  };

  ANY_URL.lastIndex = 0;
  for (let m = ANY_URL.exec(text); m !== null; m = ANY_URL.exec(text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    urlSpans.push(span);
    const afterScheme = m[0].slice(m[0].indexOf('//') + 2);
    const hostEnd = afterScheme.search(/[/?#]/);
    const host = (hostEnd < 0 ? afterScheme : afterScheme.slice(0, hostEnd)).replace(/:\d*$/, '');
    const path = hostEnd < 0 ? '' : afterScheme.slice(hostEnd);
    if (OTHER_DRIVE_HOST.test(host) || SHARE_LIKE_PATH.test(path)) addOther(span, m[0]);
  }
  OTHER_DRIVE_BARE.lastIndex = 0;
  for (let m = OTHER_DRIVE_BARE.exec(text); m !== null; m = OTHER_DRIVE_BARE.exec(text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    urlSpans.push(span);
    addOther(span, m[0]);
  }
  others.sort((a, b) => a.start - b.start);
  urlSpans.sort((a, b) => a.start - b.start);
  return { aliyun, others, urlSpans };
}
