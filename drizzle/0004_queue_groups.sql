ALTER TABLE `queue_jobs` ADD `group_key` text;--> statement-breakpoint
ALTER TABLE `queue_jobs` ADD `interrupted_runs` integer DEFAULT 0 NOT NULL;