/**
 * Text normalisation and line bookkeeping for the share-text parser.
 * Everything here keeps string length unchanged so Telegram entity offsets
 * (UTF-16 code units, i.e. JS string indices) stay valid on the normalised text.
 */

const WIDE_OR_ODD_SPACE = /[\uFF01-\uFF5E\u3000\u00A0]/g;

/** Zero-width characters people paste (or insert on purpose) around links. */
export const ZERO_WIDTH_CLASS = '\\u200B-\\u200D\\uFEFF\\u2060';

/**
 * Maps full-width ASCII (ＡＢ１２：／．) to ASCII and ideographic/no-break spaces to
 * a plain space. One code unit in, one code unit out, so indices are preserved.
 */
export function normalizeWidth(text: string): string {
  WIDE_OR_ODD_SPACE.lastIndex = 0;
  if (!WIDE_OR_ODD_SPACE.test(text)) return text;
  WIDE_OR_ODD_SPACE.lastIndex = 0;
  return text.replace(WIDE_OR_ODD_SPACE, (ch) => {
    const code = ch.charCodeAt(0);
    return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ' ';
  });
}

const LINE_BREAK = /\r\n?|[\n\u2028\u2029\u0085]/g;
const BLANK_LINE = new RegExp(`^[\\s${ZERO_WIDTH_CLASS}]*$`);

/**
 * Logical line numbers: blank lines do not count, so "link\n\n提取码: ab12" has the
 * password on the line right after the link (posts often pad with empty lines).
 */
export class LineMap {
  private readonly starts: number[] = [];
  private readonly logical: number[] = [];

  constructor(text: string) {
    let lineNo = -1;
    let start = 0;
    const push = (end: number): void => {
      if (!BLANK_LINE.test(text.slice(start, end))) lineNo += 1;
      this.starts.push(start);
      // A blank line shares the number of the line before it; nothing is found on it anyway.
      this.logical.push(Math.max(lineNo, 0));
    };
    LINE_BREAK.lastIndex = 0;
    for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) {
      push(m.index);
      start = m.index + m[0].length;
    }
    push(text.length);
  }

  private physicalIndex(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Logical (blank-lines-collapsed) line number of a string index. */
  lineOf(pos: number): number {
    return this.logical[this.physicalIndex(pos)] ?? 0;
  }

  /** Index where the physical line holding `pos` starts. */
  lineStartOf(pos: number): number {
    return this.starts[this.physicalIndex(pos)] ?? 0;
  }
}
