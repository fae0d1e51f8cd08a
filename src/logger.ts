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

/** Creates the app logger; `destination` lets tests capture every line. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined }, destination);
}
