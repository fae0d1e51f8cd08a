ALTER TABLE `saves` ADD `aliyun_user_id` text;--> statement-breakpoint
-- Backfill (hand-written): earlier saves went into the drive of the account they name.
UPDATE `saves` SET `aliyun_user_id` = (SELECT `aliyun_user_id` FROM `accounts` WHERE `accounts`.`id` = `saves`.`account_id`) WHERE `account_id` IS NOT NULL;