/**
 * Finding the channel to bind without typing its name: Telegram's chat picker (a reply-keyboard
 * button that lists only channels where the bot is a member) or a post forwarded from the
 * channel. A user who was just shown the picker is remembered for a while, so a post they
 * forward then binds its channel at once.
 */
import { Keyboard } from 'grammy';
import { createKvRepo } from '../../db/kv.repo.js';
import type { BotContext, BotDeps } from '../context.js';
import { t } from '../i18n/index.js';

/** The `request_id` of the chat-picker button; the `chat_shared` answer carries it back. */
export const CHANNEL_REQUEST_ID = 1;
/** How long a forwarded post binds its channel after /bindchannel. */
const PICKING_MS = 10 * 60_000;
/** Under `pending:` so the key/value pruning backstop covers it (see KV_MAX_AGE_MS). */
const key = (userId: number) => `pending:channel-pick:${userId}`;

/** Shows the chat-picker button and remembers that this user is choosing a channel. */
export async function showChannelPicker(ctx: BotContext & { from: { id: number } }): Promise<void> {
  createKvRepo(ctx.deps.db).set(key(ctx.from.id), JSON.stringify({ expiresAt: Date.now() + PICKING_MS }));
  const keyboard = new Keyboard()
    .requestChat(t(ctx.lang, 'channelPick.button'), CHANNEL_REQUEST_ID, { chat_is_channel: true, bot_is_member: true, request_title: true })
    .resized()
    .oneTime();
  await ctx.reply(t(ctx.lang, 'channelPick.prompt'), { reply_markup: keyboard });
}

/** Whether the user was shown the picker lately (and forgets it: one channel per /bindchannel). */
export function takePicking(deps: Pick<BotDeps, 'db'>, userId: number): boolean {
  const kv = createKvRepo(deps.db);
  const stored = kv.get(key(userId));
  if (stored === undefined) return false;
  kv.delete(key(userId));
  try {
    return (JSON.parse(stored) as { expiresAt: number }).expiresAt > Date.now();
  } catch {
    return false;
  }
}
