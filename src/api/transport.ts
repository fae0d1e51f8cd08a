/**
 * HTTP to the three Aliyun hosts: one ky instance per host with the headers the web client
 * sends, one attempt per `send`, every failure turned into an {@link AliyunError}, every
 * answer validated with zod. Retries are ours (see retry.ts), so ky's are off.
 */
import { randomUUID } from 'node:crypto';
import ky, { TimeoutError, type KyInstance, type Options } from 'ky';
import type { z } from 'zod';
import { AliyunError } from './errors.js';
import { errorFromResponse } from './http-error.js';
import { createNodeHttpFetch, type NodeHttpFetchInit } from './node-http-fetch.js';
import type { ApiLogger } from './logger.js';
import { SECRET_FIELD_NAMES, scrubSecrets } from './redact.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { shapeOf } from './shape.js';

export type Host = 'api' | 'auth' | 'passport' | 'user';

/** Where the hosts live (`ALIYUN_API_URL`, `ALIYUN_AUTH_URL`, `ALIYUN_PASSPORT_URL`, `ALIYUN_USER_URL`). */
export interface HostUrls {
  apiUrl: string;
  authUrl: string;
  passportUrl: string;
  /** The user host: `/v2/user/get` names the drives only here. */
  userUrl: string;
}

/** One call: where, what, and the shape of a good answer (`null` = ignore the body). */
export interface CallSpec<T> {
  host?: Host;
  /** Path under the host, without a leading slash. */
  path: string;
  method?: 'POST' | 'GET';
  body?: Record<string, unknown>;
  form?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  schema: z.ZodType<T> | null;
  /** false for calls that must not be resent after an ambiguous failure (copies, creations). */
  idempotent?: boolean;
  /** A call that may take long (a batch of 100 copies): bounded by `slowTimeoutMs` instead. */
  slow?: boolean;
}

/** Something that performs calls: anonymous, paced, or logged in. */
export type Caller = <T>(spec: CallSpec<T>) => Promise<T>;

export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

export interface TransportOptions extends HostUrls {
  timeoutMs: number;
  /** For `slow` calls (batches): public clients give a batch 60 s. */
  slowTimeoutMs: number;
  userAgent?: string | undefined;
  retry: RetryPolicy;
  logger: ApiLogger;
}

/**
 * What the web client sends as `x-canary` on API-host calls (v4.x; v4.9.0 is the latest seen in
 * public clients). AList notes it lifts some rate limits; without it some answers lack fields.
 */
export const X_CANARY = 'client=web,app=adrive,version=v4.9.0';

const SECRET_HEADERS = new Set(['authorization', 'x-share-token', 'x-signature']);
const SECRET_BODY_FIELDS = new Set<string>(SECRET_FIELD_NAMES);

/** Secret values in a request, to scrub from anything we keep about it. */
function secretsOf(spec: CallSpec<unknown>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (SECRET_HEADERS.has(name.toLowerCase())) secrets.push(value.replace(/^Bearer\s+/i, ''), value);
  }
  for (const [name, value] of Object.entries(spec.body ?? {})) {
    if (SECRET_BODY_FIELDS.has(name) && typeof value === 'string') secrets.push(value);
  }
  return secrets;
}

function endpointOf(spec: CallSpec<unknown>): string {
  return spec.path.replace(/\?.*$/, '');
}

/** Sends calls to Aliyun. */
export class Transport {
  private readonly hosts: Record<Host, KyInstance>;

  constructor(private readonly options: TransportOptions) {
    const shared = {
      retry: 0,
      throwHttpErrors: false,
      // Each request's own AbortSignal bounds it, reading the body included: a second timer is waste.
      timeout: false,
      // node:http with keep-alive instead of undici's fetch: a third of the bot's CPU went there.
      fetch: createNodeHttpFetch(),
      headers: {
        'Content-Type': 'application/json',
        Referer: 'https://www.alipan.com/',
        Origin: 'https://www.alipan.com',
        'User-Agent': options.userAgent ?? DEFAULT_USER_AGENT,
      },
    } as const;
    this.hosts = {
      api: ky.create({ ...shared, headers: { ...shared.headers, 'x-canary': X_CANARY }, prefixUrl: options.apiUrl }),
      auth: ky.create({ ...shared, prefixUrl: options.authUrl }),
      passport: ky.create({ ...shared, prefixUrl: options.passportUrl }),
      user: ky.create({ ...shared, prefixUrl: options.userUrl }),
    };
  }

