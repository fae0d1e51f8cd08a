/** Pure: which Telegram errors mean something other than a failure. */
import { GrammyError } from 'grammy';

/** Telegram answers 400 with this when the message was deleted (by the user, say). */
export function isMessageGone(error: unknown): boolean {
  return error instanceof GrammyError && /message to edit not found/i.test(error.description);
}

/** Telegram answers 400 with this when the new text equals the old one — not a failure. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}
