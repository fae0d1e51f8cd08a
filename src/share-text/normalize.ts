/**
 * Text normalisation and line bookkeeping for the share-text parser.
 * Width normalisation keeps string length unchanged so Telegram entity offsets
 * (UTF-16 code units, i.e. JS string indices) stay valid; removing invisible
 * characters does change it, so it comes with a map for those offsets.
 */

const WIDE_OR_ODD_SPACE = /[\uFF01-\uFF5E\u3000\u00A0]/g;

/**
 * Invisible characters people paste, or channels insert on purpose against spam
 * filters, anywhere in a post: zero-width space/non-joiner/joiner, direction marks,
 * word joiner and invisible operators, BOM, soft hyphen, Mongolian vowel separator.
 */
export const ZERO_WIDTH_CLASS = '\\u00AD\\u180E\\u200B-\\u200F\\u2060-\\u2064\\uFEFF';
const INVISIBLE = new RegExp(`[${ZERO_WIDTH_CLASS}]`);
const INVISIBLE_ALL = new RegExp(`[${ZERO_WIDTH_CLASS}]+`, 'g');

function isInvisible(code: number): boolean {
  return (
    code === 0xad || code === 0x180e || (code >= 0x200b && code <= 0x200f) || (code >= 0x2060 && code <= 0x2064) || code === 0xfeff
  );
}

/** Text without invisible characters, and where each original index landed in it. */
export interface Visible {
  text: string;
  /** Index in `text` of an index into the original (0…original length); entity offsets go through it. */
  at(originalIndex: number): number;
}

const identity = (i: number): number => i;

/**
 * Removes invisible characters, so an id, label or code split by them reads whole.
 * Text without any (nearly all of it) is returned as is, with no map built.
 */
export function stripInvisible(text: string): Visible {
  if (!INVISIBLE.test(text)) return { text, at: identity };
  const shift = new Int32Array(text.length + 1); // shift[i] = invisible characters before original index i
  let removed = 0;
  for (let i = 0; i < text.length; i++) {
    shift[i] = removed;
    if (isInvisible(text.charCodeAt(i))) removed += 1;
  }
  shift[text.length] = removed;
  const stripped = text.replace(INVISIBLE_ALL, '');
  return { text: stripped, at: (i) => i - (shift[Math.min(Math.max(i, 0), text.length)] ?? 0) };
}

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
