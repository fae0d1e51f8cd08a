/**
 * `npm run doctor [share link]`: a live self-check of the configured Aliyun hosts for whoever
 * runs the bot. Checks a refresh token given on stdin, or else every account linked in
 * DATA_DIR, then the share link when one is given, then QR login. One line per step; the only
 * thing written is a rotated refresh token (stored as the bot stores it, or printed at the end
 * for a token from stdin, which stops working once exchanged).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import type { DestinationStream } from 'pino';
import { AliyunClient, generateDevice } from '../api/index.js';
import { createAccounts } from '../accounts.js';
import { DEFAULT_SAVE_FOLDER } from '../save-folder.js';
import { configSchema, type Config } from '../config.js';
import { createChatSettingsRepo } from '../db/chat-settings.repo.js';
import { openDatabase } from '../db/index.js';
import { accounts } from '../db/schema/index.js';
import { createLogger, type Logger } from '../logger.js';
import { loadSecretKey } from '../secret-box.js';
import { extractShareLinks } from '../share-text.js';
import { checkAccount, checkQrLogin, checkShare, STEP, type Emit } from './checks.js';
import { exitCodeOf, failed, formatStep, formatVerdict, skipped, type StepResult } from './report.js';

/** The settings the doctor reads (no Telegram ones: it never talks to Telegram). */
const doctorConfigSchema = configSchema.pick({
  ALIYUN_API_URL: true,
  ALIYUN_AUTH_URL: true,
  ALIYUN_PASSPORT_URL: true,
  ALIYUN_USER_URL: true,
  DATA_DIR: true,
  SECRET_KEY: true,
  ALIYUN_CALLS_PER_SECOND: true,
  LOG_LEVEL: true,
});
type DoctorConfig = Pick<Config, keyof typeof doctorConfigSchema.shape>;

/**
 * The bot's database file (`databaseFile` in app.ts, which would load grammY, BullMQ and the
 * bot just to name it; the tests link accounts through app.ts's and find them here).
 */
function databaseFile(config: Pick<Config, 'DATA_DIR'>): string {
  return join(config.DATA_DIR, 'bot.sqlite');
}

export interface DoctorInput {
  env: NodeJS.ProcessEnv;
  /** The command-line arguments: a share link (with its password) when one is to be checked. */
  args: readonly string[];
  /** What came on stdin: a refresh token to check instead of the linked accounts. */
  stdin?: string | undefined;
  /** Prints one line of the report. */
  out(line: string): void;
  /** Where the client's own log goes when LOG_LEVEL is set (stderr in the script). */
  logTo?: DestinationStream | undefined;
}

/** Runs every step and prints the report. @returns the exit code: 1 when a step failed. */
export async function runDoctor(input: DoctorInput): Promise<number> {
  const parsed = doctorConfigSchema.safeParse(input.env);
  if (!parsed.success) {
    input.out('Invalid configuration:');
    for (const issue of parsed.error.issues) input.out(`  ${issue.path.join('.')}: ${issue.message}`);
    return 1;
  }
  const config = parsed.data;
  // The report is the output; the client's own log only when asked for.
  const logger = createLogger(input.env.LOG_LEVEL?.trim() ? config.LOG_LEVEL : 'silent', input.logTo);
  const results: StepResult[] = [];
  const emit: Emit = (result) => {
    results.push(result);
    input.out(formatStep(result));
  };
  // A doctor should answer in seconds: one retry, and a short wait on rate limits.
  const client = new AliyunClient({
    apiUrl: config.ALIYUN_API_URL,
    authUrl: config.ALIYUN_AUTH_URL,
    passportUrl: config.ALIYUN_PASSPORT_URL,
    userUrl: config.ALIYUN_USER_URL,
    retries: 1,
    maxRateLimitWaitMs: 10_000,
    pace: { callsPerSecond: config.ALIYUN_CALLS_PER_SECOND },
    logger: logger.child({ component: 'aliyun' }),
  });

  input.out(
    `aliyun-share-bot doctor — api ${config.ALIYUN_API_URL}, auth ${config.ALIYUN_AUTH_URL}, ` +
      `user ${config.ALIYUN_USER_URL}, passport ${config.ALIYUN_PASSPORT_URL}`,
  );

  let rotatedPipedToken: string | undefined;
  const piped = input.stdin?.trim();
  if (piped) {
    input.out('');
    input.out('refresh token from stdin');
    rotatedPipedToken = await checkPipedToken(client, piped, emit);
  } else {
    await checkLinkedAccounts(config, client, logger, input.out, emit);
  }

  const linkText = input.args.join(' ').trim();
  if (linkText) {
    const shares = extractShareLinks(linkText);
    if (shares.length === 0) {
      input.out('');
      input.out('share');
      emit(failed('share link', 'no Aliyun share link in the arguments'));
    }
    for (const share of shares) {
      input.out('');
      input.out(`share ${share.url}`);
      await checkShare(client, share, emit);
    }
  }

  input.out('');
  input.out('passport');
  await checkQrLogin(client, emit);

  input.out('');
  input.out(formatVerdict(results));
  if (rotatedPipedToken) {
    input.out(`new refresh token (the one from stdin no longer works; use this one from now on): ${rotatedPipedToken}`);
  }
  return exitCodeOf(results);
}

