import { propertyProspects, users } from '@monimmo/db';
import { and, desc, eq } from 'drizzle-orm';
import { afterCursor, toPage } from '../shared/pagination.ts';
import { findContact, resolveContact } from '../users/contacts.ts';
import type { PropertyOperation as Op } from './detail.ts';
import { findProperty } from './lookup.ts';
import { toProspect } from './views.ts';
import { writeProperty } from './write.ts';

/** The property's prospects, newest first, a page at a time. */
export const listProspects: Op<'listProspects'> = async ({ database: { db } }, actor, input) => {
  await findProperty(db, actor.orgId, input.id);
  const rows = await db
    .select({ p: propertyProspects, u: users })
    .from(propertyProspects)
    .innerJoin(users, eq(users.id, propertyProspects.userId))
    .where(and(eq(propertyProspects.propertyId, input.id), afterCursor(propertyProspects.createdAt, propertyProspects.id, input.cursor)))
    .orderBy(desc(propertyProspects.createdAt), desc(propertyProspects.id))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => ({ sortKey: r.p.createdAt, id: r.p.id }),
    (r) => toProspect(r.p, r.u),
  );
};

/** A prospect for the property: an existing contact, or one found or created by e-mail. */
export const addProspect: Op<'addProspect'> = ({ database }, actor, input) =>
  writeProperty(database, async (tx) => {
    await findProperty(tx, actor.orgId, input.id);
    const given = input.userId ? null : await resolveContact(tx, actor.orgId, input.contact!);
    const contact = given ? given.row : await findContact(tx, actor.orgId, input.userId!);
    const [row] = await tx
      .insert(propertyProspects)
      .values({ orgId: actor.orgId, propertyId: input.id, userId: contact.id, note: input.note ?? null })
      .returning();
    if (!row) throw new Error('prospect insert returned nothing');
    return { ...toProspect(row, contact), contactResolution: given?.resolution ?? null };
  });
