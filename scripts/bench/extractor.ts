/** In-process timing of `extractShareLinks` on 4096-character posts. */
import { extractShareLinks } from '../../src/share-text.js';
import { makePosts } from './posts.js';
import { distribution, ratePerSecond, type Distribution } from './stats.js';

export interface ExtractorResult {
  calls: number;
  /** µs per call. */
  perCall: Distribution;
  messagesPerSecond: number;
  /** Share links found per post on average (a sanity check that the posts are realistic). */
  linksPerPost: number;
}

/** Times `calls` extractions over a set of posts, after a warm-up so the JIT has settled. */
export function benchExtractor(calls: number): ExtractorResult {
  const posts = makePosts(200);
  let found = 0;
  for (let i = 0; i < Math.min(calls, 1000); i++) {
    const post = posts[i % posts.length];
    if (post) found += extractShareLinks(post.text, post.entities).length;
  }
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  found = 0;
  for (let i = 0; i < calls; i++) {
    const post = posts[i % posts.length];
    if (!post) continue;
    const t0 = process.hrtime.bigint();
    found += extractShareLinks(post.text, post.entities).length;
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { calls, perCall: distribution(samples), messagesPerSecond: ratePerSecond(calls, totalMs), linksPerPost: found / calls };
}
