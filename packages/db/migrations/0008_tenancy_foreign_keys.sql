-- Every row that names a property, contact or staff user, message or integration now names one
-- of its own agency: composite foreign keys (org_id, x_id) → target(org_id, id), on a unique
-- index (org_id, id) of each target. SQLite cannot alter a foreign key, so the referencing
-- tables are rebuilt (drizzle-kit's copy, drop and rename; ids, search_rowid and every index kept).
--
-- Rows that would break the new keys (pointing at another agency's row, or at none) are not
-- left to fail the rebuild nor silently copied: each is first recorded in tenancy_mismatches,
-- then its reference is cleared (NULLED), or the row deleted when the reference is its reason
-- to exist (participants, prospects, timeline events: DELETED, the whole row kept in row_data).
-- The API logs a warning at start-up while tenancy_mismatches has rows: a person checks them,
-- repairs what must be repaired, then empties the table.
--
-- review_items.item_id names a message, document or voice note by item_type, which no foreign
-- key can express: triggers refuse an item naming another agency's row (items so recorded
-- before are DELETED here). drizzle-kit does not model triggers or views: a later rebuild of
-- messages, files, vocals, users or property_participants must drop and recreate those naming
-- them, as this migration does.
CREATE TABLE `tenancy_mismatches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`column_name` text NOT NULL,
	`org_id` text NOT NULL,
	`referenced_id` text NOT NULL,
	`referenced_org_id` text,
	`action` text NOT NULL,
	`row_data` text,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'property_participants', c.`id`, 'property_id', c.`org_id`, c.`property_id`, t.`org_id`, 'DELETED', json_object('id', c.`id`, 'org_id', c.`org_id`, 'property_id', c.`property_id`, 'user_id', c.`user_id`, 'role', c.`role`, 'created_at', c.`created_at`, 'updated_at', c.`updated_at`)
  FROM `property_participants` c LEFT JOIN `properties` t ON t.`id` = c.`property_id`
  WHERE c.`property_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'property_participants', c.`id`, 'user_id', c.`org_id`, c.`user_id`, t.`org_id`, 'DELETED', json_object('id', c.`id`, 'org_id', c.`org_id`, 'property_id', c.`property_id`, 'user_id', c.`user_id`, 'role', c.`role`, 'created_at', c.`created_at`, 'updated_at', c.`updated_at`)
  FROM `property_participants` c LEFT JOIN `users` t ON t.`id` = c.`user_id`
  WHERE c.`user_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'property_prospects', c.`id`, 'property_id', c.`org_id`, c.`property_id`, t.`org_id`, 'DELETED', json_object('id', c.`id`, 'org_id', c.`org_id`, 'property_id', c.`property_id`, 'user_id', c.`user_id`, 'note', c.`note`, 'created_at', c.`created_at`, 'updated_at', c.`updated_at`)
  FROM `property_prospects` c LEFT JOIN `properties` t ON t.`id` = c.`property_id`
  WHERE c.`property_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'property_prospects', c.`id`, 'user_id', c.`org_id`, c.`user_id`, t.`org_id`, 'DELETED', json_object('id', c.`id`, 'org_id', c.`org_id`, 'property_id', c.`property_id`, 'user_id', c.`user_id`, 'note', c.`note`, 'created_at', c.`created_at`, 'updated_at', c.`updated_at`)
  FROM `property_prospects` c LEFT JOIN `users` t ON t.`id` = c.`user_id`
  WHERE c.`user_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'property_events', c.`id`, 'property_id', c.`org_id`, c.`property_id`, t.`org_id`, 'DELETED', json_object('id', c.`id`, 'org_id', c.`org_id`, 'property_id', c.`property_id`, 'type', c.`type`, 'from_status', c.`from_status`, 'to_status', c.`to_status`, 'actor_user_id', c.`actor_user_id`, 'created_at', c.`created_at`, 'updated_at', c.`updated_at`)
  FROM `property_events` c LEFT JOIN `properties` t ON t.`id` = c.`property_id`
  WHERE c.`property_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'property_events', c.`id`, 'actor_user_id', c.`org_id`, c.`actor_user_id`, t.`org_id`, 'NULLED', NULL
  FROM `property_events` c LEFT JOIN `users` t ON t.`id` = c.`actor_user_id`
  WHERE c.`actor_user_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'files', c.`id`, 'property_id', c.`org_id`, c.`property_id`, t.`org_id`, 'NULLED', NULL
  FROM `files` c LEFT JOIN `properties` t ON t.`id` = c.`property_id`
  WHERE c.`property_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'files', c.`id`, 'message_id', c.`org_id`, c.`message_id`, t.`org_id`, 'NULLED', NULL
  FROM `files` c LEFT JOIN `messages` t ON t.`id` = c.`message_id`
  WHERE c.`message_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'messages', c.`id`, 'property_id', c.`org_id`, c.`property_id`, t.`org_id`, 'NULLED', NULL
  FROM `messages` c LEFT JOIN `properties` t ON t.`id` = c.`property_id`
  WHERE c.`property_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'vocals', c.`id`, 'property_id', c.`org_id`, c.`property_id`, t.`org_id`, 'NULLED', NULL
  FROM `vocals` c LEFT JOIN `properties` t ON t.`id` = c.`property_id`
  WHERE c.`property_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'vocals', c.`id`, 'created_by_user_id', c.`org_id`, c.`created_by_user_id`, t.`org_id`, 'NULLED', NULL
  FROM `vocals` c LEFT JOIN `users` t ON t.`id` = c.`created_by_user_id`
  WHERE c.`created_by_user_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'vocals', c.`id`, 'message_id', c.`org_id`, c.`message_id`, t.`org_id`, 'NULLED', NULL
  FROM `vocals` c LEFT JOIN `messages` t ON t.`id` = c.`message_id`
  WHERE c.`message_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'calendar_events', c.`id`, 'integration_id', c.`org_id`, c.`integration_id`, t.`org_id`, 'NULLED', NULL
  FROM `calendar_events` c LEFT JOIN `integrations` t ON t.`id` = c.`integration_id`
  WHERE c.`integration_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'calendar_events', c.`id`, 'property_id', c.`org_id`, c.`property_id`, t.`org_id`, 'NULLED', NULL
  FROM `calendar_events` c LEFT JOIN `properties` t ON t.`id` = c.`property_id`
  WHERE c.`property_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'integrations', c.`id`, 'connected_by_user_id', c.`org_id`, c.`connected_by_user_id`, t.`org_id`, 'NULLED', NULL
  FROM `integrations` c LEFT JOIN `users` t ON t.`id` = c.`connected_by_user_id`
  WHERE c.`connected_by_user_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'review_items', c.`id`, 'resolved_by_user_id', c.`org_id`, c.`resolved_by_user_id`, t.`org_id`, 'NULLED', NULL
  FROM `review_items` c LEFT JOIN `users` t ON t.`id` = c.`resolved_by_user_id`
  WHERE c.`resolved_by_user_id` IS NOT NULL AND t.`org_id` IS NOT c.`org_id`;
--> statement-breakpoint
DELETE FROM `property_participants` WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'property_participants' AND `column_name` = 'property_id');
--> statement-breakpoint
DELETE FROM `property_participants` WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'property_participants' AND `column_name` = 'user_id');
--> statement-breakpoint
DELETE FROM `property_prospects` WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'property_prospects' AND `column_name` = 'property_id');
--> statement-breakpoint
DELETE FROM `property_prospects` WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'property_prospects' AND `column_name` = 'user_id');
--> statement-breakpoint
DELETE FROM `property_events` WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'property_events' AND `column_name` = 'property_id');
--> statement-breakpoint
UPDATE `property_events` SET `actor_user_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'property_events' AND `column_name` = 'actor_user_id');
--> statement-breakpoint
UPDATE `files` SET `property_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'files' AND `column_name` = 'property_id');
--> statement-breakpoint
UPDATE `files` SET `message_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'files' AND `column_name` = 'message_id');
--> statement-breakpoint
UPDATE `messages` SET `property_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'messages' AND `column_name` = 'property_id');
--> statement-breakpoint
UPDATE `vocals` SET `property_id` = NULL, `property_set_by` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'vocals' AND `column_name` = 'property_id');
--> statement-breakpoint
UPDATE `vocals` SET `created_by_user_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'vocals' AND `column_name` = 'created_by_user_id');
--> statement-breakpoint
UPDATE `vocals` SET `message_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'vocals' AND `column_name` = 'message_id');
--> statement-breakpoint
UPDATE `calendar_events` SET `integration_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'calendar_events' AND `column_name` = 'integration_id');
--> statement-breakpoint
UPDATE `calendar_events` SET `property_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'calendar_events' AND `column_name` = 'property_id');
--> statement-breakpoint
UPDATE `integrations` SET `connected_by_user_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'integrations' AND `column_name` = 'connected_by_user_id');
--> statement-breakpoint
UPDATE `review_items` SET `resolved_by_user_id` = NULL WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'review_items' AND `column_name` = 'resolved_by_user_id');

--> statement-breakpoint
INSERT INTO `tenancy_mismatches` (`table_name`, `row_id`, `column_name`, `org_id`, `referenced_id`, `referenced_org_id`, `action`, `row_data`)
  SELECT 'review_items', r.`id`, 'item_id', r.`org_id`, r.`item_id`, t.`org_id`, 'DELETED',
         json_object('id', r.`id`, 'org_id', r.`org_id`, 'item_type', r.`item_type`, 'item_id', r.`item_id`, 'reason', r.`reason`, 'payload', r.`payload`,
                     'status', r.`status`, 'resolution', r.`resolution`, 'note', r.`note`, 'resolved_by_user_id', r.`resolved_by_user_id`,
                     'resolved_at', r.`resolved_at`, 'created_at', r.`created_at`, 'updated_at', r.`updated_at`)
  FROM `review_items` r
  JOIN (SELECT 'MESSAGE' AS item_type, `id`, `org_id` FROM `messages` UNION ALL SELECT 'FILE', `id`, `org_id` FROM `files` UNION ALL SELECT 'VOCAL', `id`, `org_id` FROM `vocals`) t
    ON t.item_type = r.`item_type` AND t.`id` = r.`item_id`
  WHERE t.`org_id` <> r.`org_id`;
--> statement-breakpoint
DELETE FROM `review_items` WHERE `id` IN (SELECT `row_id` FROM `tenancy_mismatches` WHERE `table_name` = 'review_items' AND `column_name` = 'item_id');
--> statement-breakpoint
-- The renames below re-read every view and trigger: the owners' view and the triggers naming
-- it or property_participants must not exist while that table is replaced. All are created
-- again, unchanged, at the end.
DROP TRIGGER `property_participants_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `property_participants_fts_update`;
--> statement-breakpoint
DROP TRIGGER `property_participants_fts_delete`;
--> statement-breakpoint
DROP VIEW `property_owner_names`;
--> statement-breakpoint
DROP TRIGGER `users_fts_update`;
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_property_events` (
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
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`actor_user_id`) REFERENCES `users`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_property_events`("id", "org_id", "property_id", "type", "from_status", "to_status", "actor_user_id", "created_at", "updated_at") SELECT "id", "org_id", "property_id", "type", "from_status", "to_status", "actor_user_id", "created_at", "updated_at" FROM `property_events`;--> statement-breakpoint
DROP TABLE `property_events`;--> statement-breakpoint
ALTER TABLE `__new_property_events` RENAME TO `property_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `property_events_property_created_idx` ON `property_events` (`property_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `__new_property_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`user_id`) REFERENCES `users`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_property_participants`("id", "org_id", "property_id", "user_id", "role", "created_at", "updated_at") SELECT "id", "org_id", "property_id", "user_id", "role", "created_at", "updated_at" FROM `property_participants`;--> statement-breakpoint
DROP TABLE `property_participants`;--> statement-breakpoint
ALTER TABLE `__new_property_participants` RENAME TO `property_participants`;--> statement-breakpoint
CREATE UNIQUE INDEX `property_participants_unique` ON `property_participants` (`property_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `property_participants_user_idx` ON `property_participants` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_property_prospects` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text NOT NULL,
	`user_id` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`user_id`) REFERENCES `users`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_property_prospects`("id", "org_id", "property_id", "user_id", "note", "created_at", "updated_at") SELECT "id", "org_id", "property_id", "user_id", "note", "created_at", "updated_at" FROM `property_prospects`;--> statement-breakpoint
DROP TABLE `property_prospects`;--> statement-breakpoint
ALTER TABLE `__new_property_prospects` RENAME TO `property_prospects`;--> statement-breakpoint
CREATE UNIQUE INDEX `property_prospects_unique` ON `property_prospects` (`property_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `property_prospects_property_created_idx` ON `property_prospects` (`property_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `property_prospects_user_idx` ON `property_prospects` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_files` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`property_id` text,
	`message_id` text,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`status` text DEFAULT 'UPLOADED' NOT NULL,
	`type_document` text,
	`storage_key` text NOT NULL,
	`source` text DEFAULT 'UPLOAD' NOT NULL,
	`external_id` text,
	`search_rowid` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`message_id`) REFERENCES `messages`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_files`("id", "org_id", "property_id", "message_id", "file_name", "mime_type", "size", "sha256", "status", "type_document", "storage_key", "source", "external_id", "search_rowid", "created_at", "updated_at") SELECT "id", "org_id", "property_id", "message_id", "file_name", "mime_type", "size", "sha256", "status", "type_document", "storage_key", "source", "external_id", "search_rowid", "created_at", "updated_at" FROM `files`;--> statement-breakpoint
DROP TABLE `files`;--> statement-breakpoint
ALTER TABLE `__new_files` RENAME TO `files`;--> statement-breakpoint
CREATE UNIQUE INDEX `files_storage_key_unique` ON `files` (`storage_key`);--> statement-breakpoint
CREATE INDEX `files_org_created_idx` ON `files` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `files_search_rowid_unique` ON `files` (`search_rowid`);--> statement-breakpoint
CREATE INDEX `files_property_idx` ON `files` (`property_id`,`type_document`);--> statement-breakpoint
CREATE INDEX `files_message_idx` ON `files` (`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `files_external_unique` ON `files` (`org_id`,`source`,`external_id`);--> statement-breakpoint
CREATE TABLE `__new_messages` (
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
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_messages`("id", "org_id", "channel", "external_id", "from_name", "from_address", "subject", "body", "received_at", "property_id", "ai_status", "search_rowid", "created_at", "updated_at") SELECT "id", "org_id", "channel", "external_id", "from_name", "from_address", "subject", "body", "received_at", "property_id", "ai_status", "search_rowid", "created_at", "updated_at" FROM `messages`;--> statement-breakpoint
DROP TABLE `messages`;--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_external_unique` ON `messages` (`org_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_search_rowid_unique` ON `messages` (`search_rowid`);--> statement-breakpoint
CREATE INDEX `messages_org_received_idx` ON `messages` (`org_id`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_property_idx` ON `messages` (`property_id`);--> statement-breakpoint
CREATE TABLE `__new_review_items` (
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
	FOREIGN KEY (`org_id`,`resolved_by_user_id`) REFERENCES `users`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_review_items`("id", "org_id", "item_type", "item_id", "reason", "payload", "status", "resolution", "note", "resolved_by_user_id", "resolved_at", "created_at", "updated_at") SELECT "id", "org_id", "item_type", "item_id", "reason", "payload", "status", "resolution", "note", "resolved_by_user_id", "resolved_at", "created_at", "updated_at" FROM `review_items`;--> statement-breakpoint
DROP TABLE `review_items`;--> statement-breakpoint
ALTER TABLE `__new_review_items` RENAME TO `review_items`;--> statement-breakpoint
CREATE UNIQUE INDEX `review_items_open_unique` ON `review_items` (`org_id`,`item_type`,`item_id`,`reason`) WHERE "review_items"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX `review_items_org_status_created_idx` ON `review_items` (`org_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `review_items_item_idx` ON `review_items` (`item_type`,`item_id`);--> statement-breakpoint
CREATE TABLE `__new_vocals` (
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
	`summary_set_by` text,
	`insights` text,
	`extraction` text,
	`confidence` real,
	`processing_error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`stage_updated_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`created_by_user_id`) REFERENCES `users`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`message_id`) REFERENCES `messages`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_vocals`("id", "org_id", "property_id", "property_set_by", "created_by_user_id", "source", "message_id", "file_name", "mime_type", "size", "sha256", "storage_key", "duration_seconds", "status", "stage", "revision", "vocal_type", "type_set_by", "transcript", "transcript_set_by", "transcript_confidence", "summary", "summary_set_by", "insights", "extraction", "confidence", "processing_error", "attempts", "stage_updated_at", "created_at", "updated_at") SELECT "id", "org_id", "property_id", "property_set_by", "created_by_user_id", "source", "message_id", "file_name", "mime_type", "size", "sha256", "storage_key", "duration_seconds", "status", "stage", "revision", "vocal_type", "type_set_by", "transcript", "transcript_set_by", "transcript_confidence", "summary", "summary_set_by", "insights", "extraction", "confidence", "processing_error", "attempts", "stage_updated_at", "created_at", "updated_at" FROM `vocals`;--> statement-breakpoint
DROP TABLE `vocals`;--> statement-breakpoint
ALTER TABLE `__new_vocals` RENAME TO `vocals`;--> statement-breakpoint
CREATE UNIQUE INDEX `vocals_storage_key_unique` ON `vocals` (`storage_key`);--> statement-breakpoint
CREATE INDEX `vocals_org_created_idx` ON `vocals` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `vocals_property_idx` ON `vocals` (`property_id`);--> statement-breakpoint
CREATE INDEX `vocals_recovery_idx` ON `vocals` (`status`,`stage_updated_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `vocals_message_unique` ON `vocals` (`message_id`);--> statement-breakpoint
CREATE TABLE `__new_calendar_events` (
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
	FOREIGN KEY (`org_id`,`integration_id`) REFERENCES `integrations`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_calendar_events`("id", "org_id", "integration_id", "external_id", "status", "title", "description", "location", "start_at", "end_at", "all_day", "attendees", "property_id", "created_at", "updated_at") SELECT "id", "org_id", "integration_id", "external_id", "status", "title", "description", "location", "start_at", "end_at", "all_day", "attendees", "property_id", "created_at", "updated_at" FROM `calendar_events`;--> statement-breakpoint
DROP TABLE `calendar_events`;--> statement-breakpoint
ALTER TABLE `__new_calendar_events` RENAME TO `calendar_events`;--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_events_external_unique` ON `calendar_events` (`org_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `calendar_events_org_start_idx` ON `calendar_events` (`org_id`,`start_at`,`id`);--> statement-breakpoint
CREATE TABLE `__new_integrations` (
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
	FOREIGN KEY (`org_id`,`connected_by_user_id`) REFERENCES `users`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_integrations`("id", "org_id", "provider", "status", "account_label", "external_account_id", "encrypted_credentials", "cursor", "connected_by_user_id", "connected_at", "last_synced_at", "last_error", "failure_count", "created_at", "updated_at") SELECT "id", "org_id", "provider", "status", "account_label", "external_account_id", "encrypted_credentials", "cursor", "connected_by_user_id", "connected_at", "last_synced_at", "last_error", "failure_count", "created_at", "updated_at" FROM `integrations`;--> statement-breakpoint
DROP TABLE `integrations`;--> statement-breakpoint
ALTER TABLE `__new_integrations` RENAME TO `integrations`;--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_org_provider_unique` ON `integrations` (`org_id`,`provider`);--> statement-breakpoint
CREATE INDEX `integrations_external_account_idx` ON `integrations` (`provider`,`external_account_id`);
--> statement-breakpoint
-- The targets of the new keys: a composite foreign key needs a unique index on exactly its columns.
CREATE UNIQUE INDEX `properties_org_id_unique` ON `properties` (`org_id`,`id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_org_id_unique` ON `users` (`org_id`,`id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_org_id_unique` ON `messages` (`org_id`,`id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_org_id_unique` ON `integrations` (`org_id`,`id`);
--> statement-breakpoint
CREATE VIEW property_owner_names AS
  SELECT p.id AS property_id,
         coalesce((SELECT group_concat(u.first_name || ' ' || u.last_name, ' ')
                   FROM property_participants pp JOIN users u ON u.id = pp.user_id
                   WHERE pp.property_id = p.id AND pp.role = 'VENDEUR'), '') AS owners
  FROM properties p;
--> statement-breakpoint
CREATE TRIGGER users_fts_update AFTER UPDATE OF first_name, last_name, email, phone ON users BEGIN
  UPDATE users_fts
  SET first_name = NEW.first_name, last_name = NEW.last_name, email = coalesce(NEW.email, ''),
      phone = coalesce(NEW.phone || ' ' || replace(replace(replace(replace(replace(NEW.phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '')
  WHERE rowid = NEW.search_rowid;
  UPDATE properties_fts SET owners = (SELECT owners FROM property_owner_names WHERE property_id = properties_fts.property_id)
  WHERE rowid IN (SELECT p.search_rowid FROM property_participants pp JOIN properties p ON p.id = pp.property_id
                  WHERE pp.user_id = NEW.id AND pp.role = 'VENDEUR');
END;
--> statement-breakpoint
-- Dropping the old tables dropped their search triggers: the same ones again (see 0002, 0004).
CREATE TRIGGER files_fts_insert AFTER INSERT ON files BEGIN
  INSERT INTO files_fts (file_id, org_id, file_name) VALUES (NEW.id, NEW.org_id, NEW.file_name);
  UPDATE files SET search_rowid = last_insert_rowid() WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER files_fts_update AFTER UPDATE OF file_name ON files BEGIN
  UPDATE files_fts SET file_name = NEW.file_name WHERE rowid = NEW.search_rowid;
END;
--> statement-breakpoint
CREATE TRIGGER files_fts_delete AFTER DELETE ON files BEGIN
  DELETE FROM files_fts WHERE rowid = OLD.search_rowid;
END;
--> statement-breakpoint
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (message_id, org_id, from_name, from_address, subject, body)
  VALUES (NEW.id, NEW.org_id, coalesce(NEW.from_name, ''), NEW.from_address, coalesce(NEW.subject, ''), NEW.body);
  UPDATE messages SET search_rowid = last_insert_rowid() WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER messages_fts_update AFTER UPDATE OF from_name, from_address, subject, body ON messages BEGIN
  UPDATE messages_fts
  SET from_name = coalesce(NEW.from_name, ''), from_address = NEW.from_address, subject = coalesce(NEW.subject, ''), body = NEW.body
  WHERE rowid = NEW.search_rowid;
END;
--> statement-breakpoint
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = OLD.search_rowid;
END;
--> statement-breakpoint
CREATE TRIGGER property_participants_fts_insert AFTER INSERT ON property_participants BEGIN
  UPDATE properties_fts SET owners = (SELECT owners FROM property_owner_names WHERE property_id = NEW.property_id)
  WHERE rowid = (SELECT search_rowid FROM properties WHERE id = NEW.property_id);
END;
--> statement-breakpoint
CREATE TRIGGER property_participants_fts_update AFTER UPDATE OF role, user_id ON property_participants BEGIN
  UPDATE properties_fts SET owners = (SELECT owners FROM property_owner_names WHERE property_id = NEW.property_id)
  WHERE rowid = (SELECT search_rowid FROM properties WHERE id = NEW.property_id);
END;
--> statement-breakpoint
CREATE TRIGGER property_participants_fts_delete AFTER DELETE ON property_participants BEGIN
  UPDATE properties_fts SET owners = (SELECT owners FROM property_owner_names WHERE property_id = OLD.property_id)
  WHERE rowid = (SELECT search_rowid FROM properties WHERE id = OLD.property_id);
END;
--> statement-breakpoint
-- A review item is about a row of its own agency (see the top of this file).
CREATE TRIGGER review_items_same_org_insert BEFORE INSERT ON review_items
WHEN (NEW.item_type = 'MESSAGE' AND EXISTS (SELECT 1 FROM messages WHERE id = NEW.item_id AND org_id <> NEW.org_id))
  OR (NEW.item_type = 'FILE' AND EXISTS (SELECT 1 FROM files WHERE id = NEW.item_id AND org_id <> NEW.org_id))
  OR (NEW.item_type = 'VOCAL' AND EXISTS (SELECT 1 FROM vocals WHERE id = NEW.item_id AND org_id <> NEW.org_id))
BEGIN
  SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: review_items names a row of another agency');
END;
--> statement-breakpoint
CREATE TRIGGER review_items_same_org_update BEFORE UPDATE OF org_id, item_type, item_id ON review_items
WHEN (NEW.item_type = 'MESSAGE' AND EXISTS (SELECT 1 FROM messages WHERE id = NEW.item_id AND org_id <> NEW.org_id))
  OR (NEW.item_type = 'FILE' AND EXISTS (SELECT 1 FROM files WHERE id = NEW.item_id AND org_id <> NEW.org_id))
  OR (NEW.item_type = 'VOCAL' AND EXISTS (SELECT 1 FROM vocals WHERE id = NEW.item_id AND org_id <> NEW.org_id))
BEGIN
  SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: review_items names a row of another agency');
END;
