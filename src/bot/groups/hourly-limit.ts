/** The per-chat hourly save limit, counted from the `saves` table. */
import type { Config } from '../../config.js';
import type { ChatSettings } from '../../db/chat-settings.repo.js';
import type { SavesRepo } from '../../db/saves.repo.js';
import { HOUR_MS, savesInLastHour } from './chat-saves.js';

/** Highest limit an admin may set with /limit. */
export const MAX_HOURLY_LIMIT = 1000;

/** The chat's own limit, else GROUP_SAVES_PER_HOUR. */
export function hourlyLimitOf(settings: ChatSettings | undefined, config: Pick<Config, 'GROUP_SAVES_PER_HOUR'>): number {
  return settings?.hourlyLimit ?? config.GROUP_SAVES_PER_HOUR;
}

export interface HourlyBudget {
  limit: number;
  /** Saves queued in the last hour. */
  used: number;
  remaining: number;
  /** When the oldest save of the window leaves it (epoch ms); null while there is room. */
  resumesAt: number | null;
}

/** How many more saves the chat may queue now. */
export function hourlyBudget(saves: Pick<SavesRepo, 'queuedInChatSince'>, chatId: number, limit: number, now: number): HourlyBudget {
  const { used, oldestAt } = savesInLastHour(saves, chatId, now);
  const remaining = Math.max(0, limit - used);
  return { limit, used, remaining, resumesAt: remaining === 0 ? (oldestAt ?? now) + HOUR_MS : null };
}
