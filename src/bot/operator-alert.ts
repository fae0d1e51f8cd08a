/**
 * When Aliyun answers in a way this version does not understand: the user gets words instead
 * of a generic error, and the operators (ADMIN_USER_IDS) get one Telegram message per endpoint
 * a day — the throttle is a claim in SQLite, so the bot and worker processes share it.
 */
import type { Api } from 'grammy';
import { isAliyunError, isNotUnderstood, type Shape } from '../api/index.js';
import { createChatSettingsRepo } from '../db/chat-settings.repo.js';
import type { AppDatabase } from '../db/index.js';
import { createKvRepo } from '../db/kv.repo.js';
import type { OperatorAlerts } from '../jobs/operator-alerts.js';
import type { Logger } from '../logger.js';
import { DEFAULT_LANG, parseLang, t } from './i18n/index.js';

/** How often one endpoint's operators are told at most. */
export const ALERT_INTERVAL_MS = 24 * 60 * 60_000;
/** A shape longer than this is cut (a Telegram message holds 4096 characters). */
const MAX_SHAPE_CHARS = 3000;

export interface OperatorAlertDeps {
  api: Pick<Api, 'sendMessage'>;
  db: AppDatabase;
  adminIds: ReadonlySet<number>;
  logger: Pick<Logger, 'info' | 'warn'>;
  now?: () => number;
}

/** The throttle key of an endpoint. */
function alertKey(endpoint: string): string {
  return `alert:not-understood:${endpoint}`;
}

function shapeText(shape: Shape | undefined): string {
  const text = shape === undefined ? '?' : JSON.stringify(shape, null, 1);
  return text.length > MAX_SHAPE_CHARS ? `${text.slice(0, MAX_SHAPE_CHARS)}…` : text;
}

/** Operator alerts over Telegram, each admin in the language their chat is set to. */
export function createOperatorAlerts(deps: OperatorAlertDeps): OperatorAlerts {
  const kv = createKvRepo(deps.db);
  const chats = createChatSettingsRepo(deps.db);
  const now = deps.now ?? Date.now;
  return {
    async notUnderstood({ endpoint, shape }) {
      if (deps.adminIds.size === 0) return;
      const at = now();
      let claimed: boolean;
      try {
        claimed = kv.claimUntil(alertKey(endpoint), at + ALERT_INTERVAL_MS, at);
      } catch (err) {
        deps.logger.warn({ err, endpoint }, 'could not record an operator alert');
        return;
      }
      if (!claimed) return;
      let told = 0;
      for (const adminId of deps.adminIds) {
        const lang = parseLang(chats.get(adminId)?.language) ?? DEFAULT_LANG;
        try {
          await deps.api.sendMessage(adminId, t(lang, 'operator.notUnderstood', { endpoint, shape: shapeText(shape) }));
          told += 1;
        } catch (err) {
          deps.logger.warn({ err, admin_id: adminId, endpoint }, 'could not tell an operator of an answer not understood');
        }
      }
      // Nobody heard it: the next failure may try again.
      if (told === 0) kv.delete(alertKey(endpoint));
      else deps.logger.info({ endpoint, admins: told }, 'operators told of an Aliyun answer not understood');
    },
  };
}

/**
 * For a command's failure: when `error` is an answer not understood, tells the operators
 * (throttled, in the background: the user's answer never waits for it) and returns true — the
 * caller then gives the user `aliyun.notUnderstood`.
 */
export function alertIfNotUnderstood(alerts: OperatorAlerts | undefined, error: unknown): boolean {
  if (!isAliyunError(error) || !isNotUnderstood(error)) return false;
  alerts?.notUnderstood({ endpoint: error.endpoint, shape: error.answerShape }).catch(() => undefined);
  return true;
}
