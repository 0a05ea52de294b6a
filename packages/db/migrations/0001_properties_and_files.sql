CREATE TABLE `properties` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`title` text NOT NULL,
	`address` text NOT NULL,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`price` integer,
	`mandate_number` text,
	`details` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'PROSPECTION' NOT NULL,
	`search_rowid` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `properties_org_created_idx` ON `properties` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `properties_search_rowid_unique` ON `properties` (`search_rowid`);--> statement-breakpoint
CREATE INDEX `properties_org_status_created_idx` ON `properties` (`org_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `properties_org_mandate_unique` ON `properties` (`org_id`,`mandate_number`) WHERE "properties"."mandate_number" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `property_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text NOT NULL,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`actor_user_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `property_events_property_created_idx` ON `property_events` (`property_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `property_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `property_participants_unique` ON `property_participants` (`property_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `property_participants_user_idx` ON `property_participants` (`user_id`);--> statement-breakpoint
CREATE TABLE `property_prospects` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text NOT NULL,
	`user_id` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `property_prospects_unique` ON `property_prospects` (`property_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `property_prospects_property_created_idx` ON `property_prospects` (`property_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `property_prospects_user_idx` ON `property_prospects` (`user_id`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`status` text DEFAULT 'UPLOADED' NOT NULL,
	`type_document` text,
	`storage_key` text NOT NULL,
	`source` text DEFAULT 'UPLOAD' NOT NULL,
	`search_rowid` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_storage_key_unique` ON `files` (`storage_key`);--> statement-breakpoint
CREATE INDEX `files_org_created_idx` ON `files` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `files_search_rowid_unique` ON `files` (`search_rowid`);--> statement-breakpoint
CREATE INDEX `files_property_idx` ON `files` (`property_id`,`type_document`);--> statement-breakpoint
ALTER TABLE `users` ADD `search_rowid` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `users_search_rowid_unique` ON `users` (`search_rowid`);