/**
 * Password markers ("提取码: ab12", "pwd ab12", …) and the rule that gives each
 * marker to the link it belongs to.
 */
import type { LineMap } from './normalize.js';
import type { Span } from './links.js';
import { isNotAPassword } from './not-a-password.js';

/** A password written in the text, with where it sits. */
export interface PasswordMark extends Span {
  value: string;
  /** "提取码分别为：ab12、cd34": the codes of the links before it, in order (value is the first). */
  values: string[];
  /** Labelled only with the English word "code": used next to a link, never as a far-away fallback. */
  weak: boolean;
  /** Labelled for another drive ("百度提取码"): only another drive's link may take it. */
  foreign: boolean;
}

/** Something that can own a password: an Aliyun share occurrence, or another drive's / a fast-transfer link. */
export interface Claimant extends Span {
  /** false for other drives and fast-transfer links: what they claim is dropped. */
  acceptsPassword: boolean;
  password?: string;
  hasPassword: boolean;
}

// Markdown/HTML that sits between a label and its value: **提取码**: `ab12`, <b>密码</b>：<code>ab12</code>.
const GAP = '(?:[ \\t*_~`]|<\\/?[A-Za-z]{1,6}>)';
const CHINESE_LABEL = '提取密[码碼]|提取[码碼]|访问密[码碼]|訪問密[码碼]|访问[码碼]|訪問[码碼]|分享密[码碼]|分享[码碼]|密[码碼]';
const PASSWORD_MARK = new RegExp(
  // The label may sit in brackets: "[分享码] `5b8p`", "【提取码】ab12".
  `(?:(${CHINESE_LABEL})(分别|分別|依次)?[为是為]?[\\]】」』)]?` +
    '|(?<![A-Za-z0-9])(password|passwd|passcode|pwd|code))' +
    `(${GAP}{0,4})(?:([:=])${GAP}{0,4})?[「『【(\\[“‘"'|]?([A-Za-z0-9]{4,8})(?![A-Za-z0-9])`,
  'gi',
);
// The next code of a list: "ab12、cd34", "ab12 / cd34"; after 分别/依次 plain spaces and 和/及 separate too.
const LIST_NEXT = /[ \t*_~`]{0,4}[、,;/|][ \t*_~`]{0,4}([A-Za-z0-9]{4,8})(?![A-Za-z0-9])/y;
const LIST_NEXT_SPACED = /(?:[ \t*_~`]{0,4}[、,;/|和及与&][ \t*_~`]{0,4}|[ \t]{1,4})([A-Za-z0-9]{4,8})(?![A-Za-z0-9])/y;
const MAX_LIST = 20;
// An archive password is not a share password.
const ARCHIVE_PREFIX = /(?:解压|解壓|压缩|壓縮|zip|rar|7z|unzip)\s*$/i;
// "百度提取码: xxxx" on a line of its own belongs to Baidu even without a link nearby.
const OTHER_DRIVE_WORD =
  /百度|夸克|天翼|迅雷|蓝奏|藍奏|115(?:网盘|網盤|盘|云)|123(?:云盘|網盤|盘)|UC(?:网盘|云盘)|和彩云|pikpak|baidu|quark|xunlei|lanzou/i;
const LOOKS_LIKE_DOMAIN_OR_PATH = /^[.@/][A-Za-z0-9]/;

/** Where the last URL span ending at or before `pos` ends (0 when none does). */
function urlEndBefore(pos: number, spans: readonly Span[]): number {
  let end = 0;
  for (const span of spans) if (span.end <= pos && span.end > end) end = span.end;
  return end;
}

function insideAny(pos: number, spans: readonly Span[]): boolean {
  return spans.some((s) => pos >= s.start && pos < s.end);
}

/**
 * Finds password markers in width-normalised text. Labels inside URL spans are
 * skipped (a URL's own `?pwd=` is read with the URL); archive passwords are
 * skipped, and passwords labelled for another drive marked as such.
 */
export function scanPasswords(text: string, urlSpans: readonly Span[], lines: LineMap): PasswordMark[] {
  const marks: PasswordMark[] = [];
  PASSWORD_MARK.lastIndex = 0;
  for (let m = PASSWORD_MARK.exec(text); m !== null; m = PASSWORD_MARK.exec(text)) {
    const latinLabel = m[3];
    const gap = m[4] ?? '';
    const hasColon = m[5] !== undefined;
    const value = m[6] ?? '';
    const end = m.index + m[0].length;
    const lineStart = lines.lineStartOf(m.index);
    // What the label follows, on its line and after any URL: a share id ending in "7Z" is no archive.
    const before = text.slice(Math.max(lineStart, m.index - 12, urlEndBefore(m.index, urlSpans)), m.index);
    const valid =
      // An English label needs ":"/"=" or a space, and without ":"/"=" only the usual 4 characters.
      (latinLabel === undefined || hasColon || (gap.length > 0 && value.length === 4)) &&
      !isNotAPassword(value) &&
      !LOOKS_LIKE_DOMAIN_OR_PATH.test(text.slice(end, end + 2)) &&
      !ARCHIVE_PREFIX.test(before) &&
      !insideAny(m.index, urlSpans);
    if (!valid) {
      PASSWORD_MARK.lastIndex = m.index + 1;
      continue;
    }
    const values = [value];
    let listEnd = end;
    const next = m[2] !== undefined ? LIST_NEXT_SPACED : LIST_NEXT;
    next.lastIndex = end;
    for (let n = next.exec(text); n !== null && values.length < MAX_LIST; n = next.exec(text)) {
      const item = n[1] ?? '';
      if (isNotAPassword(item) || LOOKS_LIKE_DOMAIN_OR_PATH.test(text.slice(next.lastIndex, next.lastIndex + 2))) break;
      values.push(item);
      listEnd = next.lastIndex;
    }
    marks.push({ start: m.index, end: listEnd, value, values, weak: latinLabel?.toLowerCase() === 'code', foreign: OTHER_DRIVE_WORD.test(before) });
    PASSWORD_MARK.lastIndex = listEnd;
  }
  return marks;
}

