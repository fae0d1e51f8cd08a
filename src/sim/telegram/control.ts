/**
 * The test-control side of the fake: what users, groups and channels do (send, forward,
 * press buttons, join, block the bot), and what tests read back (messages as the user sees
 * them, the API calls the bot made, transcripts), plus waiting on state without sleeps.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { BotCommand, BotCommandScope, Chat, ChatMember, Message, Update, UserFromGetMe } from 'grammy/types';
import { buildChat, buildMember, messageContent } from './builders.js';
import { detectEntities } from './entities.js';
import type { FailureInjector, FailureSpec } from './failures.js';
import {
  toUser, type ChannelPostInit, type ChatInit, type ContentInit, type MemberStatus, type SetMemberOptions, type UserInit,
  type UserMessageInit, type WaitOptions,
} from './inputs.js';
import { changeBotStatus } from './methods/chats.js';
import { pickChat } from './chat-picker.js';
import { commandKey, commandsVisibleTo } from './methods/commands.js';
import type {
  CallbackAnswer, CallRecord, ChatRecord, FakeMessage, StoredMessage, TelegramState, WebhookConfig,
} from './state.js';
import { dumpState, transcriptLines } from './transcript.js';
import { messageView, type MessageView } from './views.js';
import type { WebhookDeliverer } from './webhook.js';

const DEFAULT_WAIT_MS = 5000;

/** The running fake: a real Bot API HTTP server plus the test-control API. */
export class TelegramFake {
  /** Base URL to pass as grammY's `client.apiRoot` (no trailing slash). */
  readonly apiRoot: string;
  /** `${apiRoot}/bot${token}`, the prefix of every method URL. */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  /** The bot as getMe returns it. */
  readonly botUser: UserFromGetMe;
  private readonly failures: FailureInjector;
  private nextGroupId = 1;
  private readonly nextId = (): number => this.nextGroupId++;

  /** @internal Use {@link startTelegramFake}. */
  constructor(
    readonly state: TelegramState,
    private readonly server: Server,
    private readonly webhook: WebhookDeliverer,
    failures: FailureInjector,
    private readonly options: { privacyMode: boolean },
  ) {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('telegram fake: server is not listening on TCP');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.port = address.port;
    this.apiRoot = `http://${host}:${address.port}`;
    this.token = state.token;
    this.url = `${this.apiRoot}/bot${state.token}`;
    this.botUser = state.bot;
    this.failures = failures;
  }

  // ───────────────────────────── chats and members ─────────────────────────────

  /** Creates a chat (group, supergroup, channel, or a private chat with a user). */
  addChat(init: ChatInit): Chat {
    const chat = buildChat(init, this.nextId);
    const record = this.state.addChat(chat);
    if (init.description !== undefined) record.description = init.description;
    if (chat.type === 'private') {
      this.state.rememberUser(toUser({ id: chat.id, first_name: chat.first_name, ...(chat.username ? { username: chat.username } : {}) }));
      return chat;
    }
    if (init.creator !== undefined) this.setMember(chat.id, init.creator, 'creator');
    for (const admin of init.admins ?? []) this.setMember(chat.id, admin, 'administrator');
    for (const member of init.members ?? []) this.setMember(chat.id, member, 'member');
    const botStatus = init.botStatus ?? (chat.type === 'channel' ? 'administrator' : 'member');
    record.members.set(this.botUser.id, buildMember(record, this.state.botAsUser(), botStatus, { ...(init.botRights ? { rights: init.botRights } : {}) }));
    this.state.changed();
    return chat;
  }

  /** Sets a user's (or the bot's) status in a chat; returns the ChatMember Telegram would report. */
  setMember(chatId: number, user: UserInit, status: MemberStatus, options: SetMemberOptions = {}): ChatMember {
    const record = this.requireChat(chatId);
    const full = this.state.rememberUser(user.id === this.botUser.id ? this.state.botAsUser() : toUser(user));
    const member = buildMember(record, full, status, options);
    if (full.id === this.botUser.id) {
      if (options.notify) changeBotStatus(this.state, record, member, toUser(options.by ?? this.someAdmin(record)));
      else record.members.set(full.id, member);
    } else {
      const old = this.state.member(record, full.id) ?? { status: 'left', user: full };
      record.members.set(full.id, member);
      if (options.notify) {
        this.state.updates.push({
          chat_member: { chat: record.chat, from: toUser(options.by ?? user), date: this.state.date(), old_chat_member: old, new_chat_member: member },
        });
      }
    }
    this.state.changed();
    return member;
  }

