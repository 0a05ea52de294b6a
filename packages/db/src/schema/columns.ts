import { foreignKey, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { v7 as uuidv7 } from 'uuid';

/** UUIDv7: opaque, time-sortable, not guessable from its neighbours. */
export const newId = (): string => uuidv7();
export const nowIso = (): string => new Date().toISOString();

export const id = () => text('id').primaryKey().$defaultFn(newId);
export const orgId = () => text('org_id').notNull();
/**
 * `(org_id, column) → target(org_id, id)`: a row can only point at a row of its own agency.
 * The target carries a unique index on (org_id, id); a NULL column is not checked.
 */
export const sameOrg = (orgIdColumn: AnySQLiteColumn, column: AnySQLiteColumn, target: { orgId: AnySQLiteColumn; id: AnySQLiteColumn }) =>
  foreignKey({ columns: [orgIdColumn, column], foreignColumns: [target.orgId, target.id] });

/** ISO 8601 UTC strings: lexically sortable, and what the API returns as-is. */
export const timestamps = () => ({
  createdAt: text('created_at').notNull().$defaultFn(nowIso),
  updatedAt: text('updated_at').notNull().$defaultFn(nowIso).$onUpdateFn(nowIso),
});
