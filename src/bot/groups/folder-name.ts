/** Pure: the default save folder of a group or channel, made from its title. */
import { normalizeFolderPath } from '../folder-path.js';

/** Longest folder name we make from a title (Aliyun allows 255; long names are unwieldy). */
const MAX_TITLE_CHARS = 60;

/**
 * `/<title>` with what Aliyun refuses in a name (`\ / : * ? " < > |`, control characters)
 * replaced by `_`, spaces collapsed and the length capped. A title that leaves nothing usable
 * (empty, `.`, `..`) falls back to `/Telegram <chat id>`.
 */
export function defaultChatFolder(title: string | null | undefined, chatId: number): string {
  const cleaned = [...(title ?? '').replace(/[\\/／:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/\s+/g, ' ').trim()]
    .slice(0, MAX_TITLE_CHARS)
    .join('')
    .trim();
  // normalizeFolderPath refuses `.` and `..` (and anything else Aliyun would).
  const path = cleaned ? normalizeFolderPath(`/${cleaned}`) : undefined;
  return path ?? `/Telegram ${chatId}`;
}
