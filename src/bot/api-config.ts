/**
 * Transformers every Bot API client of ours gets — the bot's and the worker process's
 * notifier alike — so both send the same way.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import type { Api, RawApi, Transformer } from 'grammy';
import { floodGate, sendTags, type GateLimits } from './flood-gate.js';

/** Methods whose text or caption we always write as HTML. */
const HTML_METHODS = new Set([
  'sendMessage',
  'editMessageText',
  'sendPhoto',
  'editMessageCaption',
  'sendDocument',
  'copyMessage',
]);

/** Sets `parse_mode: 'HTML'` unless the call chose one (or sends entities). */
export const defaultHtml: Transformer<RawApi> = (prev, method, payload, signal) => {
  if (HTML_METHODS.has(method) && payload && typeof payload === 'object') {
    const p = payload as Record<string, unknown>;
    const hasEntities = 'entities' in p || 'caption_entities' in p;
    if (!('parse_mode' in p) && !hasEntities) {
      return prev(method, { ...payload, parse_mode: 'HTML' } as typeof payload, signal);
    }
  }
  return prev(method, payload, signal);
};

/** Bounds for retrying Bot API calls (429 `retry_after` and 5xx). */
export interface ApiRetryOptions {
  maxRetryAttempts?: number;
  maxDelaySeconds?: number;
  /** The limits the flood gate keeps to (default: Telegram's). */
  limits?: Partial<GateLimits>;
}

/**
 * Installs HTML-by-default, the flood gate (calls that post or change a message wait for their
 * turn, by the class their `sendAs` signal names, and outlast any 429: see flood-gate.ts) and,
 * around both, bounded auto-retry for the
 * rest (5xx, and 429s of calls the gate does not hold). Network errors (`HttpError`) are rethrown:
 * auto-retry would retry those forever, and every caller of ours already survives a failed
 * call (the error boundary for handlers, the notifier swallows its own failures).
 */
export function configureApi(api: Api, options: ApiRetryOptions = {}): void {
  api.config.use(defaultHtml);
  api.config.use(floodGate(options.limits));
  api.config.use(
    autoRetry({
      maxRetryAttempts: options.maxRetryAttempts ?? 5,
      maxDelaySeconds: options.maxDelaySeconds ?? 60,
      rethrowHttpErrors: true,
    }),
  );
  // Outermost: a call's send class (flood-gate.ts `sendAs`) is read off its signal before auto-retry sees it.
  api.config.use(sendTags());
}
