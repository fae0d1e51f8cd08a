/**
 * Everything the fake Telegram remembers: the bot, users, chats with their members and
 * message logs, uploaded files, command menus, callback queries, the update queue, the
 * webhook and a log of every API call. Emits `change` after every mutation so tests can
 * wait on state instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type {
  BotCommand, CallbackQuery, Chat, ChatMember, Message, MessageOrigin, ReactionType, ReplyKeyboardMarkup, User, UserFromGetMe,
} from 'grammy/types';
import type { Transport } from './params.js';
import { UpdateQueue } from './update-queue.js';

/** Pre-Bot-API-7 forward fields, which Telegram still sends next to `forward_origin`. */
export interface LegacyForwardFields {
  forward_from?: User;
  forward_from_chat?: Chat;
  forward_from_message_id?: number;
  forward_signature?: string;
  forward_sender_name?: string;
  forward_date?: number;
  forward_origin?: MessageOrigin;
}

/** A message as this fake returns and stores it. */
export type FakeMessage = Message & LegacyForwardFields;

/** A file the fake holds (uploaded bytes, or a URL it was given). */
export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  size?: number;
  bytes?: Buffer;
  url?: string;
  width?: number;
  height?: number;
}

/** One message in a chat log, with the bookkeeping tests read. */
export interface StoredMessage {
  chatId: number;
  messageId: number;
  message: FakeMessage;
  fromBot: boolean;
  /** The text or caption exactly as the sender wrote it (markup not parsed). */
  rawText?: string;
  parseMode?: string;
  deleted: boolean;
  editCount: number;
  /** Rendered text of every earlier version, oldest first. */
  versions: string[];
  photo?: StoredFile;
  /** The bot's reaction on this message. */
  reactions: ReactionType[];
}

/** What happened in a chat, in order (messages, button clicks). */
export type TimelineEntry = { kind: 'message'; messageId: number } | { kind: 'click'; queryId: string };

/** A chat and everything in it. */
export interface ChatRecord {
  chat: Chat;
  members: Map<number, ChatMember>;
  messages: Map<number, StoredMessage>;
  lastMessageId: number;
  timeline: TimelineEntry[];
  actions: Array<{ action: string; at: number }>;
  /** Private chats only: the user blocked the bot. */
  blocked: boolean;
  description?: string;
  /** Private chats: the reply keyboard the bot last showed (see chat-picker.ts). */
  replyKeyboard?: ReplyKeyboardMarkup;
}

/** The bot's answer to a callback query. */
export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

/** A callback query the fake sent, and the answer once the bot gave it. */
export interface CallbackRecord {
  query: CallbackQuery;
  chatId: number;
  messageId: number;
  /** Label of the pressed button, as it read when pressed. */
  buttonText?: string;
  createdAt: number;
  answer?: CallbackAnswer;
}

/** One API call the bot made. */
export interface CallRecord {
  seq: number;
  method: string;
  params: Record<string, unknown>;
  transport: Transport;
  via: 'http' | 'webhook-reply';
  at: number;
  /** Set when the call finished. */
  status?: number;
  ok?: boolean;
  result?: unknown;
  error?: { error_code: number; description: string };
  /** The failure that the test injected instead of running the method. */
  injected?: boolean;
}

/** The webhook the bot registered. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

/** A pending long poll that a newer one (or a webhook) can terminate; without an error it answers []. */
export interface PendingPoll {
  terminate(error?: Error): void;
}

/** Options the state needs from the fake's configuration. */
export interface StateOptions {
  token: string;
  bot: UserFromGetMe;
  firstUpdateId: number;
  now: () => number;
}

/** The fake's memory. */
export class TelegramState extends EventEmitter {
  readonly token: string;
  readonly bot: UserFromGetMe;
  readonly now: () => number;
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, ChatRecord>();
  readonly files = new Map<string, StoredFile>();
  readonly commands = new Map<string, BotCommand[]>();
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly callLog: CallRecord[] = [];
  readonly updates: UpdateQueue;
  webhook: WebhookConfig | undefined;
  allowedUpdates: string[] | undefined;
  poll: PendingPoll | undefined;
  private fileCounter = 0;
  private callSeq = 0;

  constructor(options: StateOptions) {
    super();
    this.setMaxListeners(0);
    this.token = options.token;
    this.bot = options.bot;
    this.now = options.now;
    this.updates = new UpdateQueue(options.firstUpdateId);
    this.updates.on('update', () => this.changed());
    this.users.set(this.bot.id, this.botAsUser());
  }

  /** Tells waiters that something changed. */
  changed(): void {
    this.emit('change');
  }

  /** Telegram's `date`: Unix seconds. */
  date(): number {
    return Math.floor(this.now() / 1000);
  }

  /** The bot as it appears in `from` fields. */
  botAsUser(): User {
    return { id: this.bot.id, is_bot: true, first_name: this.bot.first_name, username: this.bot.username };
  }

  /** Remembers a user (newest fields win) and returns the stored object. */
  rememberUser(user: User): User {
    const merged = { ...this.users.get(user.id), ...user };
    this.users.set(user.id, merged);
    return merged;
  }

