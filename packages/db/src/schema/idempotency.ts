import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, orgId, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';

/**
 * The answers to requests sent with an Idempotency-Key header, per agency and key, kept until
 * `expires_at`: a retry with the same key and request gets the stored answer instead of running
 * again. IN_PROGRESS while the first request runs (a concurrent retry is refused meanwhile).
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    key: text('key').notNull(),
    /** `POST /api/v1/properties`, `POST /trpc/properties.create`… */
    operation: text('operation').notNull(),
    /** SHA-256 of what makes two requests the same (operation, query, media type, body). */
    fingerprint: text('fingerprint').notNull(),
    state: text('state', { enum: ['IN_PROGRESS', 'DONE'] }).notNull(),
    responseStatus: integer('response_status'),
    responseContentType: text('response_content_type'),
    responseBody: text('response_body'),
    expiresAt: text('expires_at').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('idempotency_keys_org_key_unique').on(t.orgId, t.key), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);
