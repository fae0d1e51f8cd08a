CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`telegram_user_id` integer NOT NULL,
	`aliyun_user_id` text NOT NULL,
	`nick_name` text DEFAULT '' NOT NULL,
	`user_name` text DEFAULT '' NOT NULL,
	`refresh_token_enc` text NOT NULL,
	`device_id` text NOT NULL,
	`device_private_key_enc` text NOT NULL,
	`default_drive_id` text NOT NULL,
	`resource_drive_id` text,
	`backup_drive_id` text,
	`needs_relogin` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_telegram_user_id_unique` ON `accounts` (`telegram_user_id`);--> statement-breakpoint
CREATE TABLE `chat_settings` (
	`chat_id` integer PRIMARY KEY NOT NULL,
	`chat_type` text NOT NULL,
	`title` text,
	`save_folder` text,
	`save_folder_id` text,
	`save_folder_drive_id` text,
	`language` text,
	`bound_account_id` integer,
	`bound_by_user_id` integer,
	`autosave` integer DEFAULT false NOT NULL,
	`quiet` integer DEFAULT false NOT NULL,
	`members_can_save` integer DEFAULT false NOT NULL,
	`hourly_limit` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`bound_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `save_copy_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`batch_no` integer NOT NULL,
	`source_file_id` text NOT NULL,
	`source_name` text NOT NULL,
	`source_kind` text DEFAULT 'file' NOT NULL,
	`source_size` integer,
	`state` text DEFAULT 'pending' NOT NULL,
	`async_task_id` text,
	`result_file_id` text,
	`error_code` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `saves`(`job_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `save_copy_items_job_source_uq` ON `save_copy_items` (`job_id`,`source_file_id`);--> statement-breakpoint
CREATE TABLE `saves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`account_id` integer,
	`telegram_user_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`status_message_id` integer,
	`share_id` text NOT NULL,
	`folder_id` text DEFAULT 'root' NOT NULL,
	`share_name` text,
	`target_path` text,
	`target_folder_id` text,
	`state` text DEFAULT 'queued' NOT NULL,
	`failure_kind` text,
	`items_total` integer,
	`files_total` integer,
	`files_copied` integer DEFAULT 0 NOT NULL,
	`bytes` integer,
	`error_message` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saves_job_id_unique` ON `saves` (`job_id`);--> statement-breakpoint
CREATE INDEX `saves_account_share_idx` ON `saves` (`account_id`,`share_id`,`folder_id`);--> statement-breakpoint
CREATE INDEX `saves_chat_created_idx` ON `saves` (`chat_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `saves_user_created_idx` ON `saves` (`telegram_user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `queue_jobs` (
	`queue` text NOT NULL,
	`id` text NOT NULL,
	`data` text NOT NULL,
	`state` text NOT NULL,
	`attempts_made` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`run_at` integer NOT NULL,
	`locked_by` text,
	`lock_until` integer,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`finished_at` integer,
	PRIMARY KEY(`queue`, `id`)
);
--> statement-breakpoint
CREATE INDEX `queue_jobs_pick_idx` ON `queue_jobs` (`queue`,`state`,`run_at`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
