/**
 * Pure: a follow's rename rule — files whose name matches a glob get a name built from a
 * template — and the episode number found in a name, for presets such as `S01E{n:02}`.
 *
 * Template fields: `{n}` the episode number (`{n:02}` zero-padded to 2 digits), `{name}` the
 * name without its extension, `{ext}` the extension (without the dot). A template without
 * `{ext}` keeps the file's extension at the end. A name with no episode number found, for a
 * template that needs one, keeps its name.
 */
import { matchesGlob } from './filters.js';

export interface RenameRule {
  /** Glob over file names (`*`: every file). */
  pattern: string;
  template: string;
}

/** The episode-number preset offered with one tap. */
export const EPISODE_PRESET: RenameRule = { pattern: '*', template: 'S01E{n:02}' };

export const MAX_TEMPLATE_LENGTH = 120;

const FIELD = /\{(n(?::0?(\d))?|name|ext)\}/g;

/** Splits `name.ext` (a leading dot is part of the name). */
export function splitExt(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1 || name.length - dot > 8) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot + 1) };
}

/**
 * The episode number in a file name, tried from the most telling form to the least:
 * `S01E05`, `第5集`, `EP05`/`E05`, `[05]`/`【05】`/` - 05`, then the last free-standing number
 * once resolutions (`1080p`), codecs (`x264`) and years (`2024`) are taken out.
 */
export function episodeNumber(name: string): number | undefined {
  const { stem } = splitExt(name);
  const forms = [
    /S\d{1,2}[ ._-]?EP?(\d{1,4})(?!\d)/iu,
    /第\s*(\d{1,4})\s*[集话話回期]/u,
    /(?:^|[^a-z])EP?[ ._-]?(\d{1,4})(?!\d)/iu,
    /[[【(（]\s*(\d{1,4})\s*(?:v\d)?\s*[\]】)）]/iu,
    /\s-\s*(\d{1,4})(?!\d)/u,
  ];
  for (const form of forms) {
    const m = form.exec(stem);
    if (m) return Number(m[1]);
  }
  const cleaned = stem
    .replace(/\d{3,4}[pi](?![a-z])/giu, ' ')
    .replace(/[xh]\.?26[45]/giu, ' ')
    .replace(/(?<!\d)(?:19|20)\d{2}(?!\d)/gu, ' ')
    .replace(/\d+(?:\.\d+)?\s*(?:fps|bit|kbps|mb|gb|ch)/giu, ' ');
  const numbers = cleaned.match(/(?<!\d\.?)\d{1,4}(?!\.?\d)/gu);
  return numbers ? Number(numbers[numbers.length - 1]) : undefined;
}

/** Characters a drive name may not hold. */
const FORBIDDEN = /[/\\]/gu;

/** The new name of `name` under the rule; undefined when it keeps its name. */
export function renamed(name: string, rule: RenameRule): string | undefined {
  if (!matchesGlob(rule.pattern, name)) return undefined;
  const { stem, ext } = splitExt(name);
  let missing = false;
  const n = episodeNumber(name);
  const built = rule.template.replace(FIELD, (_all, field: string, width?: string) => {
    if (field === 'name') return stem;
    if (field === 'ext') return ext;
    if (n === undefined) {
      missing = true;
      return '';
    }
    return String(n).padStart(width ? Number(width) : 0, '0');
  });
  if (missing) return undefined;
  const withExt = rule.template.includes('{ext}') || ext === '' ? built : `${built}.${ext}`;
  const clean = withExt.replace(FORBIDDEN, '_').trim();
  return clean === '' || clean === name ? undefined : clean;
}

export type RenameParse = { ok: true; rule: RenameRule } | { ok: false; bad: string };

/**
 * The rename text a user sends: `pattern → template` (or `->`, `=>`), or just a template (for
 * every file). E.g. `*.mkv → S01E{n:02}`.
 */
export function parseRenameText(text: string): RenameParse {
  const parts = text.trim().split(/\s*(?:→|->|=>)\s*/u);
  if (parts.length > 2) return { ok: false, bad: text.trim() };
  const [pattern, template] = parts.length === 2 ? [parts[0] as string, parts[1] as string] : ['*', parts[0] as string];
  if (pattern === '' || template === '' || template.length > MAX_TEMPLATE_LENGTH) return { ok: false, bad: text.trim() };
  // Only the known fields: a typo such as {N} is told, not saved as a literal.
  const unknown = template.replace(FIELD, '').match(/\{[^}]*\}/u);
  if (unknown) return { ok: false, bad: unknown[0] };
  return { ok: true, rule: { pattern, template } };
}
