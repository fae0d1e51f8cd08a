import { count, eq, or, sql } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { preparedFor } from './statement-cache.js';
import { chatSettings } from './schema/index.js';

export type ChatSettings = typeof chatSettings.$inferSelect;

/** The settings a user or admin can change; `chatId`, `chatType` and `updatedAt` are not among them. */
export type ChatSettingsPatch = Partial<Omit<ChatSettings, 'chatId' | 'chatType' | 'updatedAt'>>;

/** Read on every update: prepared once per database. */
const byChatId = (db: AppDatabase) => db.select().from(chatSettings).where(eq(chatSettings.chatId, sql.placeholder('chatId'))).prepare();

/** Chat settings repository. A chat without a row uses the bot's defaults. Synchronous. */
export function createChatSettingsRepo(db: AppDatabase) {
  const repo = {
    get(chatId: number): ChatSettings | undefined {
      return preparedFor(db, byChatId).get({ chatId });
    },

    /** How many private chats the bot has seen: its users, for /stats. */
    countPrivateChats(): number {
      return db.select({ n: count() }).from(chatSettings).where(eq(chatSettings.chatType, 'private')).get()?.n ?? 0;
    },

    /** Records the chat (creating its row with default settings) and refreshes its type and title. */
    upsert(chatId: number, chat: { chatType: string; title?: string | null }): ChatSettings {
      const values = { chatType: chat.chatType, title: chat.title ?? null, updatedAt: Date.now() };
      return db
        .insert(chatSettings)
        .values({ chatId, ...values })
        .onConflictDoUpdate({ target: chatSettings.chatId, set: values })
        .returning()
        .get();
    },

    /**
     * Changes some settings of a recorded chat. Setting `saveFolder` without a new
     * `saveFolderId` forgets the cached folder id, which belonged to the old path.
     * @returns the new settings, or undefined when the chat was never recorded with {@link upsert}.
     */
    patch(chatId: number, changes: ChatSettingsPatch): ChatSettings | undefined {
      const set: ChatSettingsPatch & { updatedAt: number } = { ...changes, updatedAt: Date.now() };
      if (changes.saveFolder !== undefined && changes.saveFolderId === undefined) {
        set.saveFolderId = null;
        set.saveFolderDriveId = null;
      }
      return db.update(chatSettings).set(set).where(eq(chatSettings.chatId, chatId)).returning().get();
    },

    /**
     * Forgets the cached save folder ids of a user's private chat and of every chat bound to the
     * account — after the account was linked to another drive, where those ids mean nothing.
     * The folder paths stay.
     */
    forgetSaveFoldersOf(telegramUserId: number, accountId: number): void {
      db.update(chatSettings)
        .set({ saveFolderId: null, saveFolderDriveId: null, updatedAt: Date.now() })
        .where(or(eq(chatSettings.chatId, telegramUserId), eq(chatSettings.boundAccountId, accountId)))
        .run();
    },

    /** How many chats (groups, channels) are bound to the account. */
    countBoundTo(accountId: number): number {
      return db.select({ n: count() }).from(chatSettings).where(eq(chatSettings.boundAccountId, accountId)).get()?.n ?? 0;
    },

    /** The chats a Telegram user bound to their drive (groups and channels), by title. */
    listBoundBy(telegramUserId: number): ChatSettings[] {
      return db.select().from(chatSettings).where(eq(chatSettings.boundByUserId, telegramUserId)).orderBy(chatSettings.title).all();
    },

    /**
     * Records the chat (as {@link upsert}) and applies `changes` to its settings, in one
     * transaction: what a command that changes a chat's settings does.
     */
    record(chatId: number, chat: { chatType: string; title?: string | null }, changes: ChatSettingsPatch = {}): ChatSettings {
      return db.transaction(() => {
        const row = repo.upsert(chatId, chat);
        return Object.keys(changes).length > 0 ? (repo.patch(chatId, changes) ?? row) : row;
      });
    },
  };
  return repo;
}

export type ChatSettingsRepo = ReturnType<typeof createChatSettingsRepo>;
