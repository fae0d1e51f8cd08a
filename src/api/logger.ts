/**
 * The logger the client accepts: anything pino-compatible. Default: silent.
 */

/** A pino-compatible logger; `child` is used when present. */
export interface ApiLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child?(bindings: Record<string, unknown>): ApiLogger;
}

const noop = (): void => undefined;

/** Drops every line. */
export const silentLogger: ApiLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** A child logger when the logger supports it, else the logger itself. */
export function childLogger(logger: ApiLogger, bindings: Record<string, unknown>): ApiLogger {
  return logger.child ? logger.child(bindings) : logger;
}
