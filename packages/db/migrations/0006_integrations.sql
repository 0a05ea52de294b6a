CREATE TABLE `calendar_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`integration_id` text,
	`external_id` text NOT NULL,
	`status` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`location` text,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`all_day` integer DEFAULT false NOT NULL,
	`attendees` text DEFAULT '[]' NOT NULL,
	`property_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_events_external_unique` ON `calendar_events` (`org_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `calendar_events_org_start_idx` ON `calendar_events` (`org_id`,`start_at`,`id`);--> statement-breakpoint
CREATE TABLE `integrations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`provider` text NOT NULL,
	`status` text NOT NULL,
	`account_label` text,
	`external_account_id` text,
	`encrypted_credentials` text,
	`cursor` text,
	`connected_by_user_id` text,
	`connected_at` text,
	`last_synced_at` text,
	`last_error` text,
	`failure_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`connected_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_org_provider_unique` ON `integrations` (`org_id`,`provider`);--> statement-breakpoint
CREATE INDEX `integrations_external_account_idx` ON `integrations` (`provider`,`external_account_id`);--> statement-breakpoint
ALTER TABLE `files` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `files_external_unique` ON `files` (`org_id`,`source`,`external_id`);