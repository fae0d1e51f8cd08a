CREATE TABLE `favourite_folders` (
	`telegram_user_id` integer NOT NULL,
	`path` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`telegram_user_id`, `path`)
);
--> statement-breakpoint
CREATE TABLE `pick_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`telegram_user_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`source_message_id` integer NOT NULL,
	`message_id` integer,
	`lang` text,
	`share_id` text NOT NULL,
	`folder_id` text,
	`password` text,
	`share_name` text DEFAULT '' NOT NULL,
	`entries` text,
	`ticked` text DEFAULT '[]' NOT NULL,
	`folder` integer DEFAULT -1 NOT NULL,
	`page` integer DEFAULT 0 NOT NULL,
	`step` text DEFAULT 'list' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pick_lists_updated_idx` ON `pick_lists` (`updated_at`);--> statement-breakpoint
CREATE TABLE `skip_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`telegram_user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `skip_rules_user_idx` ON `skip_rules` (`telegram_user_id`);--> statement-breakpoint
ALTER TABLE `save_copy_items` ADD `target_dir` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `saves` ADD `items_skipped` integer;