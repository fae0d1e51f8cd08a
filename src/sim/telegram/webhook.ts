/**
 * Webhook delivery: while a webhook is set, POSTs pending updates one at a time to it with
 * the `X-Telegram-Bot-Api-Secret-Token` header, confirms each on a 2xx answer, and retries
 * with growing pauses otherwise (recording last_error_* for getWebhookInfo). A 2xx answer
 * whose JSON body names a `method` is run as a webhook reply, as Telegram does.
 */
import type { Dispatcher, LoggerLike } from './dispatch.js';
import type { TelegramState } from './state.js';

/** Tunables for delivery. */
export interface WebhookOptions {
  /** First pause after a failed delivery; doubles up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** How long Telegram waits for the bot's answer. */
  requestTimeoutMs: number;
}

/** Delivers updates to the bot's webhook while one is set. */
export class WebhookDeliverer {
  private running = false;
  private stop = new AbortController();
  private closed = false;

  constructor(
    private readonly state: TelegramState,
    private readonly dispatcher: () => Dispatcher,
    private readonly options: WebhookOptions,
    private readonly logger?: LoggerLike,
  ) {}

  /** Call after the webhook changed: starts delivery, or lets the loop notice it is gone. */
  webhookChanged(): void {
    if (this.state.webhook === undefined) {
      this.stop.abort();
      this.stop = new AbortController();
      return;
    }
    if (!this.running && !this.closed) void this.loop();
  }

  /** Stops delivery for good. */
  close(): void {
    this.closed = true;
    this.stop.abort();
  }

  private async loop(): Promise<void> {
    this.running = true;
    let delay = this.options.retryDelayMs;
    try {
      while (!this.closed && this.state.webhook !== undefined) {
        const signal = this.stop.signal;
        const update = this.state.updates.peek(1, this.state.allowedUpdates)[0];
        if (update === undefined) {
          await this.nextUpdate(signal);
          continue;
        }
        const hook = this.state.webhook;
        const delivered = await this.deliver(hook.url, hook.secretToken, update, signal);
        if (delivered) {
          delay = this.options.retryDelayMs;
          continue;
        }
        if (signal.aborted) continue;
        await sleep(delay, signal);
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs);
      }
    } finally {
      this.running = false;
    }
  }

  private nextUpdate(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.state.updates.off('update', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.state.updates.on('update', done);
      signal.addEventListener('abort', done);
    });
  }

  private async deliver(url: string, secretToken: string | undefined, update: { update_id: number }, stop: AbortSignal): Promise<boolean> {
    const hook = this.state.webhook;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken !== undefined ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.any([stop, AbortSignal.timeout(this.options.requestTimeoutMs)]),
      });
      const body = await response.text();
      if (!response.ok) {
        this.recordError(`Wrong response from the webhook: ${response.status} ${response.statusText}`);
        return false;
      }
      this.state.updates.confirm(update.update_id + 1);
      this.state.changed();
      await this.webhookReply(response.headers.get('content-type'), body);
      return true;
    } catch (error) {
      if (stop.aborted) return false;
      const cause = (error as { cause?: { code?: string } }).cause;
      this.recordError(cause?.code === 'ECONNREFUSED' ? 'Connection refused' : `Connection failed: ${(error as Error).message}`);
      this.logger?.debug({ url: hook?.url, err: error }, 'telegram fake: webhook delivery failed');
      return false;
    }
  }

  private recordError(message: string): void {
    if (this.state.webhook === undefined) return;
    this.state.webhook.lastErrorDate = this.state.date();
    this.state.webhook.lastErrorMessage = message;
    this.state.changed();
  }

  private async webhookReply(contentType: string | null, body: string): Promise<void> {
    if (!contentType?.includes('application/json') || body.trim() === '') return;
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return;
    }
    if (typeof payload !== 'object' || payload === null) return;
    const { method, ...params } = payload as Record<string, unknown>;
    if (typeof method !== 'string') return;
    await this.dispatcher().dispatch(method, { transport: 'json', params }, new AbortController().signal, 'webhook-reply');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
