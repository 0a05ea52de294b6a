import { properties, propertyEvents } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';
import type { PropertyOperation as Op } from './detail.ts';
import { publishAfterCommit } from '../events/after-commit.ts';
import { findProperty } from './lookup.ts';
import { writeProperty } from './write.ts';

/** Moves the property to a pipeline column, recorded on its timeline. */
export const changePropertyStatus: Op<'changeStatus'> = async ({ database, detail }, actor, id, status) => {
  await writeProperty(database, async (tx) => {
    const current = await findProperty(tx, actor.orgId, id);
    // Moving to the column it is in changes nothing and records nothing.
    if (current.status === status) return;
    await tx
      .update(properties)
      .set({ status })
      .where(and(eq(properties.id, id), eq(properties.orgId, actor.orgId)));
    await tx.insert(propertyEvents).values({
      orgId: actor.orgId,
      propertyId: id,
      type: 'STATUS_CHANGED',
      fromStatus: current.status,
      toStatus: status,
      actorUserId: actor.userId,
    });
    publishAfterCommit(tx, { orgId: actor.orgId, type: 'property.status_changed', itemId: id, from: current.status, to: status });
  });
  return detail(actor, id);
};
