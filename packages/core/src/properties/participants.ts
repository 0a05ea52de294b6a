import { AppError, notFound } from '@monimmo/contract';
import { propertyParticipants, type Tx } from '@monimmo/db';
import { and, count, eq } from 'drizzle-orm';
import { findContact } from '../users/contacts.ts';
import type { PropertyOperation as Op } from './detail.ts';
import { findProperty } from './lookup.ts';
import { toParticipant } from './views.ts';
import { writeProperty } from './write.ts';

const lastOwner = () => new AppError('INVALID_STATE', 'A property keeps at least one owner (VENDEUR)', { reason: 'LAST_OWNER' });

async function findParticipant(tx: Tx, orgId: string, propertyId: string, participantId: string) {
  const [row] = await tx
    .select()
    .from(propertyParticipants)
    .where(
      and(
        eq(propertyParticipants.id, participantId),
        eq(propertyParticipants.propertyId, propertyId),
        eq(propertyParticipants.orgId, orgId),
      ),
    );
  if (!row) throw notFound('Participant');
  return row;
}

async function countOwners(tx: Tx, propertyId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(propertyParticipants)
    .where(and(eq(propertyParticipants.propertyId, propertyId), eq(propertyParticipants.role, 'VENDEUR')));
  return row?.n ?? 0;
}

/** Links one of the agency's contacts to the property in a role (owner, buyer, notary…). */
export const addParticipant: Op<'addParticipant'> = ({ database }, actor, input) =>
  writeProperty(database, async (tx) => {
    await findProperty(tx, actor.orgId, input.id);
    const contact = await findContact(tx, actor.orgId, input.userId);
    const [row] = await tx
      .insert(propertyParticipants)
      .values({ orgId: actor.orgId, propertyId: input.id, userId: contact.id, role: input.role })
      .returning();
    if (!row) throw new Error('participant insert returned nothing');
    return toParticipant(row, contact);
  });

/** Changes a participant's role; the last owner keeps VENDEUR. */
export const updateParticipant: Op<'updateParticipant'> = ({ database }, actor, input) =>
  writeProperty(database, async (tx) => {
    await findProperty(tx, actor.orgId, input.id);
    const current = await findParticipant(tx, actor.orgId, input.id, input.participantId);
    if (current.role === 'VENDEUR' && input.role !== 'VENDEUR' && (await countOwners(tx, input.id)) === 1) throw lastOwner();
    const [row] = await tx
      .update(propertyParticipants)
      .set({ role: input.role })
      .where(eq(propertyParticipants.id, current.id))
      .returning();
    const contact = await findContact(tx, actor.orgId, current.userId);
    return toParticipant(row ?? current, contact);
  });

/** Unlinks a participant; the last owner stays. */
export const removeParticipant: Op<'removeParticipant'> = async ({ database }, actor, input) => {
  await writeProperty(database, async (tx) => {
    await findProperty(tx, actor.orgId, input.id);
    const current = await findParticipant(tx, actor.orgId, input.id, input.participantId);
    if (current.role === 'VENDEUR' && (await countOwners(tx, input.id)) === 1) throw lastOwner();
    await tx.delete(propertyParticipants).where(eq(propertyParticipants.id, current.id));
  });
};