/**
 * Gives each password mark to the link it belongs to; returns the marks nobody
 * claimed and that sit at least a line away from every link (the only ones a
 * whole-message fallback may use).
 *
 * Rule, in order, with A = nearest link before the password, B = nearest after
 * (lines are logical: blank lines do not count). A link that already has a
 * password (from its own ?pwd= or an earlier mark) takes no other:
 *  0. A list of n codes ("提取码分别为：ab12、cd34") goes, in order, to the n links
 *     before it; with fewer links before it, only its first code counts, as a mark.
 *  1. The mark is on A's line → A ("A 提取码: aa11"); if the mark restates A's own
 *     code (its ?pwd= or "(aa11)"), the mark is A's and goes to no one else.
 *  2. The mark is on B's line, before it → B ("提取码: bb22 链接: B").
 *  3. The mark is on the line after A → A ("A\n提取码: aa11"); if it restates A's
 *     own code ("A?pwd=aa11\n提取码: aa11"), it goes to no one. A code A took from
 *     an earlier mark is not A's own: repeated on the next line, it goes on to rule 4.
 *  4. The mark's line has no link and B starts on the next line → B ("提取码: bb22\nB").
 *  5. Otherwise the mark is dropped if it is on a link's line or the line next to
 *     one (it is that link's, restated or for another drive), else left unclaimed.
 * Same-line placement wins over next-line placement: in "A\n提取码: bb22 链接: B"
 * the post writes passwords before links, so bb22 is B's and A has none.
 * A mark given to another drive's link is dropped, so it never reaches an Aliyun link;
 * a mark labelled for another drive ("百度提取码") is taken only by such a link.
 */
export function assignPasswords(
  marks: readonly PasswordMark[],
  claimants: readonly Claimant[],
  lines: LineMap,
): PasswordMark[] {
  const unclaimed: PasswordMark[] = [];
  const claim = (c: Claimant, value: string): void => {
    if (c.hasPassword) return;
    c.hasPassword = true;
    if (c.acceptsPassword) c.password = value;
  };
  // Each link's own code (its ?pwd=, or a (code) right after it), before any mark is given out:
  // only that code can be restated below the link (the Aliyun app writes "…?pwd=ab12\n提取码: ab12").
  const ownCodes = new Map(claimants.map((c) => [c, c.password]));
  let next = 0; // first claimant starting after the current mark (marks and claimants are sorted)
  for (const mark of marks) {
    while (next < claimants.length && (claimants[next]?.start ?? 0) < mark.end) next += 1;
    const count = mark.values.length;
    if (count > 1 && next >= count) {
      mark.values.forEach((value, i) => {
        const owner = claimants[next - count + i];
        if (owner && !(mark.foreign && owner.acceptsPassword)) claim(owner, value);
      });
      continue;
    }
    const before = next > 0 ? claimants[next - 1] : undefined;
    const after = claimants[next];
    const markLine = lines.lineOf(mark.start);
    const beforeLine = before === undefined ? -2 : lines.lineOf(Math.min(Math.max(before.start, before.end - 1), mark.start));
    const afterLine = after === undefined ? -2 : lines.lineOf(after.start);
    const beforeOnLine = before !== undefined && beforeLine === markLine;
    const afterOnLine = after !== undefined && afterLine === markLine;
    const nextToLink = (before !== undefined && beforeLine >= markLine - 1) || (after !== undefined && afterLine <= markLine + 1);

    // An Aliyun link never takes a code labelled for another drive.
    const free = (c: Claimant | undefined): c is Claimant => c !== undefined && !c.hasPassword && !(mark.foreign && c.acceptsPassword);

    // The link's own code again. A code the link got from an earlier mark is no restatement: in
    // "A 提取码: ab12\n提取码: ab12\nB" the second code is B's, written before B (rule 4).
    const restatesBefore = before !== undefined && ownCodes.get(before) === mark.value;

    if (free(before) && beforeOnLine) claim(before, mark.value);
    else if (beforeOnLine && restatesBefore) continue;
    else if (free(after) && afterOnLine) claim(after, mark.value);
    else if (beforeLine === markLine - 1 && restatesBefore) continue;
    else if (free(before) && beforeLine === markLine - 1) claim(before, mark.value);
    else if (free(after) && !beforeOnLine && afterLine === markLine + 1) claim(after, mark.value);
    else if (!nextToLink && !mark.foreign) unclaimed.push(mark);
  }
  return unclaimed;
}
