import {
  AppError,
  CONTACT_FIELDS,
  invalidField,
  notFound,
  type ContactRef,
  type ContactResolution,
  type NewContact,
} from '@monimmo/contract';
import { users, type Db, type Tx } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';
import { normalizeEmail } from './mapping.ts';

type UserRow = typeof users.$inferSelect;

export const toContactRef = (u: Pick<UserRow, 'id' | 'accountType' | 'firstName' | 'lastName' | 'email' | 'phone'>): ContactRef => ({
  id: u.id,
  accountType: u.accountType,
  firstName: u.firstName,
  lastName: u.lastName,
  email: u.email,
  phone: u.phone,
});

/** A contact (CLIENT or NOTAIRE) of the agency; staff are not linked to properties as contacts. */
export async function findContact(tx: Tx | Db, orgId: string, id: string, field = 'userId'): Promise<UserRow> {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.orgId, orgId)));
  if (!row) throw notFound('Contact');
  if (row.accountType === 'AGENT') {
    throw invalidField(field, 'must be a contact (CLIENT or NOTAIRE), not staff');
  }
  return row;
}

/** Creates a CLIENT contact inside the caller's transaction (a taken e-mail fails the transaction). */
async function insertContact(tx: Tx, orgId: string, contact: NewContact): Promise<UserRow> {
  const [row] = await tx
    .insert(users)
    .values({
      orgId,
      accountType: 'CLIENT',
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email ?? null,
      emailNormalized: contact.email ? normalizeEmail(contact.email) : null,
      phone: contact.phone ?? null,
      address: contact.address ?? null,
      postalCode: contact.postalCode ?? null,
      city: contact.city ?? null,
    })
    .returning();
  if (!row) throw new Error('contact insert returned nothing');
  return row;
}

/**
 * The contact given inline (an owner, a prospect): the agency's contact with that e-mail when
 * there is one (case-insensitive), else a new client. An existing contact's empty fields are
 * filled from the request; what it holds already is kept, and the fields that differ are named
 * in the answer. Phones do not match: a household or a switchboard shares one, formats vary.
 * Another agency's contacts are never looked at.
 */
export async function resolveContact(tx: Tx, orgId: string, contact: NewContact): Promise<{ row: UserRow; resolution: ContactResolution }> {
  const [existing] = contact.email
    ? await tx
        .select()
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.emailNormalized, normalizeEmail(contact.email))))
    : [];
  if (!existing) {
    const row = await insertContact(tx, orgId, contact);
    return { row, resolution: { contactId: row.id, outcome: 'CREATED', filledFields: [], ignoredFields: [] } };
  }
  if (existing.accountType === 'AGENT')
    throw new AppError('CONFLICT', "This e-mail is a staff member's: give the contact another one", { reason: 'EMAIL_TAKEN' });
  const filled: Partial<Record<(typeof CONTACT_FIELDS)[number], string>> = {};
  const ignoredFields: (typeof CONTACT_FIELDS)[number][] = [];
  for (const field of CONTACT_FIELDS) {
    const given = contact[field];
    if (given === undefined) continue;
    const stored = existing[field];
    if (stored === null || stored === '') filled[field] = given;
    else if (stored !== given) ignoredFields.push(field);
  }
  const filledFields = CONTACT_FIELDS.filter((f) => f in filled);
  let row = existing;
  if (filledFields.length) {
    [row = existing] = await tx.update(users).set(filled).where(eq(users.id, existing.id)).returning();
  }
  return { row, resolution: { contactId: row.id, outcome: 'LINKED_EXISTING', filledFields, ignoredFields } };
}
