CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`channel` text NOT NULL,
	`external_id` text,
	`from_name` text,
	`from_address` text NOT NULL,
	`subject` text,
	`body` text NOT NULL,
	`received_at` text NOT NULL,
	`property_id` text,
	`ai_status` text DEFAULT 'PENDING' NOT NULL,
	`search_rowid` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_external_unique` ON `messages` (`org_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_search_rowid_unique` ON `messages` (`search_rowid`);--> statement-breakpoint
CREATE INDEX `messages_org_received_idx` ON `messages` (`org_id`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_property_idx` ON `messages` (`property_id`);--> statement-breakpoint
CREATE TABLE `review_items` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`item_type` text NOT NULL,
	`item_id` text NOT NULL,
	`reason` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'OPEN' NOT NULL,
	`resolution` text,
	`note` text,
	`resolved_by_user_id` text,
	`resolved_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_items_open_unique` ON `review_items` (`org_id`,`item_type`,`item_id`,`reason`) WHERE "review_items"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX `review_items_org_status_created_idx` ON `review_items` (`org_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `review_items_item_idx` ON `review_items` (`item_type`,`item_id`);--> statement-breakpoint
ALTER TABLE `files` ADD `message_id` text REFERENCES messages(id);--> statement-breakpoint
CREATE INDEX `files_message_idx` ON `files` (`message_id`);