-- Custom SQL migration file, put your code below! --
-- Full-text search, accent- and case-insensitive ("electricite" finds "Électricité").
-- Each indexed row's FTS rowid is kept in the source row (search_rowid): FTS rows are then
-- updated by rowid, and never depend on the source table's implicit rowid (VACUUM renumbers it).

CREATE VIRTUAL TABLE properties_fts USING fts5(
  property_id UNINDEXED, org_id UNINDEXED, title, address, city, postal_code, owners,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER properties_fts_insert AFTER INSERT ON properties BEGIN
  INSERT INTO properties_fts (property_id, org_id, title, address, city, postal_code, owners)
  VALUES (NEW.id, NEW.org_id, NEW.title, NEW.address, NEW.city, NEW.postal_code, '');
  UPDATE properties SET search_rowid = last_insert_rowid() WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER properties_fts_update AFTER UPDATE OF title, address, city, postal_code ON properties BEGIN
  UPDATE properties_fts
  SET title = NEW.title, address = NEW.address, city = NEW.city, postal_code = NEW.postal_code
  WHERE rowid = NEW.search_rowid;
END;
--> statement-breakpoint
CREATE TRIGGER properties_fts_delete AFTER DELETE ON properties BEGIN
  DELETE FROM properties_fts WHERE rowid = OLD.search_rowid;
END;
--> statement-breakpoint
-- The owners' names (participants with role VENDEUR) are searchable with the property.
CREATE VIEW property_owner_names AS
  SELECT p.id AS property_id,
         coalesce((SELECT group_concat(u.first_name || ' ' || u.last_name, ' ')
                   FROM property_participants pp JOIN users u ON u.id = pp.user_id
                   WHERE pp.property_id = p.id AND pp.role = 'VENDEUR'), '') AS owners
  FROM properties p;
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
-- Phones are indexed as typed and as bare digits, so "0645" finds "06 45 12 34 56".
CREATE VIRTUAL TABLE users_fts USING fts5(
  user_id UNINDEXED, org_id UNINDEXED, first_name, last_name, email, phone,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO users_fts (user_id, org_id, first_name, last_name, email, phone)
  SELECT id, org_id, first_name, last_name, coalesce(email, ''), coalesce(phone || ' ' || replace(replace(replace(replace(replace(phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '') FROM users;
--> statement-breakpoint
UPDATE users SET search_rowid = (SELECT rowid FROM users_fts WHERE user_id = users.id);
--> statement-breakpoint
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_fts (user_id, org_id, first_name, last_name, email, phone)
  VALUES (NEW.id, NEW.org_id, NEW.first_name, NEW.last_name, coalesce(NEW.email, ''), coalesce(NEW.phone || ' ' || replace(replace(replace(replace(replace(NEW.phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), ''));
  UPDATE users SET search_rowid = last_insert_rowid() WHERE id = NEW.id;
END;
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
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
  DELETE FROM users_fts WHERE rowid = OLD.search_rowid;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE files_fts USING fts5(
  file_id UNINDEXED, org_id UNINDEXED, file_name,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
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
