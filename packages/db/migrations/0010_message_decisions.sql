-- A message keeps who set its property (the AI or a person, who and when) and the triage's last
-- conclusion with its French reasoning. Rows already there keep NULLs: unknown, before this
-- version. The composite key to users needs a rebuild of messages (drizzle-kit's copy, drop and
-- rename, with only the columns the old table has): the triggers naming messages are dropped
-- first and created again, unchanged, at the end (see 0008).
DROP TRIGGER `review_items_same_org_insert`;
--> statement-breakpoint
DROP TRIGGER `review_items_same_org_update`;
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
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
	`property_set_by` text,
	`property_set_by_user_id` text,
	`property_set_at` text,
	`ai_decision` text,
	`search_rowid` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`property_id`) REFERENCES `properties`(`org_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`,`property_set_by_user_id`) REFERENCES `users`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_messages`("id", "org_id", "channel", "external_id", "from_name", "from_address", "subject", "body", "received_at", "property_id", "ai_status", "search_rowid", "created_at", "updated_at") SELECT "id", "org_id", "channel", "external_id", "from_name", "from_address", "subject", "body", "received_at", "property_id", "ai_status", "search_rowid", "created_at", "updated_at" FROM `messages`;--> statement-breakpoint
DROP TABLE `messages`;--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_external_unique` ON `messages` (`org_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_search_rowid_unique` ON `messages` (`search_rowid`);--> statement-breakpoint
CREATE INDEX `messages_org_received_idx` ON `messages` (`org_id`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_property_idx` ON `messages` (`property_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_org_id_unique` ON `messages` (`org_id`,`id`);
--> statement-breakpoint
-- Dropping the old table dropped its search triggers: the same ones again (see 0004, 0008).
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
