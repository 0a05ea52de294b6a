import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The FTS5 tables of migration 0002, described for queries only: drizzle-kit never sees
// this file (it is not in schema/), since it cannot create virtual tables.
export const propertiesFts = sqliteTable('properties_fts', {
  rowid: integer('rowid'),
  propertyId: text('property_id'),
  orgId: text('org_id'),
  rank: real('rank'),
});
export const usersFts = sqliteTable('users_fts', {
  rowid: integer('rowid'),
  userId: text('user_id'),
  orgId: text('org_id'),
  rank: real('rank'),
});
export const filesFts = sqliteTable('files_fts', {
  rowid: integer('rowid'),
  fileId: text('file_id'),
  orgId: text('org_id'),
  rank: real('rank'),
});
export const messagesFts = sqliteTable('messages_fts', {
  rowid: integer('rowid'),
  messageId: text('message_id'),
  orgId: text('org_id'),
  rank: real('rank'),
});
