import { describe, expect, it } from 'vitest';
import { extractShareLinks, type ShareRef } from '../../src/share-text.js';
import { corpus } from './corpus.js';

/** `id`, `id:password` or `id/folder/<hex>:password`, as the corpus writes its expectations. */
function describeRef(ref: ShareRef): string {
  const where = ref.folderId === undefined ? ref.shareId : `${ref.shareId}/folder/${ref.folderId}`;
  return ref.password === undefined ? where : `${where}:${ref.password}`;
}

// Posts the parser is known to get wrong (none today). A new miss fails the test, and so does a fixed one still listed.
const KNOWN_MISSES: string[] = [];

describe('share-text corpus of real-style posts', () => {
  const results = corpus.map((post) => ({ post, got: extractShareLinks(post.text, post.entities, post.buttons).map(describeRef) }));
  const misses = results.filter(({ post, got }) => JSON.stringify(got) !== JSON.stringify(post.expected));

  it('is a broad corpus', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((p) => p.name)).size).toBe(corpus.length);
  });

  it('parses at least 97 % of the posts exactly, and no miss beyond the known ones', () => {
    const report = misses.map(({ post, got }) => `${post.name}: expected ${JSON.stringify(post.expected)}, got ${JSON.stringify(got)}`);
    const exact = (corpus.length - misses.length) / corpus.length;
    expect(exact, report.join('\n')).toBeGreaterThanOrEqual(0.97);
    expect(misses.map(({ post }) => post.name), report.join('\n')).toEqual(KNOWN_MISSES);
  });
});
