/**
 * One schema over process.env. Fails fast with a message naming each bad variable,
 * never echoing values (BOT_TOKEN and SECRET_KEY are secrets).
 */
import { z } from 'zod';

const idList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const ids = (raw ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (ids.some((id) => !Number.isSafeInteger(id))) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of numeric Telegram user ids' });
      return z.NEVER;
    }
    return new Set(ids);
  });

const url = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? value.trim() : fallback).replace(/\/+$/, ''))
    .pipe(z.url({ message: 'must be an http(s) URL' }));

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? Number(value) : fallback))
    .pipe(z.number().int().positive());

/** Binary units a size may be given in (`20G`, `20GiB` and `20GB` all mean 20 × 1024³ bytes). */
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** A size in bytes, plain or with a unit (`K`, `M`, `G`, `T`, optionally `B`/`iB`); 0 allowed. */
const byteSize = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value || !value.trim()) return fallback;
      const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(value.trim());
      const unit = SIZE_UNITS[match?.[2]?.toLowerCase() ?? ''];
      if (!match || unit === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be a size such as 21474836480, 500M or 20G' });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * unit);
    });

export const configSchema = z.object({
  BOT_TOKEN: z.string({ message: 'is required: get one from @BotFather' }).regex(/^\d+:[\w-]{20,}$/, {
    message: 'does not look like a bot token (expected 123456:ABC-…)',
  }),
  TELEGRAM_API_ROOT: url('https://api.telegram.org'),
  ALIYUN_API_URL: url('https://api.aliyundrive.com'),
  ALIYUN_AUTH_URL: url('https://auth.aliyundrive.com'),
  ALIYUN_PASSPORT_URL: url('https://passport.aliyundrive.com'),
  /** The user host: `/v2/user/get` names the drives only here. */
  ALIYUN_USER_URL: url('https://user.aliyundrive.com'),
  REDIS_URL: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? value.trim() : undefined)),
  DATA_DIR: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? value.trim() : './data')),
  SECRET_KEY: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? value.trim() : undefined)),
  /** The key before SECRET_KEY changed: secrets sealed under it are re-sealed at start. */
  SECRET_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? value.trim() : undefined)),
  ALLOWED_USER_IDS: idList,
  ADMIN_USER_IDS: idList,
  WEBHOOK_URL: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? value.trim() : undefined))
    .pipe(z.url({ message: 'must be the public https URL Telegram should post updates to' }).optional()),
  WEBHOOK_PORT: positiveInt(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  /** Save jobs run at once in this process. Jobs wait on Aliyun, not the CPU; each account keeps its own pace. */
  WORKER_CONCURRENCY: positiveInt(16),
  /** Aliyun calls per second per linked account (alist paces listing at about 4/s). */
  ALIYUN_CALLS_PER_SECOND: positiveInt(4),
  /** Saves one user may have queued or running at once; past it a new link is refused with a message. */
  MAX_QUEUED_PER_USER: positiveInt(200),
  /** Saves kept in each chat's history (the newest; queued and running ones are always kept). */
  HISTORY_KEEP_PER_CHAT: positiveInt(200),
  /** Saves per hour a group may trigger on its bound account. */
  GROUP_SAVES_PER_HOUR: positiveInt(60),
  /** Seconds between two checks of a followed share (追更); each check serves every follower of the share. */
  FOLLOW_CHECK_SECONDS: positiveInt(3600),
  /**
   * A private save of a share larger than this waits a moment (15 s) before copying, its status
   * message offering 📂 choose files (the /pick list) beside ✖ stop. 0 = never wait. Default 20G.
   */
  PICK_SUGGEST_BYTES: byteSize(20 * 1024 ** 3),
  /** Anonymous listing calls per second for all follow checks of this process together (0 = unpaced). */
  FOLLOW_LIST_CALLS_PER_SECOND: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? Number(value) : 2))
    .pipe(z.number().min(0)),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; throws an Error whose message lists every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
