/**
 * Starting the fake: the bot identity, state, dispatcher, webhook delivery and HTTP server,
 * listening on a free loopback port.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { UserFromGetMe } from 'grammy/types';
import { TelegramFake } from './control.js';
import { controlFunctions } from './control-http.js';
import { Dispatcher, type LoggerLike } from './dispatch.js';
import { FailureInjector } from './failures.js';
import { FloodLimiter, type TelegramLimits } from './limits.js';
import { methodTable } from './methods/index.js';
import { createBotApiServer, type ControlFunction } from './server.js';
import { TelegramState } from './state.js';
import { WebhookDeliverer, type WebhookOptions } from './webhook.js';

/** How to start the fake. */
export interface TelegramFakeOptions {
  /** Bot token; its numeric prefix becomes the bot's user id. Random when omitted. */
  token?: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  botUsername?: string;
  botName?: string;
  /** Group privacy mode: when on, a non-admin bot only gets commands, mentions and replies in groups. Default off. */
  privacyMode?: boolean;
  firstUpdateId?: number;
  /** How long a callback query stays answerable (Telegram: ~15 s). */
  callbackAnswerTimeoutMs?: number;
  webhook?: Partial<WebhookOptions>;
  /**
   * Telegram's flood limits (429 with `retry_after` past ~30 messages/s per bot, a burst of 3
   * then 1/s per private chat, 20/min per group): `true` for Telegram's figures, or your own.
   * Off by default, so tests are not slowed by them.
   */
  limits?: boolean | Partial<TelegramLimits>;
  /** Seed for `failRandomly`. */
  failureSeed?: number;
  logger?: LoggerLike;
  /** Clock in ms (tests of expiry can pass their own). */
  now?: () => number;
}

/** Starts the fake Bot API on a free loopback port. */
export async function startTelegramFake(options: TelegramFakeOptions = {}): Promise<TelegramFake> {
  const botId = Number(/^(\d+):/.exec(options.token ?? '')?.[1] ?? 7000000001);
  const token = options.token ?? `${botId}:AAH${randomBytes(24).toString('base64url')}`;
  const username = options.botUsername ?? 'AliyunShareBot';
  const privacyMode = options.privacyMode ?? false;
  const bot: UserFromGetMe = {
    id: botId,
    is_bot: true,
    first_name: options.botName ?? 'Aliyun Share Bot',
    username,
    can_join_groups: true,
    can_read_all_group_messages: !privacyMode,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  const state = new TelegramState({ token, bot, firstUpdateId: options.firstUpdateId ?? 100000001, now: options.now ?? Date.now });
  const failures = new FailureInjector(options.failureSeed ?? 1);
  const methods = methodTable();
  let dispatcher: Dispatcher | undefined;
  const webhook = new WebhookDeliverer(
    state,
    () => dispatcher!,
    { retryDelayMs: 100, maxRetryDelayMs: 2000, requestTimeoutMs: 10_000, ...options.webhook },
    options.logger,
  );
  dispatcher = new Dispatcher({
    state,
    methods,
    failures,
    ...(options.limits ? { limiter: new FloodLimiter(options.limits === true ? {} : options.limits, options.now ?? Date.now) } : {}),
    settings: { callbackAnswerTimeoutMs: options.callbackAnswerTimeoutMs ?? 15_000 },
    ...(options.logger ? { logger: options.logger } : {}),
    webhookChanged: () => webhook.webhookChanged(),
  });
  const controls = new Map<string, ControlFunction>();
  const server = createBotApiServer({ state, dispatcher, control: controls, ...(options.logger ? { logger: options.logger } : {}) });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const fake = new TelegramFake(state, server, webhook, failures, { privacyMode });
  for (const [name, fn] of controlFunctions(fake)) controls.set(name, fn);
  return fake;
}
