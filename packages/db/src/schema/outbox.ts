import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, orgId, timestamps } from './columns.ts';
import { organizations } from './organizations.ts';

/** E-mails written by the outbox mailer; a delivery worker (or a person in dev) reads them. */
export const outboxEmails = sqliteTable(
  'outbox_emails',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    sentAt: text('sent_at'),
    ...timestamps(),
  },
  (t) => [index('outbox_emails_org_created_idx').on(t.orgId, t.createdAt)],
);
