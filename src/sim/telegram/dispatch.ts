/**
 * Runs one Bot API call: logs it, applies injected failures, runs the method and shapes the
 * answer as Telegram does (`{ ok: true, result }` or `{ ok: false, error_code, description }`).
 * Shared by the HTTP server and webhook replies.
 */
import { BotApiError, tooManyRequests } from './errors.js';
import type { FailureInjector } from './failures.js';
import type { FloodLimiter } from './limits.js';
import { Params, type DecodedRequest } from './params.js';
import type { TelegramState } from './state.js';

/** A pino-compatible logger (only the levels the fake uses). */
export interface LoggerLike {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Settings that methods read. */
export interface MethodSettings {
  /** How long a callback query can still be answered (Telegram: about 15 s). */
  callbackAnswerTimeoutMs: number;
}

/** What a method handler gets. */
export interface MethodContext {
  state: TelegramState;
  params: Params;
  /** Aborts when the client goes away (used by long polling). */
  signal: AbortSignal;
  settings: MethodSettings;
  /** Starts or stops webhook delivery after the webhook changed. */
  webhookChanged(): void;
}

/** A method implementation: returns the `result`, throws {@link BotApiError} on failure. */
export type MethodHandler = (ctx: MethodContext) => unknown;

/** A result that Telegram answers with a `description` too ("Webhook was set"). */
export class WithDescription {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

/** How to answer the HTTP request. */
export interface DispatchResult {
  status: number;
  body?: Record<string, unknown>;
  /** Raw HTML body instead of JSON (an injected gateway error page). */
  html?: string;
  /** Cut the connection without answering. */
  drop?: boolean;
}

/** Dependencies of the dispatcher. */
export interface DispatcherDeps {
  state: TelegramState;
  methods: ReadonlyMap<string, MethodHandler>;
  failures: FailureInjector;
  /** Telegram's flood limits, when turned on. */
  limiter?: FloodLimiter;
  settings: MethodSettings;
  logger?: LoggerLike;
  webhookChanged(): void;
}

const STATUS_TEXT: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** Runs API calls against the state. */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** Executes `method` with decoded parameters; never throws. */
  async dispatch(method: string, request: DecodedRequest, signal: AbortSignal, via: 'http' | 'webhook-reply'): Promise<DispatchResult> {
    const { state, methods, failures, logger } = this.deps;
    const call = state.startCall(method, request.params, request.transport, via);
    const handler = methods.get(method.toLowerCase());
    if (handler === undefined) {
      const body = new BotApiError(404, 'Not Found: method not found').toBody();
      state.finishCall(call, 404, body);
      return { status: 404, body };
    }
    const retryAfter = this.deps.limiter?.take(method, request.params['chat_id']);
    if (retryAfter !== undefined) {
      const body = tooManyRequests(retryAfter).toBody();
      state.finishCall(call, 429, body);
      return { status: 429, body };
    }
    const failure = failures.take(method);
    if (failure !== undefined) {
      if (failure.status === 'drop') {
        state.finishCall(call, 0, { ok: false, error_code: 0, description: 'connection dropped' }, true);
        return { status: 0, drop: true };
      }
      if (failure.status === 429) {
        const body = tooManyRequests(failure.retryAfter ?? 1).toBody();
        state.finishCall(call, 429, body, true);
        return { status: 429, body };
      }
      const text = failure.description ?? STATUS_TEXT[failure.status] ?? 'Server Error';
      const body = new BotApiError(failure.status, text).toBody();
      state.finishCall(call, failure.status, body, true);
      if ('html' in failure && failure.html) {
        return { status: failure.status, html: `<html>\r\n<head><title>${failure.status} ${text}</title></head>\r\n<body>\r\n<center><h1>${failure.status} ${text}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n` };
      }
      return { status: failure.status, body };
    }
    try {
      const value = await handler({
        state,
        params: new Params(request.params),
        signal,
        settings: this.deps.settings,
        webhookChanged: () => this.deps.webhookChanged(),
      });
      const body: Record<string, unknown> =
        value instanceof WithDescription ? { ok: true, result: value.result, description: value.description } : { ok: true, result: value };
      state.finishCall(call, 200, { ok: true, result: body.result });
      return { status: 200, body };
    } catch (error) {
      if (error instanceof BotApiError) {
        const body = error.toBody();
        state.finishCall(call, error.code, body);
        return { status: error.code, body };
      }
      logger?.error({ err: error, method }, 'telegram fake: method crashed');
      const body = new BotApiError(500, 'Internal Server Error').toBody();
      state.finishCall(call, 500, body);
      return { status: 500, body };
    }
  }
}
