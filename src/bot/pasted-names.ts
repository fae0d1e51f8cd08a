/**
 * Pure: the name a share text gives a link — 「name」 (or 【name】) before it on its line, as
 * the Aliyun app writes share texts — so an outcome can say 「name」 even when the link itself
 * cannot be opened (expired, cancelled, gone), the way the user wrote it.
 */
import type { ShareRef } from '../share-text.js';

const BRACKETED = /「([^「」\n]{1,100})」|【([^【】\n]{1,100})】/gu;

/** The last bracketed name in `line`, trimmed; undefined when none. */
function lastName(line: string): string | undefined {
  let name: string | undefined;
  for (const m of line.matchAll(BRACKETED)) name = (m[1] ?? m[2] ?? '').trim() || name;
  return name;
}

/**
 * The links with the name the text gives each: the last 「…」 before the link's id on the same
 * line; for a message with a single link, else the only 「…」 of the whole message.
 */
export function withPastedNames<L extends ShareRef>(text: string, links: L[]): Array<L & { pastedName?: string }> {
  const lines = text.split('\n');
  return links.map((link) => {
    let name: string | undefined;
    for (const line of lines) {
      const at = line.indexOf(link.shareId);
      if (at >= 0) {
        name = lastName(line.slice(0, at));
        break;
      }
    }
    if (name === undefined && links.length === 1) {
      const all = [...text.matchAll(BRACKETED)];
      if (all.length === 1) name = (all[0]?.[1] ?? all[0]?.[2] ?? '').trim() || undefined;
    }
    return name ? { ...link, pastedName: name } : link;
  });
}
