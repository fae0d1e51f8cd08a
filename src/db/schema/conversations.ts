import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns.js';

/** Key/value store for the bot's session and conversation state (JSON values). */
export const conversations = sqliteTable('conversations', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(nowMs),
});