  /** The user blocks the bot: sending to them now fails with 403, and the bot gets my_chat_member. */
  blockBot(userId: number): void {
    const record = this.requireChat(userId);
    record.blocked = true;
    this.pushBotStatus(record, { status: 'kicked', user: this.state.botAsUser(), until_date: 0 }, userId);
  }

  /** The user unblocks the bot (restarts it). */
  unblockBot(userId: number): void {
    const record = this.requireChat(userId);
    record.blocked = false;
    this.pushBotStatus(record, { status: 'member', user: this.state.botAsUser() }, userId);
  }

  /** A chat as Telegram describes it. */
  chat(chatId: number): Chat | undefined {
    return this.state.chats.get(chatId)?.chat;
  }

  /** A user's membership, as getChatMember would answer. */
  member(chatId: number, userId: number): ChatMember | undefined {
    const record = this.state.chats.get(chatId);
    return record === undefined ? undefined : this.state.member(record, userId);
  }

  // ───────────────────────────── things users do ─────────────────────────────

  /** A user sends a message (private chat by default); queues the `message` update. */
  sendMessage(init: UserMessageInit): FakeMessage {
    const from = this.state.rememberUser(toUser(init.from));
    const record = init.chat === undefined
      ? this.state.privateChat(from)
      : typeof init.chat === 'number'
        ? this.requireChat(init.chat)
        : this.state.chats.get(init.chat.id) ?? this.state.addChat(buildChat(init.chat, this.nextId));
    if (record.chat.type === 'channel') throw new Error('telegram fake: use sendChannelPost for channels');
    if (record.blocked) throw new Error(`telegram fake: user ${from.id} blocked the bot; call unblockBot first`);
    if (record.chat.type !== 'private' && !record.members.has(from.id)) {
      record.members.set(from.id, { status: 'member', user: from });
    }
    const { fields, photo } = messageContent(this.state, record, init);
    const stored = this.state.appendMessage(
      record,
      { ...fields, from, ...(init.sender_chat ? { sender_chat: init.sender_chat } : {}), ...init.extra },
      { fromBot: false, ...(photo ? { photo } : {}), ...(init.text ?? init.caption ? { rawText: init.text ?? init.caption } : {}) },
    );
    if (this.botReceives(record, stored)) this.state.updates.push({ message: stored.message as Update['message'] & object });
    return stored.message;
  }

  /** A channel publishes a post; the bot gets `channel_post` if it is an administrator there. */
  sendChannelPost(init: ChannelPostInit): FakeMessage {
    const record = typeof init.chat === 'number' ? this.requireChat(init.chat) : this.state.chats.get(init.chat.id) ?? this.requireChat(this.addChat(init.chat).id);
    if (record.chat.type !== 'channel') throw new Error(`telegram fake: chat ${record.chat.id} is not a channel`);
    const { fields, photo } = messageContent(this.state, record, init);
    const stored = this.state.appendMessage(
      record,
      { ...fields, sender_chat: record.chat, ...(init.author_signature ? { author_signature: init.author_signature } : {}), ...init.extra },
      { fromBot: false, ...(photo ? { photo } : {}), ...(init.text ?? init.caption ? { rawText: init.text ?? init.caption } : {}) },
    );
    const me = this.state.botMember(record);
    if (me.status === 'administrator' || me.status === 'creator') {
      this.state.updates.push({ channel_post: stored.message as Update['channel_post'] & object });
    }
    return stored.message;
  }

