import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AI_STATUSES, MESSAGE_CHANNELS } from '@monimmo/contract/vocabulary';
import { id, orgId, sameOrg, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';
import { properties } from './properties.ts';

/** The inbox: e-mails and chat messages from owners, buyers, notaries. */
export const messages = sqliteTable(
  'messages',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    channel: text('channel', { enum: MESSAGE_CHANNELS }).notNull(),
    /** The provider's id (Gmail message id, WhatsApp wamid): imports never duplicate a message. */
    externalId: text('external_id'),
    fromName: text('from_name'),
    /** E-mail address or phone number of the sender. */
    fromAddress: text('from_address').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    receivedAt: text('received_at').notNull(),
    propertyId: text('property_id'),
    aiStatus: text('ai_status', { enum: AI_STATUSES }).notNull().default('PENDING'),
    /** Row of this message in messages_fts (set by the search triggers). */
    searchRowid: integer('search_rowid'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('messages_external_unique').on(t.orgId, t.channel, t.externalId),
    uniqueIndex('messages_search_rowid_unique').on(t.searchRowid),
    index('messages_org_received_idx').on(t.orgId, t.receivedAt, t.id),
    index('messages_property_idx').on(t.propertyId),
    // The target of every (org_id, message_id) reference.
    uniqueIndex('messages_org_id_unique').on(t.orgId, t.id),
    sameOrg(t.orgId, t.propertyId, properties),
  ],
);
