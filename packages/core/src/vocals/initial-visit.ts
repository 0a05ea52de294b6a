import type { InitialVisitFields } from '@monimmo/contract';
import { properties, type Tx } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';

/** Fields that are columns of the property; every other fact goes to its `details` under the same name. */
const COLUMNS = ['address', 'postalCode', 'city', 'price'] as const;
type Column = (typeof COLUMNS)[number];
const isColumn = (field: string): field is Column => (COLUMNS as readonly string[]).includes(field);

const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
/** "12, Rue des Lices" and "12 rue des lices" are the same address. */
const comparable = (value: unknown) =>
  typeof value === 'string'
    ? value
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()
    : value;

export interface InitialVisitOutcome {
  applied: string[];
  conflicts: Record<string, { current: unknown; proposed: unknown }>;
}

/**
 * Writes what an initial visit taught into the property, only where the property says nothing
 * yet: a value it already holds is never overwritten by the AI, the difference becomes a conflict
 * for a person. `overwrite` lists fields a person approved replacing.
 */
export async function applyInitialVisit(
  tx: Tx,
  orgId: string,
  propertyId: string,
  fields: InitialVisitFields,
  overwrite: readonly string[] = [],
): Promise<InitialVisitOutcome> {
  const [property] = await tx
    .select()
    .from(properties)
    .where(and(eq(properties.id, propertyId), eq(properties.orgId, orgId)));
  if (!property) return { applied: [], conflicts: {} };
  const columns: { address?: string; postalCode?: string; city?: string; price?: number } = {};
  const details = { ...property.details };
  const applied: string[] = [];
  const conflicts: InitialVisitOutcome['conflicts'] = {};
  for (const [field, proposed] of Object.entries(fields) as [string, unknown][]) {
    if (isEmpty(proposed)) continue;
    const current = isColumn(field) ? property[field] : details[field];
    if (comparable(current) === comparable(proposed)) continue;
    if (!isEmpty(current) && !overwrite.includes(field)) {
      conflicts[field] = { current, proposed };
      continue;
    }
    if (field === 'price') columns.price = Math.round(proposed as number);
    else if (isColumn(field)) (columns as Record<string, string>)[field] = proposed as string;
    else details[field] = proposed;
    applied.push(field);
  }
  if (applied.length > 0) {
    await tx
      .update(properties)
      .set({ ...columns, details })
      .where(and(eq(properties.id, propertyId), eq(properties.orgId, orgId)));
  }
  return { applied, conflicts };
}
