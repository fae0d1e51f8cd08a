/**
 * The shares a benchmark sends, made in the simulator: one distinct share per request so no
 * save can take the "saved before" shortcut, of four kinds with known outcomes and call floors.
 */
import type { AliyunSimulator } from '../../src/sim/aliyun/index.js';

export type ShareKind = 'file' | 'password' | 'folder' | 'dead';

export const SHARE_KINDS: readonly ShareKind[] = ['file', 'password', 'folder', 'dead'];

/** What the user should finally see: ✅ for live shares, ❌ for dead links. */
export type Expected = 'saved' | 'failed';

export interface BenchShare {
  kind: ShareKind;
  shareId: string;
  /** The message the user sends (the server's canonical share text). */
  text: string;
  expected: Expected;
}

const MiB = 1024 * 1024;

/**
 * The Aliyun calls a save of this kind cannot avoid, with a fresh share token:
 * file (with or without password) = share info + share token + copy; folder = the same plus
 * the polls of its async task (`asyncTaskPolls` Running answers, then the final one);
 * dead link = the share info that reports it, and the token asked beside it.
 */
export function criticalCalls(kind: ShareKind, asyncTaskPolls: number): number {
  switch (kind) {
    case 'file':
    case 'password':
      return 3;
    case 'folder':
      return 3 + asyncTaskPolls + 1;
    case 'dead':
      return 2;
  }
}

/**
 * The Aliyun answers a save of this kind waits for one after another: the share info and the
 * share token are asked side by side (src/jobs/save/plan.ts), so a file save waits for two round
 * trips although it makes three calls; a folder's polls follow its copy; a dead link's info ends it.
 */
export function criticalRoundTrips(kind: ShareKind, asyncTaskPolls: number): number {
  return kind === 'dead' ? 1 : criticalCalls(kind, asyncTaskPolls) - 1;
}

/** Creates one share of `kind`; `tag` makes its name unique and readable in logs. */
export function makeShare(sim: AliyunSimulator, kind: ShareKind, tag: string): BenchShare {
  switch (kind) {
    case 'file': {
      const name = `bench-${tag}.mp4`;
      const share = sim.addShare({ name, files: [{ name, size: 64 * MiB }] });
      return { kind, shareId: share.shareId, text: share.text, expected: 'saved' };
    }
    case 'password': {
      const name = `bench-${tag}.pdf`;
      const password = passwordFor(tag);
      const share = sim.addShare({ name, files: [{ name, size: 12 * MiB }], password });
      return { kind, shareId: share.shareId, text: share.text, expected: 'saved' };
    }
    case 'folder': {
      const name = `bench-${tag}`;
      const children = Array.from({ length: 6 }, (_, i) => ({ name: `E${String(i + 1).padStart(2, '0')}.mkv`, size: 300 * MiB }));
      const share = sim.addShare({ name, files: [{ name, children }] });
      return { kind, shareId: share.shareId, text: share.text, expected: 'saved' };
    }
    case 'dead': {
      const name = `bench-${tag}.mkv`;
      // Alternate the two ways a link dies in practice.
      const state = tag.length % 2 === 0 ? 'cancelled' : 'expired';
      const share = sim.addShare({ name, files: [{ name, size: 20 * MiB }], state });
      return { kind, shareId: share.shareId, text: share.text, expected: 'failed' };
    }
  }
}

/** A 4-character 提取码 derived from the tag (letters and digits, like the real ones). */
function passwordFor(tag: string): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let hash = 2166136261;
  for (const ch of tag) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 4; i++) {
    out += alphabet[hash % alphabet.length];
    hash = Math.floor(hash / alphabet.length) + i * 7919;
  }
  return out;
}
