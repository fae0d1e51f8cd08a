/**
 * pino, with every field that could carry a secret redacted. Library code takes a logger
 * parameter; only the composition root creates one.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths pino censors wherever they appear in a log object. */
export const REDACTED_PATHS = [
  '*.refresh_token',
  '*.refreshToken',
  '*.access_token',
  '*.accessToken',
  '*.share_token',
  '*.shareToken',
  '*.token',
  '*.password',
  '*.share_pwd',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
  '*.headers["x-signature"]',
  'refresh_token',
  'refreshToken',
  'access_token',
  'accessToken',
  'token',
];

/**
 * A Bot API URL carries the bot token in its path (`/bot123:ABC…/sendMessage`), and grammY's
 * network errors quote that URL in their message.
 */
const BOT_TOKEN_IN_URL = /bot\d+:[A-Za-z0-9_-]{20,}/g;

/** Error fields that hold a whole request: grammY's `payload` (texts with 提取码, photo bytes). */
const DROPPED_ERROR_FIELDS = new Set(['payload']);

/** Copies a serialized error, scrubbing bot tokens from every string and dropping request payloads. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(BOT_TOKEN_IN_URL, 'bot[redacted]');
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return scrub(pino.stdSerializers.err(value), depth + 1);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!DROPPED_ERROR_FIELDS.has(key)) copy[key] = scrub(field, depth + 1);
  }
  return copy;
}

/** pino's error serializer, then `scrub`: nested causes (grammY's HttpError.error) included. */
export function serializeError(error: unknown): unknown {
  return scrub(error instanceof Error ? pino.stdSerializers.err(error) : error);
}

/** Creates the app logger; `destination` lets tests capture every line. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      base: undefined,
    },
    destination,
  );
}