  /** How hard calls are tried: callers that run their own loop (the token exchange) follow it too. */
  get retryPolicy(): RetryPolicy {
    return this.options.retry;
  }

  /**
   * A call with our retry loop around it; `beforeAttempt` (the account's pace) runs before
   * every HTTP attempt, retries included.
   */
  async call<T>(spec: CallSpec<T>, beforeAttempt?: () => Promise<void>, logger: ApiLogger = this.options.logger): Promise<T> {
    return withRetry(
      async () => {
        await beforeAttempt?.();
        return this.send(spec, logger);
      },
      this.options.retry,
      {
        idempotent: spec.idempotent ?? true,
        onRetry: ({ error, delayMs, kind, attempt }) =>
          logger.warn({ endpoint: endpointOf(spec), code: error.code, status: error.status, delayMs, kind, attempt }, 'aliyun call will be retried'),
      },
    );
  }

  /**
   * One HTTP attempt. Lines name the endpoint in their own fields (no child logger per call: a
   * pino child costs more than the line it would carry, and debug lines are usually off).
   */
  async send<T>(spec: CallSpec<T>, log: ApiLogger = this.options.logger): Promise<T> {
    const endpoint = endpointOf(spec);
    const requestId = randomUUID();
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let status = 0;
    let text: string;
    let headers: Pick<Headers, 'get'>;
    try {
      const options: Options & NodeHttpFetchInit = {
        method: spec.method ?? 'POST',
        headers: spec.form
          ? { 'Content-Type': 'application/x-www-form-urlencoded', ...spec.headers, 'x-request-id': requestId }
          : { ...spec.headers, 'x-request-id': requestId },
        // Beside ky's Request, as the body is: see NodeHttpFetchInit.
        timeoutMs: spec.slow ? this.options.slowTimeoutMs : this.options.timeoutMs,
      };
      if (spec.query) options.searchParams = spec.query;
      if (spec.form) options.bodyText = new URLSearchParams(spec.form).toString();
      else if (spec.method !== 'GET') options.bodyText = JSON.stringify(spec.body ?? {});
      const response = await this.hosts[spec.host ?? 'api'](spec.path, options);
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (err) {
      const failure = transportFailure(err, endpoint, secretsOf(spec));
      log.warn({ endpoint, requestId, code: failure.code, ms: elapsed() }, 'aliyun request failed');
      throw failure;
    }
    if (status < 200 || status >= 300) {
      const failure = errorFromResponse({ status, headers, text, endpoint, secrets: secretsOf(spec) });
      log.debug({ endpoint, requestId, status, code: failure.code, ms: elapsed() }, 'aliyun answered with an error');
      throw failure;
    }
    log.debug({ endpoint, requestId, status, ms: elapsed() }, 'aliyun answered');
    return parseAnswer(spec.schema, text, status, endpoint, log);
  }
}

function transportFailure(err: unknown, endpoint: string, secrets: string[]): AliyunError {
  const name = err instanceof Error ? err.name : '';
  if (err instanceof TimeoutError || name === 'TimeoutError' || name === 'AbortError') {
    return new AliyunError({ status: 0, code: 'Timeout', message: 'no answer in time', endpoint });
  }
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const detail = [err instanceof Error ? err.message : String(err), cause?.message].filter(Boolean).join(': ');
  return new AliyunError({
    status: 0,
    code: 'NetworkError',
    message: scrubSecrets(detail || 'network failure', secrets),
    endpoint,
  });
}

/**
 * The answer, validated. One that fails is logged with its endpoint and shape (keys and types,
 * never values): that line is what tells a maintainer what Aliyun changed.
 */
function parseAnswer<T>(schema: z.ZodType<T> | null, text: string, status: number, endpoint: string, log: ApiLogger): T {
  if (schema === null) return undefined as T;
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    log.warn({ endpoint, status, shape: 'not JSON', length: text.length }, 'aliyun answer not understood');
    throw new AliyunError({ status, code: 'BadResponse', message: 'answer is not JSON', endpoint, retryable: false, answerShape: 'not JSON' });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  const shape = shapeOf(json);
  log.warn({ endpoint, status, issues, shape }, 'aliyun answer not understood');
  throw new AliyunError({
    status,
    code: 'BadResponse',
    message: `unexpected answer shape: ${issues}`,
    endpoint,
    retryable: false,
    answerShape: shape,
  });
}
