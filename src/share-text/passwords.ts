/**
 * Password markers ("提取码: ab12", "pwd ab12", …) and the rule that gives each
 * marker to the link it belongs to.
 */
import type { LineMap } from './normalize.js';
import type { Span } from './links.js';

/** A password written in the text, with where it sits. */
export interface PasswordMark extends Span {
  value: string;
  /** Labelled only with the English word "code": used next to a link, never as a far-away fallback. */
  weak: boolean;
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
const PASSWORD_MARK = new RegExp(
  '(?:(提取密[码碼]|提取[码碼]|访问密[码碼]|訪問密[码碼]|访问[码碼]|訪問[码碼]|密[码碼])[为是為]?' +
    '|(?<![A-Za-z0-9])(password|passwd|passcode|pwd|code))' +
    `(${GAP}{0,4})(?:([:=])${GAP}{0,4})?[「『【(\\[“‘"'|]?([A-Za-z0-9]{4,8})(?![A-Za-z0-9])`,
  'gi',
);
// An archive password is not a share password.
const ARCHIVE_PREFIX = /(?:解压|解壓|压缩|壓縮|zip|rar|7z|unzip)\s*$/i;
// "百度提取码: xxxx" on a line of its own belongs to Baidu even without a link nearby.
const OTHER_DRIVE_WORD =
  /百度|夸克|天翼|迅雷|蓝奏|藍奏|115(?:网盘|網盤|盘|云)|123(?:云盘|網盤|盘)|UC(?:网盘|云盘)|和彩云|pikpak|baidu|quark|xunlei|lanzou/i;
const NOT_A_PASSWORD = new Set(['none', 'null', 'free', 'empty', 'nothing', 'http', 'https']);
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
 * skipped (a URL's own `?pwd=` is read with the URL); archive passwords and
 * passwords labelled for another drive are skipped.
 */
export function scanPasswords(text: string, urlSpans: readonly Span[], lines: LineMap): PasswordMark[] {
  const marks: PasswordMark[] = [];
  PASSWORD_MARK.lastIndex = 0;
  for (let m = PASSWORD_MARK.exec(text); m !== null; m = PASSWORD_MARK.exec(text)) {
    const latinLabel = m[2];
    const gap = m[3] ?? '';
    const hasColon = m[4] !== undefined;
    const value = m[5] ?? '';
    const end = m.index + m[0].length;
    const lineStart = lines.lineStartOf(m.index);
    // What the label follows, on its line and after any URL: a share id ending in "7Z" is no archive.
    const before = text.slice(Math.max(lineStart, m.index - 12, urlEndBefore(m.index, urlSpans)), m.index);
    const valid =
      // An English label needs ":"/"=" or a space, and without ":"/"=" only the usual 4 characters.
      (latinLabel === undefined || hasColon || (gap.length > 0 && value.length === 4)) &&
      !NOT_A_PASSWORD.has(value.toLowerCase()) &&
      !LOOKS_LIKE_DOMAIN_OR_PATH.test(text.slice(end, end + 2)) &&
      !ARCHIVE_PREFIX.test(before) &&
      !OTHER_DRIVE_WORD.test(before) &&
      !insideAny(m.index, urlSpans);
    if (!valid) {
      PASSWORD_MARK.lastIndex = m.index + 1;
      continue;
    }
    marks.push({ start: m.index, end, value, weak: latinLabel?.toLowerCase() === 'code' });
  }
  return marks;
}

/**
 * Gives each password mark to the link it belongs to; returns the marks nobody
 * claimed and that do not share a line with any link (the only ones a
 * whole-message fallback may use).
 *
 * Rule, in order, with A = nearest link before the password, B = nearest after
 * (lines are logical: blank lines do not count). A link that already has a
 * password (from its own ?pwd= or an earlier mark) takes no other:
 *  1. The mark is on A's line → A ("A 提取码: aa11").
 *  2. The mark is on B's line, before it → B ("提取码: bb22 链接: B").
 *  3. The mark is on the line after A → A ("A\n提取码: aa11").
 *  4. The mark's line has no link and B starts on the next line → B ("提取码: bb22\nB").
 *  5. Otherwise the mark is dropped if it shares a line with a link, else left unclaimed.
 * Same-line placement wins over next-line placement: in "A\n提取码: bb22 链接: B"
 * the post writes passwords before links, so bb22 is B's and A has none.
 * A mark given to another drive's link is dropped, so it never reaches an Aliyun link.
 */
export function assignPasswords(
  marks: readonly PasswordMark[],
  claimants: readonly Claimant[],
  lines: LineMap,
): PasswordMark[] {
  const unclaimed: PasswordMark[] = [];
  const claim = (c: Claimant, mark: PasswordMark): void => {
    c.hasPassword = true;
    if (c.acceptsPassword) c.password = mark.value;
  };
  let next = 0; // first claimant starting after the current mark (marks and claimants are sorted)
  for (const mark of marks) {
    while (next < claimants.length && (claimants[next]?.start ?? 0) < mark.end) next += 1;
    const before = next > 0 ? claimants[next - 1] : undefined;
    const after = claimants[next];
    const markLine = lines.lineOf(mark.start);
    const beforeLine = before === undefined ? -2 : lines.lineOf(Math.min(Math.max(before.start, before.end - 1), mark.start));
    const afterLine = after === undefined ? -2 : lines.lineOf(after.start);
    const beforeOnLine = before !== undefined && beforeLine === markLine;
    const afterOnLine = after !== undefined && afterLine === markLine;

    if (before && !before.hasPassword && beforeOnLine) claim(before, mark);
    else if (beforeOnLine && before.password === mark.value) continue; // restates the URL's own ?pwd=
    else if (after && !after.hasPassword && afterOnLine) claim(after, mark);
    else if (before && !before.hasPassword && beforeLine === markLine - 1) claim(before, mark);
    else if (after && !after.hasPassword && !beforeOnLine && afterLine === markLine + 1) claim(after, mark);
    else if (!beforeOnLine && !afterOnLine) unclaimed.push(mark);
  }
  return unclaimed;
}
