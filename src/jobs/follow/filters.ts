/**
 * Pure: a follow's name filters and minimum size, and the text a user types to set them.
 *
 * Patterns are glob-like and case-insensitive: `*` any run of characters, `?` one character,
 * everything else literal; a pattern matches the whole file name (or, when it holds a `/`, the
 * path inside the share). Filters apply to files; folders are made as their files need them.
 */

export interface FollowFilters {
  /** A file must match one of these (none = every name). */
  include: readonly string[];
  /** …and none of these. */
  exclude: readonly string[];
  /** Bytes; smaller files are skipped (0 = no minimum). */
  minSize: number;
}

export const NO_FILTERS: FollowFilters = { include: [], exclude: [], minSize: 0 };

/** Patterns per list and characters per pattern at most (one chat message sets them). */
export const MAX_PATTERNS = 20;
export const MAX_PATTERN_LENGTH = 100;

export function globToRegExp(glob: string): RegExp {
  const body = [...glob].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'isu');
}

export function matchesGlob(glob: string, name: string, relPath = name): boolean {
  return globToRegExp(glob).test(glob.includes('/') ? relPath : name);
}

export function hasFilters(filters: FollowFilters): boolean {
  return filters.include.length > 0 || filters.exclude.length > 0 || filters.minSize > 0;
}

/** Whether a file of the share is to be saved under these filters. */
export function passesFilters(file: { name: string; size: number; relPath?: string }, filters: FollowFilters): boolean {
  const path = file.relPath ?? file.name;
  if (filters.minSize > 0 && file.size < filters.minSize) return false;
  if (filters.include.length > 0 && !filters.include.some((glob) => matchesGlob(glob, file.name, path))) return false;
  return !filters.exclude.some((glob) => matchesGlob(glob, file.name, path));
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `100MB`, `1.5g`, `512k`, `2048` (bytes) → bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = UNITS[(m[2] ?? '').toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

/** `1.5 GB`, `100 MB`, `512 KB`, `10 B`. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} B`;
}

export type FilterParse = { ok: true; filters: FollowFilters } | { ok: false; bad: string };

/**
 * The filter text a user sends: words separated by spaces, commas or new lines. `-pat` (or
 * `!pat`) excludes, `+pat` or a bare pattern includes, `>100MB` (or `min:100MB`) sets the
 * minimum size. E.g. `*.mkv *.mp4 -*sample* -*广告* >100MB`.
 */
export function parseFilterText(text: string): FilterParse {
  const include: string[] = [];
  const exclude: string[] = [];
  let minSize = 0;
  for (const word of text.split(/[\s,，]+/u).filter((w) => w !== '')) {
    const size = /^(?:>=?|≥|min:)(.+)$/i.exec(word);
    if (size) {
      const bytes = parseSize(size[1] as string);
      if (bytes === undefined) return { ok: false, bad: word };
      minSize = bytes;
      continue;
    }
    const negated = /^[-!！]/u.test(word);
    const pattern = word.replace(/^[-+!！]/u, '');
    if (pattern === '' || pattern.length > MAX_PATTERN_LENGTH) return { ok: false, bad: word };
    const list = negated ? exclude : include;
    if (list.length >= MAX_PATTERNS) return { ok: false, bad: word };
    if (!list.includes(pattern)) list.push(pattern);
  }
  return { ok: true, filters: { include, exclude, minSize } };
}

/** The filters written back as the text that sets them (shown to the user). */
export function filterText(filters: FollowFilters): string {
  return [
    ...filters.include,
    ...filters.exclude.map((glob) => `-${glob}`),
    ...(filters.minSize > 0 ? [`>${formatSize(filters.minSize).replace(' ', '')}`] : []),
  ].join(' ');
}
