CREATE TABLE `save_folders` (
	`account_id` integer NOT NULL,
	`aliyun_user_id` text NOT NULL,
	`path` text NOT NULL,
	`folder_id` text NOT NULL,
	`resolved_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`account_id`, `path`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
