/** Pure rules for the save folder path a user types after /folder. */

export { DEFAULT_SAVE_FOLDER } from '../save-folder.js';

/** Characters Aliyun Drive refuses in a file or folder name. */
const FORBIDDEN = /[\\:*?"<>|\u0000-\u001f]/;
const MAX_SEGMENT = 255;
const MAX_DEPTH = 20;
/** Longer paths are no folder anyone types, and would crowd every status message. */
export const MAX_PATH_LENGTH = 200;

/**
 * Normalises a user's path to `/a/b`: a full-width slash counts as a separator,
 * repeated or trailing slashes collapse, surrounding spaces of each segment go.
 * Returns undefined for a path Aliyun would refuse (`.`, `..`, forbidden characters,
 * over-long names or paths, too deep). `/` alone means the drive's root.
 */
export function normalizeFolderPath(input: string): string | undefined {
  const text = input.replace(/／/g, '/').trim();
  if (!text) return undefined;
  const segments = text
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment.length > 0);
  if (segments.length > MAX_DEPTH) return undefined;
  for (const segment of segments) {
    if (segment === '.' || segment === '..') return undefined;
    if (FORBIDDEN.test(segment)) return undefined;
    if ([...segment].length > MAX_SEGMENT) return undefined;
  }
  const path = `/${segments.join('/')}`;
  return [...path].length > MAX_PATH_LENGTH ? undefined : path;
}

/** How much of a save folder's path a message shows. */
export const SHOWN_PATH_CHARS = 60;

/**
 * Pure: a save folder path for display — whole when short, else its last `max` characters
 * after a leading "…" (from a segment boundary when one is near), since the end names the
 * folder. A path may be far longer than a message can hold.
 */
export function shortPath(path: string, max = SHOWN_PATH_CHARS): string {
  const chars = [...path];
  if (chars.length <= max) return path;
  const tail = chars.slice(chars.length - (max - 1)).join('');
  const slash = tail.indexOf('/');
  return `…${slash >= 0 && slash <= 20 && slash < tail.length - 1 ? tail.slice(slash) : tail}`;
}
