/** Markdown rendering for the benchmark report: tables and number formats. Pure. */

/** A GitHub-flavoured Markdown table; cells are escaped for `|` and newlines. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const clean = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(clean).join(' | ')} |`;
  const rule = `|${header.map(() => '---').join('|')}|`;
  return [line(header), rule, ...rows.map((row) => line(header.map((_, i) => row[i] ?? '')))].join('\n');
}

/** A number with `digits` decimals, or "–" when it is not a finite number. */
export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** Milliseconds, e.g. "63 ms" / "1.24 s". */
export function ms(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

/** A ratio like "1.12×". */
export function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`;
}

/** Bytes as MB (10^6), e.g. "87.3 MB". */
export function megabytes(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? '–' : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A pass/fail mark for a target, or "–" when nothing was measured. */
export function mark(passed: boolean | undefined): string {
  return passed === undefined ? '–' : passed ? '✅ pass' : '❌ miss';
}
