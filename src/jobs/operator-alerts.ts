/**
 * How the save pipeline (and the bot) tell the operators that Aliyun answered in a way this
 * version does not understand — a changed service that a new version must follow. The bot
 * implements it with Telegram messages (src/bot/operator-alert.ts). No grammY here.
 */
import type { Shape } from '../api/index.js';

export interface OperatorAlerts {
  /**
   * An answer of `endpoint` was not understood; `shape` is its keys and value types (never
   * values). Told at most once a day per endpoint. Never throws.
   */
  notUnderstood(report: { endpoint: string; shape: Shape | undefined }): Promise<void>;
}
