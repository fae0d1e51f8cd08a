/**
 * Link scanners for the share-text parser. All expect width-normalised text
 * (see normalize.ts) and use only linear-time regexes: no nested quantifiers
 * over overlapping classes.
 */
import { isNotAPassword } from './not-a-password.js';

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
  /** The URL's own `?pwd=`, so a code restating it under the link is known as its. */
  password?: string;
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

// The id is the whole [A-Za-z0-9] run after /s/ (invisible characters are gone by
// now); a few spaces between /s/ and the id are tolerated (they caused
// NotFound.ShareLink in other tools when kept), and so is one line break, as in a
// link copied from a narrow column with the id alone on the next line.
const ALIYUN_LINK = new RegExp(
  `(?<![A-Za-z0-9._@\\-])(?:https?:\\/\\/)?(?:www\\.)?(?:aliyundrive|alipan)\\.com\\/([st])\\/[ \\t]{0,3}(\\r?\\n[ \\t]{0,3})?([A-Za-z0-9]*)`,
  'gi',
);
// After a line break the id stands alone: "Password: …" on the next line is no id.
const LABEL_AFTER_ID = /[ \t]*[:=]/y;
// A bare code in parentheses right after the URL: "https://www.alipan.com/s/… (9ou7)".
// A year or an all-capitals tag (FLAC, HEVC) in parentheses describes the file, not a code.
const PAREN_CODE = /[ \t]{0,3}\(([A-Za-z0-9]{4})\)/y;
const NOT_A_PAREN_CODE = /^(?:(?:19|20)\d\d|[A-Z]{4})$/;
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
const ANY_URL_PASSWORD = /[?&;#](?:pwd|password|passcode)=([A-Za-z0-9]+)/i;

/** Finds Aliyun share and fast-transfer links in width-normalised text. */
export function scanAliyunLinks(text: string): AliyunHit[] {
  const hits: AliyunHit[] = [];
  ALIYUN_LINK.lastIndex = 0;
  for (let m = ALIYUN_LINK.exec(text); m !== null; m = ALIYUN_LINK.exec(text)) {
    const kind = (m[1] ?? '').toLowerCase() === 's' ? 'share' : 'fast';
    const id = m[3] ?? '';
    let pos = m.index + m[0].length;
    const [min, max] = kind === 'share' ? [SHARE_ID_MIN, SHARE_ID_MAX] : [FAST_CODE_MIN, FAST_CODE_MAX];
    if (id.length < min || id.length > max) continue;
    AMBIGUOUS_ID_END.lastIndex = pos;
    if (AMBIGUOUS_ID_END.test(text)) continue;
    LABEL_AFTER_ID.lastIndex = pos;
    if (m[2] !== undefined && LABEL_AFTER_ID.test(text)) continue;

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
    PAREN_CODE.lastIndex = pos;
    const paren = kind === 'share' && hit.password === undefined ? PAREN_CODE.exec(text) : null;
    if (paren?.[1] !== undefined && !NOT_A_PAREN_CODE.test(paren[1]) && !isNotAPassword(paren[1])) hit.password = paren[1];
    hit.end = pos;
    ALIYUN_LINK.lastIndex = pos;
    hits.push(hit);
  }
  return hits;
}

/** True for a URL (with scheme) of another drive, or of anything that looks like a share. */
export function isOtherShareUrl(url: string): boolean {
  const scheme = url.indexOf('//');
  const afterScheme = scheme < 0 ? url : url.slice(scheme + 2);
  const hostEnd = afterScheme.search(/[/?#]/);
  const host = (hostEnd < 0 ? afterScheme : afterScheme.slice(0, hostEnd)).replace(/:\d*$/, '');
  const path = hostEnd < 0 ? '' : afterScheme.slice(hostEnd);
  return OTHER_DRIVE_HOST.test(host) || SHARE_LIKE_PATH.test(path);
}

/** Another drive's link at `span`, with the password its URL carries (`?pwd=…`), if any. */
export function otherDriveHit(span: Span, url: string): OtherDriveHit {
  const password = ANY_URL_PASSWORD.exec(url)?.[1];
  return { ...span, hasPassword: password !== undefined, ...(password !== undefined ? { password } : {}) };
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
    others.push(otherDriveHit(span, raw));
  };

  ANY_URL.lastIndex = 0;
  for (let m = ANY_URL.exec(text); m !== null; m = ANY_URL.exec(text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    urlSpans.push(span);
    if (isOtherShareUrl(m[0])) addOther(span, m[0]);
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
