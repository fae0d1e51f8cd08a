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

/** Text without invisible characters, and where each original index landed in it. */
export interface Visible {
  text: string;
  /** Index in `text` of an index into the original (0…original length); entity offsets go through it. */
  at(originalIndex: number): number;
}

const identity = (i: number): number => i;

/**
 * Removes invisible characters, so an id, label or code split by them reads whole.
 * Text without any (nearly all of it) is returned as is.
 */
export function stripInvisible(text: string): Visible {
  if (!INVISIBLE.test(text)) return { text, at: identity };
  // Runs of invisible characters: where each starts, how long it is, how much was removed before it.
  const runStart: number[] = [];
  const runLength: number[] = [];
  const removedBefore: number[] = [];
  let removed = 0;
  let stripped = '';
  let last = 0;
  INVISIBLE_ALL.lastIndex = 0;
  for (let m = INVISIBLE_ALL.exec(text); m !== null; m = INVISIBLE_ALL.exec(text)) {
    stripped += text.slice(last, m.index);
    last = m.index + m[0].length;
    runStart.push(m.index);
    runLength.push(m[0].length);
    removedBefore.push(removed);
    removed += m[0].length;
  }
  stripped += text.slice(last);
  const at = (index: number): number => {
    const i = Math.min(Math.max(index, 0), text.length);
    let lo = 0; // becomes the number of runs starting before i
    let hi = runStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((runStart[mid] ?? 0) < i) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return i;
    const k = lo - 1;
    // An index inside a run lands where the run was.
    return i - (removedBefore[k] ?? 0) - Math.min(i - (runStart[k] ?? 0), runLength[k] ?? 0);
  };
  return { text: stripped, at };
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