  /**
   * A user picks `chatId` with the chat-picker (`request_chat`) button labelled `buttonText` on
   * the reply keyboard the bot showed in their private chat; queues the `chat_shared` message.
   */
  pickChat(userId: number, buttonText: string, chatId: number): FakeMessage {
    const record = this.requireChat(userId);
    const user = this.state.users.get(userId) ?? toUser({ id: userId });
    const chatShared = pickChat(this.state, record, user, buttonText, this.requireChat(chatId));
    return this.sendMessage({ from: user, extra: { chat_shared: chatShared } });
  }

  /** A user (or channel) edits an earlier message; queues edited_message / edited_channel_post. */
  editUserMessage(chatId: number, messageId: number, change: Pick<ContentInit, 'text' | 'entities' | 'caption' | 'caption_entities'>): FakeMessage {
    const record = this.requireChat(chatId);
    const stored = this.requireStored(record, messageId);
    if (stored.fromBot) throw new Error('telegram fake: that message was sent by the bot; users cannot edit it');
    stored.versions.push(stored.message.text ?? stored.message.caption ?? '');
    stored.editCount++;
    const next: FakeMessage = { ...stored.message, edit_date: this.state.date() };
    if (change.text !== undefined) {
      next.text = change.text;
      const entities = change.entities ?? detectEntities(change.text);
      if (entities.length > 0) next.entities = entities;
      else delete next.entities;
    }
    if (change.caption !== undefined) {
      next.caption = change.caption;
      const entities = change.caption_entities ?? detectEntities(change.caption);
      if (entities.length > 0) next.caption_entities = entities;
      else delete next.caption_entities;
    }
    stored.message = next;
    stored.rawText = change.text ?? change.caption ?? stored.rawText ?? '';
    if (record.chat.type === 'channel') this.state.updates.push({ edited_channel_post: next as Update['edited_channel_post'] & object });
    else if (this.botReceives(record, stored)) this.state.updates.push({ edited_message: next as Update['edited_message'] & object });
    this.state.changed();
    return next;
  }

  /**
   * A user presses an inline button on a bot message (by callback_data, or `{ text }` for its
   * label); queues the `callback_query` update and returns the query id.
   */
  clickButton(chatId: number, messageId: number, button: string | { text: string }, from?: UserInit): string {
    const record = this.requireChat(chatId);
    const stored = this.requireStored(record, messageId);
    if (stored.deleted) throw new Error(`telegram fake: message ${messageId} in chat ${chatId} was deleted; there is nothing to press`);
    const buttons = (stored.message.reply_markup?.inline_keyboard ?? []).flat();
    const target = buttons.find((b) => (typeof button === 'string' ? 'callback_data' in b && b.callback_data === button : b.text === button.text));
    if (target === undefined || !('callback_data' in target) || target.callback_data === undefined) {
      const shown = buttons.map((b) => `[${b.text}]${'callback_data' in b ? ` data=${JSON.stringify(b.callback_data)}` : ''}`).join(' ');
      throw new Error(`telegram fake: message ${messageId} in chat ${chatId} has no callback button ${JSON.stringify(button)}; it has: ${shown || 'no buttons'}`);
    }
    const user = from !== undefined ? this.state.rememberUser(toUser(from)) : record.chat.type === 'private' ? this.state.users.get(record.chat.id) : undefined;
    if (user === undefined) throw new Error('telegram fake: clickButton in a group needs `from`');
    const id = BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
    const query = {
      id,
      from: user,
      message: stored.message as Message,
      chat_instance: String(BigInt.asIntN(64, BigInt(record.chat.id) * 2654435761n)),
      data: target.callback_data,
    };
    this.state.callbacks.set(id, { query, chatId, messageId, buttonText: target.text, createdAt: this.state.now() });
    record.timeline.push({ kind: 'click', queryId: id });
    this.state.updates.push({ callback_query: query });
    return id;
  }

  /** The bot's answerCallbackQuery for a click, once given. */
  callbackAnswer(queryId: string): CallbackAnswer | undefined {
    return this.state.callbacks.get(queryId)?.answer;
  }

