CREATE TABLE `vocals` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text,
	`property_set_by` text,
	`created_by_user_id` text,
	`source` text DEFAULT 'UPLOAD' NOT NULL,
	`message_id` text,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`duration_seconds` real,
	`status` text DEFAULT 'UPLOADED' NOT NULL,
	`stage` text DEFAULT 'TRANSCRIBE' NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`vocal_type` text,
	`type_set_by` text,
	`transcript` text,
	`transcript_set_by` text,
	`transcript_confidence` real,
	`summary` text,
	`insights` text,
	`extraction` text,
	`confidence` real,
	`processing_error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`stage_updated_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vocals_storage_key_unique` ON `vocals` (`storage_key`);--> statement-breakpoint
CREATE INDEX `vocals_org_created_idx` ON `vocals` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `vocals_property_idx` ON `vocals` (`property_id`);--> statement-breakpoint
CREATE INDEX `vocals_recovery_idx` ON `vocals` (`status`,`stage_updated_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `vocals_message_unique` ON `vocals` (`message_id`);