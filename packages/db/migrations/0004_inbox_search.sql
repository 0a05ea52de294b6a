-- Custom SQL migration file, put your code below! --
-- Inbox search, like the others (see 0002): accent-insensitive, rows addressed by search_rowid.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  message_id UNINDEXED, org_id UNINDEXED, from_name, from_address, subject, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
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