  /** Registers a chat, or returns the existing record with the same id. */
  addChat(chat: Chat): ChatRecord {
    const existing = this.chats.get(chat.id);
    if (existing !== undefined) {
      existing.chat = { ...existing.chat, ...chat } as Chat;
      return existing;
    }
    const record: ChatRecord = {
      chat,
      members: new Map(),
      messages: new Map(),
      lastMessageId: 0,
      timeline: [],
      actions: [],
      blocked: false,
    };
    this.chats.set(chat.id, record);
    this.changed();
    return record;
  }

  /** The private chat between the bot and `user`, created when first needed. */
  privateChat(user: User): ChatRecord {
    const stored = this.rememberUser(user);
    const chat: Chat.PrivateChat = { id: stored.id, type: 'private', first_name: stored.first_name };
    if (stored.last_name !== undefined) chat.last_name = stored.last_name;
    if (stored.username !== undefined) chat.username = stored.username;
    return this.addChat(chat);
  }

  /** A chat by id or `@username`. */
  findChat(id: number | string): ChatRecord | undefined {
    if (typeof id === 'number') return this.chats.get(id);
    if (/^-?\d+$/.test(id)) return this.chats.get(Number(id));
    const username = id.replace(/^@/, '').toLowerCase();
    for (const record of this.chats.values()) {
      if (record.chat.type !== 'private' && record.chat.username?.toLowerCase() === username) return record;
    }
    return undefined;
  }

  /** A user's membership in a chat (`left` when unknown). */
  member(record: ChatRecord, userId: number): ChatMember | undefined {
    const member = record.members.get(userId);
    if (member !== undefined) return member;
    if (record.chat.type === 'private') {
      const user = this.users.get(userId);
      if (user && (userId === record.chat.id || userId === this.bot.id)) return { status: 'member', user };
      return undefined;
    }
    const user = this.users.get(userId);
    return user ? { status: 'left', user } : undefined;
  }

  /** The bot's own membership in a chat. */
  botMember(record: ChatRecord): ChatMember {
    return this.member(record, this.bot.id) ?? { status: 'left', user: this.botAsUser() };
  }

  /** Appends a message with the chat's next message_id and today's date. */
  appendMessage(
    record: ChatRecord,
    fields: Omit<FakeMessage, 'message_id' | 'date' | 'chat'> & { date?: number },
    meta: Partial<Pick<StoredMessage, 'rawText' | 'parseMode' | 'photo'>> & { fromBot: boolean },
  ): StoredMessage {
    const messageId = ++record.lastMessageId;
    // Field order as Telegram sends it: id, sender, chat, date, then content.
    const { from, sender_chat, date, ...content } = fields;
    const message = {
      message_id: messageId,
      ...(from !== undefined ? { from } : {}),
      ...(sender_chat !== undefined ? { sender_chat } : {}),
      chat: record.chat,
      date: date ?? this.date(),
      ...content,
    } as FakeMessage;
    const stored: StoredMessage = {
      chatId: record.chat.id,
      messageId,
      message,
      fromBot: meta.fromBot,
      ...(meta.rawText !== undefined ? { rawText: meta.rawText } : {}),
      ...(meta.parseMode !== undefined ? { parseMode: meta.parseMode } : {}),
      ...(meta.photo !== undefined ? { photo: meta.photo } : {}),
      deleted: false,
      editCount: 0,
      versions: [],
      reactions: [],
    };
    record.messages.set(messageId, stored);
    record.timeline.push({ kind: 'message', messageId });
    this.changed();
    return stored;
  }

  /** Stores bytes (or a URL) as a file and returns it under a fresh file_id. */
  storeFile(kind: 'photos' | 'documents', content: { bytes?: Buffer; url?: string; width?: number; height?: number }, extension = 'jpg'): StoredFile {
    this.fileCounter++;
    const file: StoredFile = {
      fileId: newFileId(),
      fileUniqueId: `AQAD${randomBytes(6).toString('base64url')}`,
      filePath: `${kind}/file_${this.fileCounter}.${extension}`,
      ...(content.bytes !== undefined ? { bytes: content.bytes, size: content.bytes.length } : {}),
      ...(content.url !== undefined ? { url: content.url } : {}),
      ...(content.width !== undefined ? { width: content.width } : {}),
      ...(content.height !== undefined ? { height: content.height } : {}),
    };
    this.files.set(file.fileId, file);
    return file;
  }

  /** Registers another file_id (e.g. a thumbnail size) for an existing file. */
  aliasFile(file: StoredFile): string {
    const alias = newFileId();
    this.files.set(alias, file);
    return alias;
  }

  /** Opens a call log entry; {@link finishCall} completes it. */
  startCall(method: string, params: Record<string, unknown>, transport: Transport, via: CallRecord['via']): CallRecord {
    const record: CallRecord = { seq: ++this.callSeq, method, params, transport, via, at: this.now() };
    this.callLog.push(record);
    this.changed();
    return record;
  }

  /** Records how a call ended. */
  finishCall(record: CallRecord, status: number, body: { ok: boolean; result?: unknown; error_code?: number; description?: string }, injected = false): void {
    record.status = status;
    record.ok = body.ok;
    if (body.ok) record.result = body.result;
    else record.error = { error_code: body.error_code ?? status, description: body.description ?? '' };
    if (injected) record.injected = true;
    this.changed();
  }
}

function newFileId(): string {
  return `AgACAgIAAxkBAA${randomBytes(30).toString('base64url')}`;
}
