import { properties, propertyEvents, propertyParticipants } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';
import { findContact, resolveContact } from '../users/contacts.ts';
import type { PropertyOperation as Op } from './detail.ts';
import { publishAfterCommit } from '../events/after-commit.ts';
import { findProperty } from './lookup.ts';
import { writeProperty } from './write.ts';

/** A new property in PROSPECTION with its first owner (an existing contact, or one found or created by e-mail). */
export const createProperty: Op<'create'> = async ({ database, detail }, actor, input) => {
  const { id, ownerResolution } = await writeProperty(database, async (tx) => {
    const given = input.ownerUserId ? null : await resolveContact(tx, actor.orgId, input.owner!);
    const owner = given ? given.row : await findContact(tx, actor.orgId, input.ownerUserId!, 'ownerUserId');
    const [row] = await tx
      .insert(properties)
      .values({
        orgId: actor.orgId,
        title: input.title,
        address: input.address,
        postalCode: input.postalCode,
        city: input.city,
        price: input.price ?? null,
        mandateNumber: input.mandateNumber ?? null,
        details: input.details ?? {},
      })
      .returning({ id: properties.id });
    if (!row) throw new Error('property insert returned nothing');
    await tx.insert(propertyParticipants).values({ orgId: actor.orgId, propertyId: row.id, userId: owner.id, role: 'VENDEUR' });
    await tx
      .insert(propertyEvents)
      .values({ orgId: actor.orgId, propertyId: row.id, type: 'CREATED', toStatus: 'PROSPECTION', actorUserId: actor.userId });
    publishAfterCommit(tx, { orgId: actor.orgId, type: 'property.created', itemId: row.id, to: 'PROSPECTION' });
    return { id: row.id, ownerResolution: given?.resolution ?? null };
  });
  return { ...(await detail(actor, id)), ownerResolution };
};

/** Changes the given facts (not the status, which has its own operation and event). */
export const updateProperty: Op<'update'> = async ({ database, detail }, actor, input) => {
  const { id, ...changes } = input;
  await writeProperty(database, async (tx) => {
    await findProperty(tx, actor.orgId, id);
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(properties)
      .set(changes)
      .where(and(eq(properties.id, id), eq(properties.orgId, actor.orgId)));
    publishAfterCommit(tx, { orgId: actor.orgId, type: 'property.updated', itemId: id });
  });
  return detail(actor, id);
};
