import { sql } from 'drizzle-orm';
import { ACCOUNT_TYPES, STAFF_ROLES } from '@monimmo/contract/vocabulary';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, orgId, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';

export type AccountType = (typeof ACCOUNT_TYPES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const users = sqliteTable(
  'users',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    accountType: text('account_type', { enum: ACCOUNT_TYPES }).notNull(),
    /** Only for staff (accountType AGENT); contacts have none. */
    role: text('role', { enum: STAFF_ROLES }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    /** Lower-cased e-mail: uniqueness and look-ups are case-insensitive. */
    emailNormalized: text('email_normalized'),
    phone: text('phone'),
    address: text('address'),
    postalCode: text('postal_code'),
    city: text('city'),
    /** Contacts never have one, so they cannot log in. */
    passwordHash: text('password_hash'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Row of this user in users_fts (set by the search triggers; stable across VACUUM). */
    searchRowid: integer('search_rowid'),
    ...timestamps(),
  },
  (t) => [
    // Staff log in by e-mail alone, so a staff e-mail is unique across agencies;
    // a contact's e-mail is unique only within its agency (the same buyer may deal with two).
    uniqueIndex('users_staff_email_unique').on(t.emailNormalized).where(sql`${t.accountType} = 'AGENT'`),
    // The target of every (org_id, user_id) reference.
    uniqueIndex('users_org_id_unique').on(t.orgId, t.id),
    uniqueIndex('users_org_email_unique').on(t.orgId, t.emailNormalized),
    index('users_org_created_idx').on(t.orgId, t.createdAt, t.id),
    uniqueIndex('users_search_rowid_unique').on(t.searchRowid),
    index('users_org_type_created_idx').on(t.orgId, t.accountType, t.createdAt, t.id),
  ],
);
