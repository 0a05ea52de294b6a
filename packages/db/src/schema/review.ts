import { sql } from 'drizzle-orm';
import { REVIEW_ITEM_TYPES, REVIEW_STATUSES } from '@monimmo/contract/vocabulary';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, orgId, sameOrg, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';
import { users } from './users.ts';

/** What the AI was unsure about, waiting for a person (la « boîte de traitement »). */
export const reviewItems = sqliteTable(
  'review_items',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    itemType: text('item_type', { enum: REVIEW_ITEM_TYPES }).notNull(),
    itemId: text('item_id').notNull(),
    /** Machine-readable, e.g. MESSAGE_PROPERTY_AMBIGUOUS. */
    reason: text('reason').notNull(),
    /** Confidence, candidates, proposal, reasoning, error: whatever the decision needs. */
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('OPEN'),
    resolution: text('resolution', { mode: 'json' }).$type<Record<string, unknown>>(),
    note: text('note'),
    resolvedByUserId: text('resolved_by_user_id'),
    resolvedAt: text('resolved_at'),
    ...timestamps(),
  },
  (t) => [
    // At most one open item per (item, reason): a retried job cannot pile up duplicates.
    uniqueIndex('review_items_open_unique').on(t.orgId, t.itemType, t.itemId, t.reason).where(sql`${t.status} = 'OPEN'`),
    index('review_items_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('review_items_item_idx').on(t.itemType, t.itemId),
    sameOrg(t.orgId, t.resolvedByUserId, users),
  ],
);
