/**
 * Pure: which other cloud drives a message links to, so a Baidu or Quark link gets "this is a
 * Quark link; I save Aliyun Drive shares" instead of "no share found". Hosts as in links.ts.
 */
import { normalizeWidth } from './normalize.js';

export type OtherDrive = 'baidu' | 'quark' | '115' | '123' | '189' | 'xunlei' | 'uc' | 'lanzou';

/** A host pattern that must stand as a whole host name (not inside `x115.com` or `baidu.community`). */
const host = (pattern: string) => new RegExp(`(?<![A-Za-z0-9-])(?:${pattern})(?![A-Za-z0-9-])`, 'i');

const DRIVE_HOSTS: ReadonlyArray<readonly [OtherDrive, RegExp]> = [
  ['baidu', host('(?:pan|yun|eyun)\\.baidu\\.com')],
  ['quark', host('pan\\.quark\\.cn')],
  ['115', host('(?:115(?:cdn)?|anxia)\\.com')],
  ['123', host('123pan\\.(?:com|cn)|123(?:684|685|865|912|592)\\.com')],
  ['189', host('cloud\\.189\\.cn')],
  ['xunlei', host('pan\\.xunlei\\.com')],
  ['uc', host('(?:drive|fast)\\.uc\\.cn')],
  ['lanzou', host('i?lanzou[a-z]?\\.com|lanzn\\.com')],
];

/** The other drives linked in the text, its text_link entities' URLs and button URLs, in first-seen order. */
export function otherDrivesIn(text: string, urls: readonly string[] = []): OtherDrive[] {
  const haystacks = [normalizeWidth(text), ...urls];
  const found: OtherDrive[] = [];
  for (const haystack of haystacks) {
    for (const [drive, pattern] of DRIVE_HOSTS) if (pattern.test(haystack) && !found.includes(drive)) found.push(drive);
  }
  return found;
}
