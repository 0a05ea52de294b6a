import { sql } from 'drizzle-orm';
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

/** from_address without the separators people and providers put in phone numbers. */
const bareAddress = ['(0)', ' ', '.', '-', '(', ')', '/'].reduce((expr, sep) => `replace(${expr}, '${sep}', '')`, 'trim(from_address)');
const nineDigits = '[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]';

/**
 * The sender in one form, so that earlier messages from the same person are one indexed read away:
 * an e-mail address in lower case; a French phone number as 0612345678 however it was written
 * (+33 6 12 34 56 78, 0033 6…, 06.12.34.56.78, 33612345678 as WhatsApp gives it); another
 * number without its separators, 00 read as +.
 */
export const SENDER_KEY_SQL = `CASE WHEN instr(from_address, '@') > 0 THEN lower(trim(from_address))
  WHEN ${bareAddress} GLOB '+33${nineDigits}' THEN '0' || substr(${bareAddress}, 4)
  WHEN ${bareAddress} GLOB '0033${nineDigits}' THEN '0' || substr(${bareAddress}, 5)
  WHEN ${bareAddress} GLOB '33${nineDigits}' THEN '0' || substr(${bareAddress}, 3)
  WHEN ${bareAddress} GLOB '00*' THEN '+' || substr(${bareAddress}, 3)
  ELSE ${bareAddress} END`;

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
    /** Computed by the database from from_address (see SENDER_KEY_SQL). */
    senderKey: text('sender_key').generatedAlwaysAs(sql.raw(SENDER_KEY_SQL), { mode: 'virtual' }),
    /** Row of this message in messages_fts (set by the search triggers). */
    searchRowid: integer('search_rowid'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('messages_external_unique').on(t.orgId, t.channel, t.externalId),
    uniqueIndex('messages_search_rowid_unique').on(t.searchRowid),
    index('messages_org_received_idx').on(t.orgId, t.receivedAt, t.id),
    index('messages_property_idx').on(t.propertyId),
    // A sender's latest messages: what a person decided about them is evidence for triage.
    index('messages_org_sender_idx').on(t.orgId, t.senderKey, t.receivedAt),
    // The target of every (org_id, message_id) reference.
    uniqueIndex('messages_org_id_unique').on(t.orgId, t.id),
    sameOrg(t.orgId, t.propertyId, properties),
    sameOrg(t.orgId, t.propertySetByUserId, users),
  ],
);
