CREATE TABLE `save_passwords` (
	`job_id` text PRIMARY KEY NOT NULL,
	`password_enc` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `saves`(`job_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `follows` ADD `include_patterns` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `follows` ADD `exclude_patterns` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `follows` ADD `min_size` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `follows` ADD `rename_pattern` text;--> statement-breakpoint
ALTER TABLE `follows` ADD `rename_template` text;