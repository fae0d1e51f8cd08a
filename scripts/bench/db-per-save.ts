/**
 * The database work of one file save, replayed without Aliyun or Telegram: the repository calls
 * a one-file save makes, in order, N times on a fresh WAL database file. Prints the process's CPU
 * time per save and the statements SQLite ran per save, so two checkouts can be compared on a
 * loaded machine (CPU time, not wall time):
 *
 *   npx tsx scripts/bench/db-per-save.ts [saves=3000] [checkout=.]
 *
 * `checkout` is the root of the tree whose src/ is measured (e.g. /work/main for main).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const saves = Number(process.argv[2] ?? 3000);
const root = resolve(process.argv[3] ?? '.');
const load = (path: string) => import(pathToFileURL(join(root, 'src', path)).href);

const { openDatabase } = await load('db/index.ts');
const { createSavesRepo } = await load('db/saves.repo.ts');
const { createSkipRulesRepo } = await load('db/skip-rules.repo.ts');
const unfinished = await load('db/unfinished-saves.ts');
// Before this branch, the cap read the row and counted in two statements, and the outcome read the row again for the skipped count.
const oneCapQuery = 'unfinishedSavesBeforeQueueing' in unfinished;
const { createPickListsRepo } = await load('db/picks.repo.ts');
const { isStopRequested } = await load('jobs/stop-requests.ts');
const { EmbeddedJobQueue } = await load('jobs/queue/embedded.driver.ts');

const dir = mkdtempSync(join(tmpdir(), 'db-per-save-'));
const handle = openDatabase(join(dir, 'bot.sqlite'));
const { db, sqlite } = handle;
let statements = 0;
const probe = sqlite.prepare('select 1');
const statementProto = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => unknown>;
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = statementProto[method]!;
  statementProto[method] = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return original.apply(this, args);
  };
}
const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
const queue = new EmbeddedJobQueue({ db, name: 'bench', logger: silent });

const drive = { accountId: null as unknown as number, aliyunUserId: 'u1' };
const repo = createSavesRepo(db);
async function oneSave(i: number): Promise<void> {
  const userId = 1000 + (i % 100);
  const jobId = `job_${i}`;
  // Queueing (the bot): the cap, the skip rules, the row, the job, the /pick offer, the status message.
  if (oneCapQuery) unfinished.unfinishedSavesBeforeQueueing(db, userId, jobId);
  else if (!repo.get(jobId)) unfinished.countUnfinishedSaves(db, userId);
  createSkipRulesRepo(db).rulesOf(userId);
  repo.createQueued({ jobId, accountId: null, telegramUserId: userId, chatId: userId, statusMessageId: null, shareId: `s${i}`, folderId: 'root', targetPath: '/saved', inFlightKey: `k${i}` });
  await queue.add(jobId, { shareId: `s${i}` }, { group: String(userId) });
  createPickListsRepo(db).create({ telegramUserId: userId, chatId: userId, sourceMessageId: i, lang: 'en', shareId: `s${i}`, folderId: null, password: null });
  repo.setStatusMessage(jobId, i);
  // The job.
  repo.get(jobId);
  repo.markRunning(jobId);
  repo.items(jobId);
  isStopRequested(db, jobId);
  repo.claimInFlight(jobId, `k${i}`);
  repo.findPreviousSave(drive, `s${i}`, 'root', jobId);
  repo.setShareName(jobId, 'a share');
  repo.findKnownTargetFolder(drive, '/saved');
  repo.recordPlan(jobId, { shareName: 'a share', aliyunUserId: 'u1', targetFolderId: 'f1', items: [{ sourceFileId: `file${i}`, sourceName: 'a.txt', sourceKind: 'file', sourceSize: 10, batchNo: 0 }] });
  repo.items(jobId);
  isStopRequested(db, jobId);
  repo.markSent(jobId, [`file${i}`]);
  repo.recordResults(jobId, [{ sourceFileId: `file${i}`, state: 'copied', resultFileId: `copy${i}` }]);
  repo.items(jobId);
  repo.items(jobId);
  if (!oneCapQuery) repo.get(jobId);
  repo.finish(jobId, { state: 'saved', filesCopied: 1, filesTotal: 1, shareName: 'a share' });
}

for (let i = 0; i < 300; i += 1) await oneSave(-1 - i); // warm-up: JIT, statement caches
statements = 0;
const before = process.cpuUsage();
for (let i = 0; i < saves; i += 1) await oneSave(i);
const used = process.cpuUsage(before);
const cpuMs = (used.user + used.system) / 1000;
console.log(`${saves} saves: CPU ${(cpuMs / saves).toFixed(3)} ms per save (user ${(used.user / 1000 / saves).toFixed(3)}, system ${(used.system / 1000 / saves).toFixed(3)}); ${(statements / saves).toFixed(1)} statements per save (BEGIN/COMMIT included)`);
await queue.close();
handle.close();
rmSync(dir, { recursive: true, force: true });
