ALTER TABLE `saves` ADD `in_flight_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `saves_in_flight_uq` ON `saves` (`in_flight_key`);