import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { FILE_SOURCES, FILE_STATUSES } from '@monimmo/contract/vocabulary';
import { id, orgId, sameOrg, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';
import { messages } from './messages.ts';
import { properties } from './properties.ts';

/** Documents. The bytes live in storage under `storageKey`, a key the server chose. */
export const files = sqliteTable(
  'files',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    propertyId: text('property_id'),
    /** The message this file came attached to, if any: it follows the message's property. */
    messageId: text('message_id'),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    status: text('status', { enum: FILE_STATUSES }).notNull().default('UPLOADED'),
    /** One of the document types (docs/domain.md); checked by the contract. */
    typeDocument: text('type_document'),
    storageKey: text('storage_key').notNull().unique(),
    source: text('source', { enum: FILE_SOURCES }).notNull().default('UPLOAD'),
    /** Imported attachments: the provider's message id and part, so a second import adds nothing. */
    externalId: text('external_id'),
    /** Row of this file in files_fts (set by the search triggers; stable across VACUUM). */
    searchRowid: integer('search_rowid'),
    ...timestamps(),
  },
  (t) => [
    index('files_org_created_idx').on(t.orgId, t.createdAt, t.id),
    uniqueIndex('files_search_rowid_unique').on(t.searchRowid),
    index('files_property_idx').on(t.propertyId, t.typeDocument),
    index('files_message_idx').on(t.messageId),
    uniqueIndex('files_external_unique').on(t.orgId, t.source, t.externalId),
    sameOrg(t.orgId, t.propertyId, properties),
    sameOrg(t.orgId, t.messageId, messages),
  ],
);
