CREATE TABLE `aliyun_devices` (
	`aliyun_user_id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`device_private_key_enc` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
-- Backfill (hand-written): each Aliyun user keeps the device of its latest login.
INSERT OR IGNORE INTO `aliyun_devices` (`aliyun_user_id`, `device_id`, `device_private_key_enc`) SELECT `aliyun_user_id`, `device_id`, `device_private_key_enc` FROM `accounts` ORDER BY `updated_at` DESC;--> statement-breakpoint
-- Hand-written: drizzle runs migrations in a transaction, where PRAGMA foreign_keys=OFF does
-- nothing, so the DROP TABLE below would set saves.account_id and chat_settings.bound_account_id
-- to NULL (ON DELETE SET NULL). They are kept aside and put back after the rebuild.
CREATE TEMP TABLE `__keep_saves_account` AS SELECT `job_id`, `account_id` FROM `saves` WHERE `account_id` IS NOT NULL;--> statement-breakpoint
CREATE TEMP TABLE `__keep_bound_account` AS SELECT `chat_id`, `bound_account_id` FROM `chat_settings` WHERE `bound_account_id` IS NOT NULL;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`telegram_user_id` integer NOT NULL,
	`aliyun_user_id` text NOT NULL,
	`nick_name` text DEFAULT '' NOT NULL,
	`user_name` text DEFAULT '' NOT NULL,
	`refresh_token_enc` text NOT NULL,
	`device_id` text NOT NULL,
	`login_id` text,
	`device_private_key_enc` text NOT NULL,
	`default_drive_id` text,
	`resource_drive_id` text,
	`backup_drive_id` text,
	`needs_relogin` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
-- login_id: hand-edited to NULL in the SELECT (the old table has no such column).
INSERT INTO `__new_accounts`("id", "telegram_user_id", "aliyun_user_id", "nick_name", "user_name", "refresh_token_enc", "device_id", "login_id", "device_private_key_enc", "default_drive_id", "resource_drive_id", "backup_drive_id", "needs_relogin", "created_at", "updated_at") SELECT "id", "telegram_user_id", "aliyun_user_id", "nick_name", "user_name", "refresh_token_enc", "device_id", NULL, "device_private_key_enc", "default_drive_id", "resource_drive_id", "backup_drive_id", "needs_relogin", "created_at", "updated_at" FROM `accounts`;--> statement-breakpoint
DROP TABLE `accounts`;--> statement-breakpoint
ALTER TABLE `__new_accounts` RENAME TO `accounts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
UPDATE `saves` SET `account_id` = (SELECT `k`.`account_id` FROM `__keep_saves_account` `k` WHERE `k`.`job_id` = `saves`.`job_id`) WHERE `job_id` IN (SELECT `job_id` FROM `__keep_saves_account`);--> statement-breakpoint
UPDATE `chat_settings` SET `bound_account_id` = (SELECT `k`.`bound_account_id` FROM `__keep_bound_account` `k` WHERE `k`.`chat_id` = `chat_settings`.`chat_id`) WHERE `chat_id` IN (SELECT `chat_id` FROM `__keep_bound_account`);--> statement-breakpoint
DROP TABLE `__keep_saves_account`;--> statement-breakpoint
DROP TABLE `__keep_bound_account`;--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_telegram_user_id_unique` ON `accounts` (`telegram_user_id`);