/**
 * Getting updates: real long polling (getUpdates holds the request until an update arrives
 * or `timeout` runs out; a newer poll terminates an older one with 409), and webhooks.
 */
import type { Update, WebhookInfo } from 'grammy/types';
import { badRequest, conflict, type BotApiError } from '../errors.js';
import { WithDescription, type MethodContext, type MethodHandler } from '../dispatch.js';
import type { UpdateType } from '../update-queue.js';

const WEBHOOK_ACTIVE = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const TERMINATED = 'terminated by other getUpdates request; make sure that only one bot instance is running';

const getUpdates: MethodHandler = async ({ state, params, signal }: MethodContext): Promise<Update[]> => {
  if (state.webhook !== undefined) throw conflict(WEBHOOK_ACTIVE);
  const offset = params.int('offset');
  const requested = params.int('limit') ?? 0;
  const limit = requested <= 0 ? 100 : Math.min(100, requested); // 0 or absent means the default
  const timeoutSeconds = Math.max(0, params.int('timeout') ?? 0);
  const allowed = params.json<string[]>('allowed_updates', 'allowed updates');
  if (allowed !== undefined) {
    if (!Array.isArray(allowed)) throw badRequest("can't parse allowed updates JSON object");
    // Telegram remembers the last list; an empty list means "the default set".
    state.allowedUpdates = allowed.length > 0 ? allowed : undefined;
  }
  if (offset !== undefined) state.updates.confirm(offset);
  state.poll?.terminate(conflict(TERMINATED));
  state.poll = undefined;
  const ready = state.updates.peek(limit, state.allowedUpdates);
  if (ready.length > 0 || timeoutSeconds === 0) return ready;

  const deadline = state.now() + timeoutSeconds * 1000;
  let terminatedBy: BotApiError | undefined;
  await new Promise<void>((resolve) => {
    const poll = {
      terminate(error?: Error) {
        terminatedBy = error as BotApiError | undefined;
        finish();
      },
    };
    const timer = setTimeout(finish, Math.max(0, deadline - state.now()));
    const onUpdate = (): void => {
      if (state.updates.peek(limit, state.allowedUpdates).length > 0) finish();
    };
    function finish(): void {
      clearTimeout(timer);
      state.updates.off('update', onUpdate);
      signal.removeEventListener('abort', finish);
      if (state.poll === poll) state.poll = undefined;
      resolve();
    }
    state.poll = poll;
    state.updates.on('update', onUpdate);
    signal.addEventListener('abort', finish);
  });
  if (terminatedBy !== undefined) throw terminatedBy;
  if (signal.aborted) return []; // nobody is listening any more; keep the updates for the next poll
  return state.updates.peek(limit, state.allowedUpdates);
};

/** Only loopback webhooks: this fake never sends traffic off the machine. */
function checkWebhookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('bad webhook: invalid webhook URL specified');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))) {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  return parsed;
}

const setWebhook: MethodHandler = ({ state, params, webhookChanged }) => {
  const url = params.str('url') ?? '';
  if (params.bool('drop_pending_updates')) state.updates.clear();
  if (url === '') {
    const had = state.webhook !== undefined;
    state.webhook = undefined;
    webhookChanged();
    return new WithDescription(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
  }
  checkWebhookUrl(url);
  const secretToken = params.str('secret_token');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest('secret token contains unallowed characters');
  }
  const maxConnections = params.int('max_connections') ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw badRequest('bad webhook: max_connections must be between 1 and 100');
  const allowed = params.json<string[]>('allowed_updates', 'allowed updates');
  if (allowed !== undefined) state.allowedUpdates = allowed.length > 0 ? allowed : undefined;
  const same = state.webhook?.url === url && state.webhook.secretToken === secretToken;
  state.webhook = {
    url,
    maxConnections,
    ...(secretToken !== undefined ? { secretToken } : {}),
    ...(state.allowedUpdates !== undefined ? { allowedUpdates: state.allowedUpdates } : {}),
  };
  state.poll?.terminate(conflict(WEBHOOK_ACTIVE));
  state.poll = undefined;
  webhookChanged();
  state.changed();
  return new WithDescription(true, same ? 'Webhook is already set' : 'Webhook was set');
};

const deleteWebhook: MethodHandler = ({ state, params, webhookChanged }) => {
  if (params.bool('drop_pending_updates')) state.updates.clear();
  const had = state.webhook !== undefined;
  state.webhook = undefined;
  webhookChanged();
  state.changed();
  return new WithDescription(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
};

const getWebhookInfo: MethodHandler = ({ state }): WebhookInfo => {
  const hook = state.webhook;
  const info: WebhookInfo = { url: hook?.url ?? '', has_custom_certificate: false, pending_update_count: state.updates.size };
  if (hook === undefined) return info;
  info.max_connections = hook.maxConnections;
  info.ip_address = '127.0.0.1';
  if (hook.lastErrorDate !== undefined) info.last_error_date = hook.lastErrorDate;
  if (hook.lastErrorMessage !== undefined) info.last_error_message = hook.lastErrorMessage;
  if (hook.allowedUpdates !== undefined) info.allowed_updates = hook.allowedUpdates as UpdateType[];
  return info;
};

/** Update-delivery methods by Bot API name. */
export const updateMethods: Record<string, MethodHandler> = { getUpdates, setWebhook, deleteWebhook, getWebhookInfo };
