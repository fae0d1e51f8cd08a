/**
 * A fake Telegram Bot API for end-to-end tests, the demo and the bench: a real HTTP server
 * that grammY talks to through `client: { apiRoot }`, plus a control API to play users.
 *
 * ```ts
 * const tg = await startTelegramFake();
 * const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
 * tg.sendMessage({ from: { id: 42, first_name: 'Ann' }, text: '/start' });
 * await tg.waitForBotMessage(42, 'Welcome');
 * ```
 */
export { startTelegramFake, type TelegramFakeOptions } from './start.js';
export { TelegramFake } from './control.js';
export {
  toUser,
  type ChannelPostInit,
  type ChatInit,
  type ContentInit,
  type MemberStatus,
  type SetMemberOptions,
  type UserInit,
  type UserMessageInit,
  type WaitOptions,
} from './inputs.js';
export type { LoggerLike } from './dispatch.js';
export type { FailureSpec } from './failures.js';
export { parseHtml, type FormattedText } from './html.js';
export { parseMarkdownV2, parseMarkdownLegacy } from './markdown.js';
export { formatText, detectEntities } from './entities.js';
export type { CallbackAnswer, CallRecord, FakeMessage, WebhookConfig } from './state.js';
export type { ButtonView, MessageView } from './views.js';
