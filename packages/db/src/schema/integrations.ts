import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CALENDAR_EVENT_STATUSES, INTEGRATION_PROVIDERS, INTEGRATION_STATUSES } from '@monimmo/contract/vocabulary';
import { id, orgId, sameOrg, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';
import { properties } from './properties.ts';
import { users } from './users.ts';

/** An agency's connection to a provider: one per provider, its tokens encrypted at rest. */
export const integrations = sqliteTable(
  'integrations',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    provider: text('provider', { enum: INTEGRATION_PROVIDERS }).notNull(),
    status: text('status', { enum: INTEGRATION_STATUSES }).notNull(),
    /** The mailbox address, calendar or WhatsApp number shown to the agency. */
    accountLabel: text('account_label'),
    /** The provider's id of the account (WhatsApp phone number id): routes webhooks to the agency. */
    externalAccountId: text('external_account_id'),
    /** AES-256-GCM sealed JSON of the tokens; null once disconnected. Never returned. */
    encryptedCredentials: text('encrypted_credentials'),
    /** Where the next incremental sync starts (Gmail historyId, Calendar syncToken, webhook cursor). */
    cursor: text('cursor'),
    connectedByUserId: text('connected_by_user_id'),
    connectedAt: text('connected_at'),
    lastSyncedAt: text('last_synced_at'),
    /** French, for the agency; reset by a successful sync. */
    lastError: text('last_error'),
    /** Failed syncs in a row; reset on success. */
    failureCount: integer('failure_count').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('integrations_org_provider_unique').on(t.orgId, t.provider),
    index('integrations_external_account_idx').on(t.provider, t.externalAccountId),
    // The target of calendar_events' (org_id, integration_id).
    uniqueIndex('integrations_org_id_unique').on(t.orgId, t.id),
    sameOrg(t.orgId, t.connectedByUserId, users),
  ],
);

/** Appointments imported from Google Calendar. */
export const calendarEvents = sqliteTable(
  'calendar_events',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    integrationId: text('integration_id'),
    externalId: text('external_id').notNull(),
    status: text('status', { enum: CALENDAR_EVENT_STATUSES }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    location: text('location'),
    /** ISO 8601; an all-day event keeps its dates (YYYY-MM-DD). */
    startAt: text('start_at').notNull(),
    endAt: text('end_at').notNull(),
    allDay: integer('all_day', { mode: 'boolean' }).notNull().default(false),
    attendees: text('attendees', { mode: 'json' }).$type<{ email: string | null; name: string | null }[]>().notNull().default([]),
    propertyId: text('property_id'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('calendar_events_external_unique').on(t.orgId, t.externalId),
    index('calendar_events_org_start_idx').on(t.orgId, t.startAt, t.id),
    sameOrg(t.orgId, t.integrationId, integrations),
    sameOrg(t.orgId, t.propertyId, properties),
  ],
);
