/**
 * Photo sizes as Telegram reports them: a ladder of thumbnails below the original.
 */
import type { PhotoSize } from 'grammy/types';
import type { StoredFile, TelegramState } from './state.js';

/** Telegram's thumbnail ladder: each size smaller than the original, then the original (≤ 2560). */
export function photoSizes(state: TelegramState, file: StoredFile): PhotoSize[] {
  const width = file.width ?? 512;
  const height = file.height ?? 512;
  const longest = Math.max(width, height);
  const sizes: PhotoSize[] = [];
  for (const limit of [90, 320, 800, 1280]) {
    if (longest <= limit) break;
    const scale = limit / longest;
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    sizes.push({
      file_id: state.aliasFile(file),
      file_unique_id: `${file.fileUniqueId}${limit}`,
      width: w,
      height: h,
      file_size: Math.max(1, Math.round((file.size ?? 0) * scale * scale)),
    });
  }
  const scale = Math.min(1, 2560 / longest);
  sizes.push({
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    width: Math.round(width * scale),
    height: Math.round(height * scale),
    ...(file.size !== undefined ? { file_size: file.size } : {}),
  });
  return sizes;
}

