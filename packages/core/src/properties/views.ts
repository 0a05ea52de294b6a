import type { ContactRef, Participant, Property, Prospect } from '@monimmo/contract';
import { properties, type propertyParticipants, type propertyProspects, type users } from '@monimmo/db';
import { getTableColumns, sql } from 'drizzle-orm';
import { toContactRef } from '../users/contacts.ts';
import type { PropertyRow } from './lookup.ts';

type UserRow = typeof users.$inferSelect;

export const toProperty = (row: PropertyRow, owners: ContactRef[]): Property => ({
  id: row.id,
  title: row.title,
  address: row.address,
  postalCode: row.postalCode,
  city: row.city,
  price: row.price,
  mandateNumber: row.mandateNumber,
  details: row.details,
  status: row.status,
  owners,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toParticipant = (p: typeof propertyParticipants.$inferSelect, u: UserRow): Participant => ({
  id: p.id,
  role: p.role,
  contact: toContactRef(u),
  createdAt: p.createdAt,
});

export const toProspect = (p: typeof propertyProspects.$inferSelect, u: UserRow): Prospect => ({
  id: p.id,
  contact: toContactRef(u),
  note: p.note,
  createdAt: p.createdAt,
});

/**
 * The owners (VENDEUR participants) of the row's property as a JSON array of contact refs, oldest
 * link first: a page of properties and their owners in one statement. Written out with aliases,
 * since drizzle leaves columns unqualified in single-table selects (`"id"` would be ambiguous);
 * the ordered subquery rather than `json_group_array(… ORDER BY …)`, which libSQL servers refuse.
 */
const ownersJson = sql<string>`(select json_group_array(json(owner)) from (
  select json_object('id', u.id, 'accountType', u.account_type, 'firstName', u.first_name, 'lastName', u.last_name, 'email', u.email, 'phone', u.phone) as owner
  from property_participants pp inner join users u on u.id = pp.user_id
  where pp.property_id = "properties"."id" and pp.role = 'VENDEUR'
  order by pp.created_at, pp.id))`;
export const listColumns = { ...getTableColumns(properties), owners: ownersJson };

export type ListRow = PropertyRow & { owners: string };
export const fromListRow = ({ owners, ...row }: ListRow): Property => toProperty(row, JSON.parse(owners) as ContactRef[]);
