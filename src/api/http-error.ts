/**
 * Turns a non-2xx (or unreadable) HTTP answer into an {@link AliyunError}.
 */
import { AliyunError } from './errors.js';
import { scrubSecrets, snippetOf } from './redact.js';
import { errorBodySchema } from './schemas.js';

/**
 * The longest wait a server's header is taken at: a rate-limited job is parked for the wait it
 * is handed, and a header asking for hours or days (a misconfigured proxy) would park it that long.
 */
export const MAX_SERVER_WAIT_MS = 15 * 60_000;

/**
 * The wait the server asked for, in ms (at most {@link MAX_SERVER_WAIT_MS}): `x-retry-after` is
 * in milliseconds, `Retry-After` in seconds or an HTTP date. `undefined` when neither is usable.
 */
export function retryAfterFromHeaders(headers: Pick<Headers, 'get'>, now = Date.now()): number | undefined {
  const asked = askedWaitMs(headers, now);
  return asked === undefined ? undefined : Math.min(asked, MAX_SERVER_WAIT_MS);
}

function askedWaitMs(headers: Pick<Headers, 'get'>, now: number): number | undefined {
  const ms = headers.get('x-retry-after');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const MAX_MESSAGE_LENGTH = 300;

function capLength(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The error a failed answer stands for. `secrets` are scrubbed from any text we keep. */
export function errorFromResponse(options: {
  status: number;
  headers: Pick<Headers, 'get'>;
  text: string;
  endpoint: string;
  secrets: Iterable<string>;
}): AliyunError {
  const { status, headers, text, endpoint } = options;
  const secrets = [...options.secrets];
  const retryAfterMs = retryAfterFromHeaders(headers);
  const parsed = errorBodySchema.safeParse(parseJson(text));
  if (parsed.success) {
    return new AliyunError({
      status,
      code: parsed.data.code,
      message: capLength(scrubSecrets(parsed.data.message || parsed.data.code, secrets)),
      endpoint,
      requestId: parsed.data.requestId ?? headers.get('x-ca-request-id') ?? undefined,
      retryAfterMs,
      displayMessage: parsed.data.display_message,
    });
  }
  const snippet = snippetOf(text, secrets);
  const code =
    status === 429 ? 'TooManyRequests' : status === 502 ? 'BadGateway' : status >= 500 ? 'ServerError' : 'HttpError';
  return new AliyunError({
    status,
    code,
    message: `non-JSON answer: ${snippet}`,
    endpoint,
    retryAfterMs,
  });
}
