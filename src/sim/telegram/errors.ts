/**
 * Bot API failures, shaped exactly like Telegram's `{ ok: false, error_code, description, parameters? }`.
 * Method handlers throw these; the dispatcher turns them into the HTTP answer.
 */
import type { ResponseParameters } from 'grammy/types';

/** A Telegram-shaped API error; `code` is both the HTTP status and `error_code`. */
export class BotApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'BotApiError';
  }

  /** The JSON body Telegram sends for this error. */
  toBody(): { ok: false; error_code: number; description: string; parameters?: ResponseParameters } {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/** 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(detail: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${detail}`);
}

/** 403 with Telegram's "Forbidden: " prefix. */
export function forbidden(detail: string): BotApiError {
  return new BotApiError(403, `Forbidden: ${detail}`);
}

/** 409 with Telegram's "Conflict: " prefix. */
export function conflict(detail: string): BotApiError {
  return new BotApiError(409, `Conflict: ${detail}`);
}

/** 429 flood-wait answer; grammY's auto-retry reads `parameters.retry_after`. */
export function tooManyRequests(retryAfterSeconds: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, {
    retry_after: retryAfterSeconds,
  });
}

/** The "can't parse entities" family that parse_mode errors belong to. */
export function cantParseEntities(detail: string): BotApiError {
  return badRequest(`can't parse entities: ${detail}`);
}

/** Thrown by the markup parsers; the method layer wraps it into a 400. */
export class ParseEntitiesError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'ParseEntitiesError';
  }
}

/** Telegram's full "not modified" text for an edit that changes nothing. */
export const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
