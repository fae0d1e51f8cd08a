CREATE TABLE `follow_items` (
	`follow_id` integer NOT NULL,
	`share_file_id` text NOT NULL,
	`rel_path` text NOT NULL,
	`kind` text DEFAULT 'file' NOT NULL,
	`state` text NOT NULL,
	`new_file_id` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`follow_id`, `share_file_id`),
	FOREIGN KEY (`follow_id`) REFERENCES `follows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `follows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`telegram_user_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`lang` text,
	`share_id` text NOT NULL,
	`password_enc` text,
	`share_name` text DEFAULT '' NOT NULL,
	`target_path` text NOT NULL,
	`target_folder_id` text,
	`target_drive_id` text,
	`save_job_id` text,
	`state` text DEFAULT 'waiting' NOT NULL,
	`paused_reason` text,
	`next_check_at` integer DEFAULT 0 NOT NULL,
	`last_checked_at` integer,
	`last_new_at` integer,
	`last_new_name` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follows_account_share_uq` ON `follows` (`account_id`,`share_id`);--> statement-breakpoint
CREATE INDEX `follows_share_idx` ON `follows` (`share_id`);--> statement-breakpoint
CREATE INDEX `follows_due_idx` ON `follows` (`state`,`next_check_at`);--> statement-breakpoint
CREATE INDEX `follows_user_idx` ON `follows` (`telegram_user_id`,`created_at`);