/** Pure: reading the arguments of the group and channel commands. */

/** `on` / `off` (and their usual spellings); undefined for anything else. */
export function parseSwitch(arg: string): boolean | undefined {
  const word = arg.trim().toLowerCase();
  if (['on', 'yes', 'true', '1', 'enable', '开', '开启', '打开'].includes(word)) return true;
  if (['off', 'no', 'false', '0', 'disable', '关', '关闭'].includes(word)) return false;
  return undefined;
}

/**
 * A channel as a user names it: `@name`, `name`, `t.me/name` or its numeric id (`-100…`).
 * @returns what getChat takes (`@name` or the id), or undefined.
 */
export function parseChannelRef(arg: string): string | number | undefined {
  const text = arg.trim();
  if (/^-100\d{5,}$/.test(text)) return Number(text);
  const name = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z]\w{3,31})\/?$/i.exec(text)?.[1] ?? /^@?([A-Za-z]\w{3,31})$/.exec(text)?.[1];
  return name ? `@${name}` : undefined;
}

/** A positive whole number up to `max`, or `default` (null); undefined for anything else. */
export function parseLimit(arg: string, max: number): number | null | undefined {
  const text = arg.trim().toLowerCase();
  if (text === 'default' || text === '默认') return null;
  if (!/^\d{1,6}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= max ? n : undefined;
}
