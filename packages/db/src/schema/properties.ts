import { sql } from 'drizzle-orm';
import { PARTICIPANT_ROLES, PROPERTY_EVENT_TYPES, PROPERTY_STATUSES } from '@monimmo/contract/vocabulary';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, orgId, sameOrg, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';
import { users } from './users.ts';

export const properties = sqliteTable(
  'properties',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    title: text('title').notNull(),
    address: text('address').notNull(),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    /** Whole euros. */
    price: integer('price'),
    /** Number in the agency's legal register of mandates, quoted by owners and notaries. */
    mandateNumber: text('mandate_number'),
    /** Free facts: surface, rooms, bedrooms, floor, DPE class… */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: PROPERTY_STATUSES }).notNull().default('PROSPECTION'),
    /** Row of this property in properties_fts (set by the search triggers; stable across VACUUM). */
    searchRowid: integer('search_rowid'),
    ...timestamps(),
  },
  (t) => [
    index('properties_org_created_idx').on(t.orgId, t.createdAt, t.id),
    uniqueIndex('properties_search_rowid_unique').on(t.searchRowid),
    index('properties_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    // The target of every (org_id, property_id) reference.
    uniqueIndex('properties_org_id_unique').on(t.orgId, t.id),
    uniqueIndex('properties_org_mandate_unique').on(t.orgId, t.mandateNumber).where(sql`${t.mandateNumber} IS NOT NULL`),
  ],
);

/** A contact's role on a property (owner, buyer, notary…): one role per contact and property. */
export const propertyParticipants = sqliteTable(
  'property_participants',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    propertyId: text('property_id').notNull(),
    userId: text('user_id').notNull(),
    role: text('role', { enum: PARTICIPANT_ROLES }).notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('property_participants_unique').on(t.propertyId, t.userId),
    index('property_participants_user_idx').on(t.userId),
    sameOrg(t.orgId, t.propertyId, properties),
    sameOrg(t.orgId, t.userId, users),
  ],
);

/** Buyer contacts interested in a property. */
export const propertyProspects = sqliteTable(
  'property_prospects',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    propertyId: text('property_id').notNull(),
    userId: text('user_id').notNull(),
    note: text('note'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('property_prospects_unique').on(t.propertyId, t.userId),
    index('property_prospects_property_created_idx').on(t.propertyId, t.createdAt, t.id),
    index('property_prospects_user_idx').on(t.userId),
    sameOrg(t.orgId, t.propertyId, properties),
    sameOrg(t.orgId, t.userId, users),
  ],
);

/** The property's timeline: creation and every status change, with who and when. */
export const propertyEvents = sqliteTable(
  'property_events',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    propertyId: text('property_id').notNull(),
    type: text('type', { enum: PROPERTY_EVENT_TYPES }).notNull(),
    fromStatus: text('from_status', { enum: PROPERTY_STATUSES }),
    toStatus: text('to_status', { enum: PROPERTY_STATUSES }),
    actorUserId: text('actor_user_id'),
    ...timestamps(),
  },
  (t) => [
    index('property_events_property_created_idx').on(t.propertyId, t.createdAt, t.id),
    sameOrg(t.orgId, t.propertyId, properties),
    sameOrg(t.orgId, t.actorUserId, users),
  ],
);
