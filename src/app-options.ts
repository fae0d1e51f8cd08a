/** The app's knobs (src/app.ts): tests, the demo and the bench turn them; production uses the defaults. */
import type { Logger } from './logger.js';
import type { PollOptions } from './jobs/index.js';
import type { ApiRetryOptions } from './bot/api-config.js';

/** Knobs for tests, the demo and the bench; production uses the defaults. */
export interface AppOptions {
  /** Defaults to a pino logger at LOG_LEVEL on stdout. */
  logger?: Logger;
  /** Save queue name (tests use a unique one per run). */
  queueName?: string;
  /** BullMQ key prefix (tests isolate runs with it). */
  queuePrefix?: string;
  /** Run save workers in this process (default true; the BullMQ worker process starts its own). */
  runWorkers?: boolean;
  /** QR login: time between status polls (default 3 s) and overall limit (default 5 min). */
  qrPollIntervalMs?: number;
  qrTimeoutMs?: number;
  /** Least time between two progress edits of one status message (default 1.5 s). */
  statusEditIntervalMs?: number;
  /** How long a save runs before its status message is sent (default 1 s: a quicker save's outcome is its one message). */
  statusShowAfterMs?: number;
  /** How save jobs poll Aliyun's async copies (tests shorten it). */
  savePoll?: Partial<PollOptions>;
  /** Least time between two progress reports of one save job (default 1 s). */
  progressIntervalMs?: number;
  /** How long a large share's save waits before copying, so its asker may choose part of it (default 15 s). */
  largeShareWaitMs?: number;
  /** Bound of Bot API retries on 5xx, and the limits the flood gate keeps to (default Telegram's). */
  apiRetry?: ApiRetryOptions;
  /** Queue close timeout (ms) — how long shutdown waits for running saves. */
  queueCloseTimeoutMs?: number;
  /** Health file (see src/heartbeat.ts): time between beats, and how long Telegram may stay silent. */
  heartbeat?: { intervalMs?: number; telegramMaxAgeMs?: number };
}
