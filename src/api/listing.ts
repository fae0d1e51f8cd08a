/**
 * Following `next_marker` through a listing, bounded: a folder (or a share) whose listing never
 * ends — a marker that comes back, or more pages than any real folder has — is an error, not a
 * loop that holds a save forever.
 */
import { AliyunError } from './errors.js';

/** Pages one listing may take: 500 pages of 200 items is 100,000 items in one folder. */
export const MAX_LISTING_PAGES = 500;

/** The code of a listing that did not end (a clear, final error: trying again would loop again). */
export const LISTING_NOT_ENDING = 'ListingNotEnding';

/** One page of a listing. */
export interface ListingPage<T> {
  items: T[];
  next_marker: string;
}

/** Every item of a listing, fetching pages with `fetchPage(marker)` until `next_marker` is empty. */
export async function collectPages<T>(
  endpoint: string,
  fetchPage: (marker: string) => Promise<ListingPage<T>>,
  maxPages = MAX_LISTING_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let marker = '';
  for (let page = 1; ; page++) {
    const answer = await fetchPage(marker);
    items.push(...answer.items);
    marker = answer.next_marker;
    if (!marker) return items;
    if (seen.has(marker)) throw notEnding(endpoint, `Aliyun sent page marker ${page} again: the listing would never end`);
    if (page >= maxPages) throw notEnding(endpoint, `the listing did not end after ${maxPages} pages`);
    seen.add(marker);
  }
}

function notEnding(endpoint: string, message: string): AliyunError {
  return new AliyunError({ status: 200, code: LISTING_NOT_ENDING, message, endpoint, retryable: false });
}
