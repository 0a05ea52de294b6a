import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AI_STATUSES, MESSAGE_CHANNELS, SET_BY } from '@monimmo/contract/vocabulary';
import { id, orgId, sameOrg, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';
import { properties } from './properties.ts';
import { users } from './users.ts';

/** The triage's conclusion as core writes it (the contract's MessageAiDecision). */
export interface MessageAiDecisionRecord {
  attached: boolean;
  reason: string | null;
  propertyId: string | null;
  confidence: number;
  candidates: { propertyId: string; confidence: number; evidence: string[] }[];
  reasoning: string;
  decidedAt: string;
}

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
    /** Who last set property_id, and when; all null on rows older than these columns. */
    propertySetBy: text('property_set_by', { enum: SET_BY }),
    propertySetByUserId: text('property_set_by_user_id'),
    propertySetAt: text('property_set_at'),
    /** The last triage's conclusion, whatever it was, with its French reasoning. */
    aiDecision: text('ai_decision', { mode: 'json' }).$type<MessageAiDecisionRecord>(),
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
    sameOrg(t.orgId, t.propertySetByUserId, users),
  ],
);
