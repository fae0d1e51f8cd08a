/**
 * `npm run doctor` as its user runs it: `tsx scripts/doctor.ts` as a child process against the
 * Aliyun simulator over HTTP, a refresh token piped on stdin or accounts linked in a DATA_DIR.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { AliyunClient, isReloginNeeded, generateDevice } from '../../src/api/index.js';
import { databaseFile } from '../../src/app.js';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { createChatSettingsRepo } from '../../src/db/chat-settings.repo.js';
import { openDatabase } from '../../src/db/index.js';
import { loadSecretKey } from '../../src/secret-box.js';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../src/sim/aliyun/index.js';
import { startUpstream, type Upstream } from '../api/upstream.js';

const SECRET_KEY = 'ab'.repeat(32);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

let sim: AliyunSimulator;
let dataDir: string;
const closers: Array<() => Promise<void> | void> = [];

beforeEach(async () => {
  sim = await startAliyunSimulator({ port: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'asb-doctor-'));
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function hostEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ALIYUN_API_URL: sim.url,
    ALIYUN_AUTH_URL: sim.url,
    ALIYUN_PASSPORT_URL: sim.url,
    ALIYUN_USER_URL: sim.userUrl,
    DATA_DIR: dataDir,
    SECRET_KEY,
    ...overrides,
  };
}

/** `npm run doctor -- <args> < stdin`, with only the given environment. */
function doctor(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts', ...args], {
    cwd: join(import.meta.dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', ...(options.env ?? hostEnv()) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => {
    child.once('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n') }));
  });
}

/** The report line of a step (the first one when several sections have it). */
function line(run: Run, step: string): string {
  const found = run.lines.find((l) => l.startsWith(`  ${step} `));
  if (!found) throw new Error(`no "${step}" line in:\n${run.stdout}\n${run.stderr}`);
  return found;
}

function clientOf(): AliyunClient {
  return new AliyunClient({ apiUrl: sim.url, authUrl: sim.url, passportUrl: sim.url, userUrl: sim.userUrl, retries: 0 });
}

/** Whether a refresh token still works: exchanges it on a throw-away client. */
async function tokenWorks(refreshToken: string): Promise<boolean> {
  const session = clientOf().session({ accountKey: 'probe', refreshToken, ...generateDevice() }, { onRefreshToken: () => {} });
  try {
    await session.refresh();
    return true;
  } catch (err) {
    if (isReloginNeeded(err)) return false;
    throw err;
  }
}

