import { invalidField, notFound, type ContactRef, type NewContact } from '@monimmo/contract';
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
export async function insertContact(tx: Tx, orgId: string, contact: NewContact): Promise<UserRow> {
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
