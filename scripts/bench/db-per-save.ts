/**
 * The database work of one file save, replayed without Aliyun or Telegram: the repository calls
 * a one-file save makes, in order, N times on a fresh WAL database file. Prints the process's CPU
 * time per save and the statements SQLite ran per save, so two checkouts can be compared on a
 * loaded machine (CPU time, not wall time):
 *
 *   npx tsx scripts/bench/db-per-save.ts [saves=3000] [checkout=.]
 *
 * `checkout` is the root of the tree whose src/ is measured (e.g. /work/main for main). The queue's
 * claim and completion, and the bot's reads of chat settings, are not replayed.
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
const { createAccountsRepo } = await load('db/accounts.repo.ts');
const { loadSecretKey } = await load('secret-box.ts');
const unfinished = await load('db/unfinished-saves.ts');
const { createPickListsRepo } = await load('db/picks.repo.ts');
const { isStopRequested } = await load('jobs/stop-requests.ts');
const { EmbeddedJobQueue } = await load('jobs/queue/embedded.driver.ts');

const dir = mkdtempSync(join(tmpdir(), 'db-per-save-'));
const handle = openDatabase(join(dir, 'bot.sqlite'));
const { db, sqlite } = handle;
let statements = 0;
let writes = 0;
const probe = sqlite.prepare('select 1');
const statementProto = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => unknown>;
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = statementProto[method]!;
  statementProto[method] = function (this: { reader: boolean; source: string }, ...args: unknown[]) {
    statements += 1;
    // A write transaction: a BEGIN, or a write outside one (COMMIT and writes inside one are not counted again).
    if (this.source.startsWith('BEGIN') || (!this.reader && !this.source.startsWith('COMMIT') && !sqlite.inTransaction)) writes += 1;
    else if (this.reader && /^(insert|update|delete)/i.test(this.source) && !sqlite.inTransaction) writes += 1; // … RETURNING
    return original.apply(this, args);
  };
}
const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
const queue = new EmbeddedJobQueue({ db, name: 'bench', logger: silent });

const accounts = createAccountsRepo(db, loadSecretKey({ secretKey: 'a'.repeat(64), dataDir: '/nonexistent' }).key);
const account = accounts.upsertOnLink({
  telegramUserId: 1, aliyunUserId: 'u1', nickName: 'n', userName: 'u', refreshToken: 'rt', deviceId: 'd', loginId: 'l',
  devicePrivateKeyHex: 'a'.repeat(64), defaultDriveId: '1', resourceDriveId: '2', backupDriveId: null,
});
const drive = { accountId: account.id, aliyunUserId: 'u1' };
const repo = createSavesRepo(db);
// This branch: the run starts from the row markRunning returns (holding the in-flight key taken
// when queued, so no claim), keeps the share name in memory
// until the plan, copies from the rows the plan returned, and checks the account's login only.
const lean = !('setShareName' in repo);

async function oneSave(i: number): Promise<void> {
  const userId = 1000 + (i % 100);
  const jobId = `job_${i}`;
  // Queueing (the bot): the cap, the skip rules, the row, the job, the /pick offer, the status message.
  unfinished.unfinishedSavesBeforeQueueing(db, userId, jobId);
  createSkipRulesRepo(db).rulesOf(userId);
  repo.createQueued({ jobId, accountId: account.id, telegramUserId: userId, chatId: userId, statusMessageId: null, shareId: `s${i}`, folderId: 'root', targetPath: '/saved', inFlightKey: `k${i}` });
  await queue.add(jobId, { shareId: `s${i}` }, { group: String(userId) });
  createPickListsRepo(db).create({ telegramUserId: userId, chatId: userId, sourceMessageId: i, lang: 'en', shareId: `s${i}`, folderId: null, password: null });
  repo.setStatusMessage(jobId, i);
  // The job (src/jobs/save/run.ts, plan.ts, copy.ts), as a one-file save runs it.
  const plan = { shareName: 'a share', aliyunUserId: 'u1', targetFolderId: 'f1', items: [{ sourceFileId: `file${i}`, sourceName: 'a.txt', sourceKind: 'file', sourceSize: 10, batchNo: 0 }] };
  const finish = { state: 'saved', filesCopied: 1, filesTotal: 1, shareName: 'a share' };
  if (lean) {
    repo.markRunning(jobId); // nothing planned yet (items_total null): no items to read
    isStopRequested(db, jobId);
    accounts.getById(account.id);
    repo.findPreviousSave(drive, `s${i}`, 'root', jobId);
    repo.findKnownTargetFolder(drive, '/saved');
    repo.recordPlan(jobId, plan);
    isStopRequested(db, jobId);
    accounts.linkOf(account.id);
  } else {
    repo.get(jobId);
    repo.markRunning(jobId);
    repo.items(jobId);
    isStopRequested(db, jobId);
    accounts.getById(account.id);
    repo.claimInFlight(jobId, `k${i}`);
    repo.findPreviousSave(drive, `s${i}`, 'root', jobId);
    repo.setShareName(jobId, 'a share');
    isStopRequested(db, jobId);
    repo.findKnownTargetFolder(drive, '/saved');
    repo.recordPlan(jobId, plan);
    isStopRequested(db, jobId);
    accounts.getById(account.id);
    repo.items(jobId);
    isStopRequested(db, jobId);
  }
  repo.markSent(jobId, [`file${i}`]);
  repo.recordResults(jobId, [{ sourceFileId: `file${i}`, state: 'copied', resultFileId: `copy${i}` }]);
  if (!lean) {
    isStopRequested(db, jobId);
    accounts.getById(account.id);
    repo.items(jobId);
  }
  repo.finishUntold(jobId, finish, '{}');
  // Told (the bot).
  repo.markTold(jobId);
}

for (let i = 0; i < 300; i += 1) await oneSave(-1 - i); // warm-up: JIT, statement caches
statements = 0;
writes = 0;
const before = process.cpuUsage();
for (let i = 0; i < saves; i += 1) await oneSave(i);
const used = process.cpuUsage(before);
const cpuMs = (used.user + used.system) / 1000;
console.log(`${saves} saves: CPU ${(cpuMs / saves).toFixed(3)} ms per save (user ${(used.user / 1000 / saves).toFixed(3)}, system ${(used.system / 1000 / saves).toFixed(3)}); ${(statements / saves).toFixed(1)} statements per save (BEGIN/COMMIT included), ${(writes / saves).toFixed(1)} write transactions per save`);
await queue.close();
handle.close();
rmSync(dir, { recursive: true, force: true });
