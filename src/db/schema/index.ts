/** Every table of the bot's SQLite database. drizzle-kit reads this file to generate migrations. */
export * from './accounts.js';
export * from './chat-settings.js';
export * from './saves.js';
export * from './queue-jobs.js';
export * from './conversations.js';
export * from './devices.js';
export * from './follows.js';
export * from './picks.js';
export * from './save-folders.js';