  /** Queues any update as is (chat_member, my_chat_member, inline_query, …); membership updates also change state. */
  injectUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    for (const change of [update.my_chat_member, update.chat_member]) {
      if (change === undefined) continue;
      const record = this.state.chats.get(change.chat.id) ?? this.state.addChat(change.chat);
      this.state.rememberUser(change.new_chat_member.user);
      record.members.set(change.new_chat_member.user.id, change.new_chat_member);
    }
    return this.state.updates.push(update);
  }

  // ───────────────────────────── reading state ─────────────────────────────

  /** Every message in a chat (user and bot), oldest first, in its current state. */
  messages(chatId: number): MessageView[] {
    const record = this.state.chats.get(chatId);
    if (record === undefined) return [];
    return [...record.messages.values()].sort((a, b) => a.messageId - b.messageId).map(messageView);
  }

  /** The messages the bot sent in a chat (deleted ones included, flagged). */
  botMessages(chatId: number): MessageView[] {
    return this.messages(chatId).filter((m) => m.fromBot);
  }

  /** The bot's most recent message in a chat. */
  lastBotMessage(chatId: number): MessageView | undefined {
    return this.botMessages(chatId).at(-1);
  }

  /** One message's current state. */
  message(chatId: number, messageId: number): MessageView | undefined {
    const stored = this.state.chats.get(chatId)?.messages.get(messageId);
    return stored === undefined ? undefined : messageView(stored);
  }

  /** The API calls the bot made (optionally of one method, case-insensitive), oldest first. */
  calls(method?: string): CallRecord[] {
    const wanted = method?.toLowerCase();
    return this.state.callLog.filter((c) => wanted === undefined || c.method.toLowerCase() === wanted);
  }

  /** sendChatAction calls that reached a chat. */
  chatActions(chatId: number): Array<{ action: string; at: number }> {
    return [...(this.state.chats.get(chatId)?.actions ?? [])];
  }

  /** The commands stored for exactly this scope + language (getMyCommands). */
  commands(scope?: BotCommandScope, languageCode = ''): BotCommand[] {
    return this.state.commands.get(commandKey(scope, languageCode)) ?? [];
  }

  /** The command menu a Telegram client would show this user in this chat. */
  commandsVisibleTo(chatId: number, userId: number, languageCode = ''): BotCommand[] {
    return commandsVisibleTo(this.state, chatId, userId, languageCode);
  }

  /** Updates waiting for the bot (delivered but unconfirmed ones included). */
  pendingUpdates(): Update[] {
    return this.state.updates.all();
  }

  /** The webhook the bot set, if any. */
  webhookConfig(): WebhookConfig | undefined {
    return this.state.webhook === undefined ? undefined : { ...this.state.webhook };
  }

  /** The bytes of a file the bot uploaded (by any of its file_ids). */
  fileBytes(fileId: string): Buffer | undefined {
    return this.state.files.get(fileId)?.bytes;
  }

  /** The chat as readable lines ("user: …", "bot: …", buttons as [label]). */
  transcript(chatId: number): string[] {
    const record = this.state.chats.get(chatId);
    return record === undefined ? [] : transcriptLines(this.state, record);
  }

  // ───────────────────────────── failures ─────────────────────────────

  /** Answers the next `count` calls of `method` (`'*'`: any method) with a failure. */
  failNext(method: string, spec: FailureSpec, count = 1): void {
    this.failures.failNext(method, spec, count);
  }

  /** Answers each call of `method` (`'*'`: any) with a failure, with the given probability. */
  failRandomly(method: string, spec: FailureSpec, probability: number, seed?: number): void {
    this.failures.failRandomly(method, spec, probability, seed);
  }

  /** Removes all failure rules. */
  clearFailures(): void {
    this.failures.clear();
  }

  // ───────────────────────────── waiting ─────────────────────────────

  /**
   * Resolves with the first truthy value `predicate` returns, re-checking on every state
   * change; rejects after `timeoutMs` with the transcripts and recent calls. A predicate that
   * throws counts as "not yet" (its last error is reported on timeout).
   */
  waitFor<T>(predicate: (fake: this) => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      const check = (): boolean => {
        try {
          const value = predicate(this);
          if (value !== undefined && value !== null && value !== false) {
            done();
            resolve(value);
            return true;
          }
        } catch (error) {
          lastError = error;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        const why = lastError instanceof Error ? `\nlast predicate error: ${lastError.message}` : '';
        reject(new Error(`telegram fake: timed out after ${timeoutMs} ms waiting for ${options.description ?? 'a condition'}${why}\n${this.dump()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.state.off('change', check);
      };
      this.state.on('change', check);
      check();
    });
  }

  /** Waits for a bot message in the chat whose visible text matches (substring, RegExp or predicate). */
  waitForBotMessage(chatId: number, match: string | RegExp | ((m: MessageView) => boolean) = () => true, options: WaitOptions = {}): Promise<MessageView> {
    const test = typeof match === 'string' ? (m: MessageView) => m.plainText.includes(match) : match instanceof RegExp ? (m: MessageView) => match.test(m.plainText) : match;
    return this.waitFor(() => this.botMessages(chatId).find((m) => !m.deleted && test(m)), {
      ...options,
      description: options.description ?? `a bot message in chat ${chatId} matching ${String(match)}`,
    });
  }

  /** Waits for a finished API call of `method` that satisfies `predicate`. */
  waitForCall(method: string, predicate: (call: CallRecord) => boolean = () => true, options: WaitOptions = {}): Promise<CallRecord> {
    return this.waitFor(() => this.calls(method).find((c) => c.status !== undefined && predicate(c)), {
      ...options,
      description: options.description ?? `a ${method} call`,
    });
  }

  /** Waits until the bot answered a callback query. */
  waitForCallbackAnswer(queryId: string, options: WaitOptions = {}): Promise<CallbackAnswer> {
    return this.waitFor(() => this.callbackAnswer(queryId), { ...options, description: options.description ?? `an answer to callback query ${queryId}` });
  }

  /** All transcripts plus the last calls, for failure messages. */
  dump(): string {
    return dumpState(this.state);
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /** Stops webhook delivery, ends pending long polls and closes the server. */
  async close(): Promise<void> {
    this.webhook.close();
    this.state.poll?.terminate(); // answers the pending long poll with []
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }

  // ───────────────────────────── internals ─────────────────────────────

  private requireChat(chatId: number): ChatRecord {
    const record = this.state.chats.get(chatId);
    if (record === undefined) throw new Error(`telegram fake: no chat ${chatId}; create it with addChat or let the user message the bot first`);
    return record;
  }

  private requireStored(record: ChatRecord, messageId: number): StoredMessage {
    const stored = record.messages.get(messageId);
    if (stored === undefined) throw new Error(`telegram fake: no message ${messageId} in chat ${record.chat.id}`);
    return stored;
  }

  private someAdmin(record: ChatRecord): UserInit {
    for (const m of record.members.values()) if (m.status === 'creator' && m.user.id !== this.botUser.id) return m.user;
    for (const m of record.members.values()) if (m.status === 'administrator' && m.user.id !== this.botUser.id) return m.user;
    return { id: 777000, first_name: 'Telegram' };
  }

  private pushBotStatus(record: ChatRecord, next: ChatMember, byUserId: number): void {
    const by = this.state.users.get(byUserId) ?? toUser({ id: byUserId });
    changeBotStatus(this.state, record, next, by);
  }

  /** Whether Telegram would deliver this chat message to the bot (membership, privacy mode). */
  private botReceives(record: ChatRecord, stored: StoredMessage): boolean {
    if (record.chat.type === 'private') return true;
    const me = this.state.botMember(record);
    if (me.status === 'left' || me.status === 'kicked' || (me.status === 'restricted' && !me.is_member)) return false;
    if (!this.options.privacyMode || me.status === 'administrator' || me.status === 'creator') return true;
    const m = stored.message;
    const text = m.text ?? m.caption ?? '';
    const entities = m.entities ?? m.caption_entities ?? [];
    const mentionsBot = entities.some((e) => (e.type === 'mention' || e.type === 'bot_command') && text.slice(e.offset, e.offset + e.length).toLowerCase().includes(`@${this.botUser.username.toLowerCase()}`));
    const isCommand = entities.some((e) => e.type === 'bot_command' && e.offset === 0);
    const repliesToBot = m.reply_to_message?.from?.id === this.botUser.id;
    return mentionsBot || isCommand || repliesToBot;
  }
}