/** A token from stdin, on a fresh device; @returns the rotated token, if the exchange worked. */
async function checkPipedToken(client: AliyunClient, text: string, emit: Emit): Promise<string | undefined> {
  if (/\s/.test(text)) {
    emit(failed(STEP.refresh, 'stdin should hold one refresh token and nothing else'));
    return undefined;
  }
  let rotated: string | undefined;
  const device = generateDevice();
  const session = client.session(
    { accountKey: 'doctor-stdin', refreshToken: text, ...device },
    {
      onRefreshToken(token) {
        rotated = token;
      },
    },
  );
  await checkAccount(
    { session, deviceId: device.deviceId, saveFolder: DEFAULT_SAVE_FOLDER, rotatedTokenNote: 'the new token is printed at the end' },
    emit,
  );
  return rotated;
}

/**
 * Every account linked in DATA_DIR, opened with the configured key through the accounts
 * service, each checked through the session the bot would use (so its rotated token is
 * stored exactly as the bot stores it). Creates nothing: no database, no key file.
 */
async function checkLinkedAccounts(config: DoctorConfig, client: AliyunClient, logger: Logger, out: (line: string) => void, emit: Emit): Promise<void> {
  const file = databaseFile(config);
  out('');
  out(`linked accounts in ${config.DATA_DIR}`);
  if (!existsSync(file)) {
    emit(skipped('linked accounts', `no database at ${file}; pipe a refresh token to check one`));
    return;
  }
  if (!config.SECRET_KEY && !existsSync(join(config.DATA_DIR, 'secret.key'))) {
    emit(failed('secret key', 'no SECRET_KEY and no secret.key in DATA_DIR: the stored tokens cannot be opened'));
    return;
  }
  let secretKey;
  try {
    secretKey = loadSecretKey({ secretKey: config.SECRET_KEY, dataDir: config.DATA_DIR }).key;
  } catch (err) {
    emit(failed('secret key', err));
    return;
  }
  const database = openDatabase(file);
  try {
    const linked = createAccounts({ client, db: database.db, secretKey, logger });
    const chatSettings = createChatSettingsRepo(database.db);
    const ids = database.db.select({ id: accounts.id }).from(accounts).orderBy(asc(accounts.id)).all();
    if (ids.length === 0) emit(skipped('linked accounts', 'none yet; pipe a refresh token to check one'));
    for (const { id } of ids) {
      let row;
      try {
        row = linked.getById(id);
      } catch (err) {
        out(`account ${id}`);
        emit(failed('stored secrets', `cannot be opened (${err instanceof Error ? err.message : String(err)}): is SECRET_KEY the one they were sealed with?`));
        continue;
      }
      if (!row) continue;
      out(`account ${row.id} · ${row.nickName || '(no name)'} · Telegram user ${row.telegramUserId}`);
      if (row.needsRelogin) {
        emit(skipped(STEP.refresh, 'Aliyun refused its token earlier: the user must /login again'));
        continue;
      }
      await checkAccount(
        {
          session: linked.sessionOfRow(row),
          deviceId: row.deviceId,
          saveFolder: chatSettings.get(row.telegramUserId)?.saveFolder ?? DEFAULT_SAVE_FOLDER,
          rotatedTokenNote: 'rotated token stored',
        },
        emit,
      );
    }
  } finally {
    database.close();
  }
}
