import { notFound } from '@monimmo/contract';
import { properties, type Db, type Tx } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';

export type PropertyRow = typeof properties.$inferSelect;

/** The agency's property, or NOT_FOUND: another agency's id reads as one that does not exist. */
export async function findProperty(tx: Tx | Db, orgId: string, propertyId: string): Promise<PropertyRow> {
  const [row] = await tx
    .select()
    .from(properties)
    .where(and(eq(properties.id, propertyId), eq(properties.orgId, orgId)));
  if (!row) throw notFound('Property');
  return row;
}
