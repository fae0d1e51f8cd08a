/**
 * In-process benchmark of follow checks (追更): N follows over M distinct shares against the
 * Aliyun simulator, checked round after round as the workers do (`checkShare` once per share).
 * Counts the Aliyun calls of each round (anonymous listing vs per-account) against the goal of
 * distinct shares × (2 + pages), and the process's memory after each round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretKey, randomBytes } from 'node:crypto';
import { createAccounts } from '../../src/accounts.js';
import { AliyunClient } from '../../src/api/index.js';
import { openDatabase } from '../../src/db/index.js';
import { createFollowsRepo } from '../../src/db/follows.repo.js';
import { checkShare } from '../../src/jobs/follow/check.js';
import type { FollowCheckDeps } from '../../src/jobs/follow/types.js';
import { listShareTree, relPathOf } from '../../src/jobs/follow/share-tree.js';
import { startAliyunSimulator } from '../../src/sim/aliyun/index.js';

export interface FollowsBenchOptions {
  follows: number;
  shares: number;
  rounds: number;
  /** Followers of a share are spread over this many accounts. */
  accounts: number;
  /** Checks running at once (the follow workers' concurrency). */
  concurrency: number;
  /** FOLLOW_LIST_CALLS_PER_SECOND, to tell how long a paced round takes. */
  listCallsPerSecond: number;
}

export interface FollowsRound {
  round: number;
  /** What happened in the share between rounds. */
  change: string;
  anonymousCalls: number;
  accountCalls: number;
  /** Distinct shares × (2 + pages). */
  goal: number;
  ms: number;
  heapMb: number;
  rssMb: number;
}

export interface FollowsBenchResult extends FollowsBenchOptions {
  pagesPerShare: number;
  gcExposed: boolean;
  rounds_: FollowsRound[];
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } } as never;

/** Anonymous endpoints of a check: share info, share token, list_by_share. */
const ANONYMOUS = ['get_share_by_anonymous', 'get_share_token', 'list_by_share', 'file/list'];

export async function benchFollows(options: FollowsBenchOptions, progress: (line: string) => void = () => undefined): Promise<FollowsBenchResult> {
  const sim = await startAliyunSimulator({ port: 0, seed: 11 });
  const dir = mkdtempSync(join(tmpdir(), 'asb-bench-follows-'));
  const database = openDatabase(join(dir, 'bot.sqlite'));
  try {
    const secretKey = createSecretKey(randomBytes(32));
    const client = new AliyunClient({ apiUrl: sim.url, authUrl: sim.url, passportUrl: sim.url, userUrl: sim.userUrl, pace: { callsPerSecond: 0 }, logger: silent });
    const accounts = createAccounts({ client, db: database.db, secretKey });
    const linked: Array<{ id: number; telegramUserId: number; driveId: string }> = [];
    for (let i = 0; i < options.accounts; i++) {
      const simAccount = sim.addAccount({ nickName: `bench${i}` });
      const { account } = await accounts.link(9_000_000 + i, simAccount.refreshToken);
      const driveId = await accounts.sessionOfRow(account).targetDriveId();
      linked.push({ id: account.id, telegramUserId: 9_000_000 + i, driveId });
    }
    progress(`follows: ${options.accounts} accounts linked`);
    // A season folder per share: top level (1 page) + the folder (1 page) = 2 pages.
    const shares = Array.from({ length: options.shares }, (_, i) =>
      sim.addShare({ name: `剧${i}`, files: [{ name: `剧${i}`, children: [1, 2, 3].map((e) => ({ name: `S01E0${e}.mkv`, size: 700_000_000 })) }] }),
    );
    const shareNames = new Map(shares.map((share, i) => [share.shareId, `剧${i}`]));
    const follows = createFollowsRepo(database.db, secretKey);
    const perShare = Math.ceil(options.follows / options.shares);
    let made = 0;
    for (const [i, share] of shares.entries()) {
      const tree = await listShareTree(client, share.shareId, '');
      for (let k = 0; k < perShare && made < options.follows; k++, made++) {
        const who = linked[(i + k * Math.max(1, Math.floor(options.accounts / perShare))) % linked.length]!;
        const { row } = follows.create({
          telegramUserId: who.telegramUserId,
          accountId: who.id,
          chatId: who.telegramUserId,
          shareId: share.shareId,
          shareName: `剧${i}`,
          targetPath: '/追更',
          target: { folderId: 'root', driveId: who.driveId },
          nextCheckAt: 0,
        });
        follows.remember(row.id, tree.map((e) => ({ shareFileId: e.fileId, relPath: relPathOf(e), kind: e.kind })));
      }
    }
    progress(`follows: ${made} follows over ${shares.length} shares`);
    const deps: FollowCheckDeps = { db: database.db, client, secretKey, accounts, notifier: { found: async () => undefined, stopped: async () => undefined }, logger: silent };
    const pagesPerShare = 2;
    const rounds: FollowsRound[] = [];
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let round = 1; round <= options.rounds; round++) {
      // One round in the middle brings a new episode to a tenth of the shares.
      const growing = round === Math.ceil(options.rounds / 2) ? shares.filter((_, i) => i % 10 === 0) : [];
      for (const share of growing) sim.addToShare(share.shareId, [{ name: `S01E${round + 3}.mkv`, size: 700_000_000 }], `/${shareNames.get(share.shareId)}`);
      sim.resetStats();
      const started = Date.now();
      const queue = [...shares];
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          for (let share = queue.shift(); share; share = queue.shift()) await checkShare(share.shareId, deps);
        }),
      );
      const ms = Date.now() - started;
      const stats = sim.stats();
      const anonymousCalls = Object.entries(stats.byPath)
        .filter(([path]) => ANONYMOUS.some((end) => path.endsWith(end)))
        .reduce((n, [, count]) => n + count, 0);
      gc?.();
      const memory = process.memoryUsage();
      rounds.push({
        round,
        change: growing.length > 0 ? `+1 episode in ${growing.length} shares` : 'none',
        anonymousCalls,
        accountCalls: stats.total - anonymousCalls,
        goal: shares.length * (2 + pagesPerShare),
        ms,
        heapMb: memory.heapUsed / 2 ** 20,
        rssMb: memory.rss / 2 ** 20,
      });
      progress(`follows: round ${round}: ${stats.total} calls in ${ms} ms`);
    }
    return { ...options, pagesPerShare, gcExposed: gc !== undefined, rounds_: rounds };
  } finally {
    database.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as a Markdown section. */
export function followsTable(r: FollowsBenchResult): string {
  const pacedS = (calls: number) => (r.listCallsPerSecond > 0 ? `${Math.round(calls / r.listCallsPerSecond)} s` : '—');
  const lines = [
    `${r.follows} follows over ${r.shares} distinct shares (${r.accounts} accounts; each share: a folder of episodes, ${r.pagesPerShare} listing pages); ${r.concurrency} checks at once, unpaced; memory after each round${r.gcExposed ? ' (after a GC)' : ''}.`,
    '',
    '| round | change | anonymous calls | goal: shares × (2 + pages) | per-account calls | time unpaced | time at ' + `${r.listCallsPerSecond} calls/s | heap MB | RSS MB |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.rounds_.map(
      (x) =>
        `| ${x.round} | ${x.change} | ${x.anonymousCalls} | ${x.goal} | ${x.accountCalls} | ${(x.ms / 1000).toFixed(1)} s | ${pacedS(x.anonymousCalls)} | ${x.heapMb.toFixed(1)} | ${x.rssMb.toFixed(0)} |`,
    ),
  ];
  return lines.join('\n');
}
