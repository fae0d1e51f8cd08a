ALTER TABLE `saves` ADD `untold_outcome` text;--> statement-breakpoint
CREATE INDEX `saves_untold_idx` ON `saves` (`finished_at`) WHERE untold_outcome IS NOT NULL;