// Each test starts tsx in a child process: seconds on a loaded machine, hence the longer timeout.
describe('npm run doctor with a refresh token on stdin', { timeout: 60_000 }, () => {
  let alice: SimAccount;
  beforeEach(() => {
    alice = sim.addAccount({ nickName: 'Alice' });
  });

  it('checks every step against the hosts, prints the rotated token at the end and exits 0', async () => {
    const share = sim.catalogue.password;
    const run = await doctor([share.text], { stdin: `${alice.refreshToken}\n` });

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(line(run, 'token refresh')).toMatch(/ ok .*Alice/);
    expect(line(run, 'device session')).toMatch(/ ok /);
    expect(line(run, 'user info (user host)')).toMatch(new RegExp(` ok .*resource ${alice.driveIds.resource}`));
    expect(line(run, 'user info (API host)')).toMatch(/ ok .*names no drive/);
    expect(line(run, 'save folder')).toContain(`/来自分享 is not in the resource drive ${alice.driveIds.resource} yet`);
    expect(line(run, 'share info')).toMatch(new RegExp(` ok +「${share.name}」, \\d+ files? by `));
    expect(line(run, 'share token')).toMatch(/ ok .*password/);
    expect(line(run, 'QR login (generate)')).toMatch(/ ok /);
    expect(run.stdout).toMatch(/all \d+ steps ok/);

    // The piped token is spent; the printed one is the live one, and it is the only token shown.
    const last = run.lines.filter(Boolean).at(-1) ?? '';
    const rotated = /: (\S+)$/.exec(last)?.[1] ?? '';
    expect(last).toMatch(/^new refresh token/);
    expect(rotated).not.toBe(alice.refreshToken);
    expect(run.stdout).not.toContain(alice.refreshToken);
    expect(await tokenWorks(alice.refreshToken)).toBe(false);
    expect(await tokenWorks(rotated)).toBe(true);

    // Read-only: nothing was created in the drive, nothing in DATA_DIR.
    expect(sim.findByName(alice.userId, '来自分享')).toEqual([]);
    expect(sim.countCopiesOf(share.shareId)).toBe(0);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('says "log in again" for a dead token, skips what needs it, prints no token and exits 1', async () => {
    const dead = alice.refreshToken;
    expect(await tokenWorks(dead)).toBe(true); // rotates it: `dead` is spent now
    const run = await doctor([], { stdin: dead });

    expect(run.code).toBe(1);
    expect(line(run, 'token refresh')).toMatch(/FAILED +InvalidParameter\.RefreshToken \(HTTP 400\) — .*log in again/);
    expect(line(run, 'device session')).toMatch(/skipped/);
    expect(line(run, 'save folder')).toMatch(/skipped/);
    // The anonymous steps still run.
    expect(line(run, 'QR login (generate)')).toMatch(/ ok /);
    expect(run.stdout).toMatch(/1 of \d+ steps failed: token refresh/);
    expect(run.stdout).not.toContain(dead);
    expect(run.stdout).not.toMatch(/new refresh token/);
  });

  it('names a cancelled share link with its code and exits 1', async () => {
    const run = await doctor([sim.catalogue.cancelled.url], { stdin: alice.refreshToken });

    expect(run.code).toBe(1);
    expect(line(run, 'share info')).toMatch(/FAILED +ShareLink\.Cancelled \(HTTP 400\) — the share was cancelled by its creator/);
    expect(line(run, 'share token')).toMatch(/skipped/);
    expect(line(run, 'token refresh')).toMatch(/ ok /);
    expect(run.stdout).toMatch(/1 of \d+ steps failed: share info/);
  });

  it('says which fields of an answer it did not understand', async () => {
    // A passport host whose generate.do lost `codeContent` and sends `ck` as null.
    const passport: Upstream = await startUpstream({
      '/newlogin/qrcode/generate.do': () => ({ json: { content: { success: true, data: { t: 1, ck: null } }, hasError: false } }),
    });
    closers.push(() => passport.close());
    const run = await doctor([], { stdin: alice.refreshToken, env: hostEnv({ ALIYUN_PASSPORT_URL: passport.url }) });

    expect(run.code).toBe(1);
    expect(line(run, 'QR login (generate)')).toMatch(/FAILED +answer not understood: content\.data\.ck null, content\.data\.codeContent missing/);
  });
});

describe('npm run doctor on the accounts linked in DATA_DIR', { timeout: 60_000 }, () => {
  it('checks each account, stores its rotated token where the bot finds it, and the bot keeps working', async () => {
    const bob = sim.addAccount({ nickName: 'Bob' });
    const secretKey = loadSecretKey({ secretKey: SECRET_KEY, dataDir }).key;
    const database = openDatabase(databaseFile({ DATA_DIR: dataDir }));
    closers.push(() => database.close());
    // The bot: links Bob (/login) and keeps his session warm in its client.
    const bot = { client: clientOf(), db: database.db, secretKey };
    const { account } = await createAccounts(bot).link(42, bob.refreshToken);
    const botSession = createAccounts(bot).session(account.id);
    const chats = createChatSettingsRepo(database.db);
    chats.upsert(42, { chatType: 'private' });
    chats.patch(42, { saveFolder: '/Movies' });
    const [movies] = sim.addFiles(bob.userId, [{ name: 'Movies', children: [] }]);
    const repo = createAccountsRepo(database.db, secretKey);
    const before = repo.getById(account.id)!.refreshToken;

    const run = await doctor([]);

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`account ${account.id} · Bob · Telegram user 42`);
    expect(line(run, 'token refresh')).toMatch(/ ok .*Bob; rotated token stored/);
    expect(line(run, 'save folder')).toContain(`/Movies = ${movies!.fileId} in the resource drive ${bob.driveIds.resource}`);
    expect(run.stdout).toMatch(/all \d+ steps ok/);

    // The rotated token is stored, and no token is printed.
    const after = repo.getById(account.id)!;
    expect(after.refreshToken).not.toBe(before);
    expect(after.needsRelogin).toBe(false);
    expect(run.stdout).not.toContain(before);
    expect(run.stdout).not.toContain(after.refreshToken);
    expect(await tokenWorks(before)).toBe(false);

    // The running bot's session held the old token: its next refresh adopts the stored one.
    await expect(botSession.refresh()).resolves.toMatchObject({ nick_name: 'Bob' });
    expect(repo.getById(account.id)!.needsRelogin).toBe(false);
    await expect(botSession.targetDriveId()).resolves.toBe(bob.driveIds.resource);
  });

  it('says "log in again" for a linked account whose token died, and flags it as the bot does', async () => {
    const carol = sim.addAccount({ nickName: 'Carol' });
    const secretKey = loadSecretKey({ secretKey: SECRET_KEY, dataDir }).key;
    const database = openDatabase(databaseFile({ DATA_DIR: dataDir }));
    closers.push(() => database.close());
    const { account } = await createAccounts({ client: clientOf(), db: database.db, secretKey }).link(43, carol.refreshToken);
    const repo = createAccountsRepo(database.db, secretKey);
    expect(await tokenWorks(repo.getById(account.id)!.refreshToken)).toBe(true); // spent elsewhere: the stored one is dead

    const run = await doctor([]);
    expect(run.code).toBe(1);
    expect(line(run, 'token refresh')).toMatch(/FAILED +InvalidParameter\.RefreshToken .*log in again/);
    expect(repo.getById(account.id)!.needsRelogin).toBe(true);

    // Flagged: the next run does not try the dead token again.
    const again = await doctor([]);
    expect(again.code).toBe(0);
    expect(line(again, 'token refresh')).toMatch(/skipped +.*must \/login again/);
  });

  it('reports an empty DATA_DIR without creating anything there', async () => {
    const run = await doctor([], { env: hostEnv({ SECRET_KEY: '' }) });

    expect(run.code).toBe(0);
    expect(line(run, 'linked accounts')).toMatch(/skipped +no database at .*pipe a refresh token/);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
